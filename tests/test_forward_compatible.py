"""Forward-compatible enums: a value Rye adds after generation parses; strict mode still fails."""

from __future__ import annotations

import asyncio
import json
import logging
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pydantic
import pytest
from rye_client import (
    AsyncClient,
    CancelOrder,
    CancelOrderInput,
    CancelOrderResultCancelShopifyOrderResult,
    CancelOrderStatus,
)

from tests.background import BackgroundServer
from tests.project import Project

NEW_VALUE = "CANCEL_QUEUED"  # not in the schema snapshot
ANSWER = {
    "data": {
        "cancelOrder": {
            "result": {"__typename": "CancelShopifyOrderResult", "status": NEW_VALUE},
            "error": None,
        }
    }
}


class CannedServer(BackgroundServer):
    """Answers every POST with one JSON body: what a newer Rye would send."""

    def __init__(self, answer: dict[str, Any]) -> None:
        body = json.dumps(answer).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                self.rfile.read(int(self.headers["Content-Length"]))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_: Any) -> None:
                pass

        self._serve_in_background(ThreadingHTTPServer(("127.0.0.1", 0), Handler), "canned")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1/query"


def test_an_unknown_enum_value_from_the_server_parses(caplog: pytest.LogCaptureFixture) -> None:
    async def cancel(url: str) -> CancelOrder:
        async with AsyncClient(url) as client:
            with pytest.warns(DeprecationWarning):
                return await client.cancel_order(CancelOrderInput(orderId="o-1"))

    caplog.set_level(logging.WARNING, logger="rye_client.forward_compatible")
    with CannedServer(ANSWER) as server:
        first = asyncio.run(cancel(server.url)).cancel_order.result
        second = asyncio.run(cancel(server.url)).cancel_order.result

    assert isinstance(first, CancelOrderResultCancelShopifyOrderResult)
    assert isinstance(first.status, CancelOrderStatus)
    assert first.status.value == NEW_VALUE and first.status == NEW_VALUE
    assert isinstance(second, CancelOrderResultCancelShopifyOrderResult)
    assert second.status is first.status
    warnings = [r for r in caplog.records if NEW_VALUE in r.getMessage()]
    assert len(warnings) == 1  # once per value
    # Known values are still the members themselves.
    known = CancelOrder.model_validate(
        {
            "cancelOrder": {
                "result": {"__typename": "CancelShopifyOrderResult", "status": "CANCELLED"},
                "error": None,
            }
        }
    )
    assert known.cancel_order.result is not None
    assert known.cancel_order.result.status is CancelOrderStatus.CANCELLED  # type: ignore[union-attr]


def test_strict_mode_keeps_rejecting_unknown_values(tmp_path: Path) -> None:
    project = Project.copy_of_repo(tmp_path / "project")
    project.edit_pyproject(
        lambda t: t.replace(
            'target = "generated/rye_client"',
            'target = "generated/rye_client"\nforward_compatible = false',
        )
    )
    assert project.run("generate").exit_code == 0
    enums = (project.root / "generated" / "rye_client" / "enums.py").read_text()
    assert "ForwardCompatibleEnum" not in enums
    assert "class CancelOrderStatus(str, Enum):" in enums
    namespace: dict[str, Any] = {}
    exec(compile(enums, "enums.py", "exec"), namespace)  # noqa: S102 - our generated module
    status = namespace["CancelOrderStatus"]

    class Result(pydantic.BaseModel):
        status: status  # type: ignore[valid-type]

    with pytest.raises(pydantic.ValidationError):
        Result.model_validate({"status": NEW_VALUE})
