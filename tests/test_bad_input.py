"""The bad-input matrix: every input kind, broken in the common ways.

Input kinds: schema SDL, introspection JSON, operation files, the `pyproject.toml` config,
allowance dates, CLI arguments and environment variables. Each broken input must give one
clear first line, `path[:line:col]: error[code]: ...` where a place exists (`error[code]: ...`
where none does), the documented exit code (1 for findings in operations, 2 for a run that
cannot start), no traceback, and nothing written. The well-formed variants (a BOM, CRLF line
endings) must simply work.

Permission denied: as root (CI), `chmod 000` does not stop a read, so the denial is injected at
`open` for that one path, exactly as the kernel would answer (EACCES).
"""

from __future__ import annotations

import builtins
import io
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.project import Project

SCHEMA = """\
type Query {
  cart(id: ID!): Cart
}

type Cart {
  id: ID!
  total: Int
}
"""
OPERATION = "query GetCart($id: ID!) {\n  cart(id: $id) {\n    id\n    total\n  }\n}\n"
PYPROJECT = """\
[tool.rye-codegen]
schema = "schema.graphql"
queries = "queries"
target = "generated/bad_client"
"""
INTROSPECTION_PYPROJECT = PYPROJECT.replace("schema.graphql", "schema.json")
ALLOWANCE = """
[tool.rye-codegen.deprecations]
policy = "error"

[[tool.rye-codegen.deprecations.allow]]
coordinate = "Cart.total"
until = {until}
reason = "the report moves to Cart.cost"
"""
GARBAGE = bytes(range(256)) * 4
FIRST_LINE = re.compile(
    r"^(?:(?P<path>[^\s:]+)(?::(?P<line>\d+):(?P<column>\d+))?: )?error\[[a-z-]+\]: "
)


@dataclass(frozen=True)
class Case:
    id: str
    setup: Callable[[Path], None]
    argv: tuple[str, ...] = ("generate",)
    exit_code: int = 2
    where: str | None = None  # the path the first line names; None: no place
    located: bool = False  # with a line and column
    env: tuple[tuple[str, str | None], ...] = ()
    denied: str | None = None  # a path whose reading is refused (EACCES)


def write(relative: str, content: str | bytes) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))

    return setup


def steps(*setups: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        for step in setups:
            step(root)

    return setup


def remove(relative: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        (root / relative).unlink()

    return setup


def folder_instead(relative: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        path = root / relative
        if path.is_dir():
            for child in path.iterdir():
                child.unlink()
            path.rmdir()
        else:
            path.unlink()
        path.mkdir()

    return setup


def file_instead(relative: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        path = root / relative
        for child in path.iterdir():
            child.unlink()
        path.rmdir()
        path.write_text("not a folder\n", encoding="utf-8")

    return setup


def use_introspection(body: str | bytes) -> Callable[[Path], None]:
    return steps(write("pyproject.toml", INTROSPECTION_PYPROJECT), write("schema.json", body))


def introspection_json() -> str:
    from graphql import build_schema, introspection_from_schema

    return json.dumps({"data": introspection_from_schema(build_schema(SCHEMA))})


def deprecated_total(until: str) -> Callable[[Path], None]:
    return steps(
        write(
            "schema.graphql", SCHEMA.replace("total: Int", 'total: Int @deprecated(reason: "x")')
        ),
        write("pyproject.toml", PYPROJECT + ALLOWANCE.format(until=until)),
    )


def nothing(_: Path) -> None:
    pass


CASES = [
    # schema SDL
    Case("sdl-empty", write("schema.graphql", ""), where="schema.graphql"),
    Case(
        "sdl-truncated",
        write("schema.graphql", SCHEMA[:40]),
        where="schema.graphql",
        located=True,
    ),
    Case("sdl-utf16", write("schema.graphql", SCHEMA.encode("utf-16")), where="schema.graphql"),
    Case("sdl-bom", write("schema.graphql", "\ufeff" + SCHEMA), exit_code=0),
    Case("sdl-crlf", write("schema.graphql", SCHEMA.replace("\n", "\r\n")), exit_code=0),
    Case("sdl-garbage", write("schema.graphql", GARBAGE), where="schema.graphql"),
    Case("sdl-missing", remove("schema.graphql"), where="schema.graphql"),
    Case("sdl-folder", folder_instead("schema.graphql"), where="schema.graphql"),
    Case("sdl-denied", nothing, where="schema.graphql", denied="schema.graphql"),
    Case(
        "sdl-invalid-schema",
        write("schema.graphql", SCHEMA.replace("total: Int", "total: Nope")),
        where="schema.graphql",
        located=True,
    ),
    Case(
        "sdl-default-refers-to-its-type",
        write("schema.graphql", SCHEMA + "input In { self: In = {self: null}, s: String }\n"),
        where="schema.graphql",
        located=True,
    ),
    Case(
        "sdl-lists-nested-past-the-limit",
        write("schema.graphql", SCHEMA + "type Deep { a: " + "[" * 70 + "Int" + "]" * 70 + " }\n"),
        where="schema.graphql",
        located=True,
    ),
    # introspection JSON
    Case("json-empty", use_introspection(""), where="schema.json"),
    Case(
        "json-truncated",
        lambda root: use_introspection(introspection_json()[:300])(root),
        where="schema.json",
        located=True,
    ),
    Case("json-wrong-types", use_introspection('{"data": {"__schema": 5}}'), where="schema.json"),
    Case("json-not-a-schema", use_introspection('{"data": {"cart": null}}'), where="schema.json"),
    Case(
        "json-bom",
        lambda root: use_introspection("\ufeff" + introspection_json())(root),
        exit_code=0,
    ),
    Case(
        "json-missing",
        steps(write("pyproject.toml", INTROSPECTION_PYPROJECT)),
        where="schema.json",
    ),
    Case(
        "json-lone-surrogate",
        lambda root: use_introspection(
            introspection_json().replace('"name": "Cart"', '"name": "Cart", "x": "\\ud83d"', 1)
        )(root),
        where="schema.json",
    ),
    Case("json-garbage", use_introspection(b"{" + GARBAGE), where="schema.json"),
    # operation files
    Case(
        "op-empty",
        write("queries/get.graphql", ""),
        exit_code=1,
        where="queries/get.graphql",
        located=True,
    ),
    Case(
        "op-truncated",
        write("queries/get.graphql", OPERATION[:30]),
        exit_code=1,
        where="queries/get.graphql",
        located=True,
    ),
    Case(
        "op-utf16",
        write("queries/get.graphql", OPERATION.encode("utf-16")),
        where="queries/get.graphql",
    ),
    Case("op-bom", write("queries/get.graphql", "\ufeff" + OPERATION), exit_code=0),
    Case("op-crlf", write("queries/get.graphql", OPERATION.replace("\n", "\r\n")), exit_code=0),
    Case("op-garbage", write("queries/get.graphql", GARBAGE), where="queries/get.graphql"),
    Case(
        "op-folder-missing",
        steps(remove("queries/get.graphql"), folder_instead("queries")),
        where="queries",
    ),
    Case("op-folder-is-a-file", file_instead("queries"), where="queries"),
    Case("op-denied", nothing, where="queries/get.graphql", denied="queries/get.graphql"),
    Case(
        "op-invalid-field",
        write("queries/get.graphql", OPERATION.replace("total", "nope")),
        exit_code=1,
        where="queries/get.graphql",
        located=True,
    ),
    # pyproject.toml
    Case("config-no-table", write("pyproject.toml", "[project]\nname = 'x'\n")),
    Case(
        "config-truncated",
        write("pyproject.toml", PYPROJECT[:30]),
        where="pyproject.toml",
        located=True,
    ),
    Case(
        "config-wrong-type",
        write("pyproject.toml", PYPROJECT.replace('queries = "queries"', "queries = 5")),
        where="pyproject.toml",
        located=True,
    ),
    Case(
        "config-unknown-key",
        write("pyproject.toml", PYPROJECT + "colour = true\n"),
        where="pyproject.toml",
        located=True,
    ),
    Case("config-bom", write("pyproject.toml", "\ufeff" + PYPROJECT), exit_code=0),
    Case(
        "config-utf16",
        write("pyproject.toml", PYPROJECT.encode("utf-16")),
        where="pyproject.toml",
        located=True,
    ),
    Case("config-crlf", write("pyproject.toml", PYPROJECT.replace("\n", "\r\n")), exit_code=0),
    Case("config-garbage", write("pyproject.toml", GARBAGE), where="pyproject.toml", located=True),
    Case("config-denied", nothing, where="pyproject.toml", denied="pyproject.toml"),
    Case(
        "config-flag-missing",
        nothing,
        argv=("generate", "--config", "nope.toml"),
        where="nope.toml",
    ),
    Case(
        "config-flag-folder",
        write("cfg/x.txt", "x"),
        argv=("generate", "--config", "cfg"),
        where="cfg",
    ),
    # allowance dates
    Case("date-invalid", deprecated_total('"2027-02-30"'), where="pyproject.toml", located=True),
    Case(
        "date-not-a-date", deprecated_total('"next spring"'), where="pyproject.toml", located=True
    ),
    Case("date-wrong-type", deprecated_total("20270101"), where="pyproject.toml", located=True),
    Case(
        "date-expired",
        deprecated_total('"2020-01-01"'),
        exit_code=1,
        where="queries/get.graphql",
        located=True,
    ),
    # CLI arguments
    Case("cli-unknown-flag", nothing, argv=("generate", "--bogus")),
    Case("cli-unknown-command", nothing, argv=("regenerate",)),
    Case("cli-bad-choice", nothing, argv=("diff", "a", "b", "--fail-on", "often")),
    Case("cli-bad-number", nothing, argv=("add", "Query.cart", "--depth", "deep")),
    Case("cli-missing-argument", nothing, argv=("diff", "schema.graphql")),
    Case(
        "cli-missing-file",
        nothing,
        argv=("diff", "schema.graphql", "nope.graphql"),
        where="nope.graphql",
    ),
    Case("cli-bad-coordinate", nothing, argv=("add", "Query.nope", "--no-generate")),
    Case(
        "cli-output-over-the-snapshot",
        write("new.graphql", SCHEMA),
        argv=("diff", "schema.graphql", "new.graphql", "--output", "schema.graphql"),
    ),
    Case(
        "cli-output-over-an-operation",
        write("new.graphql", SCHEMA),
        argv=("drift", "--against", "new.graphql", "--output", "queries/get.graphql"),
    ),
    Case(
        "cli-output-into-the-cache",
        write("new.graphql", SCHEMA),
        argv=("diff", "schema.graphql", "new.graphql", "--output", ".rye-codegen-cache/r.md"),
    ),
    # environment variables
    Case(
        "env-key-unset",
        nothing,
        argv=("check", "--live", "--url", "http://127.0.0.1:9/"),
        env=(("RYE_API_KEY", None),),
    ),
    Case(
        "env-key-newline",
        nothing,
        argv=("check", "--live", "--url", "http://127.0.0.1:9/"),
        env=(("RYE_API_KEY", "key\nInjected: 1"),),
    ),
    Case(
        "env-key-non-ascii",
        nothing,
        argv=("check", "--live", "--url", "http://127.0.0.1:9/"),
        env=(("RYE_API_KEY", "kéy"),),
    ),
    Case(
        "env-webhook-unset",
        write("new.graphql", SCHEMA.replace("total: Int", "")),
        argv=("drift", "--against", "new.graphql", "--notify", "${RYE_NO_SUCH_WEBHOOK}"),
    ),
]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    steps(
        write("schema.graphql", SCHEMA),
        write("queries/get.graphql", OPERATION),
        write("pyproject.toml", PYPROJECT),
    )(tmp_path)
    return Project(tmp_path)


def deny_reading(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    path.chmod(0)
    real_open = builtins.open

    def refusing_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | os.PathLike) and Path(file).absolute() == path.absolute():
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refusing_open)
    monkeypatch.setattr(io, "open", refusing_open)  # what pathlib calls


def files_of(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.stat().st_mode & 0o444
    }


def test_the_matrix_is_the_size_the_closing_note_states() -> None:
    assert len(CASES) == 59
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input(project: Project, monkeypatch: pytest.MonkeyPatch, case: Case) -> None:
    case.setup(project.root)
    for name, value in case.env:
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    if case.denied:
        deny_reading(monkeypatch, project.root / case.denied)
    before = files_of(project.root)

    result = project.run(*case.argv)

    assert result.exit_code == case.exit_code, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    if case.exit_code == 0:
        return
    first = result.stderr.splitlines()[0]
    match = FIRST_LINE.match(first)
    assert match, first
    assert match["path"] == case.where, first
    assert bool(match["line"]) == case.located, first
    assert files_of(project.root) == before, "nothing is written"


def test_an_unreadable_operations_subfolder_is_an_error_not_a_removed_operation(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that cannot be listed must not look empty: `generate` would delete the
    modules of the operations in it."""
    hidden = project.root / "queries" / "sub"
    hidden.mkdir()
    (hidden / "more.graphql").write_text(OPERATION.replace("query GetCart", "query More"))
    assert project.run("generate").exit_code == 0
    before = project.tree()
    assert "bad_client/more.py" in before
    real_scandir = os.scandir

    def refusing_scandir(path: Any = ".") -> Any:
        if Path(path).absolute() == hidden.absolute():
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refusing_scandir)
    result = project.run("generate")
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith("queries/sub: error[input]: cannot read queries/sub: "), (
        result.stderr
    )
    assert project.tree() == before
