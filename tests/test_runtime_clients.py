"""The sync and async base clients against real HTTP servers on 127.0.0.1.

Most tests run once per client (the `call` fixture); waits between retries go to a recorder
(`Sleeps`), so no test sleeps for a backoff.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import socket
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pydantic
import pytest
from rye_client import CancelOrder, CancelOrderInput

from generator.runtime._redaction import MAX_SCRUBBED_DEPTH, TOO_DEEP
from generator.runtime._transport import ENVIRONMENTS, RetryPolicy
from generator.runtime.async_base_client import AsyncBaseClient
from generator.runtime.base_client import BaseClient
from generator.runtime.exceptions import (
    GraphQLResponseError,
    HTTPStatusError,
    InvalidResponseError,
    ResponseValidationError,
    RyeClientError,
    TransportError,
)
from tests.rye_server import AMAZON_ORDER_ID, MANUAL_ORDER_ID, RyeServer
from tests.scripted_server import Reply, ScriptedServer

API_KEY = "sk_live_S3CRET-key"
BASIC = "Basic c2tfbGl2ZV9TM0NSRVQta2V5Og=="  # printf 'sk_live_S3CRET-key:' | base64
CUSTOM_TOKEN = "tok-S3CRET-value"
COOKIE = "session=S3CRET-cookie"
SECRETS = (API_KEY, "c2tfbGl2ZV9TM0NSRVQta2V5Og==", CUSTOM_TOKEN, "S3CRET-cookie", "S3CRET")
SHOPPER_IP = "203.0.113.7"

QUERY = "query GetCart($id: ID!) { getCart(id: $id) { cart { id } } }"
MUTATION = (
    "mutation CancelOrder($input: CancelOrderInput!) "
    "{ cancelOrder(input: $input) { result { __typename } } }"
)
DATA = {"getCart": {"cart": {"id": "cart-1"}}}
OK = Reply.json({"data": DATA})
UNAVAILABLE = Reply.json({"message": "try later"}, status=503)
GZIP = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
NOT_GZIP = Reply(200, OK.body, GZIP)  # says gzip, is not
DEEP_JSON = b'{"data":' + b"[" * 100_000  # deeper than any JSON parser's stack


class Sleeps:
    """Records the waits both clients ask for, instead of waiting."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def sleep(self, delay: float) -> None:
        self.delays.append(delay)

    async def async_sleep(self, delay: float) -> None:
        self.delays.append(delay)

    def policy(self, **options: Any) -> RetryPolicy:
        return RetryPolicy(sleep=self.sleep, async_sleep=self.async_sleep, **options)


def call_sync(url: str, document: str, operation: str, **options: Any) -> dict[str, Any]:
    variables = options.pop("variables", {"id": "cart-1"})
    with BaseClient(url, **options) as client:
        return client.get_data(client.execute(document, operation, variables))


def call_async(url: str, document: str, operation: str, **options: Any) -> dict[str, Any]:
    variables = options.pop("variables", {"id": "cart-1"})

    async def run() -> dict[str, Any]:
        async with AsyncBaseClient(url, **options) as client:
            return client.get_data(await client.execute(document, operation, variables))

    return asyncio.run(run())


Call = Callable[..., dict[str, Any]]
CALLS: dict[str, Call] = {"sync": call_sync, "async": call_async}


@pytest.fixture(params=sorted(CALLS))
def call(request: pytest.FixtureRequest) -> Call:
    return CALLS[request.param]


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def refused_url() -> Iterator[str]:
    """A port bound but not listening: every connection to it is refused."""
    with socket.socket() as bound:
        bound.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{bound.getsockname()[1]}/v1/query"


def test_rye_headers_and_body_are_sent(call: Call) -> None:
    with ScriptedServer([OK]) as server:
        data = call(server.url, QUERY, "GetCart", api_key=API_KEY, shopper_ip=SHOPPER_IP)
    assert data == DATA
    (request,) = server.requests
    assert request.path == "/v1/query"
    assert request.header("Authorization") == BASIC
    assert request.header("Rye-Shopper-IP") == SHOPPER_IP
    assert request.header("Content-Type") == "application/json"
    assert request.body == {
        "query": QUERY,
        "operationName": "GetCart",
        "variables": {"id": "cart-1"},
    }


def test_explicit_headers_override_ryes_whatever_their_case(call: Call) -> None:
    headers = {"authorization": "Bearer other", "X-Trace": "t-1"}
    with ScriptedServer([OK]) as server:
        call(server.url, QUERY, "GetCart", api_key=API_KEY, shopper_ip=SHOPPER_IP, headers=headers)
    (request,) = server.requests
    assert request.header_values("Authorization") == ["Bearer other"]  # sent once, ours
    assert request.header("X-Trace") == "t-1"
    assert request.header("Rye-Shopper-IP") == SHOPPER_IP


def test_headers_passed_to_execute_override_the_clients() -> None:
    with ScriptedServer([OK]) as server, BaseClient(server.url, api_key=API_KEY) as client:
        client.execute(QUERY, "GetCart", {"id": "c"}, headers={"AUTHORIZATION": "Basic other"})
    assert server.requests[0].header_values("authorization") == ["Basic other"]


def test_no_rye_headers_without_key_or_ip(call: Call) -> None:
    with ScriptedServer([OK]) as server:
        call(server.url, QUERY, "GetCart")
    assert server.requests[0].header("Authorization") is None
    assert server.requests[0].header("Rye-Shopper-IP") is None


@pytest.mark.parametrize("client_type", [BaseClient, AsyncBaseClient])
def test_environment_selects_the_endpoint_and_an_explicit_url_wins(
    client_type: type[BaseClient] | type[AsyncBaseClient],
) -> None:
    assert client_type().url == "https://graphql.api.rye.com/v1/query"
    assert client_type(environment="staging").url == ENVIRONMENTS["staging"]
    assert ENVIRONMENTS["staging"] == "https://staging.beta.graphql.api.rye.com/v1/query"
    assert client_type("http://127.0.0.1:1/q", environment="staging").url == "http://127.0.0.1:1/q"
    with pytest.raises(ValueError, match="unknown environment 'dev'"):
        client_type(environment="dev")  # type: ignore[arg-type]


def test_a_query_is_retried_after_a_503(
    call: Call, sleeps: Sleeps, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    with ScriptedServer([UNAVAILABLE, OK]) as server:
        data = call(server.url, QUERY, "GetCart", retry=sleeps.policy())
    assert data == DATA
    assert len(server.requests) == 2
    assert sleeps.delays == [0.5]
    (record,) = [r for r in caplog.records if r.name.startswith("generator.runtime")]
    assert record.levelno == logging.WARNING
    assert record.getMessage() == "GetCart: attempt 1 of 3 failed (HTTP 503); retrying in 0.50 s"


def test_backoff_doubles_up_to_the_last_attempt(call: Call, sleeps: Sleeps) -> None:
    with ScriptedServer([UNAVAILABLE]) as server, pytest.raises(HTTPStatusError) as raised:
        call(server.url, QUERY, "GetCart", retry=sleeps.policy(attempts=5, max_delay=1.5))
    assert len(server.requests) == 5
    assert sleeps.delays == [0.5, 1.0, 1.5, 1.5]
    assert raised.value.status_code == 503


def test_429_waits_as_long_as_retry_after_says(call: Call, sleeps: Sleeps) -> None:
    script = [
        Reply.json({}, status=429, headers={"Retry-After": "3"}),
        Reply.json({}, status=429, headers={"Retry-After": "30"}),  # longer than max_delay
        Reply.json({}, status=429, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}),
        OK,
    ]
    with ScriptedServer(script) as server:
        data = call(server.url, QUERY, "GetCart", retry=sleeps.policy(attempts=4))
    assert data == DATA
    assert sleeps.delays == [3.0, 30.0, 0.0]  # the date is long past: go at once


def test_a_retry_after_is_never_cut_short_by_max_delay(call: Call, sleeps: Sleeps) -> None:
    busy = Reply.json({}, status=503, headers={"Retry-After": "30"})
    with ScriptedServer([busy]) as server, pytest.raises(HTTPStatusError):
        call(server.url, QUERY, "GetCart", retry=sleeps.policy(max_delay=8.0))
    assert len(server.requests) == 3
    assert sleeps.delays == [30.0, 30.0]


def test_a_retry_after_beyond_max_retry_after_raises_at_once(call: Call, sleeps: Sleeps) -> None:
    script = [Reply.json({"message": "slow down"}, status=429, headers={"Retry-After": "61"}), OK]
    with ScriptedServer(script) as server, pytest.raises(HTTPStatusError) as raised:
        call(server.url, QUERY, "GetCart", retry=sleeps.policy())  # max_retry_after=60
    assert len(server.requests) == 1  # not retried early, nor after an hour's sleep
    assert sleeps.delays == []
    assert raised.value.status_code == 429
    assert raised.value.headers["retry-after"] == "61"  # when the server will take it again
    with ScriptedServer(script) as server:
        assert call(server.url, QUERY, "GetCart", retry=sleeps.policy(max_retry_after=90)) == DATA
    assert sleeps.delays == [61.0]


def test_a_mutation_is_not_retried_by_default(call: Call, sleeps: Sleeps) -> None:
    variables = {"input": {"orderId": "o-1"}}
    with ScriptedServer([UNAVAILABLE, OK]) as server, pytest.raises(HTTPStatusError):
        call(server.url, MUTATION, "CancelOrder", variables=variables, retry=sleeps.policy())
    assert len(server.requests) == 1
    assert sleeps.delays == []


def test_a_mutation_is_retried_when_asked(call: Call, sleeps: Sleeps) -> None:
    variables = {"input": {"orderId": "o-1"}}
    policy = sleeps.policy(retry_mutations=True)
    with ScriptedServer([UNAVAILABLE, OK]) as server:
        data = call(server.url, MUTATION, "CancelOrder", variables=variables, retry=policy)
    assert data == DATA
    assert len(server.requests) == 2


def test_a_client_error_status_is_not_retried(call: Call, sleeps: Sleeps) -> None:
    script = [Reply.json({}, status=400), OK]
    with ScriptedServer(script) as server, pytest.raises(HTTPStatusError) as raised:
        call(server.url, QUERY, "GetCart", retry=sleeps.policy())
    assert raised.value.status_code == 400
    assert len(server.requests) == 1


def test_connection_refused_is_a_transport_error_after_every_attempt(
    call: Call, sleeps: Sleeps, refused_url: str
) -> None:
    with pytest.raises(TransportError) as raised:
        call(refused_url, QUERY, "GetCart", retry=sleeps.policy())
    assert type(raised.value) is TransportError
    assert isinstance(raised.value.__cause__, httpx.ConnectError)
    assert "after 3 attempts" in str(raised.value)
    assert sleeps.delays == [0.5, 1.0]


def test_the_timeout_applies_to_the_client_it_creates(call: Call) -> None:
    with ScriptedServer([Reply(hold=True)]) as server, pytest.raises(TransportError) as raised:
        call(server.url, QUERY, "GetCart", timeout=0.05, retry=RetryPolicy(attempts=1))
    assert isinstance(raised.value.__cause__, httpx.ReadTimeout)
    assert BaseClient(timeout=7.5).http_client.timeout == httpx.Timeout(7.5)
    assert AsyncBaseClient(timeout=7.5).http_client.timeout == httpx.Timeout(7.5)


def test_the_timeout_bounds_a_whole_attempt_not_each_read(call: Call, sleeps: Sleeps) -> None:
    # A byte every 0.02 s never trips a 0.5 s read timeout; the whole answer (some 5 s at that
    # pace) must not outlast the 0.5 s an attempt may take. Cut off, it is a timeout like any.
    body = json.dumps({"data": DATA, "extensions": {"padding": "x" * 200}}).encode()
    trickled = Reply(200, body, {"Content-Type": "application/json"}, trickle=0.02)
    with ScriptedServer([trickled]) as server, pytest.raises(TransportError) as raised:
        call(server.url, QUERY, "GetCart", timeout=0.5, retry=sleeps.policy(attempts=2))
    assert type(raised.value) is TransportError
    assert isinstance(raised.value.__cause__, httpx.ReadTimeout)
    assert "longer than the 0.5 s an attempt may take" in str(raised.value)
    assert "after 2 attempts" in str(raised.value)
    assert len(server.requests) == 2 and sleeps.delays == [0.5]  # retried as timeouts are


def test_a_timeout_passed_to_execute_bounds_its_attempts_too() -> None:
    body = json.dumps({"data": DATA, "extensions": {"padding": "x" * 200}}).encode()
    trickled = Reply(200, body, {"Content-Type": "application/json"}, trickle=0.02)
    with (
        ScriptedServer([trickled]) as server,
        BaseClient(server.url, timeout=60, retry=RetryPolicy(attempts=1)) as client,
        pytest.raises(TransportError, match="longer than the 0.5 s"),
    ):
        client.execute(QUERY, "GetCart", {"id": "c"}, timeout=0.5)


def test_a_gzip_body_is_decoded(call: Call) -> None:
    with ScriptedServer([Reply(200, gzip.compress(OK.body), GZIP)]) as server:
        assert call(server.url, QUERY, "GetCart") == DATA


def test_a_body_that_does_not_decode_is_an_invalid_response(call: Call, sleeps: Sleeps) -> None:
    with ScriptedServer([NOT_GZIP, OK]) as server, pytest.raises(InvalidResponseError) as raised:
        call(server.url, QUERY, "GetCart", retry=sleeps.policy())
    error = raised.value
    assert "the body does not decode as `Content-Encoding: gzip` says" in error.reason
    assert error.status_code == 200 and error.response_body == ""
    assert isinstance(error.__cause__, httpx.DecodingError)
    assert len(server.requests) == 1 and sleeps.delays == []  # like any invalid body: final


@pytest.mark.parametrize(
    ("document", "operation", "variables", "requests"),
    [
        (QUERY, "GetCart", {"id": "cart-1"}, 3),
        (MUTATION, "CancelOrder", {"input": {"orderId": "o-1"}}, 1),
    ],
    ids=["query", "mutation"],
)
def test_a_retryable_status_whose_body_does_not_decode_is_retried_for_its_status(
    call: Call,
    sleeps: Sleeps,
    document: str,
    operation: str,
    variables: dict[str, Any],
    requests: int,
) -> None:
    busy = Reply(503, b"not gzip", GZIP)
    with ScriptedServer([busy]) as server, pytest.raises(HTTPStatusError) as raised:
        call(server.url, document, operation, variables=variables, retry=sleeps.policy())
    assert raised.value.status_code == 503
    assert isinstance(raised.value.__cause__, httpx.DecodingError)
    assert len(server.requests) == requests
    refused = Reply(400, b"not gzip", GZIP)
    with ScriptedServer([refused]) as server, pytest.raises(HTTPStatusError, match="HTTP 400"):
        call(server.url, document, operation, variables=variables, retry=sleeps.policy())
    assert len(server.requests) == 1


@pytest.mark.parametrize("status", [200, 400])
def test_json_nested_too_deep_to_parse_is_no_graphql_response(call: Call, status: int) -> None:
    reply = Reply(status, DEEP_JSON, {"Content-Type": "application/json"})
    expected = InvalidResponseError if status == 200 else HTTPStatusError
    with ScriptedServer([reply]) as server, pytest.raises(expected) as raised:
        call(server.url, QUERY, "GetCart", retry=RetryPolicy(attempts=1))
    assert raised.value.response_body == DEEP_JSON[:2000].decode()
    if isinstance(raised.value, InvalidResponseError):
        assert "nested too deep" in raised.value.reason
    else:
        assert raised.value.errors == []


def test_extensions_nested_too_deep_are_cut_off_and_still_scrubbed(call: Call) -> None:
    levels = 800
    deep = '{"a":' * levels + json.dumps(f"echo {API_KEY}") + "}" * levels
    error = f'{{"message": "deep", "extensions": {{"sent": "{API_KEY}", "deep": {deep}}}}}'
    body = f'{{"data": null, "errors": [{error}]}}'.encode()
    reply = Reply(200, body, {"Content-Type": "application/json"})
    with ScriptedServer([reply]) as server, pytest.raises(GraphQLResponseError) as raised:
        call(server.url, QUERY, "GetCart", api_key=API_KEY)
    (detail,) = raised.value.errors
    assert detail.extensions["sent"] == "***"
    value, kept = detail.extensions["deep"], 0
    while isinstance(value, dict):
        value, kept = value["a"], kept + 1
    assert value == TOO_DEEP
    assert kept == MAX_SCRUBBED_DEPTH - 3  # errors, the error, its extensions
    shown = repr(vars(raised.value))  # and so its repr, equality, ... stay within the stack
    assert API_KEY not in shown and TOO_DEEP in shown


def test_a_final_500_is_an_http_status_error_with_masked_headers(call: Call) -> None:
    body = "x" * 5000
    headers = {"Set-Cookie": COOKIE, "X-Upstream-Token": CUSTOM_TOKEN, "X-Request-Id": "r-1"}
    reply = Reply(500, body.encode(), headers)
    with ScriptedServer([reply]) as server, pytest.raises(HTTPStatusError) as raised:
        call(server.url, QUERY, "GetCart", retry=RetryPolicy(attempts=1))
    error = raised.value
    assert isinstance(error, TransportError)
    assert error.status_code == 500
    assert error.response_body == "x" * 2000
    assert error.headers["set-cookie"] == "***"
    assert error.headers["x-upstream-token"] == "***"
    assert error.headers["x-request-id"] == "r-1"
    assert str(error).startswith(f"HTTP 500 from {server.url}: xxx")


def test_graphql_errors_keep_their_extensions_and_partial_data(call: Call) -> None:
    answer = {
        "data": {"getCart": None},
        "errors": [
            {
                "message": "Cart not found",
                "locations": [{"line": 1, "column": 31}],
                "path": ["getCart"],
                "extensions": {"code": "CART_NOT_FOUND", "details": {"cartId": "cart-1"}},
            },
            {"message": "Second problem"},
        ],
    }
    with (
        ScriptedServer([Reply.json(answer)]) as server,
        pytest.raises(GraphQLResponseError) as raised,
    ):
        call(server.url, QUERY, "GetCart")
    error = raised.value
    assert error.data == {"getCart": None}
    first, second = error.errors
    assert first.message == "Cart not found"
    assert first.extensions == {"code": "CART_NOT_FOUND", "details": {"cartId": "cart-1"}}
    assert first.code == "CART_NOT_FOUND"
    assert first.path == ("getCart",)
    assert (first.locations[0].line, first.locations[0].column) == (1, 31)
    assert second.extensions == {} and second.path is None
    assert (
        str(error) == "2 GraphQL errors: Cart not found at getCart [CART_NOT_FOUND]; Second problem"
    )


VALIDATION_FAILED = {
    "errors": [
        {
            "message": 'Cannot query field "cartt" on type "Query".',
            "locations": [{"line": 1, "column": 3}],
            "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"},
        }
    ],
    "data": None,
}


@pytest.mark.parametrize("status", [400, 422])
def test_a_4xx_with_graphql_errors_is_a_graphql_response_error(
    call: Call, sleeps: Sleeps, status: int
) -> None:
    # gqlgen answers a query that fails validation with 422 and `errors`; others use 400.
    reply = Reply.json(VALIDATION_FAILED, status=status)
    with ScriptedServer([reply]) as server, pytest.raises(GraphQLResponseError) as raised:
        call(server.url, QUERY, "GetCart", retry=sleeps.policy())
    error = raised.value
    assert not isinstance(error, TransportError)  # no use trying again
    assert error.status_code == status
    assert error.data is None
    (detail,) = error.errors
    assert detail.extensions == {"code": "GRAPHQL_VALIDATION_FAILED"}
    assert detail.code == "GRAPHQL_VALIDATION_FAILED"
    assert (detail.locations[0].line, detail.locations[0].column) == (1, 3)
    assert str(error) == (
        f'GraphQL error (HTTP {status}): Cannot query field "cartt" on type "Query". '
        "[GRAPHQL_VALIDATION_FAILED]"
    )
    assert len(server.requests) == 1 and sleeps.delays == []


@pytest.mark.parametrize("status", [429, 503])
def test_a_retryable_status_with_graphql_errors_is_retried_and_keeps_them(
    call: Call, sleeps: Sleeps, status: int
) -> None:
    busy = {"errors": [{"message": "Too busy", "extensions": {"code": "RATE_LIMITED"}}]}
    with (
        ScriptedServer([Reply.json(busy, status=status)]) as server,
        pytest.raises(HTTPStatusError) as raised,
    ):
        call(server.url, QUERY, "GetCart", retry=sleeps.policy())
    assert len(server.requests) == 3 and sleeps.delays == [0.5, 1.0]
    assert raised.value.status_code == status
    assert [e.code for e in raised.value.errors] == ["RATE_LIMITED"]


@pytest.mark.parametrize(
    "reply",
    [
        Reply(400, b"<html>bad request</html>", {"Content-Type": "text/html"}),
        Reply.json({"message": "Forbidden"}, status=403),  # a gateway's JSON, not GraphQL's
        Reply.json({"errors": []}, status=400),
        Reply.json({"errors": [{"msg": "no message"}]}, status=400),
        Reply.json({"errors": "boom"}, status=400),
    ],
    ids=["html", "gateway-json", "no-errors", "no-message", "errors-not-a-list"],
)
def test_a_4xx_without_graphql_errors_stays_an_http_status_error(call: Call, reply: Reply) -> None:
    with ScriptedServer([reply]) as server, pytest.raises(HTTPStatusError) as raised:
        call(server.url, QUERY, "GetCart")
    assert raised.value.status_code == reply.status
    assert raised.value.errors == []
    assert raised.value.response_body == reply.body.decode()


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (Reply(200, b"<html>gateway says hi</html>", {"Content-Type": "text/html"}), "not JSON"),
        (Reply.json([1, 2]), "not a JSON object"),
        (Reply.json({"result": 1}), "neither `data` nor `errors`"),
        (Reply.json({"data": None}), "neither `data` nor `errors`"),
        (Reply.json({"data": [1]}), "`data` is not an object"),
        (Reply.json({"errors": "boom"}), "`errors` is not a list"),
        (Reply.json({"errors": [{"msg": "x"}]}), "no string `message`"),
    ],
)
def test_a_2xx_that_is_not_a_graphql_response_is_invalid(
    call: Call, reply: Reply, reason: str
) -> None:
    with ScriptedServer([reply]) as server, pytest.raises(InvalidResponseError) as raised:
        call(server.url, QUERY, "GetCart")
    assert isinstance(raised.value, TransportError)
    assert reason in raised.value.reason
    assert raised.value.status_code == 200
    assert raised.value.response_body == reply.body.decode()


class Cart(pydantic.BaseModel):
    id: str
    item_count: int


class GetCartResult(pydantic.BaseModel):
    cart: Cart


def test_data_that_does_not_fit_the_model_is_a_response_validation_error() -> None:
    with ScriptedServer([OK]) as server, BaseClient(server.url) as client:
        data = client.get_data(client.execute(QUERY, "GetCart", {"id": "cart-1"}))
        with pytest.raises(ResponseValidationError) as raised:
            client.validate_result(GetCartResult, data)
        good = client.validate_result(GetCartResult, {"cart": {"id": "c", "item_count": 2}})
    assert good == GetCartResult(cart=Cart(id="c", item_count=2))
    error = raised.value
    assert error.model_name == "GetCartResult"
    assert error.data == DATA
    assert isinstance(error.__cause__, pydantic.ValidationError)
    assert error.validation_error is error.__cause__
    assert "the response does not fit GetCartResult" in str(error)


def test_an_injected_http_client_is_used_and_left_open() -> None:
    with ScriptedServer([OK]) as server, httpx.Client(headers={"X-Own": "1"}) as own:
        with BaseClient(server.url, http_client=own) as client:
            client.execute(QUERY, "GetCart", {"id": "c"})
        assert not own.is_closed
        assert own.post(server.url, json={}).status_code == 200  # still usable
    assert server.requests[0].header("X-Own") == "1"


def test_an_injected_async_http_client_is_left_open() -> None:
    async def run(url: str) -> tuple[bool, bool]:
        async with httpx.AsyncClient() as own:
            async with AsyncBaseClient(url, http_client=own) as client:
                await client.execute(QUERY, "GetCart", {"id": "c"})
            owned = AsyncBaseClient(url)
            async with owned:
                await owned.execute(QUERY, "GetCart", {"id": "c"})
            return own.is_closed, owned.http_client.is_closed

    with ScriptedServer([OK]) as server:
        injected_closed, owned_closed = asyncio.run(run(server.url))
    assert (injected_closed, owned_closed) == (False, True)


def test_the_client_it_creates_is_closed() -> None:
    with BaseClient("http://127.0.0.1:1/q") as client:
        pass
    assert client.http_client.is_closed


def outcome(run: Call, url: str, document: str, operation: str, **options: Any) -> object:
    """What a call returned, or the type and message of what it raised."""
    try:
        return run(url, document, operation, **options)
    except RyeClientError as error:
        return (type(error), str(error))


@pytest.mark.parametrize(
    "script",
    [
        [OK],
        [UNAVAILABLE, OK],
        [UNAVAILABLE],
        [Reply.json({"errors": [{"message": "no", "extensions": {"code": "X"}}], "data": None})],
        [Reply(200, b"not json")],
        [Reply(200, DEEP_JSON)],
        [NOT_GZIP],
        [Reply(503, b"not gzip", GZIP), Reply(200, gzip.compress(OK.body), GZIP)],
    ],
    ids=["ok", "retried", "exhausted", "graphql-errors", "invalid", "deep", "not-gzip", "gzip"],
)
def test_sync_and_async_clients_agree(script: list[Reply]) -> None:
    results = []
    for run in (call_sync, call_async):
        sleeps = Sleeps()
        with ScriptedServer(script) as server:
            result = outcome(run, server.url, QUERY, "GetCart", retry=sleeps.policy())
            url = server.url
        sent = [(r.body, r.header("Authorization")) for r in server.requests]
        results.append((str(result).replace(url, "<url>"), sent, sleeps.delays))
    assert results[0] == results[1]


def test_no_secret_in_any_error_repr_or_log(
    sleeps: Sleeps, refused_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    # Ours at every level; httpcore's debug lines echo what the server sent, and are not ours.
    caplog.set_level(logging.DEBUG, logger="generator.runtime")
    options: dict[str, Any] = {
        "api_key": API_KEY,
        "shopper_ip": SHOPPER_IP,
        "headers": {"X-Rye-Token": CUSTOM_TOKEN, "Cookie": COOKIE},
        "retry": sleeps.policy(),
    }
    echo = f"you sent {BASIC} and {API_KEY} and {CUSTOM_TOKEN} and {COOKIE}"
    response_headers = {"Set-Cookie": COOKIE, "X-Auth-Echo": BASIC}
    scripts = [
        [Reply(500, echo.encode(), response_headers)],
        [Reply(200, echo.encode(), response_headers)],
        [Reply.json({"errors": [{"message": "denied"}], "data": None}, headers=response_headers)],
        [Reply.json({"errors": [{"message": echo, "extensions": {"sent": [echo]}}]}, status=401)],
        [Reply.json({"errors": [{"message": echo, "path": [echo]}], "data": None})],
    ]
    errors: list[BaseException] = []
    for run in (call_sync, call_async):
        for script in scripts:
            with ScriptedServer(script) as server, pytest.raises(RyeClientError) as raised:
                run(server.url, QUERY, "GetCart", **options)
            errors.append(raised.value)
        with pytest.raises(TransportError) as refused:
            run(refused_url, QUERY, "GetCart", **options)
        errors.append(refused.value)
        with ScriptedServer([Reply(hold=True)]) as server, pytest.raises(TransportError) as slow:
            run(server.url, QUERY, "GetCart", **{**options, "timeout": 0.05})
        errors.append(slow.value)

    shown = [repr(BaseClient(**options)), repr(AsyncBaseClient(**options))]
    for error in errors:
        shown += [str(error), repr(error), str(error.__cause__), repr(error.__cause__)]
        shown += [repr(vars(error))]
    shown += [record.getMessage() for record in caplog.records]
    assert len([r for r in caplog.records if "retrying" in r.getMessage()]) == 12
    assert "Basic ***" in shown[0] and SHOPPER_IP in shown[0]
    assert "you sent *** and *** and *** and ***" in str(errors[0])
    assert errors[3].errors[0].extensions == {"sent": ["you sent *** and *** and *** and ***"]}
    for text in shown:
        for secret in SECRETS:
            assert secret not in text, (secret, text)


def test_a_url_with_credentials_is_masked_in_the_repr() -> None:
    client = BaseClient("https://user:S3CRET@example.com/v1/query")
    assert repr(client) == "BaseClient(url='https://***@example.com/v1/query', headers={})"


def test_a_generated_model_round_trips_through_the_rye_server(rye_server: RyeServer) -> None:
    # queries/cancel_order.graphql as the generated client sends it (`__typename` added).
    document = """
        mutation CancelOrder($input: CancelOrderInput!) {
          cancelOrder(input: $input) {
            result {
              __typename
              ... on CancelAmazonOrderResult { items { amazonOrderId status failReason } }
              ... on CancelShopifyOrderResult { status }
            }
            error { message code }
          }
        }
    """

    async def cancel(order_id: str) -> CancelOrder:
        async with AsyncBaseClient(rye_server.url, api_key=API_KEY) as client:
            variables: dict[str, Any] = {"input": CancelOrderInput(orderId=order_id)}
            response = await client.execute(document, "CancelOrder", variables)
            return client.validate_result(CancelOrder, client.get_data(response))

    result = asyncio.run(cancel(AMAZON_ORDER_ID))
    assert result.cancel_order.result is not None
    assert rye_server.requests[0].body["variables"] == {"input": {"orderId": AMAZON_ORDER_ID}}
    with pytest.raises(GraphQLResponseError) as raised:
        asyncio.run(cancel(MANUAL_ORDER_ID))
    assert raised.value.errors[0].code == "REQUEST_MANUAL_CANCELLATION"
