"""The async HTTP client the generated `Client` extends: Rye's headers, retries, typed errors.

Everything but sending and sleeping lives in `_transport`, shared with the sync `BaseClient`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx
import pydantic
from typing_extensions import Unpack

from . import _transport
from ._redaction import mask_headers, mask_url
from ._transport import Environment, RequestOptions, RetryPolicy

logger = logging.getLogger(__name__)

M = TypeVar("M", bound=pydantic.BaseModel)


class AsyncBaseClient:
    """Posts GraphQL operations to Rye.

    `url` wins over `environment`. `api_key` becomes Rye's Basic `Authorization` and
    `shopper_ip` its `Rye-Shopper-IP`; `headers` are sent after them and override them. An
    `http_client` passed in is used as is (its own timeout applies) and left open; otherwise
    the client creates one with `timeout` and closes it on `aclose()` or leaving `async with`.
    Either way, the request's timeout (its longest httpx limit) is also the most one attempt
    may take, its whole answer included: see `_transport.AttemptDeadline`.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        api_key: str | None = None,
        shopper_ip: str | None = None,
        environment: Environment = "production",
        headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        timeout: float | httpx.Timeout = 10.0,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.url = _transport.endpoint_url(url, environment)
        self.headers = _transport.merge_headers(
            _transport.rye_headers(api_key, shopper_ip), headers
        )
        self.retry = retry if retry is not None else RetryPolicy()
        self._owns_http_client = http_client is None
        self.http_client = (
            http_client if http_client is not None else httpx.AsyncClient(timeout=timeout)
        )

    def __repr__(self) -> str:
        headers = mask_headers(self.headers)
        return f"{type(self).__name__}(url={mask_url(self.url)!r}, headers={headers!r})"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Closes the HTTP client this client created; one passed in stays open."""
        if self._owns_http_client:
            await self.http_client.aclose()

    async def execute(
        self,
        query: str,
        operation_name: str | None = None,
        variables: dict[str, Any] | None = None,
        **kwargs: Unpack[RequestOptions],
    ) -> httpx.Response:
        """POSTs the operation, retrying as `self.retry` allows for its kind; returns the last
        answer, whatever its status, or raises TransportError when none came. `kwargs` change
        this one request: see RequestOptions."""
        body = _transport.request_body(query, operation_name, variables)
        headers = _transport.merge_headers(self.headers, kwargs.get("headers"))
        timeout = kwargs.get("timeout", httpx.USE_CLIENT_DEFAULT)
        kind = _transport.operation_kind(query, operation_name)
        attempt = 1
        while True:
            request = self.http_client.build_request(
                "POST", self.url, json=body, headers=headers, timeout=timeout
            )
            outcome = await self._attempt(request)
            delay = self.retry.delay_before_retry(kind, attempt, outcome)
            if delay is None:
                return _transport.settle(outcome, self.url, operation_name, attempt)
            logger.warning(
                _transport.RETRY_LOG_FORMAT,
                operation_name or "request",
                attempt,
                self.retry.attempts,
                _transport.describe_failure(outcome),
                delay,
            )
            await self.retry.async_sleep(delay)
            attempt += 1

    async def _attempt(self, request: httpx.Request) -> _transport.Outcome:
        """Sends `request` and reads its answer within the attempt's deadline."""
        deadline = _transport.AttemptDeadline(request)
        try:
            response = await self.http_client.send(request, stream=True)
        except httpx.TransportError as error:
            return error
        except httpx.DecodingError as error:  # a redirect or an event hook read the body
            return _transport.UndecodableAnswer(error)
        try:
            deadline.bind_async(response)
            await response.aread()
        except httpx.TransportError as error:
            return error
        except httpx.DecodingError as error:
            return _transport.UndecodableAnswer(error, response)
        finally:
            await response.aclose()
        return response

    def get_data(self, response: httpx.Response) -> dict[str, Any]:
        """The response's `data`, or HTTPStatusError, InvalidResponseError, GraphQLResponseError."""
        return _transport.response_data(response)

    def validate_result(self, model: type[M], data: dict[str, Any]) -> M:
        """`data` parsed into `model`, or ResponseValidationError."""
        return _transport.validate_result(model, data)
