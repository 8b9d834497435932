"""`rye-codegen init`: set the tool up in another repository.

It writes the [tool.rye-codegen] table (into an existing pyproject.toml, or a new one), the
schema snapshot in canonical form, one example operation scaffolded from the schema, and a
GitHub Actions workflow that runs `rye-codegen check` on pull requests. It refuses, writing
nothing, when any of them is already there; the files are written together or not at all.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.config import has_rye_table
from generator.errors import RyeCodegenError
from generator.output import write_files_together
from generator.scaffold import ScaffoldOptions, scaffold
from generator.schema_source import LoadedSchema
from generator.templating import render_template

PACKAGE = "rye_client"
SCHEMA_FILE = Path("schema") / "rye.graphql"
WORKFLOW_FILE = Path(".github") / "workflows" / "rye-codegen.yml"
EXAMPLE_FIELDS = ("Query.productByID", "Query.getCart")  # Rye's; another API's first query
_INSTALL_SPEC = re.compile(r"[^'\s][^'\n\r]*")


class InitError(RyeCodegenError):
    code = "init"


def init_project(root: Path, schema: LoadedSchema, *, url: str | None, install: str) -> list[str]:
    """Write the files; return their paths relative to `root`, as they were written."""
    if not _INSTALL_SPEC.fullmatch(install):
        raise InitError(f"{install!r} is not a pip requirement to write into a workflow")
    files = [
        (root / "pyproject.toml", _pyproject(root / "pyproject.toml", url)),
        (root / SCHEMA_FILE, schema.canonical),
        _example(root, schema),
        (root / WORKFLOW_FILE, render_template("init_workflow.yml.j2", install=install)),
    ]
    taken = [
        path.relative_to(root).as_posix()
        for path, _ in files[1:]
        if path.exists() or path.is_symlink()
    ]
    if taken:
        raise InitError(
            f"init would overwrite {', '.join(taken)}",
            hint="move them aside, or set the rest up by hand (see the README)",
        )
    write_files_together([(path, text, path.relative_to(root).as_posix()) for path, text in files])
    return [path.relative_to(root).as_posix() for path, _ in files]


def _pyproject(path: Path, url: str | None) -> str:
    table = render_template("init_pyproject.toml.j2", package=PACKAGE, url=url)
    if not path.exists():
        return table
    text = path.read_text(encoding="utf-8")
    if has_rye_table(text):
        raise InitError(
            "pyproject.toml already has a [tool.rye-codegen] table",
            hint="this project is set up: `rye-codegen generate` runs it",
        )
    return text.rstrip("\n") + "\n\n" + table


def _example(root: Path, schema: LoadedSchema) -> tuple[Path, str]:
    query = schema.schema.query_type
    assert query is not None, "a built schema has a query type"
    candidates = [*EXAMPLE_FIELDS, *(f"{query.name}.{name}" for name in query.fields)]
    for coordinate in candidates:
        type_name, _, field_name = coordinate.partition(".")
        field = query.fields.get(field_name) if type_name == query.name else None
        if field is not None and field.deprecation_reason is None:
            made = scaffold(schema.schema, coordinate, ScaffoldOptions(depth=2))
            return root / "queries" / made.file_name, made.text
    raise InitError(f"{schema.name} has no query field that is not deprecated")
