"""Docstrings carry the schema's descriptions exactly, whatever they hold, and deprecated
operations carry PEP 702 markers that type checkers report at call sites."""

from __future__ import annotations

import ast
import builtins
import importlib
import inspect
import json
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from graphql import build_schema

from tests.project import REPO, Project
from tests.test_cases import CASES, run_case

CASE = "hostile_descriptions"


@pytest.fixture(scope="module")
def hostile_package(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    destination = tmp_path_factory.mktemp("hostile") / CASE
    exit_code, stderr, _ = run_case(CASE, destination)
    assert exit_code == 0, stderr
    sys.path.insert(0, str(destination / "out"))
    try:
        for module in ("client", "thing", "enums", "input_types"):
            importlib.import_module(f"{CASE}.{module}")
        return importlib.import_module(CASE)
    finally:
        sys.path.remove(str(destination / "out"))


@pytest.fixture(scope="module")
def hostile_client(hostile_package: ModuleType) -> type:
    client: type = hostile_package.client.Client
    return client


SCHEMA = build_schema((CASES / CASE / "schema.graphql").read_text(encoding="utf-8"))


def description(field: str) -> str:
    assert SCHEMA.query_type is not None
    text = SCHEMA.query_type.fields[field].description
    assert text is not None
    return text


def attribute_docstrings(module: ModuleType, class_name: str) -> dict[str, str]:
    """{member: its docstring}: the string statement right after each member of the class."""
    tree = ast.parse(inspect.getsource(module))
    (class_def,) = (n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name)
    docs = {}
    for member, following in zip(class_def.body, class_def.body[1:], strict=False):
        target = member.target if isinstance(member, ast.AnnAssign) else None
        if isinstance(member, ast.Assign):
            target = member.targets[0]
        if (
            isinstance(target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
        ):
            docs[target.id] = inspect.cleandoc(following.value.value)
    return docs


def with_reason(description: str | None, reason: str | None) -> str:
    parts = [inspect.cleandoc(description)] if description else []
    return "\n\n".join([*parts, *([f"Deprecated: {reason}"] if reason else [])])


def test_model_enum_and_input_docstrings_are_the_descriptions(hostile_package: ModuleType) -> None:
    thing: Any = SCHEMA.get_type("Thing")
    kind: Any = SCHEMA.get_type("Kind")
    filter_: Any = SCHEMA.get_type("Filter")
    package = hostile_package
    assert inspect.getdoc(package.ThingThing) == inspect.cleandoc(thing.description)
    assert inspect.getdoc(package.Kind) == inspect.cleandoc(kind.description)
    assert inspect.getdoc(package.Filter) == inspect.cleandoc(filter_.description)
    assert attribute_docstrings(package.thing, "ThingThing") == {
        name: with_reason(field.description, field.deprecation_reason)
        for name, field in thing.fields.items()
    }
    assert attribute_docstrings(package.thing, "Thing") == {"thing": description("thing")}
    assert attribute_docstrings(package.enums, "Kind") == {
        name: with_reason(value.description, value.deprecation_reason)
        for name, value in kind.values.items()
    }
    assert attribute_docstrings(package.input_types, "Filter") == {
        "kind": filter_.fields["kind"].description
    }


def test_code_in_descriptions_never_runs(hostile_package: ModuleType) -> None:
    assert not hasattr(builtins, "PWNED")
    assert "PWNED" in inspect.getsource(hostile_package.thing)  # it is there, as text


def test_reading_a_deprecated_field_warns(hostile_package: ModuleType) -> None:
    thing = hostile_package.Thing.model_validate({"thing": {"kind": "PLAIN", "old": "x"}})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert thing.thing.kind == "PLAIN"
        assert not caught
        assert thing.thing.old == "x"
    assert [str(w.message) for w in caught] == ['Thing.old is deprecated: Gone """ soon \\']
    assert all(w.category is DeprecationWarning for w in caught)


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
    """User code making one call through each client: on line 5 (sync) and line 9 (async)."""
    user_code = tmp_path / "user_code.py"
    user_code.write_text(
        "from rye_client import AsyncClient, CancelOrderInput, Client\n\n\n"
        "def main(client: Client) -> None:\n"
        f"    client.{call}\n\n\n"
        "async def main_async(client: AsyncClient) -> None:\n"
        f"    await client.{call}\n",
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
    result = type_check(tmp_path, 'cancel_order(CancelOrderInput(orderId="x"))')
    assert result.returncode == 1
    for line, client in ((5, "client.Client"), (9, "async_client.AsyncClient")):
        assert (
            f"user_code.py:{line}: error: function rye_client.{client}.cancel_order is "
            "deprecated: Mutation.cancelOrder is deprecated: Due to Rye requiring" in result.stdout
        ), result.stdout


def test_mypy_is_clean_on_a_current_operation(tmp_path: Path) -> None:
    result = type_check(tmp_path, 'get_cart(id_="x")')
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
    flagged = pyright_check(tmp_path, 'cancel_order(CancelOrderInput(orderId="x"))')
    assert flagged.returncode == 1, flagged.stdout + flagged.stderr
    for client in ("Client", "AsyncClient"):
        assert f'The method "cancel_order" in class "{client}" is deprecated' in flagged.stdout
    assert "Mutation.cancelOrder is deprecated" in flagged.stdout
    clean = pyright_check(tmp_path, 'get_cart(id_="x")')
    assert clean.returncode == 0, clean.stdout + clean.stderr


def test_docstrings_and_markers_can_be_switched_off(tmp_path: Path) -> None:
    destination = tmp_path / CASE
    shutil.copytree(CASES / CASE, destination)
    pyproject = destination / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text(encoding="utf-8").replace(
            "[tool.rye-codegen]\n",
            "[tool.rye-codegen]\ndocstrings = false\ndeprecation_markers = false\n",
        ),
        encoding="utf-8",
    )
    result = Project(destination).run("generate")
    assert result.exit_code == 0, result.stderr
    package = destination / "out" / CASE
    generated = {
        name: (package / name).read_text(encoding="utf-8")
        for name in ("client.py", "thing.py", "enums.py", "input_types.py")
    }
    documented = [
        node.name
        for text in generated.values()
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.ClassDef | ast.AsyncFunctionDef | ast.FunctionDef)
        and any(isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant) for s in node.body)
    ]
    assert documented == []
    assert "deprecated" not in generated["client.py"] + generated["thing.py"]
