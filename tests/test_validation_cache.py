"""Validation with operations known valid from an earlier run finds exactly what a full
validation finds (generator/validation_cache.py, generator/operations.py)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from graphql import DocumentNode

from generator import operations as operations_module
from generator.cli import main
from generator.diagnostics import sort_diagnostics
from generator.operations import find_operation_files, parse_files, validate_operations
from generator.schema_source import load_schema_file

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = load_schema_file(ROOT / "schema" / "rye.graphql", "schema/rye.graphql").schema

Edit = Callable[[Path], None]


def _replace(file: str, old: str, new: str) -> Edit:
    def edit(queries: Path) -> None:
        path = queries / file
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _add(file: str, text: str) -> Edit:
    def edit(queries: Path) -> None:
        (queries / file).write_text(text, encoding="utf-8")

    return edit


EDITS: dict[str, Edit] = {
    "unchanged": lambda _: None,
    "a field misspelled": _replace("environment_token.graphql", "token", "tokne"),
    "a fragment's field misspelled (its users are checked again)": _replace(
        "fragments.graphql", "  displayValue\n", "  displayVal\n"
    ),
    "a fragment removed that operations spread": _replace(
        "fragments.graphql", "fragment Price on Price {", "fragment Prize on Price {"
    ),
    "a duplicate operation name": _add("again.graphql", "query EnvironmentToken { __typename }"),
    "an unused fragment": _add("unused.graphql", "fragment Unused on Cart { id }"),
    "an unused, invalid fragment": _add("unused.graphql", "fragment Unused on Cart { nope }"),
    "a variable never defined": _add("new.graphql", "query New { getCart(id: $id) { id } }"),
    "an anonymous operation beside named ones": _add(
        "anon.graphql", "{ environmentToken { token } }"
    ),
    "a type definition among operations": _add("type.graphql", "type Extra { id: ID }"),
    "an argument of the wrong type": _replace(
        "get_cart.graphql", "getCart(id: $id)", "getCart(id: 1.5)"
    ),
    "conflicting fields in a new operation": _add(
        "conflict.graphql",
        "query Conflict { environmentToken { token: __typename token } }",
    ),
}


def _diagnostics(queries: Path, known: frozenset[str]) -> tuple[object, ...]:
    files = find_operation_files(queries, "queries")
    parsed = parse_files(
        (path, f"queries/{path.relative_to(queries).as_posix()}") for path in files
    )
    # In the order every command reports them (generator/pipeline.py sorts them).
    return tuple(sort_diagnostics(validate_operations(SCHEMA, parsed, known)[1]))


def _units(queries: Path) -> frozenset[str]:
    files = find_operation_files(queries, "queries")
    parsed = parse_files((path, path.name) for path in files)
    operations, diagnostics = validate_operations(SCHEMA, parsed)
    assert not diagnostics
    return frozenset(operations.unit(op) for op in operations.operations)


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_known_valid_operations_change_no_finding(
    edit: Edit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    queries = tmp_path / "queries"
    shutil.copytree(ROOT / "queries", queries)
    known = _units(queries)
    edit(queries)
    full = _diagnostics(queries, frozenset())

    checked: list[int] = []
    real_validate = operations_module.validate

    def counting(schema: object, document: DocumentNode, rules: object, **kw: object) -> object:
        if rules is operations_module.ONE_OPERATION:
            checked.append(len(document.definitions))
        return real_validate(schema, document, rules, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(operations_module, "validate", counting)
    assert _diagnostics(queries, known) == full
    assert checked, "the known-valid operations were checked again"
    assert checked[0] < 21 + 13  # fewer than all of Rye's operations and fragments


def test_a_cached_run_after_an_edit_reports_what_an_uncached_run_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pyproject.toml", "schema", "queries"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        else:
            shutil.copyfile(source, project / name)
    monkeypatch.chdir(project)
    assert main(["validate", "-q"]) == 0
    assert list((project / ".rye-codegen-cache").glob("operations-*.json"))
    _replace("environment_token.graphql", "token", "tokne")(project / "queries")
    capsys.readouterr()
    assert main(["validate", "--format", "json"]) == 1
    cached = capsys.readouterr().out
    assert main(["validate", "--format", "json", "--no-cache"]) == 1
    assert capsys.readouterr().out == cached
    assert "tokne" in cached
