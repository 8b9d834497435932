"""A real webhook on 127.0.0.1 that records what it receives and answers from a script.

    with WebhookReceiver([500, 200]) as receiver:   # fails once, then accepts
        post(receiver.url("/services/T000/B000/SECRET"), payload)
        assert [r.status for r in receiver.requests] == [500, 200]

The script is a sequence of statuses, one per request in arrival order; its last entry
repeats for every later request. `NO_REPLY` holds the request without answering until the
receiver stops, so a client with a short timeout sees a read timeout.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast

from tests.background import BackgroundServer

NO_REPLY = 0  # in a script: never answer this request
# A held request gives up after this, in case a test forgets to stop the receiver.
MAX_HOLD_SECONDS = 5.0


@dataclass(frozen=True)
class ReceivedRequest:
    method: str
    path: str  # with the query string, as the client sent it
    headers: dict[str, str]  # names lower-cased: HTTP header names are case-insensitive
    raw_body: bytes
    status: int  # what the receiver answered, NO_REPLY when it did not

    @property
    def body(self) -> Any:
        """The parsed JSON body; ValueError when it is not JSON."""
        return json.loads(self.raw_body)


class WebhookReceiver(BackgroundServer):
    """Bound in the constructor, so `url()` is reachable as soon as `start()` returns."""

    def __init__(
        self,
        statuses: Sequence[int] = (200,),
        headers: Mapping[str, str] | None = None,
        error_body: bytes = b"",
    ) -> None:
        """`headers` go with every answer, `error_body` with every non-2xx one (2xx: `ok`)."""
        if not statuses:
            raise ValueError("a script needs at least one status")
        self.statuses = tuple(statuses)
        self.reply_headers = dict(headers or {})
        self.error_body = error_body
        self._requests: list[ReceivedRequest] = []
        self._lock = threading.Lock()
        self._httpd = _HTTPServer(self)
        self._serve_in_background(self._httpd, "webhook-receiver")

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    @property
    def requests(self) -> list[ReceivedRequest]:
        """A snapshot, in arrival order."""
        with self._lock:
            return list(self._requests)

    def record(self, path: str, headers: dict[str, str], raw_body: bytes) -> int:
        """Store a POST with the status the script gives it, and return that status."""
        with self._lock:
            status = self.statuses[min(len(self._requests), len(self.statuses) - 1)]
            self._requests.append(ReceivedRequest("POST", path, headers, raw_body, status))
        return status


class _HTTPServer(ThreadingHTTPServer):
    def __init__(self, receiver: WebhookReceiver) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.receiver = receiver

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that timed out and hung up is expected here, not worth a traceback."""


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        receiver = cast(_HTTPServer, self.server).receiver
        raw_body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        headers = {name.lower(): value for name, value in self.headers.items()}
        # Recorded before answering: once the client has its answer, the request is listed.
        status = receiver.record(self.path, headers, raw_body)
        if status == NO_REPLY:
            receiver.stopping.wait(MAX_HOLD_SECONDS)
            self.close_connection = True
            return
        self._answer(status, receiver)

    def _answer(self, status: int, receiver: WebhookReceiver) -> None:
        # Plain text, as Slack answers: `ok`, or an error code like `invalid_payload`.
        payload = b"ok" if 200 <= status < 300 else receiver.error_body
        self.send_response(status)
        for name, value in receiver.reply_headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean; `WebhookReceiver.requests` shows what arrived."""
