"""An HTTP server on 127.0.0.1 that answers a scripted sequence of replies and records requests.

    with ScriptedServer([Reply(503), Reply.json({"data": {"ok": True}})]) as server:
        ...  # the first POST gets a 503, every later one the JSON answer
        assert [r.body["operationName"] for r in server.requests] == [...]

For the client runtime's tests: statuses, headers, bodies that are not GraphQL, a reply
held until the server stops (for client timeouts) and one trickled a byte at a time (for the
deadline of a whole attempt) are all one `Reply` each.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast

from tests.background import BackgroundServer


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    # Answer only once the server stops, so a client's timeout fires first.
    hold: bool = False
    # Send the body one byte at a time, this many seconds apart (until the server stops or the
    # client hangs up): each read is quick, the whole answer is not.
    trickle: float = 0.0

    @classmethod
    def json(
        cls, payload: Any, status: int = 200, headers: Mapping[str, str] | None = None
    ) -> Reply:
        return cls(
            status,
            json.dumps(payload).encode(),
            {"Content-Type": "application/json", **(headers or {})},
        )


@dataclass(frozen=True)
class ReceivedRequest:
    path: str
    headers: tuple[tuple[str, str], ...]  # as sent: names in their spelling, repeats kept
    body: Any  # parsed JSON

    def header_values(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key.lower() == name.lower()]

    def header(self, name: str) -> str | None:
        values = self.header_values(name)
        assert len(values) <= 1, f"{name} sent {len(values)} times"
        return values[0] if values else None


class ScriptedServer(BackgroundServer):
    """Answers the n-th POST with `replies[n]`; once they run out, the last one repeats."""

    def __init__(self, replies: Sequence[Reply]) -> None:
        assert replies, "a script needs at least one reply"
        self.replies = list(replies)
        self._requests: list[ReceivedRequest] = []
        self._lock = threading.Lock()
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        httpd.daemon_threads = True
        cast(Any, httpd).app = self
        self._serve_in_background(httpd, "scripted")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1/query"

    @property
    def requests(self) -> list[ReceivedRequest]:
        with self._lock:
            return list(self._requests)

    def _next_reply(self, request: ReceivedRequest) -> Reply:
        with self._lock:
            self._requests.append(request)
            return self.replies[min(len(self._requests), len(self.replies)) - 1]


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        server: ScriptedServer = cast(Any, self.server).app
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        request = ReceivedRequest(
            self.path, tuple(self.headers.items()), json.loads(raw or b"null")
        )
        reply = server._next_reply(request)
        if reply.hold:
            server.stopping.wait()
            return
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if not reply.trickle:
            self.wfile.write(reply.body)
            return
        try:
            for index in range(len(reply.body)):
                self.wfile.write(reply.body[index : index + 1])
                self.wfile.flush()
                if server.stopping.wait(reply.trickle):
                    return
        except OSError:  # the client gave up and closed the connection
            return

    def log_message(self, format: str, *args: Any) -> None:
        pass
