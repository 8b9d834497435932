"""Posting a drift report to a webhook: a Slack incoming webhook, or any JSON endpoint.

    notify(report, url_template, environ, fmt=…, always=…)   expand the URL, build, post
    ├── slack_payload(report)    Slack blocks, their text from templates/alert_slack_*.j2
    ├── json_payload(report)     the JSON report (`render_json`), byte for byte
    └── post(url, payload)       POST with retries; AlertError on the final failure

A webhook URL is a secret (Slack's path is the credential). It reaches httpx and nothing
else: errors show only `scheme://host[:port]`, and this module never logs or prints.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal
from urllib.parse import urlsplit

import httpx

from generator.drift.model import Change, DriftReport, Impact, Use
from generator.env import expand, referenced_names
from generator.errors import ConfigError, RyeCodegenError
from generator.printable import printable
from generator.report import render_json, summary_line
from generator.templating import render_template

NotifyFormat = Literal["slack", "json"]
JSONPayload = dict[str, Any]

# Slack's documented limits for a message's blocks.
MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
# Untrusted schema text gets a share of a section, so the uses listed after it still fit.
MAX_MESSAGE_CHARS = 1000
MAX_REASON_CHARS = 500

# However many attempts and whatever Retry-After says, a build waits no longer than this.
MAX_BODY_BYTES = 4096  # of an answer: Slack's error codes are a few bytes
MAX_TOTAL_WAIT_SECONDS = 30.0
_RETRYABLE_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
_HEADERS = {"Content-Type": "application/json; charset=utf-8"}
_IMPACT_RANK = {impact: rank for rank, impact in enumerate(Impact)}
# Slack answers a refused post with a short code as its body: `invalid_payload`, `no_service`.
_ERROR_CODE = re.compile(r"[a-z][a-z_]{1,63}")


class AlertError(RyeCodegenError):
    """The webhook could not be reached or refused the alert after every attempt."""

    code = "alert"

    def __init__(self, message: str, *, attempts: int, status: int | None, hint: str | None):
        super().__init__(message, hint=hint)
        self.attempts = attempts
        self.status = status  # the last HTTP status, None when no response came back


# --- payloads ------------------------------------------------------------------------


def slack_payload(report: DriftReport) -> JSONPayload:
    """A Slack incoming-webhook message: the summary line, one section per change that hits
    our operations (what breaks them first), then a context line counting the rest."""
    headline = (
        f"rye-codegen: Rye schema drift from {report.old_name} to {report.new_name}: "
        f"{summary_line(report)}"
    )
    touched = _by_impact([c for c in report.changes if c.impact is not Impact.NONE])
    untouched = len(report.changes) - len(touched)
    shown = touched[: MAX_BLOCKS - 2]  # the headline and the context line take two blocks
    context = render_template(
        "alert_slack_context.txt.j2", hidden=len(touched) - len(shown), untouched=untouched
    )
    blocks = [
        _section(f"*{_clip(mrkdwn_text(headline), MAX_SECTION_CHARS - 2)}*"),
        *(_section(_change_text(change)) for change in shown),
        {"type": "context", "elements": [{"type": "mrkdwn", "text": context.strip()}]},
    ]
    # The fallback text is what notifications show: name the tool and the schemas in it.
    return {"text": _clip(mrkdwn_text(headline), MAX_SECTION_CHARS), "blocks": blocks}


def json_payload(report: DriftReport) -> bytes:
    """The body for `--notify-format json`: the JSON report, as `--format json` prints it."""
    return render_json(report).encode("utf-8")


def mrkdwn_text(text: str) -> str:
    """Untrusted text that Slack shows as written: `<` would start a link or a `<!channel>`
    mention, and control or bidi characters (spelled out) could reorder what it shows."""
    text = printable(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _by_impact(changes: Iterable[Change]) -> list[Change]:
    """What breaks our operations first, so the sections that fit are the ones that matter;
    then by severity and coordinate, so the same report gives the same message."""
    return sorted(
        changes,
        key=lambda c: (_IMPACT_RANK[c.impact], c.severity.rank, c.coordinate, c.kind, c.message),
    )


def _section(text: str) -> JSONPayload:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


@dataclass(frozen=True)
class _UseView:
    operation: str
    where: str  # path:line, as a code span where it can be one


@dataclass(frozen=True)
class _ChangeView:
    """What the template sees of a change: every string already escaped for mrkdwn."""

    severity: str
    impact: str
    coordinate: str
    message: str
    reason: str
    allowed_until: str
    uses: tuple[_UseView, ...]
    more_uses: int = 0


def _change_text(change: Change) -> str:
    """The section text, listing as many uses as fit in a section and counting the rest."""
    view = _change_view(change)
    all_uses = view.uses
    for shown in range(len(all_uses), -1, -1):
        view = replace(view, uses=all_uses[:shown], more_uses=len(all_uses) - shown)
        text = render_template("alert_slack_change.txt.j2", change=view).strip()
        if len(text) <= MAX_SECTION_CHARS:
            return text
    return _clip(text, MAX_SECTION_CHARS)  # only a huge coordinate gets here


def _change_view(change: Change) -> _ChangeView:
    return _ChangeView(
        severity=change.severity.value,
        impact=change.impact.value,
        coordinate=mrkdwn_text(change.coordinate),
        message=_clip(mrkdwn_text(change.message), MAX_MESSAGE_CHARS),
        reason=_clip(mrkdwn_text(change.impact_reason), MAX_REASON_CHARS),
        allowed_until=change.allowed_until.isoformat() if change.allowed_until else "",
        uses=tuple(_use_view(use) for use in sorted(change.used_by)),
    )


def _use_view(use: Use) -> _UseView:
    where = use.location.path
    if use.location.line > 0:
        where = f"{where}:{use.location.line}"
    return _UseView(operation=mrkdwn_text(use.operation), where=_code(mrkdwn_text(where)))


def _code(escaped: str) -> str:
    """A code span, unless the text holds a backtick, which would end it early (mrkdwn has no
    escape for one): then plain text."""
    return escaped if "`" in escaped else f"`{escaped}`"


def _clip(escaped: str, limit: int) -> str:
    """At most `limit` characters of escaped text, never cutting an `&amp;` in half."""
    if len(escaped) <= limit:
        return escaped
    cut = escaped[: limit - 1]
    ampersand = cut.rfind("&")
    if ampersand != -1 and ";" not in cut[ampersand:]:
        cut = cut[:ampersand]
    return cut + "…"


# --- posting ---------------------------------------------------------------------------


def notify(
    report: DriftReport,
    url_template: str,
    environ: Mapping[str, str],
    *,
    fmt: NotifyFormat,
    always: bool,
    timeout: float = 10,
    retries: int = 3,
    backoff: float = 0.5,
    client: httpx.Client | None = None,
) -> bool:
    """Post the report when it failed (or `always`); return whether it posted.

    Raises ConfigError for a URL that does not expand to an http(s) URL, and AlertError
    when posting fails.
    """
    # Expanded before deciding whether to post: a missing secret is found on the first
    # run, not on the day the schema drifts and the alert is needed.
    url = webhook_url(url_template, environ)
    if not (report.failed or always):
        return False
    payload: bytes | JSONPayload
    payload = slack_payload(report) if fmt == "slack" else json_payload(report)
    post(url, payload, timeout=timeout, retries=retries, backoff=backoff, client=client)
    return True


def webhook_url(url_template: str, environ: Mapping[str, str]) -> str:
    """`url_template` with its `${VAR}`s expanded; ConfigError unless it is an http(s) URL."""
    url = expand(url_template, environ)
    if webhook_origin(url).startswith(("http://", "https://")):
        return url
    names = referenced_names(url_template)
    source = f" (from {', '.join('${' + name + '}' for name in names)})" if names else ""
    # The template itself may be a pasted secret: say what is wrong, never what it is.
    raise ConfigError(f"the webhook URL{source} is not an http(s) URL with a host")


def webhook_origin(url: str) -> str:
    """`scheme://host[:port]` of `url`: all of a webhook URL a message may show."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # a port that is not a number, a broken IPv6 host
        return "the webhook URL"
    host = parts.hostname
    if not parts.scheme or not host:
        return "the webhook URL"
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme}://{host}" + (f":{port}" if port is not None else "")


@dataclass(frozen=True)
class _Outcome:
    """One attempt: a response status, or the class name of the error that replaced it."""

    status: int | None = None
    error: str | None = None
    retryable: bool = False
    retry_after: float = 0.0
    error_code: str = ""  # the webhook's own error code, when it answered with one

    @property
    def succeeded(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def post(
    url: str,
    payload: bytes | JSONPayload,
    *,
    timeout: float = 10,
    retries: int = 3,
    backoff: float = 0.5,
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """POST `payload` as JSON to `url`, making up to `retries` attempts in all.

    Connection errors, timeouts (`timeout` is per attempt), 429 and 5xx are retried after
    `backoff`, 2×`backoff`, 4×`backoff`… seconds (longer when a 429 says Retry-After), the
    waits together capped at MAX_TOTAL_WAIT_SECONDS; anything else fails at once. Raises
    AlertError when no attempt got a 2xx.
    """
    if retries < 1:
        raise ValueError("retries counts the attempts in all and must be at least 1")
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
    try:
        if client is not None:
            _post_with_retries(client, url, body, timeout, retries, backoff, sleep)
            return
        with httpx.Client(timeout=timeout) as owned_client:
            _post_with_retries(owned_client, url, body, timeout, retries, backoff, sleep)
    except (ValueError, UnicodeError) as error:  # a proxy setting or host httpx cannot use
        raise AlertError(
            f"could not post the alert to {webhook_origin(url)}: {type(error).__name__}",
            attempts=1,
            status=None,
            hint="check the URL and any HTTP(S)_PROXY setting",
        ) from None  # not chained: httpx's message may hold the whole URL


def _post_with_retries(
    client: httpx.Client,
    url: str,
    body: bytes,
    timeout: float,
    retries: int,
    backoff: float,
    sleep: Callable[[float], None],
) -> None:
    waited = 0.0
    for attempt in range(1, retries + 1):
        outcome = _attempt(client, url, body, timeout)
        if outcome.succeeded:
            return
        if not outcome.retryable or attempt == retries:
            break
        wait = min(max(backoff * 2 ** (attempt - 1), outcome.retry_after), _budget(waited))
        sleep(wait)
        waited += wait
    raise _alert_error(url, attempt, outcome)


def _budget(waited: float) -> float:
    return max(0.0, MAX_TOTAL_WAIT_SECONDS - waited)


def _attempt(client: httpx.Client, url: str, body: bytes, timeout: float) -> _Outcome:
    # httpx's timeout bounds each read, not the whole answer: a server trickling a byte a
    # second, or sending gigabytes, would hold us for ever. So the body is streamed, capped
    # and cut off at a deadline of `timeout` for the whole attempt.
    deadline = time.monotonic() + timeout
    try:
        with client.stream("POST", url, content=body, headers=_HEADERS, timeout=timeout) as answer:
            head = _read_head(answer, deadline)
            status, retry_after = answer.status_code, _retry_after(answer)
    except _RETRYABLE_ERRORS as error:
        return _Outcome(error=type(error).__name__, retryable=True)
    except (httpx.HTTPError, httpx.InvalidURL) as error:  # a bad scheme, too many redirects
        return _Outcome(error=type(error).__name__)
    if head is None:
        return _Outcome(error="ReadTimeout", retryable=True)
    return _Outcome(
        status=status,
        retryable=status == 429 or status >= 500,
        retry_after=retry_after,
        error_code=_error_code(head, url),
    )


def _read_head(answer: httpx.Response, deadline: float) -> str | None:
    """The first MAX_BODY_BYTES of the body (all an error code needs); None past the deadline."""
    head = b""
    for chunk in answer.iter_bytes():
        head += chunk
        if time.monotonic() > deadline:
            return None
        if len(head) >= MAX_BODY_BYTES:
            break
    return head[:MAX_BODY_BYTES].decode("utf-8", "replace")


def _retry_after(response: httpx.Response) -> float:
    """Retry-After in seconds (Slack sends seconds on 429); 0 when absent or a date."""
    value = response.headers.get("Retry-After", "").strip()
    return float(value) if value.isascii() and value.isdigit() else 0.0


def _error_code(text: str, url: str) -> str:
    """The body when it is a bare error code like Slack's, and nothing of the URL."""
    text = text.strip()
    if _ERROR_CODE.fullmatch(text) and text not in url and text != "ok":
        return text
    return ""


def _alert_error(url: str, attempts: int, outcome: _Outcome) -> AlertError:
    # Built from the origin only: httpx's own messages and the request it carries hold the
    # full URL, so they are neither quoted nor chained.
    what = f"HTTP {outcome.status}" if outcome.status is not None else outcome.error
    if outcome.error_code:
        what = f"{what} ({outcome.error_code})"
    tries = f"{attempts} attempt{'s' if attempts != 1 else ''}"
    message = f"could not post the alert to {webhook_origin(url)}: {what} after {tries}"
    hint = None
    if outcome.status is not None and 400 <= outcome.status < 500 and outcome.status != 429:
        hint = "the webhook refused the request: check its URL and the --notify-format"
    return AlertError(message, attempts=attempts, status=outcome.status, hint=hint)
