"""Docstrings carry the schema's descriptions exactly, whatever they hold, and deprecated
operations carry PEP 702 markers that type checkers report at call sites."""

from __future__ import annotations

import importlib
import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest
from graphql import build_schema

from tests.project import REPO
from tests.test_cases import CASES, run_case

CASE = "hostile_descriptions"


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory: pytest.TempPathFactory) -> type:
    destination = tmp_path_factory.mktemp("hostile") / CASE
    exit_code, stderr, _ = run_case(CASE, destination)
    assert exit_code == 0, stderr
    sys.path.insert(0, str(destination / "out"))
    try:
        module = importlib.import_module(f"{CASE}.client")
    finally:
        sys.path.remove(str(destination / "out"))
    client: type = module.Client
    return client


def description(field: str) -> str:
    schema = build_schema((CASES / CASE / "schema.graphql").read_text(encoding="utf-8"))
    assert schema.query_type is not None
    text = schema.query_type.fields[field].description
    assert text is not None
    return text


@pytest.mark.parametrize(("method", "field"), [("danger", "danger"), ("tail", "tail")])
def test_docstrings_hold_hostile_descriptions_exactly(
    hostile_client: type, method: str, field: str
) -> None:
    docstring = inspect.getdoc(getattr(hostile_client, method))
    assert docstring is not None
    assert docstring.startswith(inspect.cleandoc(description(field)) + "\n\n")
    assert "from `queries/ops.graphql`" in docstring


def test_the_deprecated_operation_carries_its_reason_at_run_time(hostile_client: type) -> None:
    marker = getattr(hostile_client.tail, "__deprecated__", None)
    assert marker == 'Query.tail is deprecated: Use "danger"; \'\'\'""" \\ escapes'
    assert getattr(hostile_client.danger, "__deprecated__", None) is None


def write_user_code(tmp_path: Path, call: str) -> Path:
    user_code = tmp_path / "user_code.py"
    user_code.write_text(
        "from rye_client import CancelOrderInput, Client\n\n\n"
        "async def main(client: Client) -> None:\n"
        f"    {call}\n",
        encoding="utf-8",
    )
    return user_code


def type_check(tmp_path: Path, call: str) -> subprocess.CompletedProcess[str]:
    user_code = write_user_code(tmp_path, call)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--enable-error-code",
            "deprecated",
            "--no-incremental",
            str(user_code),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_mypy_flags_a_call_to_the_deprecated_cancel_order(tmp_path: Path) -> None:
    result = type_check(tmp_path, 'await client.cancel_order(CancelOrderInput(orderId="x"))')
    assert result.returncode == 1
    assert (
        "user_code.py:5: error: function rye_client.client.Client.cancel_order is "
        "deprecated: Mutation.cancelOrder is deprecated: Due to Rye requiring" in result.stdout
    )


def test_mypy_is_clean_on_a_current_operation(tmp_path: Path) -> None:
    result = type_check(tmp_path, 'await client.get_cart(id="x")')
    assert result.returncode == 0, result.stdout


def pyright_check(tmp_path: Path, call: str) -> subprocess.CompletedProcess[str]:
    user_code = write_user_code(tmp_path, call)
    config = tmp_path / "pyrightconfig.json"
    config.write_text(
        json.dumps(
            {
                "reportDeprecated": "error",
                "pythonVersion": "3.11",
                "extraPaths": [str(REPO / "generated")],
            }
        )
    )
    return subprocess.run(
        [sys.executable, "-m", "pyright", "-p", str(config), str(user_code)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def test_pyright_flags_the_deprecated_cancel_order_and_not_get_cart(tmp_path: Path) -> None:
    flagged = pyright_check(tmp_path, 'await client.cancel_order(CancelOrderInput(orderId="x"))')
    assert flagged.returncode == 1, flagged.stdout + flagged.stderr
    assert 'The method "cancel_order" in class "Client" is deprecated' in flagged.stdout
    assert "Mutation.cancelOrder is deprecated" in flagged.stdout
    clean = pyright_check(tmp_path, 'await client.get_cart(id="x")')
    assert clean.returncode == 0, clean.stdout + clean.stderr
