"""Every error the client raises on purpose, under one root:

    RyeClientError
     ├── TransportError              no usable HTTP answer: connect error or timeout, after retries
     │    ├── HTTPStatusError        a non-2xx status without GraphQL `errors`, or 429 / 5xx
     │    └── InvalidResponseError   a 2xx whose body is not a JSON GraphQL response (or not
     │                               the gzip, say, its Content-Encoding claims)
     ├── GraphQLResponseError        the response carried `errors` (Rye's code is in `extensions`):
     │                               a 2xx, or a 4xx refusing the request (422 from gqlgen)
     └── ResponseValidationError     `data` does not fit the generated pydantic model

`except TransportError` is the "try again later" family (a 429 or 5xx stays in it, whatever its
body says); the other two say the request reached Rye and what went wrong there. No message,
repr or attribute carries a secret header value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pydantic

from ._redaction import mask_headers

# Enough to read an error page or a proxy's complaint; bounded so a huge body cannot flood logs.
MAX_BODY_EXCERPT = 2000
# How much of the body the one-line message repeats.
_MESSAGE_EXCERPT = 200


class RyeClientError(Exception):
    """The root: `except RyeClientError` catches every error the client raises on purpose."""


class TransportError(RyeClientError):
    """The request got no usable HTTP answer, after the retries its `RetryPolicy` allows.

    When the connection failed or timed out (an attempt that outlasts the client's `timeout`
    is cut off as `httpx.ReadTimeout`), the last httpx exception is the `__cause__`.
    """


class HTTPStatusError(TransportError):
    """The server answered with a non-2xx status (the last answer, when retries ran out) and
    either no GraphQL `errors` or a status worth retrying (429, 5xx).

    `response_body` is the start of the body (at most `MAX_BODY_EXCERPT` characters) and
    `headers` the response headers, with secret values masked in both. `errors` holds the
    body's GraphQL errors, if it had any ([] otherwise).
    """

    def __init__(
        self,
        status_code: int,
        response_body: str,
        headers: Mapping[str, str],
        url: str,
        errors: Sequence[GraphQLErrorDetail] = (),
    ) -> None:
        self.status_code = status_code
        self.response_body = response_body[:MAX_BODY_EXCERPT]
        self.headers = mask_headers(headers)
        self.url = url
        self.errors = list(errors)
        message = f"HTTP {status_code} from {url}"
        excerpt = _one_line(self.response_body)
        super().__init__(f"{message}: {excerpt}" if excerpt else message)


class InvalidResponseError(TransportError):
    """A 2xx answer whose body is not a GraphQL response: not JSON (or JSON nested too deep to
    parse), neither `data` nor `errors`, or those of the wrong shape; or a body that does not
    decode as its `Content-Encoding` says (`response_body` is then empty, and the httpx
    `DecodingError` the `__cause__`). `response_body` is its start, as in HTTPStatusError.
    Never retried: the same request would get the same body.
    """

    def __init__(self, reason: str, status_code: int, response_body: str, url: str) -> None:
        self.reason = reason
        self.status_code = status_code
        self.response_body = response_body[:MAX_BODY_EXCERPT]
        self.url = url
        excerpt = _one_line(self.response_body)
        super().__init__(f"invalid GraphQL response from {url} ({reason}): {excerpt or '<empty>'}")


@dataclass(frozen=True)
class ErrorLocation:
    """Where in the operation document an error points; both 1-based."""

    line: int
    column: int


@dataclass(frozen=True)
class GraphQLErrorDetail:
    """One entry of a response's `errors`. `extensions` is kept whole ({} when absent): Rye puts
    its error code and details there."""

    message: str
    locations: tuple[ErrorLocation, ...] = ()
    path: tuple[str | int, ...] | None = None
    extensions: dict[str, Any] = field(default_factory=dict)

    @property
    def code(self) -> str | None:
        """`extensions["code"]` when it is a string, the usual place for a machine-readable code."""
        code = self.extensions.get("code")
        return code if isinstance(code, str) else None

    def __str__(self) -> str:
        where = f" at {'.'.join(map(str, self.path))}" if self.path else ""
        code = f" [{self.code}]" if self.code else ""
        return f"{self.message}{where}{code}"


class GraphQLResponseError(RyeClientError):
    """The response carried GraphQL `errors`; `data` is what the server still resolved, or None.

    `status_code` is the answer's HTTP status: 200 as a rule, or the 4xx with which a server
    refused the request (a query that fails validation, say), which the message then names.
    """

    def __init__(
        self, errors: list[GraphQLErrorDetail], data: dict[str, Any] | None, status_code: int = 200
    ) -> None:
        self.errors = errors
        self.data = data
        self.status_code = status_code
        count = f"{len(errors)} GraphQL errors" if len(errors) != 1 else "GraphQL error"
        status = "" if 200 <= status_code < 300 else f" (HTTP {status_code})"
        super().__init__(f"{count}{status}: " + "; ".join(map(str, errors)))


class ResponseValidationError(RyeClientError):
    """The response's `data` does not fit the generated model `model_name`, typically because
    the schema changed under the client. The pydantic error is `validation_error` and `__cause__`.
    """

    def __init__(
        self, model_name: str, data: dict[str, Any], validation_error: pydantic.ValidationError
    ) -> None:
        self.model_name = model_name
        self.data = data
        self.validation_error = validation_error
        super().__init__(f"the response does not fit {model_name}: {validation_error}")


def _one_line(text: str) -> str:
    collapsed = " ".join(text.split())
    if len(collapsed) <= _MESSAGE_EXCERPT:
        return collapsed
    return collapsed[:_MESSAGE_EXCERPT] + "..."
