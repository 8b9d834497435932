"""Default values in a schema: one its type refuses is a located schema error; one graphql-core
cannot print back still validates and generates, and only what must print it says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.project import Project

PYPROJECT = '[tool.rye-codegen]\nschema = "s.graphql"\nqueries = "queries"\ntarget = "gen/client"\n'


def _project(root: Path, sdl: str, operation: str) -> Project:
    (root / "queries").mkdir(parents=True)
    (root / "pyproject.toml").write_text(PYPROJECT)
    (root / "s.graphql").write_text(sdl)
    (root / "queries" / "q.graphql").write_text(operation)
    return Project(root)


@pytest.mark.parametrize(
    ("sdl", "first_line"),
    [
        (
            "enum K { A }\ninput I { k: K = Z }\ntype Query { a(i: I): Int }\n",
            "s.graphql:2:18: error[schema-syntax]: the default value of I.k, Z, is not a valid K",
        ),
        (
            'input I { x: Int = "s" }\ntype Query { a(i: I): Int }\n',
            's.graphql:1:20: error[schema-syntax]: the default value of I.x, "s", '
            "is not a valid Int",
        ),
        (
            "type Query { a(n: [Int!] = [1, null]): Int }\n",
            "s.graphql:1:28: error[schema-syntax]: the default value of Query.a(n:), [1, null], "
            "is not a valid [Int!]",
        ),
    ],
)
def test_a_default_its_type_refuses_is_located(tmp_path: Path, sdl: str, first_line: str) -> None:
    project = _project(tmp_path / "p", sdl, "query A { a }\n")
    for command in ("validate", "generate"):
        result = project.run(command)
        assert (result.exit_code, result.stderr.splitlines()[0]) == (2, first_line)
    assert not (tmp_path / "p" / "gen").exists()
    assert not (tmp_path / "p" / ".rye-codegen-cache").exists()


def test_a_default_graphql_core_cannot_print_generates_and_snapshot_says_why(
    tmp_path: Path,
) -> None:
    sdl = "scalar JSON\ntype Query { a(x: JSON = {k: 1}): Int }\n"
    project = _project(tmp_path / "p", sdl, "query A { a }\n")
    for command in ("validate", "generate", "check"):
        result = project.run(command)
        assert result.exit_code == 0, result.stderr
    snapshot = project.run("snapshot", "--from", "s.graphql")
    assert snapshot.exit_code == 2
    assert snapshot.stderr.splitlines()[0] == (
        "s.graphql: error[schema-syntax]: cannot print the schema in canonical form: "
        "Cannot convert value to AST: {'k': 1}."
    )
