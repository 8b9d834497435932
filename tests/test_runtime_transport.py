"""The pure parts the two clients share: headers, masking, retry arithmetic, operation kinds,
variables. (Sending and reading responses is covered against servers in test_runtime_clients.)"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from rye_client import CancelOrderInput, CartCreateInput
from rye_client.base_model import UNSET

from generator.runtime._redaction import (
    MAX_SCRUBBED_DEPTH,
    TOO_DEEP,
    mask_header_value,
    mask_headers,
    mask_url,
    scrub_json,
    scrub_secrets,
)
from generator.runtime._transport import (
    AttemptDeadline,
    RetryPolicy,
    merge_headers,
    operation_kind,
    retry_after_seconds,
    rye_headers,
    serialize_scalar,
    serialize_variables,
)
from generator.runtime.exceptions import GraphQLErrorDetail, GraphQLResponseError
from generator.runtime.scalars import Percentage, Time

FRAGMENTS = """
fragment CartFields on Cart { id mutation: id query { x } }
"""


def test_rye_headers_match_the_javascript_sdk() -> None:
    # node -e 'console.log(btoa("RYE/staging-1234:"))'
    assert rye_headers("RYE/staging-1234", "198.51.100.4") == {
        "Authorization": "Basic UllFL3N0YWdpbmctMTIzNDo=",
        "Rye-Shopper-IP": "198.51.100.4",
    }
    assert rye_headers(None, None) == {}


def test_merge_headers_replaces_by_case_insensitive_name() -> None:
    merged = merge_headers({"Authorization": "a", "X-One": "1"}, None, {"AUTHORIZATION": "b"})
    assert merged == {"X-One": "1", "AUTHORIZATION": "b"}


@pytest.mark.parametrize(
    ("name", "value", "shown"),
    [
        ("Authorization", "Basic c2VjcmV0Og==", "Basic ***"),
        ("authorization", "Bearer abc.def", "Bearer ***"),
        ("Authorization", "rawkeywithoutscheme", "***"),
        ("Proxy-Authorization", "Basic eA==", "Basic ***"),
        ("Cookie", "a=1; b=2", "***"),
        ("Set-Cookie", "session=1", "***"),
        ("X-Api-Key", "Basic looks-like-a-scheme", "***"),  # only Authorization has schemes
        ("X-Rye-Token", "t", "***"),
        ("Client-Secret", "s", "***"),
        ("X-Auth-User", "u", "***"),
        ("Rye-Shopper-IP", "203.0.113.7", "203.0.113.7"),
        ("Content-Type", "application/json", "application/json"),
    ],
)
def test_secret_headers_are_masked(name: str, value: str, shown: str) -> None:
    assert mask_header_value(name, value) == shown


def test_mask_headers_keeps_names_and_ordinary_values() -> None:
    headers = httpx.Headers({"Authorization": "Basic x==", "Accept": "*/*"})
    assert mask_headers(headers) == {"authorization": "Basic ***", "accept": "*/*"}


def test_scrub_secrets_masks_values_credentials_and_the_decoded_key() -> None:
    headers = {"Authorization": "Basic c2tfbGl2ZV9rZXk6", "X-Trace": "trace-1"}  # sk_live_key:
    text = "auth=Basic c2tfbGl2ZV9rZXk6 cred=c2tfbGl2ZV9rZXk6 key=sk_live_key trace=trace-1"
    assert scrub_secrets(text, headers) == "auth=*** cred=*** key=*** trace=trace-1"


def test_scrub_json_cuts_off_what_is_nested_too_deep_and_never_recurses_past_it() -> None:
    headers = {"Authorization": "Basic c2tfbGl2ZV9rZXk6"}  # sk_live_key:
    deep: Any = "key=sk_live_key"
    for level in range(100_000):  # far past the interpreter's recursion limit
        deep = [deep] if level % 2 else {"sk_live_key": deep}
    scrubbed = scrub_json([{"message": "sk_live_key", "deep": deep}], headers)
    assert scrubbed[0]["message"] == "***"
    value, levels = scrubbed[0]["deep"], 2
    while isinstance(value, dict | list):
        if isinstance(value, dict):
            assert list(value) == ["***"]  # keys are scrubbed too
            value = value["***"]
        else:
            (value,) = value
        levels += 1
    assert value == TOO_DEEP
    assert levels == MAX_SCRUBBED_DEPTH
    shallow = {"a": [{"b": "sk_live_key"}], 1: None}
    assert scrub_json(shallow, headers) == {"a": [{"b": "***"}], 1: None}


def test_an_attempt_may_take_as_long_as_the_longest_httpx_limit() -> None:
    def deadline(timeout: Any, clock: Any = None) -> AttemptDeadline:
        extensions = {"timeout": httpx.Timeout(timeout).as_dict()}
        request = httpx.Request("POST", "http://127.0.0.1/q", extensions=extensions)
        return AttemptDeadline(request, clock) if clock else AttemptDeadline(request)

    assert deadline(2).seconds == 2
    assert deadline(httpx.Timeout(10, connect=2)).seconds == 10
    assert deadline(httpx.Timeout(None, read=3)).seconds == 3
    assert deadline(None).seconds is None
    now = [100.0]
    timed = deadline(2, lambda: now[0])
    now[0] = 102.0
    timed.check()  # at the deadline: still in time
    now[0] = 102.5
    with pytest.raises(httpx.ReadTimeout, match="longer than the 2 s an attempt may take"):
        timed.check()
    deadline(None).check()


def test_mask_url_hides_user_info_only() -> None:
    assert mask_url("https://u:p@example.com:8443/v1?q=1") == "https://***@example.com:8443/v1?q=1"
    assert mask_url("https://example.com/v1/query") == "https://example.com/v1/query"


def test_backoff_doubles_from_half_a_second_up_to_the_cap() -> None:
    policy = RetryPolicy(attempts=10)
    assert [policy.backoff(n) for n in range(1, 8)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    assert RetryPolicy() == RetryPolicy(attempts=3, base_delay=0.5, max_delay=8.0)


def response(status: int, **headers: str) -> httpx.Response:
    return httpx.Response(status, headers=headers)


def test_which_outcomes_are_retried_and_when() -> None:
    policy = RetryPolicy()
    connect = httpx.ConnectError("refused")
    assert policy.delay_before_retry("query", 1, response(503)) == 0.5
    assert policy.delay_before_retry("query", 2, response(500)) == 1.0
    assert policy.delay_before_retry("query", 3, response(503)) is None  # the last attempt
    assert policy.delay_before_retry("query", 1, response(429)) == 0.5
    assert policy.delay_before_retry("query", 1, connect) == 0.5
    assert policy.delay_before_retry("query", 1, httpx.ReadTimeout("slow")) == 0.5
    assert policy.delay_before_retry("query", 1, httpx.RemoteProtocolError("eof")) == 0.5
    for final in (response(200), response(400), response(401), response(404)):
        assert policy.delay_before_retry("query", 1, final) is None
    assert policy.delay_before_retry("query", 1, httpx.UnsupportedProtocol("ftp")) is None
    assert policy.delay_before_retry("mutation", 1, response(503)) is None
    assert policy.delay_before_retry("mutation", 1, connect) is None
    assert RetryPolicy(retry_mutations=True).delay_before_retry("mutation", 1, connect) == 0.5
    assert RetryPolicy(attempts=1).delay_before_retry("query", 1, connect) is None


def test_retry_after_is_read_as_seconds_or_a_date() -> None:
    now = datetime(2015, 10, 21, 7, 27, 30, tzinfo=UTC)
    http_date = "Wed, 21 Oct 2015 07:28:00 GMT"
    assert retry_after_seconds("3", now) == 3.0
    assert retry_after_seconds(" 2 ", now) == 2.0
    assert retry_after_seconds("1.5", now) == 1.5
    assert retry_after_seconds(http_date, now) == 30.0
    assert retry_after_seconds(http_date, datetime(2016, 1, 1, tzinfo=UTC)) == 0.0
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds("-1", now) is None
    assert retry_after_seconds(None, now) is None


def test_retry_after_is_waited_in_full_up_to_max_retry_after() -> None:
    now = datetime(2015, 10, 21, 7, 27, 30, tzinfo=UTC)
    policy = RetryPolicy()
    assert policy.max_retry_after == 60.0

    def asked(value: str, policy: RetryPolicy = policy) -> float | None:
        return policy.delay_before_retry("query", 1, response(429, **{"Retry-After": value}), now)

    assert asked("Wed, 21 Oct 2015 07:28:00 GMT") == 30.0  # more than max_delay: still waited
    assert asked("60") == 60.0
    assert asked("60.5") is None  # longer than we wait: final, its error is raised at once
    assert asked("Wed, 21 Oct 2015 08:27:30 GMT") is None
    assert asked("600", RetryPolicy(max_retry_after=900)) == 600.0
    assert asked("1", RetryPolicy(max_retry_after=0)) is None
    assert asked("0") == 0.0
    assert asked("x") == 0.5  # unreadable: the backoff
    with pytest.raises(ValueError, match="negative"):
        RetryPolicy(max_retry_after=-1)


def test_a_policy_needs_one_attempt() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        RetryPolicy(attempts=0)


@pytest.mark.parametrize(
    ("document", "name", "kind"),
    [
        ("query GetCart($id: ID!) { getCart(id: $id) { id } }", "GetCart", "query"),
        ("mutation CancelOrder { cancelOrder { id } }", "CancelOrder", "mutation"),
        ("mutation CancelOrder { cancelOrder { id } }", None, "mutation"),
        ("query Q { a }" + FRAGMENTS, "Q", "query"),
        (FRAGMENTS + "query Q { mutation { query } }", "Q", "query"),  # fields, not keywords
        ("query Q @cached(ttl: 1) { a }", "Q", "query"),
        ('query Q($i: In = {mutation: "mutation M {"}) { a }', "Q", "query"),
        ("{ getCart { id } }", None, "query"),  # the shorthand
        ("query A { a } mutation B { b }", "A", "query"),
        ("query A { a } mutation B { b }", "B", "mutation"),
        ('query A { a(s: """mutation A { x }""") }  # mutation A {', "A", "query"),
        ("subscription S { s }", "S", "subscription"),
        # Unsure: default to mutation, never retried unless asked.
        ("query A { a } mutation B { b }", None, "mutation"),
        ("query A { a }", "Missing", "mutation"),
        ("query A { a } mutation A { b }", "A", "mutation"),
    ],
)
def test_operation_kind(document: str, name: str | None, kind: str) -> None:
    assert operation_kind(document, name) == kind


class Color(enum.Enum):
    RED = "RED"


def test_variables_are_dumped_by_alias_without_unset_values() -> None:
    cart = CartCreateInput.model_validate({"items": {"amazonCartItemsInput": []}})
    variables: dict[str, Any] = {
        "input": CancelOrderInput(orderId="o-1"),
        "cart": cart,
        "skipped": UNSET,
        "explicitNull": None,
        "list": [CancelOrderInput(orderId="a"), Color.RED, Time("2024-05-01T12:00:00.1Z")],
        "nested": {"keep": Percentage(5), "drop": UNSET},
    }
    assert serialize_variables(variables) == {
        "input": {"orderId": "o-1"},
        "cart": {"items": {"amazonCartItemsInput": []}},  # unset fields left out
        "explicitNull": None,
        "list": [{"orderId": "a"}, "RED", "2024-05-01T12:00:00.1Z"],
        "nested": {"keep": 5},
    }
    assert serialize_variables(None) == {}


def test_a_scalar_serializer_sees_only_values_of_its_type() -> None:
    seen: list[object] = []

    def dump(value: date) -> str:
        seen.append(value)
        return value.isoformat()

    day, other = date(2024, 3, 1), date(2024, 12, 25)
    assert serialize_scalar(dump, UNSET) is UNSET  # left out: serialize_variables drops it
    assert serialize_scalar(dump, None) is None
    assert serialize_scalar(dump, day) == "2024-03-01"
    assert serialize_scalar(dump, None, lists=1) is None
    assert serialize_scalar(dump, [day, None, other], lists=1) == ["2024-03-01", None, "2024-12-25"]
    assert serialize_scalar(dump, [[day], None, [None]], lists=2) == [["2024-03-01"], None, [None]]
    assert seen == [day, day, other, day]
    assert serialize_variables({"d": serialize_scalar(dump, UNSET)}) == {}


def test_a_graphql_error_lists_every_message() -> None:
    error = GraphQLResponseError([GraphQLErrorDetail("Only one")], data=None)
    assert str(error) == "GraphQL error: Only one"
    detail = GraphQLErrorDetail("m", path=("a", 0, "b"), extensions={"code": 7})
    assert str(detail) == "m at a.0.b" and detail.code is None
