"""A local HTTP server on 127.0.0.1 served from a daemon thread: what every test server shares."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from http.server import ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

from graphql import GraphQLSchema, graphql_sync

# serve_forever checks for shutdown() this often; its 0.5 s default would slow each teardown.
SHUTDOWN_POLL_SECONDS = 0.01


class BackgroundServer:
    """Bound in the subclass's constructor, so it is reachable as soon as `start()` returns.
    `stopping` is set first on `stop()`, releasing any request a test server holds."""

    stopping: threading.Event
    _httpd: ThreadingHTTPServer
    _thread: threading.Thread

    def _serve_in_background(self, httpd: ThreadingHTTPServer, name: str) -> None:
        self.stopping = threading.Event()
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": SHUTDOWN_POLL_SECONDS},
            name=name,
            daemon=True,
        )

    @property
    def port(self) -> int:
        return int(self._httpd.server_port)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.stopping.set()  # releases held requests first, so no handler outlives us
        if self._thread.is_alive():  # shutdown() waits forever if serving never began
            self._httpd.shutdown()
            self._thread.join()
        self._httpd.server_close()
        self._after_stop()

    def _after_stop(self) -> None:
        """For subclasses that own more than the socket."""

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def execute_graphql(schema: GraphQLSchema, body: Mapping[str, Any]) -> dict[str, Any]:
    """A POSTed GraphQL request run by graphql-core, answered as a server would."""
    result = graphql_sync(
        schema,
        body["query"],
        variable_values=body.get("variables"),
        operation_name=body.get("operationName"),
    )
    return dict(result.formatted)
