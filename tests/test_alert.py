"""Alerts: payloads a Slack webhook accepts, posted with retries to a real receiver.

Every HTTP test posts to a `WebhookReceiver` on 127.0.0.1; nothing of ours is mocked.
Retries run with `backoff=0`, so a whole retry loop takes milliseconds.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any

import pytest

from generator.alert import (
    MAX_BLOCKS,
    MAX_SECTION_CHARS,
    MAX_TOTAL_WAIT_SECONDS,
    AlertError,
    mrkdwn_text,
    notify,
    post,
    slack_payload,
    webhook_origin,
)
from generator.diagnostics import Location
from generator.drift.model import Change, DriftReport, Impact, Severity, Use
from generator.errors import ConfigError, RyeCodegenError
from generator.report import render_json, summary_line
from tests.webhook_receiver import NO_REPLY, WebhookReceiver

SECRET_PATH = "/services/T000/B000/SECRET?token=abc"
SECRET_PARTS = ("SECRET", "abc", "T000", "services", "token", "hunter2")

StartReceiver = Callable[..., WebhookReceiver]


@pytest.fixture
def webhook() -> Iterator[StartReceiver]:
    """Start receivers with `webhook([500, 200], headers={...})`; all stop after the test."""
    receivers: list[WebhookReceiver] = []

    def start(statuses: Sequence[int] = (200,), **kwargs: Any) -> WebhookReceiver:
        receiver = WebhookReceiver(statuses, **kwargs)
        receivers.append(receiver)
        receiver.start()
        return receiver

    yield start
    for receiver in receivers:
        receiver.stop()


def closed_port_url(path: str = "/hook") -> str:
    """A URL on 127.0.0.1 where nothing listens: the port was bound, then released."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"


def use(operation: str, path: str, line: int) -> Use:
    return Use(Location(path, line, 3), operation)


def change(
    coordinate: str = "Query.cart",
    *,
    impact: Impact = Impact.BREAKS,
    severity: Severity = Severity.BREAKING,
    message: str = "Field 'Query.cart' was removed.",
    used_by: tuple[Use, ...] = (),
    impact_reason: str = "",
) -> Change:
    return Change(
        kind="FIELD_REMOVED",
        coordinate=coordinate,
        severity=severity,
        message=message,
        impact=impact,
        used_by=used_by,
        impact_reason=impact_reason,
    )


def report(*changes: Change, failed: bool = True) -> DriftReport:
    failing = tuple(c for c in changes if c.impact is Impact.BREAKS) if failed else ()
    return DriftReport("schema/rye.graphql", "new.graphql", changes, "impact", failing)


BREAKING_CART = change(
    used_by=(use("GetCart", "queries/get_cart.graphql", 2), use("Cart", "queries/frag.graphql", 9))
)
UNTOUCHED = change("Query.other", impact=Impact.NONE, message="Field 'Query.other' was removed.")
FAILED = report(BREAKING_CART, UNTOUCHED)


def section_texts(payload: dict[str, Any]) -> list[str]:
    return [block["text"]["text"] for block in payload["blocks"] if block["type"] == "section"]


def context_text(payload: dict[str, Any]) -> str:
    last = payload["blocks"][-1]
    assert last["type"] == "context"
    return str(last["elements"][0]["text"])


# --- the Slack payload -------------------------------------------------------------------


def test_the_slack_payload_reaches_the_webhook_in_slack_shape(webhook: StartReceiver) -> None:
    receiver = webhook()
    posted = notify(FAILED, receiver.url(), {}, fmt="slack", always=False, backoff=0)
    assert posted is True
    [request] = receiver.requests
    assert request.path == "/hook"
    assert request.headers["content-type"].startswith("application/json")
    body = request.body
    summary_text = summary_line(FAILED)
    assert "1 change hits our operations" in summary_text
    headline = f"rye-codegen: Rye schema drift from {FAILED.old_name} to {FAILED.new_name}: "
    assert body["text"] == headline + summary_text
    assert [block["type"] for block in body["blocks"]] == ["section", "section", "context"]
    summary, cart = section_texts(body)
    assert summary == f"*{headline}{summary_text}*"
    assert cart.splitlines() == [
        "*breaking* · impact *breaks* · `Query.cart`",
        "Field 'Query.cart' was removed.",
        "• `Cart` at `queries/frag.graphql:9`",
        "• `GetCart` at `queries/get_cart.graphql:2`",
    ]
    assert context_text(body) == "1 other schema change has no impact on our operations."


def test_untrusted_schema_text_is_escaped_for_mrkdwn() -> None:
    hostile = change(
        message="Use <https://evil.example|this> & tell <!channel> about a > b",
        impact_reason="Rye says: <@U123> & co",
        impact=Impact.DEPRECATED,
        severity=Severity.DEPRECATION,
    )
    payload = slack_payload(report(hostile))
    text = section_texts(payload)[1]
    escaped = "Use &lt;https://evil.example|this&gt; &amp; tell &lt;!channel&gt; about a &gt; b"
    assert escaped in text.splitlines()
    assert "Rye says: &lt;@U123&gt; &amp; co" in text.splitlines()
    everything = json.dumps(payload)
    assert "<" not in everything and ">" not in everything


def test_a_backtick_in_a_file_name_cannot_end_a_code_span() -> None:
    use = Use(Location("queries/z`*bold* _it_`.graphql", 3, 1), frozenset({"Q3"}))
    text = section_texts(slack_payload(report(change(used_by=(use,)))))[1]
    line = next(line for line in text.splitlines() if line.startswith("• "))
    assert line.count("`") == 2 + 2  # the operation's code span, and the name's own two
    assert line == "• `Q3` at queries/z`*bold* _it_`.graphql:3"


def test_control_and_bidi_characters_cannot_reshape_the_message() -> None:
    assert mrkdwn_text("a\nb\u202ec <d>") == "a\\nb\\u202ec &lt;d&gt;"
    text = section_texts(slack_payload(report(change(message="line one\n*line two*"))))[1]
    assert text.splitlines()[1] == "line one\\n*line two*"


def test_changes_that_break_come_first_and_untouched_ones_are_only_counted() -> None:
    deprecated = change("Query.old", impact=Impact.DEPRECATED, severity=Severity.DEPRECATION)
    allowed = change("Mutation.cancelOrder", impact=Impact.ALLOWED, severity=Severity.DEPRECATION)
    payload = slack_payload(report(UNTOUCHED, allowed, deprecated, BREAKING_CART))
    coordinates = [text.split("`")[1] for text in section_texts(payload)[1:]]
    assert coordinates == ["Query.cart", "Query.old", "Mutation.cancelOrder"]
    assert context_text(payload) == "1 other schema change has no impact on our operations."


def test_a_report_without_untouched_changes_says_so() -> None:
    assert context_text(slack_payload(report(BREAKING_CART))) == "No other schema changes."


def test_more_changes_than_slack_allows_blocks_for_are_counted_in_the_context() -> None:
    many = [change(f"Query.field{n:02}") for n in range(60)]
    payload = slack_payload(report(*reversed(many), UNTOUCHED, UNTOUCHED))
    assert len(payload["blocks"]) == MAX_BLOCKS
    assert len(section_texts(payload)) == MAX_BLOCKS - 1
    assert context_text(payload).splitlines() == [
        "…and 12 more changes that hit our operations: see the full report.",
        "2 other schema changes have no impact on our operations.",
    ]
    # The same changes in any order give the same message: the first 48 by coordinate.
    assert section_texts(payload)[-1].startswith("*breaking* · impact *breaks* · `Query.field47`")


def test_a_section_with_too_many_uses_lists_what_fits_and_counts_the_rest() -> None:
    uses = tuple(use(f"Operation{n:03}", f"queries/op{n:03}.graphql", n) for n in range(300))
    payload = slack_payload(report(change(used_by=uses)))
    text = section_texts(payload)[1]
    assert len(text) <= MAX_SECTION_CHARS
    listed = [line for line in text.splitlines() if line.startswith("• ")]
    assert 50 < len(listed) < 300
    assert text.splitlines()[-1] == f"…and {300 - len(listed)} more"


def test_huge_schema_text_is_clipped_without_breaking_an_escape() -> None:
    payload = slack_payload(report(change(message="&" * 5000, impact_reason="<" * 5000)))
    text = section_texts(payload)[1]
    assert len(text) <= MAX_SECTION_CHARS
    message, reason = text.splitlines()[1:3]
    assert message.endswith("&amp;…") and message.count("&amp;") == len(message) // 5
    assert reason.endswith("&lt;…")


# --- the JSON payload --------------------------------------------------------------------


def test_the_json_format_sends_the_json_report_as_is(webhook: StartReceiver) -> None:
    receiver = webhook()
    notify(FAILED, receiver.url(), {}, fmt="json", always=False, backoff=0)
    [request] = receiver.requests
    assert request.raw_body == render_json(FAILED).encode()
    changes = request.body["changes"]
    assert [(c["coordinate"], c["impact"]) for c in changes] == [
        ("Query.cart", "breaks"),
        ("Query.other", "none"),
    ]
    assert request.headers["content-type"].startswith("application/json")


# --- when to post ------------------------------------------------------------------------


def test_nothing_is_posted_when_the_report_did_not_fail(webhook: StartReceiver) -> None:
    receiver = webhook()
    passed = report(BREAKING_CART, failed=False)
    assert notify(passed, receiver.url(), {}, fmt="slack", always=False) is False
    assert receiver.requests == []
    assert notify(passed, receiver.url(), {}, fmt="slack", always=True) is True
    assert len(receiver.requests) == 1


def test_the_url_comes_from_the_environment(webhook: StartReceiver) -> None:
    receiver = webhook()
    environ = {"HOOK_URL": receiver.url("/services/T000/B000/XYZ")}
    notify(FAILED, "${HOOK_URL}", environ, fmt="slack", always=False)
    assert [request.path for request in receiver.requests] == ["/services/T000/B000/XYZ"]


@pytest.mark.parametrize("failed", [True, False])
def test_a_missing_variable_is_named_even_when_there_is_nothing_to_post(failed: bool) -> None:
    with pytest.raises(ConfigError, match=r"^environment variable HOOK_URL is not set$"):
        notify(
            report(BREAKING_CART, failed=failed),
            "${HOOK_URL}",
            {"OTHER": "https://example.com/SECRET"},
            fmt="slack",
            always=False,
        )


@pytest.mark.parametrize("value", ["", "hooks.slack.com/services/T000/B000/SECRET", "ftp://x/y"])
def test_a_variable_that_is_no_http_url_is_a_config_error_without_its_value(value: str) -> None:
    with pytest.raises(ConfigError) as raised:
        notify(
            FAILED,
            "${HOOK_URL}",
            {"HOOK_URL": value},
            fmt="slack",
            always=True,
        )
    assert raised.value.message == (
        "the webhook URL (from ${HOOK_URL}) is not an http(s) URL with a host"
    )


# --- retries -----------------------------------------------------------------------------


def test_a_server_error_is_retried_until_it_succeeds(webhook: StartReceiver) -> None:
    receiver = webhook([500, 200])
    post(receiver.url(), {"text": "hi"}, backoff=0)
    assert [request.status for request in receiver.requests] == [500, 200]
    assert [request.body for request in receiver.requests] == [{"text": "hi"}] * 2


def test_rate_limiting_is_retried(webhook: StartReceiver) -> None:
    receiver = webhook([429, 429, 200], headers={"Retry-After": "0"})
    post(receiver.url(), b"{}", backoff=0)
    assert len(receiver.requests) == 3


def test_a_timeout_is_retried(webhook: StartReceiver) -> None:
    receiver = webhook([NO_REPLY, 200])
    post(receiver.url(), b"{}", timeout=0.05, backoff=0)
    assert [request.status for request in receiver.requests] == [NO_REPLY, 200]


def test_a_server_that_keeps_failing_gives_an_alert_error(webhook: StartReceiver) -> None:
    receiver = webhook([500])
    with pytest.raises(AlertError) as raised:
        post(receiver.url(), b"{}", retries=4, backoff=0)
    assert len(receiver.requests) == 4
    error = raised.value
    assert isinstance(error, RyeCodegenError) and error.code == "alert"
    assert (error.attempts, error.status) == (4, 500)
    assert error.message == (
        f"could not post the alert to http://127.0.0.1:{receiver.port}: HTTP 500 after 4 attempts"
    )


@pytest.mark.parametrize(
    ("error_body", "shown"),
    [
        (b"invalid_payload", " (invalid_payload)"),
        (b"<html>Internal error</html>", ""),
        (b"no_service\nat /services/T000/B000/SECRET", ""),
        (b"secret", ""),  # a bare code that is part of the URL is not shown either
    ],
)
def test_a_webhook_error_code_is_shown_but_nothing_else_of_the_body(
    webhook: StartReceiver, error_body: bytes, shown: str
) -> None:
    receiver = webhook([400], error_body=error_body)
    with pytest.raises(AlertError) as raised:
        post(receiver.url("/services/T000/B000/secret"), b"{}", backoff=0)
    assert raised.value.message.endswith(f": HTTP 400{shown} after 1 attempt")


@pytest.mark.parametrize("status", [400, 403, 404, 301])
def test_a_client_error_is_not_retried(webhook: StartReceiver, status: int) -> None:
    receiver = webhook([status, 200])
    with pytest.raises(AlertError, match=f"HTTP {status} after 1 attempt$"):
        post(receiver.url(), b"{}", retries=3, backoff=0)
    assert len(receiver.requests) == 1


def test_an_unreachable_webhook_gives_a_one_line_alert_error() -> None:
    url = closed_port_url()
    with pytest.raises(AlertError) as raised:
        post(url, b"{}", retries=2, backoff=0)
    message = str(raised.value)
    assert "\n" not in message
    assert (
        message
        == f"could not post the alert to {url[: -len('/hook')]}: ConnectError after 2 attempts"
    )
    assert raised.value.status is None


def test_waits_grow_exponentially_and_are_capped_in_total(webhook: StartReceiver) -> None:
    receiver = webhook([503])
    waits: list[float] = []
    with pytest.raises(AlertError):
        post(receiver.url(), b"{}", retries=4, backoff=1, sleep=waits.append)
    assert waits == [1, 2, 4]
    waits.clear()
    with pytest.raises(AlertError):
        post(receiver.url(), b"{}", retries=4, backoff=20, sleep=waits.append)
    assert waits == [20, MAX_TOTAL_WAIT_SECONDS - 20, 0]


def test_retry_after_lengthens_a_wait(webhook: StartReceiver) -> None:
    receiver = webhook([429], headers={"Retry-After": "7"})
    waits: list[float] = []
    with pytest.raises(AlertError, match="HTTP 429 after 3 attempts"):
        post(receiver.url(), b"{}", backoff=0.5, sleep=waits.append)
    assert waits == [7, 7]


def test_retries_count_every_attempt() -> None:
    with pytest.raises(ValueError):
        post("http://127.0.0.1:9/", b"{}", retries=0)


# --- secrets -----------------------------------------------------------------------------


def assert_no_secret(error: AlertError) -> None:
    shown = " ".join(
        [str(error), repr(error), error.message, error.hint or "", *map(str, error.args)]
    )
    for part in SECRET_PARTS:
        assert part not in shown
    # A chained httpx error would carry the request and its URL into a traceback.
    assert error.__cause__ is None and error.__context__ is None


def test_an_error_from_a_secret_url_shows_only_its_origin(webhook: StartReceiver) -> None:
    receiver = webhook([500])
    url = f"http://hook:hunter2@127.0.0.1:{receiver.port}{SECRET_PATH}"
    with pytest.raises(AlertError) as raised:
        post(url, b"{}", backoff=0)
    assert receiver.requests[0].path == SECRET_PATH  # the secret did reach the webhook
    assert_no_secret(raised.value)
    assert f"http://127.0.0.1:{receiver.port}: HTTP 500" in raised.value.message


def test_a_connection_error_from_a_secret_url_shows_only_its_origin() -> None:
    with pytest.raises(AlertError) as raised:
        post(closed_port_url(SECRET_PATH), b"{}", retries=1, backoff=0)
    assert_no_secret(raised.value)


@pytest.mark.parametrize(
    "url",
    ["nope://127.0.0.1/SECRET?token=abc", "http://127.0.0.1:99999/SECRET", "http://[::1/SECRET"],
)
def test_an_unusable_url_is_an_alert_error_without_the_secret(url: str) -> None:
    with pytest.raises(AlertError) as raised:
        post(url, b"{}", backoff=0)
    assert_no_secret(raised.value)


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://hooks.slack.com/services/T/B/SECRET", "https://hooks.slack.com"),
        ("https://user:pw@Example.COM:8443/x?token=abc#f", "https://example.com:8443"),
        ("http://[::1]:8080/hook", "http://[::1]:8080"),
        ("hooks.slack.com/services/T/B/SECRET", "the webhook URL"),
        ("http://host:port/SECRET", "the webhook URL"),
        ("", "the webhook URL"),
    ],
)
def test_webhook_origin(url: str, origin: str) -> None:
    assert webhook_origin(url) == origin


def test_an_allowed_deprecation_shows_its_date() -> None:
    allowed = Change(
        kind="FIELD_DEPRECATION_ADDED",
        coordinate="Mutation.cancelOrder",
        severity=Severity.DEPRECATION,
        message="Mutation.cancelOrder is deprecated.",
        impact=Impact.ALLOWED,
        allowed_until=date(2027, 3, 31),
    )
    text = section_texts(slack_payload(report(allowed)))[1]
    assert "allowed until 2027-03-31" in text.splitlines()


def test_a_trickling_answer_is_cut_off_at_the_timeout() -> None:
    """httpx times out each read; a server sending a byte a second must not hold us."""
    import http.server
    import threading
    import time as clock

    class Trickle(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            for _ in range(100):
                try:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                except OSError:
                    return
                clock.sleep(0.05)

        def log_message(self, *_: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    started = clock.monotonic()
    try:
        with pytest.raises(AlertError) as raised:
            post(
                f"http://127.0.0.1:{server.server_port}/hook",
                {"text": "x"},
                timeout=0.5,
                retries=1,
                backoff=0,
            )
    finally:
        server.shutdown()
    assert clock.monotonic() - started < 3  # the whole answer would take 5 s
    assert "ReadTimeout" in str(raised.value)


def test_odd_retry_after_and_proxy_settings_are_alert_errors(
    webhook: StartReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    receiver = webhook([429, 200], headers={"Retry-After": "\u00b2"})
    post(receiver.url(), {"text": "x"}, backoff=0)  # a non-ASCII digit is no wait, not a crash
    assert len(receiver.requests) == 2
    monkeypatch.setenv("HTTP_PROXY", "foo://proxy")
    monkeypatch.setenv("http_proxy", "foo://proxy")
    with pytest.raises(AlertError, match="could not post the alert to http://example.invalid"):
        post("http://example.invalid/services/SECRET", {"text": "x"}, backoff=0)
