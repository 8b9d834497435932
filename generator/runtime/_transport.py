"""What the sync and async clients share, as values and pure functions (no I/O): the endpoint,
Rye's headers, the retry policy, the request body, the deadline an attempt's body is read
within, and reading a response into `data` or into an error of `exceptions`. Each client keeps
only its own send-read-and-sleep loop.
"""

from __future__ import annotations

import asyncio
import base64
import email.utils
import functools
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any, Final, Literal, TypedDict, TypeVar

import httpx
import pydantic
from pydantic_core import to_jsonable_python

from ._redaction import mask_url, scrub_json, scrub_secrets
from .exceptions import (
    MAX_BODY_EXCERPT,
    ErrorLocation,
    GraphQLErrorDetail,
    GraphQLResponseError,
    HTTPStatusError,
    InvalidResponseError,
    ResponseValidationError,
    TransportError,
)

Environment = Literal["production", "staging"]
OperationKind = Literal["query", "mutation", "subscription"]


@dataclass(frozen=True)
class UndecodableAnswer:
    """An answer whose body does not decode as its `Content-Encoding` says (a `gzip` body that
    is not gzip, say). `response` is None when the body was read before the client saw the
    answer (by a redirect or an event hook of an `http_client` passed in); its body is unread."""

    error: httpx.DecodingError
    response: httpx.Response | None = None


# What one attempt ended with: an HTTP answer of any status (whole, or with a body that does
# not decode), or no answer at all.
Outcome = httpx.Response | UndecodableAnswer | httpx.TransportError


class RequestOptions(TypedDict, total=False):
    """What one call may change: `client.get_cart(id_="…", timeout=30)`."""

    headers: Mapping[str, str]  # sent after the client's, overriding them
    # Instead of the HTTP client's own: seconds for each attempt as a whole, and for each of
    # its phases (see `AttemptDeadline`).
    timeout: float | httpx.Timeout


M = TypeVar("M", bound=pydantic.BaseModel)

ENVIRONMENTS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "production": "https://graphql.api.rye.com/v1/query",
        "staging": "https://staging.beta.graphql.api.rye.com/v1/query",
    }
)
SHOPPER_IP_HEADER: Final = "Rye-Shopper-IP"


def endpoint_url(url: str | None, environment: Environment) -> str:
    """An explicit `url` wins; otherwise the endpoint of `environment`."""
    if url is not None:
        if not url:
            raise ValueError("url is empty; pass None to use the environment's endpoint")
        return url
    try:
        return ENVIRONMENTS[environment]
    except KeyError:
        expected = ", ".join(map(repr, ENVIRONMENTS))
        raise ValueError(f"unknown environment {environment!r}; expected {expected}") from None


def basic_authorization(api_key: str) -> str:
    """Rye's `Authorization` value: the key as a Basic user with an empty password, as Rye's
    JavaScript SDK sends it (`"Basic " + btoa(apiKey + ":")`)."""
    return "Basic " + base64.b64encode(f"{api_key}:".encode()).decode("ascii")


def rye_headers(api_key: str | None, shopper_ip: str | None) -> dict[str, str]:
    headers = {}
    if api_key is not None:
        headers["Authorization"] = basic_authorization(api_key)
    if shopper_ip is not None:
        headers[SHOPPER_IP_HEADER] = shopper_ip
    return headers


def merge_headers(*layers: Mapping[str, str] | None) -> dict[str, str]:
    """Later layers override earlier ones by case-insensitive name, keeping the later spelling,
    so `{"authorization": ...}` replaces Rye's `Authorization` instead of sending both."""
    merged: dict[str, str] = {}
    for layer in layers:
        for name, value in (layer or {}).items():
            for existing in [key for key in merged if key.lower() == name.lower()]:
                del merged[existing]
            merged[name] = value
    return merged


# -- retries ---------------------------------------------------------------------------------

# Deterministic failures (a URL httpx cannot send to, a request it cannot write) would fail
# the same way again.
_NEVER_RETRIED = (httpx.UnsupportedProtocol, httpx.LocalProtocolError)
_RETRIED_STATUSES = frozenset({429})  # and every 5xx
_DELTA_SECONDS = re.compile(r"\d+(?:\.\d+)?", re.ASCII)


@dataclass(frozen=True)
class RetryPolicy:
    """How often a request is tried, and how long to wait in between.

    `attempts` counts every try, the first included. Before try n+1 the wait is
    `base_delay * 2**(n-1)` capped at `max_delay` (0.5, 1, 2, ... s; deterministic, no
    jitter), unless the answer says `Retry-After` (seconds or an HTTP date): then the wait is
    what the server asked, however far above `max_delay`, since an earlier try would only be
    refused again. A server that asks for more than `max_retry_after` seconds is not waited
    for: the request is not retried, and its HTTPStatusError (whose `headers` keep the
    Retry-After) is raised at once. Retried: connection failures and timeouts, HTTP 429 and
    5xx. A mutation is never retried unless `retry_mutations`: it may have taken effect before
    its answer was lost. `sleep` and `async_sleep` do the waiting, for the sync and async
    clients; tests may replace them.
    """

    attempts: int = 3
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    retry_mutations: bool = False
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)
    async_sleep: Callable[[float], Awaitable[None]] = field(
        default=asyncio.sleep, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError(f"attempts must be at least 1, not {self.attempts}")
        if min(self.base_delay, self.max_delay, self.max_retry_after) < 0:
            raise ValueError("delays must not be negative")

    def retries(self, kind: OperationKind) -> bool:
        return kind == "query" or self.retry_mutations

    def backoff(self, attempt: int) -> float:
        """The wait after failed try number `attempt` (1-based) when the server names none."""
        return min(self.max_delay, self.base_delay * 2.0 ** (attempt - 1))

    def delay_before_retry(
        self, kind: OperationKind, attempt: int, outcome: Outcome, now: datetime | None = None
    ) -> float | None:
        """Seconds to wait before trying again after try number `attempt` ended in `outcome`,
        or None when `outcome` is final."""
        if attempt >= self.attempts or not self.retries(kind) or not is_retryable(outcome):
            return None
        asked = _asked_delay(outcome, now)
        if asked is None:
            return self.backoff(attempt)
        # Never sooner than asked (that is hammering a server that said when); a wait longer
        # than we are willing to block for ends the retries instead.
        return asked if asked <= self.max_retry_after else None


def _asked_delay(outcome: Outcome, now: datetime | None) -> float | None:
    """The seconds the answer's `Retry-After` asks for; None without a readable one."""
    response = outcome.response if isinstance(outcome, UndecodableAnswer) else outcome
    if not isinstance(response, httpx.Response):
        return None
    now = now if now is not None else datetime.now(UTC)
    return retry_after_seconds(response.headers.get("Retry-After"), now)


def is_retryable(outcome: Outcome) -> bool:
    """A 429 or 5xx, or no answer for a reason that may pass. A body that does not decode is,
    like any other body that is no GraphQL response, retried only for the status it came with."""
    if isinstance(outcome, UndecodableAnswer):
        return outcome.response is not None and is_retryable(outcome.response)
    if isinstance(outcome, httpx.Response):
        return outcome.status_code in _RETRIED_STATUSES or outcome.status_code >= 500
    return not isinstance(outcome, _NEVER_RETRIED)


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """A `Retry-After` header as seconds from `now`; None when absent or unreadable."""
    if value is None:
        return None
    value = value.strip()
    if _DELTA_SECONDS.fullmatch(value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


# The clients' retry log line: operation, attempt, attempts, describe_failure(), delay.
RETRY_LOG_FORMAT: Final = "%s: attempt %d of %d failed (%s); retrying in %.2f s"


def describe_failure(outcome: Outcome) -> str:
    """For log lines: the status or the exception type, never headers or bodies."""
    if isinstance(outcome, UndecodableAnswer) and outcome.response is not None:
        outcome = outcome.response
    if isinstance(outcome, httpx.Response):
        return f"HTTP {outcome.status_code}"
    if isinstance(outcome, UndecodableAnswer):
        return type(outcome.error).__name__
    return type(outcome).__name__


def settle(outcome: Outcome, url: str, operation_name: str | None, attempts: int) -> httpx.Response:
    """The final answer, of any status (`response_data` judges it), or a TransportError: an
    InvalidResponseError (an HTTPStatusError for a non-2xx) when the body does not decode."""
    if isinstance(outcome, httpx.Response):
        return outcome
    if isinstance(outcome, UndecodableAnswer):
        raise _undecodable(outcome, url, operation_name) from outcome.error
    tries = f"{attempts} attempt" + ("s" if attempts != 1 else "")
    raise TransportError(
        f"{operation_name or 'request'} to {mask_url(url)} got no answer after {tries}: "
        f"{type(outcome).__name__}: {outcome}"
    ) from outcome


def _undecodable(
    outcome: UndecodableAnswer, url: str, operation_name: str | None
) -> TransportError:
    response = outcome.response
    encoding = response.headers.get("Content-Encoding") if response is not None else None
    says = f"`Content-Encoding: {encoding}`" if encoding else "its Content-Encoding"
    reason = f"the body does not decode as {says} says ({outcome.error})"
    if response is None:
        return TransportError(f"{operation_name or 'request'} to {mask_url(url)}: {reason}")
    if not response.is_success:
        return HTTPStatusError(response.status_code, "", response.headers, _url(response))
    return InvalidResponseError(reason, response.status_code, "", _url(response))


# -- the deadline of an attempt --------------------------------------------------------------


class AttemptDeadline:
    """When an attempt must be over, counted from before it is sent.

    httpx's timeouts bound each phase (connect, write, pool) and each single read, not the
    answer: a server trickling a byte every half second would never trip a 2 s read timeout.
    So the clients read the body through `bind_sync` or `bind_async`, which end the attempt
    with an `httpx.ReadTimeout` (a timeout like any other: retried for queries) as soon as a
    piece of it arrives past the deadline. The deadline is the longest of the request's httpx
    limits: `timeout=2` (every phase 2 s) gives an attempt 2 s in all; `httpx.Timeout(None)`
    none. Until the headers are in, only the per-phase limits apply.
    """

    def __init__(self, request: httpx.Request, clock: Callable[[], float] = time.monotonic) -> None:
        limits = request.extensions.get("timeout") or {}
        values = [value for value in limits.values() if value is not None]
        self.request = request
        self.seconds: float | None = max(values) if values else None
        self._clock = clock
        self._ends = clock() + self.seconds if self.seconds is not None else None

    def check(self) -> None:
        if self._ends is not None and self._clock() > self._ends:
            raise httpx.ReadTimeout(
                f"the answer took longer than the {self.seconds:g} s an attempt may take",
                request=self.request,
            )

    def bind_sync(self, response: httpx.Response) -> None:
        """Makes reading `response`'s body check the deadline as each piece arrives."""
        if self._ends is not None and isinstance(response.stream, httpx.SyncByteStream):
            response.stream = _SyncDeadlineStream(response.stream, self)

    def bind_async(self, response: httpx.Response) -> None:
        if self._ends is not None and isinstance(response.stream, httpx.AsyncByteStream):
            response.stream = _AsyncDeadlineStream(response.stream, self)


class _SyncDeadlineStream(httpx.SyncByteStream):
    def __init__(self, stream: httpx.SyncByteStream, deadline: AttemptDeadline) -> None:
        self._stream = stream
        self._deadline = deadline

    def __iter__(self) -> Iterator[bytes]:
        self._deadline.check()
        for chunk in self._stream:
            self._deadline.check()
            yield chunk

    def close(self) -> None:
        self._stream.close()


class _AsyncDeadlineStream(httpx.AsyncByteStream):
    def __init__(self, stream: httpx.AsyncByteStream, deadline: AttemptDeadline) -> None:
        self._stream = stream
        self._deadline = deadline

    async def __aiter__(self) -> AsyncIterator[bytes]:
        self._deadline.check()
        async for chunk in self._stream:
            self._deadline.check()
            yield chunk

    async def aclose(self) -> None:
        await self._stream.aclose()


# -- operations --------------------------------------------------------------------------------

# Strings and comments could hold text that looks like a definition; they are blanked first.
_IGNORED = re.compile(r'"""[\s\S]*?"""|"(?:\\.|[^"\\\n])*"|#[^\n]*')
_TOKEN = re.compile(r"[{}()]|[@$]?[_A-Za-z][_0-9A-Za-z]*")
_OPERATION_KINDS: Final[Mapping[str, OperationKind]] = MappingProxyType(
    {"query": "query", "mutation": "mutation", "subscription": "subscription"}
)


@functools.lru_cache(maxsize=256)  # generated documents are constants: each is scanned once
def operation_kind(query: str, operation_name: str | None) -> OperationKind:
    """Whether the operation `operation_name` (or the document's only one) is a query,
    mutation or subscription; "mutation", which is never retried by default, when unsure."""
    operations = _operations(query)
    if operation_name is None:
        return operations[0][0] if len(operations) == 1 else "mutation"
    kinds: set[OperationKind] = {kind for kind, name in operations if name == operation_name}
    return kinds.pop() if len(kinds) == 1 else "mutation"


def _operations(document: str) -> list[tuple[OperationKind, str | None]]:
    """(kind, name) of every operation definition in `document`.

    Only words outside all braces and parentheses are read: there a definition's keyword and
    name stand before its selection set, so fields named `query` or `mutation` do not count.
    """
    found: list[tuple[OperationKind, str | None]] = []
    depth = 0
    words: list[str] = []  # the outermost words of the definition being read
    for token in _TOKEN.findall(_IGNORED.sub(" ", document)):
        if token in ("{", "("):
            if depth == 0 and token == "{":
                found.extend(_definition(words))
                words = []
            depth += 1
        elif token in ("}", ")"):
            depth = max(0, depth - 1)
        elif depth == 0:
            words.append(token)
    return found


def _definition(words: list[str]) -> list[tuple[OperationKind, str | None]]:
    """The operation that `words` (keyword, name, directives) begin; none for a fragment."""
    if not words:
        return [("query", None)]  # the `{ ... }` shorthand
    kind = _OPERATION_KINDS.get(words[0])
    if kind is None:
        return []
    named = len(words) > 1 and not words[1].startswith("@")
    return [(kind, words[1] if named else None)]


# -- the request body ------------------------------------------------------------------------


def request_body(
    query: str, operation_name: str | None, variables: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The JSON body of a GraphQL POST."""
    return {
        "query": query,
        "operationName": operation_name,
        "variables": serialize_variables(variables),
    }


def serialize_variables(variables: Mapping[str, Any] | None) -> dict[str, Any]:
    """`variables` as JSON values: models dumped by alias with only the fields that were set,
    and UNSET (a parameter the caller left out) dropped, so the server applies its default."""
    return {
        name: _jsonable(value) for name, value in (variables or {}).items() if not _is_unset(value)
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(by_alias=True, exclude_unset=True, mode="json")
    if isinstance(value, Mapping):
        return {key: _jsonable(item) for key, item in value.items() if not _is_unset(item)}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return to_jsonable_python(value)  # enums, dates, decimals, our scalars


def serialize_scalar(serialize: Callable[[Any], Any], value: Any, lists: int = 0) -> Any:
    """A variable of a custom scalar, through the `serialize` function its
    [tool.rye-codegen.scalars] entry names, which is handed only values of the scalar's type:
    UNSET (left out, so not sent) and None (sent as null) pass through untouched, and a list
    variable (`lists` levels deep) is serialized item by item, its null items kept."""
    if value is None or _is_unset(value):
        return value
    if lists:
        return [serialize_scalar(serialize, item, lists - 1) for item in value]
    return serialize(value)


def _is_unset(value: Any) -> bool:
    # UNSET comes from the generated package's base_model.py, which ariadne-codegen writes and
    # these modules do not import (they are tested outside any generated package), so the
    # sentinel is known by its class name.
    return type(value).__name__ == "UnsetType"


# -- the response ----------------------------------------------------------------------------


def response_data(response: httpx.Response) -> dict[str, Any]:
    """The `data` of a successful GraphQL response; otherwise the error that says why not."""
    if not response.is_success:
        raise _status_error(response)
    payload = _json_object(response)
    data = payload.get("data")
    if data is not None and not isinstance(data, dict):
        raise _invalid(response, "`data` is not an object")
    errors = _error_details(response, payload.get("errors"))
    if errors:
        raise GraphQLResponseError(errors, data, response.status_code)
    if data is None:
        raise _invalid(response, "neither `data` nor `errors`")
    return data


def _status_error(response: httpx.Response) -> HTTPStatusError | GraphQLResponseError:
    """The error of a non-2xx answer.

    A GraphQL server may refuse a request with a 4xx and say why in `errors` (gqlgen answers a
    query that fails validation with 422): that is a GraphQLResponseError, so the caller gets
    each error's `extensions`. A retryable status (429, 5xx) stays an HTTPStatusError, in the
    TransportError family of "try again later", with any `errors` of its body on it too.
    """
    errors, data = _errors_in_body(response)
    if errors and not is_retryable(response):
        return GraphQLResponseError(errors, data, response.status_code)
    excerpt = _body_excerpt(response)
    return HTTPStatusError(response.status_code, excerpt, response.headers, _url(response), errors)


def _errors_in_body(
    response: httpx.Response,
) -> tuple[list[GraphQLErrorDetail], dict[str, Any] | None]:
    """The `errors` and `data` of a non-2xx body; no errors when it is no GraphQL response (an
    HTML error page, a gateway's own JSON): the status is then what the caller needs."""
    try:
        payload = _json_object(response)
        errors = _error_details(response, payload.get("errors"))
    except InvalidResponseError:
        return [], None
    data = payload.get("data")
    return errors, data if isinstance(data, dict) else None


def validate_result(model: type[M], data: dict[str, Any]) -> M:
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as error:
        raise ResponseValidationError(model.__name__, data, error) from error


def _json_object(response: httpx.Response) -> dict[str, Any]:
    try:
        payload = response.json()
    except ValueError:  # json.JSONDecodeError and UnicodeDecodeError both are
        raise _invalid(response, "not JSON") from None
    except RecursionError:  # arrays or objects nested deeper than the parser's stack
        raise _invalid(response, "not JSON this client can read: nested too deep") from None
    if not isinstance(payload, dict):
        raise _invalid(response, "not a JSON object")
    return payload


def _error_details(response: httpx.Response, errors: Any) -> list[GraphQLErrorDetail]:
    if errors is None:
        return []
    if not isinstance(errors, list):
        raise _invalid(response, "`errors` is not a list")
    request = _request(response)
    if request is not None:  # a server may echo the request, credentials and all, in an error
        errors = scrub_json(errors, request.headers)
    details = [_error_detail(error) for error in errors]
    if None in details:
        raise _invalid(response, "an entry of `errors` has no string `message`")
    return [detail for detail in details if detail is not None]


def _error_detail(error: Any) -> GraphQLErrorDetail | None:
    """One GraphQL error; None when it lacks a message. Optional parts of an odd shape are
    dropped rather than failing: the message is what the caller needs."""
    if not isinstance(error, dict) or not isinstance(error.get("message"), str):
        return None
    locations = error.get("locations")
    path = error.get("path")
    extensions = error.get("extensions")
    return GraphQLErrorDetail(
        message=error["message"],
        locations=tuple(
            ErrorLocation(location["line"], location["column"])
            for location in (locations if isinstance(locations, list) else [])
            if isinstance(location, dict)
            and isinstance(location.get("line"), int)
            and isinstance(location.get("column"), int)
        ),
        path=tuple(path) if isinstance(path, list) else None,
        extensions=extensions if isinstance(extensions, dict) else {},
    )


def _invalid(response: httpx.Response, reason: str) -> InvalidResponseError:
    return InvalidResponseError(
        reason, response.status_code, _body_excerpt(response), _url(response)
    )


def _body_excerpt(response: httpx.Response) -> str:
    """The start of the body, with any secret the request carried masked."""
    excerpt = response.text[: 2 * MAX_BODY_EXCERPT]  # room for masks that shorten it
    request = _request(response)
    if request is not None:
        excerpt = scrub_secrets(excerpt, request.headers)
    return excerpt[:MAX_BODY_EXCERPT]


def _url(response: httpx.Response) -> str:
    request = _request(response)
    return mask_url(str(request.url)) if request is not None else "<unknown URL>"


def _request(response: httpx.Response) -> httpx.Request | None:
    # A Response built by hand (in a test, say) has no request, and httpx raises for it.
    try:
        return response.request
    except RuntimeError:
        return None
