"""Introspect a live GraphQL endpoint: the schema Rye serves today, as a `LoadedSchema`.

Every fault becomes a one-line `LiveSchemaError` (exit 2) that names what to fix. Header values
are secrets: they are never shown; errors name the header, and the variables it is read from.
"""

from __future__ import annotations

import json
import re
import socket
import ssl
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
from graphql import Source, get_introspection_query

from generator.config import EndpointConfig
from generator.diagnostics import Location
from generator.env import expand, referenced_names
from generator.errors import ConfigError, RyeCodegenError, UsageError
from generator.introspection import schema_from_introspection
from generator.schema_source import LoadedSchema

ENVIRONMENTS = {
    "production": "https://graphql.api.rye.com/v1/query",
    "staging": "https://staging.beta.graphql.api.rye.com/v1/query",
}
DEFAULT_HEADERS = (("Authorization", "Basic ${RYE_API_KEY}"),)
MAX_TOTAL_WAIT_SECONDS = 30.0

# Descriptions, specifiedByURL and deprecated arguments and input fields: without the last,
# a deprecated argument looks removed.
FULL_QUERY = get_introspection_query(
    descriptions=True,
    specified_by_url=True,
    directive_is_repeatable=True,
    input_value_deprecation=True,
)
# For servers from before input-value deprecation, which reject `includeDeprecated` on args.
FALLBACK_QUERY = get_introspection_query(
    descriptions=True,
    specified_by_url=True,
    directive_is_repeatable=True,
)


class LiveSchemaError(RyeCodegenError):
    code = "live"


@dataclass(frozen=True)
class Endpoint:
    """An endpoint with its templates expanded: what a request is made with."""

    url: str
    headers: tuple[tuple[str, str], ...]
    header_sources: Mapping[str, tuple[str, ...]]  # header → the variables it is read from
    timeout: float
    retries: int
    verify: bool | str
    max_bytes: int = 50 * 2**20

    @property
    def shown(self) -> str:
        """The URL without credentials or query: safe for the lock file and every message."""
        return public_url(self.url)


@dataclass(frozen=True)
class Fetched:
    schema: LoadedSchema
    notes: tuple[str, ...]  # what the tool had to work around, said once to the user


def describe_request(endpoint: Endpoint) -> str:
    """The request for `--verbose`: the public URL and header names, every value masked."""
    headers = ", ".join(f"{name}: {_masked(value)}" for name, value in endpoint.headers)
    return (
        f"POST {endpoint.shown} (timeout {endpoint.timeout:g} s, {endpoint.retries} "
        f"attempts) with {headers or 'no headers'}"
    )


def _masked(value: str) -> str:
    return "<masked>"


def public_url(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def resolve_endpoint(
    config: EndpointConfig,
    environ: Mapping[str, str],
    *,
    url: str | None,
    env: str | None,
    headers: tuple[str, ...],
) -> Endpoint:
    """The CLI's `--url`, `--env` and `--header` over the config's endpoint table."""
    if url and env:
        raise UsageError("--url and --env name two endpoints: give one")
    template = url or (ENVIRONMENTS[env] if env else None) or config.url
    if template is None:
        raise ConfigError(
            "no endpoint to introspect",
            hint="set [tool.rye-codegen.endpoint] url, or pass --url or --env",
        )
    configured = DEFAULT_HEADERS if config.headers is None else config.headers
    merged = _merged_headers(configured, headers)
    expanded_url = expand(template, environ)
    _check_url(expanded_url)
    verify: bool | str = str(config.ca_bundle) if config.ca_bundle else config.verify
    expanded = tuple((name, expand(value, environ)) for name, value in sorted(merged.items()))
    sources = {name: referenced_names(value) for name, value in merged.items()}
    for name, value in expanded:
        _check_header_value(name, value, sources[name])
    return Endpoint(
        url=expanded_url,
        headers=expanded,
        header_sources=sources,
        timeout=config.timeout,
        retries=config.retries,
        verify=verify,
        max_bytes=config.max_megabytes * 2**20,
    )


def _merged_headers(configured: Iterable[tuple[str, str]], flags: Iterable[str]) -> dict[str, str]:
    """HTTP header names ignore case: `--header 'authorization: ...'` replaces the config's
    `Authorization`, it does not send a second one."""
    merged: dict[str, tuple[str, str]] = {}
    for name, value in (*configured, *(_parse_header(flag) for flag in flags)):
        merged[name.lower()] = (name, value)
    return dict(merged.values())


def _parse_header(header: str) -> tuple[str, str]:
    name, separator, value = header.partition(":")
    if not separator or not name.strip() or " " in name.strip():
        # Never the rest: a forgotten colon leaves the secret value in `name`.
        shown = name.strip().split(" ", 1)[0]
        raise ConfigError(
            f"--header takes 'Name: value'; the one starting {shown!r} has no colon after its name"
        )
    return name.strip(), value.strip()


_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # RFC 9110 field names


def _check_header_value(name: str, value: str, sources: tuple[str, ...]) -> None:
    """httpx can send only printable ASCII; an empty value is a secret that was not set (CI
    gives an unset secret as an empty string)."""
    if not _TOKEN.fullmatch(name):
        raise ConfigError(f"{name!r} is not a valid HTTP header name")
    read_from = f" (read from {', '.join(sources)})" if sources else ""
    stripped = value.strip()
    if not stripped or stripped.split(" ")[-1] in ("", "Basic", "Bearer"):
        raise ConfigError(
            f"the {name} header is empty{read_from}", hint="set the variable it is read from"
        )
    if not value.isascii() or not value.isprintable():
        raise ConfigError(
            f"the {name} header{read_from} holds a character HTTP cannot send "
            "(a newline, a control or non-ASCII character)"
        )
    if value != stripped:  # h11 refuses it, and the retries would only repeat that
        raise ConfigError(
            f"the {name} header{read_from} starts or ends with white space",
            hint="remove the spaces around the value (a key pasted with a trailing space?)",
        )


def _check_url(url: str) -> None:
    try:
        parts = urlsplit(url)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname)
        parts.port  # noqa: B018 - raises on a port that is no number
    except ValueError:
        valid = False
    if not valid:
        raise ConfigError(
            "the endpoint URL is not a valid http(s) URL",
            hint="check --url, --env or [tool.rye-codegen.endpoint] url",
        )


def fetch_schema(
    endpoint: Endpoint, *, sleep: Callable[[float], None] = time.sleep, backoff: float = 0.5
) -> Fetched:
    verify = endpoint.verify if isinstance(endpoint.verify, bool) else _ca_context(endpoint.verify)
    with httpx.Client(timeout=endpoint.timeout, verify=verify, follow_redirects=False) as client:
        session = _Session(client, endpoint, sleep, backoff)
        result = session.introspect(FULL_QUERY)
        notes: tuple[str, ...] = ()
        if _rejects_deprecated_arguments(result):
            result = session.introspect(FALLBACK_QUERY)
            notes = (
                "the server rejects includeDeprecated on arguments: fetched without it, so "
                "deprecated arguments and input fields are missing from this schema",
            )
    source = Source(json.dumps(_schema_data(result, endpoint)), endpoint.shown)
    try:
        schema = schema_from_introspection(source)
    except RyeCodegenError as error:
        error.message = redact(error.message, endpoint)[: MAX_SERVER_MESSAGE * 2]
        raise
    return Fetched(LoadedSchema(schema, source), notes)


def _ca_context(ca_bundle: str) -> ssl.SSLContext:
    try:
        return ssl.create_default_context(cafile=ca_bundle)
    except (OSError, ssl.SSLError) as error:
        reason = getattr(error, "strerror", None) or getattr(error, "reason", None) or error
        raise ConfigError(
            f"cannot use the ca_bundle {ca_bundle}: {reason}", Location(ca_bundle)
        ) from None


def _rejects_deprecated_arguments(result: Any) -> bool:
    errors = result.get("errors") if isinstance(result, dict) else None
    return bool(errors) and "includeDeprecated" in json.dumps(errors) and not result.get("data")


_SECRET_HEADER = re.compile(r"auth|cookie|key|token|secret|session|password", re.IGNORECASE)
MAX_SERVER_MESSAGE = 300  # characters of a server's own error message that we show


def redact(text: str, endpoint: Endpoint) -> str:
    """A server may echo our credentials back in an error: every header value, and each
    long word of one (`Basic <key>` → the key), is masked in text we show."""
    secrets = {
        value for name, value in endpoint.headers if _SECRET_HEADER.search(name) and len(value) >= 4
    }
    secrets |= {word for value in set(secrets) for word in value.split() if len(word) >= 6}
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "<masked>")
    return text


def _schema_data(result: Any, endpoint: Endpoint) -> Any:
    errors = result.get("errors") if isinstance(result, dict) else None
    if isinstance(result, dict) and not result.get("data") and isinstance(errors, list) and errors:
        first = errors[0].get("message", errors[0]) if isinstance(errors[0], dict) else errors[0]
        hint = (
            (
                "the server may have introspection disabled: ask for it, or use a schema file "
                "with `drift --against`"
            )
            if "introspection" in str(first).lower()
            else None
        )
        shown = redact(str(first), endpoint)[:MAX_SERVER_MESSAGE]
        raise LiveSchemaError(
            f"introspection failed at {endpoint.shown}: {shown}",
            Location(endpoint.shown),
            hint=hint,
        )
    return result


class _Session:
    """POSTs with retries: timeouts, refused connections, 429 and 5xx are retried after
    growing waits (capped in all); other answers are final."""

    def __init__(
        self,
        client: httpx.Client,
        endpoint: Endpoint,
        sleep: Callable[[float], None],
        backoff: float,
    ) -> None:
        self.client, self.endpoint, self.sleep, self.backoff = client, endpoint, sleep, backoff

    def introspect(self, query: str) -> Any:
        waited, last_error = 0.0, LiveSchemaError("no attempt made")
        for attempt in range(1, self.endpoint.retries + 1):
            try:
                return self._attempt(query)
            except _Retryable as retryable:
                last_error = retryable.error
            if attempt < self.endpoint.retries:
                wait = min(self.backoff * 2 ** (attempt - 1), MAX_TOTAL_WAIT_SECONDS - waited)
                self.sleep(max(wait, 0.0))
                waited += max(wait, 0.0)
        raise LiveSchemaError(
            f"{last_error.message} (after {self.endpoint.retries} attempts)",
            last_error.location,
            hint=last_error.hint,
        )

    def _attempt(self, query: str) -> Any:
        # httpx's timeout bounds each read, not the answer: a server trickling a byte a
        # second would hold us for ever, and a huge (or gzip-bombed) body would fill memory.
        # So the body is streamed, capped, and cut off at a deadline for the whole attempt.
        endpoint = self.endpoint
        deadline = time.monotonic() + endpoint.timeout
        request = {"query": query, "operationName": "IntrospectionQuery"}
        try:
            with self.client.stream(
                "POST", endpoint.url, headers=dict(endpoint.headers), json=request
            ) as response:
                body = self._read_body(response, deadline)
                return self._answer(response.status_code, response.headers, body)
        except httpx.TimeoutException:
            raise self._timed_out() from None
        except (httpx.HTTPError, httpx.InvalidURL, UnicodeError) as error:
            raise self._connection_error(error) from None

    def _timed_out(self) -> _Retryable:
        return _Retryable(
            self._error(f"{self.endpoint.shown} did not answer within {self.endpoint.timeout:g} s")
        )

    def _read_body(self, response: httpx.Response, deadline: float) -> bytes:
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            if time.monotonic() > deadline:
                raise self._timed_out()
            limit = self.endpoint.max_bytes
            if size > limit:
                raise self._error(f"{self.endpoint.shown} answered more than {limit // 2**20} MB")
        return b"".join(chunks)

    def _answer(self, status: int, headers: httpx.Headers, body: bytes) -> Any:
        if status in (401, 403):
            raise self._credentials_error(status)
        if status == 429 or status >= 500:
            raise _Retryable(self._error(f"{self.endpoint.shown} answered HTTP {status}"))
        if status == 404:
            raise self._error(
                f"no GraphQL endpoint at {self.endpoint.shown} (HTTP 404)",
                hint="check the URL, or pick one with --env",
            )
        if status != 200:
            raise self._error(
                f"{self.endpoint.shown} answered HTTP {status}",
                hint="point --url at the GraphQL endpoint itself (redirects are not followed)"
                if 300 <= status < 400
                else None,
            )
        try:
            return json.loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError):
            kind = headers.get("content-type", "no content type").split(";")[0]
            raise self._error(
                f"{self.endpoint.shown} answered HTTP {status} with {kind}, not GraphQL JSON",
                hint="check the URL points at the GraphQL endpoint",
            ) from None

    def _credentials_error(self, status: int) -> LiveSchemaError:
        name = next(
            (n for n, _ in self.endpoint.headers if n.lower() == "authorization"), "Authorization"
        )
        sources = self.endpoint.header_sources.get(name, ())
        read_from = f" (read from {', '.join(sources)})" if sources else ""
        return self._error(
            f"{self.endpoint.shown} refused the credentials (HTTP {status})",
            hint=f"check the {name} header{read_from}",
        )

    def _connection_error(self, error: Exception) -> LiveSchemaError | _Retryable:
        host = urlsplit(self.endpoint.url).hostname or "the host"
        cause = _root_cause(error)
        if isinstance(cause, socket.gaierror):
            return self._error(
                f"cannot resolve {host}: {cause.strerror or 'DNS failure'}",
                hint="check the URL and your network's DNS",
            )
        if isinstance(cause, ssl.SSLError):
            if isinstance(cause, ssl.SSLCertVerificationError):
                reason = f"certificate verify failed: {cause.verify_message}"
            else:
                reason = cause.reason or str(cause)
            return self._error(
                f"TLS failed with {host}: {reason}",
                hint="set `ca_bundle` in [tool.rye-codegen.endpoint], or SSL_CERT_FILE, to "
                "trust its certificate",
            )
        if isinstance(cause, ConnectionRefusedError):
            return _Retryable(self._error(f"{self.endpoint.shown} refused the connection"))
        return _Retryable(
            self._error(f"cannot reach {self.endpoint.shown}: {type(cause).__name__}")
        )

    def _error(self, message: str, hint: str | None = None) -> LiveSchemaError:
        return LiveSchemaError(
            redact(message, self.endpoint), Location(self.endpoint.shown), hint=hint
        )


class _Retryable(Exception):
    def __init__(self, error: LiveSchemaError) -> None:
        super().__init__(error.message)
        self.error = error


def _root_cause(error: BaseException) -> BaseException:
    """httpx wraps httpcore, which wraps the socket's own error: the one that says why."""
    seen: set[int] = set()
    while id(error) not in seen:
        seen.add(id(error))
        inner = error.__cause__ or error.__context__
        if inner is None:
            break
        error = inner
    return error


def lock_document(
    endpoint: Endpoint, schema: LoadedSchema, fetched_at: str, tool_version: str
) -> str:
    """schema/rye.lock.json: where and when the snapshot was fetched, never with credentials."""
    document = {
        "endpoint": endpoint.shown,
        "fetched_at": fetched_at,
        "schema_sha256": schema.sha256,
        "tool": f"rye-codegen {tool_version}",
    }
    return json.dumps(document, indent=2, sort_keys=True) + "\n"
