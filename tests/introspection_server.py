"""A real GraphQL endpoint on 127.0.0.1 to pull a schema from, with injectable faults.

    with IntrospectionServer(sdl, fault=Fault.statuses([503, 503, 200])) as server:
        pull(server.url, api_key="test-key")              # retried twice, then succeeds
        assert [r.status for r in server.requests] == [503, 503, 200]

Normally it answers as Rye does: `Authorization: Basic <api_key>` or a 401, then graphql-core
executes the posted query against the SDL, so the real introspection query (deprecated
arguments and input fields included) gets a real answer. A `Fault` changes one thing about
that answer, to reproduce one way a live endpoint lets `pull`, `drift --live` and
`check --live` down. Status faults answer before the key is checked, as a gateway in front
of the API would; every other fault only once the key is accepted.

`tls=True` serves HTTPS with a certificate from a throwaway CA (trustme) that nothing trusts
by default; `ca_pem_path` is that CA, for a test that trusts it.

`introspection_json()` makes the file a user would have saved from such an endpoint.
"""

from __future__ import annotations

import enum
import json
import re
import ssl
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from socket import socket
from typing import Any, cast

import trustme
from graphql import GraphQLSchema, build_schema, introspection_from_schema

from tests.background import BackgroundServer, execute_graphql

ENDPOINT_PATH = "/v1/query"  # Rye's own path, so a client posting elsewhere gets a 404

# Apollo Server's answer when introspection is disabled.
INTROSPECTION_DISABLED = (
    "GraphQL introspection is not allowed, but the query contained __schema or __type"
)
# graphql-core's own validation message, as a server from before input-value deprecation
# (graphql-js < 15.x, gqlgen < 0.17) answers the modern introspection query.
UNKNOWN_INCLUDE_DEPRECATED = 'Unknown argument "includeDeprecated" on field "__Field.args".'
_DEPRECATED_ARGS_QUERY = re.compile(r"\bargs\s*\(\s*includeDeprecated\b")
# A location from the GraphQL spec draft (fragment arguments) that graphql-core 3.2 lacks:
# `build_client_schema` rejects any directive that lists it.
UNKNOWN_LOCATION = "FRAGMENT_VARIABLE_DEFINITION"
FUTURE_DIRECTIVE: dict[str, Any] = {
    "name": "future",
    "description": "A directive from a newer GraphQL spec than graphql-core 3.2 knows.",
    "isRepeatable": False,
    "isDeprecated": False,
    "deprecationReason": None,
    "locations": [UNKNOWN_LOCATION, "FIELD"],
    "args": [],
}

JSON = dict[str, Any]


class FaultKind(enum.Enum):
    STATUSES = "statuses"
    SLOW = "slow"
    NOT_JSON = "not_json"
    GRAPHQL_ERRORS = "graphql_errors"
    NOT_A_SCHEMA = "not_a_schema"
    REJECT_DEPRECATED_ARGS = "reject_deprecated_args"
    UNKNOWN_DIRECTIVE_LOCATION = "unknown_directive_location"
    NO_DIRECTIVES = "no_directives"


@dataclass(frozen=True)
class Fault:
    """One way the endpoint misbehaves; build it with the class methods, named for the fault."""

    kind: FaultKind
    status_script: tuple[int, ...] = (HTTPStatus.OK,)  # one per request; the last repeats
    delay_seconds: float = 0.0

    @classmethod
    def status(cls, code: int) -> Fault:
        """Every request gets `code`, with a JSON `errors` body."""
        return cls.statuses([code])

    @classmethod
    def statuses(cls, codes: Iterable[int]) -> Fault:
        """Request n gets `codes[n]`, later ones the last code; a 200 is answered normally."""
        script = tuple(codes)
        if not script:
            raise ValueError("a status script needs at least one status")
        return cls(FaultKind.STATUSES, status_script=script)

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        """Wait `seconds` before answering normally; cut short, unanswered, when stopping."""
        return cls(FaultKind.SLOW, delay_seconds=seconds)

    @classmethod
    def not_json(cls) -> Fault:
        """200 with an HTML page, as a proxy or a wrong URL gives."""
        return cls(FaultKind.NOT_JSON)

    @classmethod
    def graphql_errors(cls) -> Fault:
        """200 with `errors` and no `data`: introspection is disabled."""
        return cls(FaultKind.GRAPHQL_ERRORS)

    @classmethod
    def not_a_schema(cls) -> Fault:
        """200 with `data` that holds no `__schema`."""
        return cls(FaultKind.NOT_A_SCHEMA)

    @classmethod
    def reject_deprecated_args(cls) -> Fault:
        """An old server: queries with `args(includeDeprecated: ...)` fail, others succeed."""
        return cls(FaultKind.REJECT_DEPRECATED_ARGS)

    @classmethod
    def unknown_directive_location(cls) -> Fault:
        """A newer server: the result lists `@future` on a location graphql-core 3.2 lacks."""
        return cls(FaultKind.UNKNOWN_DIRECTIVE_LOCATION)

    @classmethod
    def no_directives(cls) -> Fault:
        """The result's `__schema.directives` is empty, even of @deprecated."""
        return cls(FaultKind.NO_DIRECTIVES)


NO_FAULT = Fault.statuses([HTTPStatus.OK])  # every request answered normally


@dataclass(frozen=True)
class RecordedRequest:
    path: str
    headers: dict[str, str]  # names lower-cased: HTTP header names are case-insensitive
    body: Any  # the parsed JSON body, or None when it was not JSON
    status: int  # what the server answered (or was about to, when it stopped first)


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    content_type: str = "application/json"


class IntrospectionServer(BackgroundServer):
    """Bound in the constructor, so `url` is reachable as soon as the `with` block starts."""

    def __init__(
        self,
        schema_sdl: str,
        *,
        api_key: str = "test-key",
        fault: Fault | None = None,
        tls: bool = False,
    ) -> None:
        self.schema: GraphQLSchema = build_schema(schema_sdl)
        self.api_key = api_key
        self.fault = fault if fault is not None else NO_FAULT
        self._requests: list[RecordedRequest] = []
        self._arrivals = 0
        self._lock = threading.Lock()
        self.tls = tls
        tls_context: ssl.SSLContext | None = None
        self._ca_pem_path: Path | None = None
        if tls:
            tls_context, self._ca_pem_path = issue_test_certificate()
        self._httpd = _HTTPServer(self, tls_context)
        self._serve_in_background(self._httpd, "introspection-server")

    @property
    def url(self) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self._httpd.server_port}{ENDPOINT_PATH}"

    @property
    def ca_pem_path(self) -> Path:
        """The PEM file of the CA that signed this server's certificate (TLS servers only)."""
        if self._ca_pem_path is None:
            raise RuntimeError("this server has no CA: start it with tls=True")
        return self._ca_pem_path

    @property
    def requests(self) -> list[RecordedRequest]:
        """A snapshot, in arrival order."""
        with self._lock:
            return list(self._requests)

    def _after_stop(self) -> None:
        if self._ca_pem_path:
            self._ca_pem_path.unlink(missing_ok=True)

    def handle(self, path: str, headers: dict[str, str], body: Any) -> Reply | None:
        """The reply to one request, or None when the server stopped while it was slow."""
        status = self._scripted_status()
        reply = self._reply(path, headers, body, status)
        # Recorded before any delay, so a test can see that a slow request has arrived.
        with self._lock:
            self._requests.append(RecordedRequest(path, headers, body, reply.status))
        if self.fault.kind is FaultKind.SLOW and self.stopping.wait(self.fault.delay_seconds):
            return None
        return reply

    def _scripted_status(self) -> int:
        with self._lock:
            arrival, self._arrivals = self._arrivals, self._arrivals + 1
        script = self.fault.status_script
        return script[min(arrival, len(script) - 1)]

    def _reply(self, path: str, headers: dict[str, str], body: Any, status: int) -> Reply:
        if path != ENDPOINT_PATH:
            return error_reply(HTTPStatus.NOT_FOUND)
        if status != HTTPStatus.OK:
            return error_reply(status)
        if headers.get("authorization") != f"Basic {self.api_key}":
            return error_reply(HTTPStatus.UNAUTHORIZED)
        return self._graphql_reply(body)

    def _graphql_reply(self, body: Any) -> Reply:
        kind = self.fault.kind
        if kind is FaultKind.NOT_JSON:
            return Reply(HTTPStatus.OK, b"<html>oops</html>", "text/html")
        if kind is FaultKind.GRAPHQL_ERRORS:
            return json_reply(HTTPStatus.OK, errors_body(INTROSPECTION_DISABLED))
        if kind is FaultKind.NOT_A_SCHEMA:
            return json_reply(HTTPStatus.OK, {"data": {"hello": "world"}})
        if not _is_graphql_request(body):
            return json_reply(HTTPStatus.BAD_REQUEST, errors_body("expected a GraphQL request"))
        if kind is FaultKind.REJECT_DEPRECATED_ARGS and _asks_for_deprecated_args(body):
            return json_reply(HTTPStatus.OK, errors_body(UNKNOWN_INCLUDE_DEPRECATED))
        return json_reply(HTTPStatus.OK, self._tampered(execute_graphql(self.schema, body)))

    def _tampered(self, result: JSON) -> JSON:
        data = result.get("data")
        if not isinstance(data, dict) or "directives" not in (data.get("__schema") or {}):
            return result  # not an introspection result: nothing to tamper with
        if self.fault.kind is FaultKind.UNKNOWN_DIRECTIVE_LOCATION:
            return {**result, "data": with_future_directive(data)}
        if self.fault.kind is FaultKind.NO_DIRECTIVES:
            return {**result, "data": with_directives(data, [])}
        return result


def issue_test_certificate() -> tuple[ssl.SSLContext, Path]:
    """A server context for 127.0.0.1 signed by a new CA, and that CA's PEM in a temp file.

    trustme's CA is trusted by nothing (no system store, not certifi), so an unconfigured
    client fails verification exactly as it would against a private or intercepting CA.
    """
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    with tempfile.NamedTemporaryFile(prefix="test-ca-", suffix=".pem", delete=False) as file:
        file.write(ca.cert_pem.bytes())
    return context, Path(file.name)


def ssl_context_from(ca_pem_path: Path) -> ssl.SSLContext:
    """A client context that trusts only this CA: what `verify=` takes in httpx >= 0.28."""
    return ssl.create_default_context(cafile=str(ca_pem_path))


def introspection_json(
    schema_sdl: str, *, wrap_in_data: bool, extra_directive_location: bool = False
) -> str:
    """The schema's full introspection result as JSON text, bare or as `{"data": ...}`.

    `extra_directive_location` adds `@future`, as `Fault.unknown_directive_location` does.
    """
    result = cast(
        JSON,
        introspection_from_schema(
            build_schema(schema_sdl),
            descriptions=True,
            specified_by_url=True,
            directive_is_repeatable=True,
            schema_description=True,
            input_value_deprecation=True,
        ),
    )
    if extra_directive_location:
        result = with_future_directive(result)
    document = {"data": result} if wrap_in_data else result
    return json.dumps(document, indent=2) + "\n"


def with_future_directive(introspection: JSON) -> JSON:
    """A copy with `@future` added, holding only the keys the other directives have."""
    directives: list[JSON] = introspection["__schema"]["directives"]
    keys = directives[0].keys() if directives else FUTURE_DIRECTIVE.keys()
    future = {key: FUTURE_DIRECTIVE[key] for key in keys if key in FUTURE_DIRECTIVE}
    return with_directives(introspection, [*directives, future])


def with_directives(introspection: JSON, directives: list[JSON]) -> JSON:
    return {**introspection, "__schema": {**introspection["__schema"], "directives": directives}}


def errors_body(message: str) -> JSON:
    return {"errors": [{"message": message}]}


def error_reply(status: int) -> Reply:
    """`{"errors": [{"message": "unauthorized"}]}` and the like, named for the status."""
    return json_reply(status, errors_body(HTTPStatus(status).phrase.lower()))


def json_reply(status: int, document: JSON) -> Reply:
    return Reply(status, json.dumps(document).encode())


def _is_graphql_request(body: Any) -> bool:
    return (
        isinstance(body, dict)
        and isinstance(body.get("query"), str)
        and isinstance(body.get("variables") or {}, dict)
        and isinstance(body.get("operationName") or "", str)
    )


def _asks_for_deprecated_args(body: JSON) -> bool:
    return _DEPRECATED_ARGS_QUERY.search(body["query"]) is not None


class _HTTPServer(ThreadingHTTPServer):
    def __init__(self, app: IntrospectionServer, tls_context: ssl.SSLContext | None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.app = app
        self.tls_context = tls_context

    def finish_request(self, request: Any, client_address: Any) -> None:
        """Runs in the request's own thread: the TLS handshake happens here, not in the
        accept loop, so a client that stalls or rejects our certificate blocks no one else."""
        if self.tls_context is None:
            super().finish_request(request, client_address)
            return
        with self.tls_context.wrap_socket(cast(socket, request), server_side=True) as tls:
            super().finish_request(tls, client_address)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that distrusts our certificate or times out and hangs up is expected here,
        not worth a traceback."""


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        app = cast(_HTTPServer, self.server).app
        raw_body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        headers = {name.lower(): value for name, value in self.headers.items()}
        reply = app.handle(self.path, headers, _parse_json(raw_body))
        if reply is None:
            self.close_connection = True
            return
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean; `IntrospectionServer.requests` shows what arrived."""


def _parse_json(raw_body: bytes) -> Any:
    try:
        return json.loads(raw_body)
    except ValueError:  # includes UnicodeDecodeError
        return None
