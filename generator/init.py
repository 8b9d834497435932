"""`rye-codegen init`: set the tool up in another repository.

It writes the [tool.rye-codegen] table (into an existing pyproject.toml, or a new one), the
schema snapshot in canonical form, one example operation scaffolded from the schema, and a
GitHub Actions workflow that runs `rye-codegen check` on pull requests.

Everything that can be judged before writing is: a pyproject.toml that is not UTF-8 TOML or
already has the table, a file in the way, a file where a folder must go, and the names the
operations already in queries/ use. Then `plan_init` holds what will be written and what was
there, so that `undo_init` can put the repository back exactly if anything later fails
(the writes themselves, or the first `generate`).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from graphql import GraphQLObjectType

from generator.cache import DEFAULT_FOLDER as CACHE_FOLDER
from generator.config import parse_pyproject
from generator.diagnostics import Diagnostic, Location, Severity
from generator.emit.naming import PACKAGE_MODULES, module_name
from generator.errors import RyeCodegenError
from generator.operations import OPERATION_SUFFIXES, named_definitions, parse_files
from generator.output import write_files_together
from generator.scaffold import Scaffold, ScaffoldOptions, scaffold
from generator.schema_source import LoadedSchema, files_below
from generator.templating import render_template

PACKAGE = "rye_client"
SCHEMA_FILE = Path("schema") / "rye.graphql"
QUERIES = Path("queries")
TARGET = Path("generated") / PACKAGE
WORKFLOW_FILE = Path(".github") / "workflows" / "rye-codegen.yml"
EXAMPLE_FIELDS = ("Query.productByID", "Query.getCart")  # Rye's; another API's first query
# rye-codegen is not on PyPI: what a team installs is a Git URL or its own index's name.
INSTALL_EXAMPLE = "rye-codegen @ git+https://github.com/<you>/rye-codegen@<rev>"
_INSTALL_SPEC = re.compile(r"[^'\s][^'\n\r]*")


class InitError(RyeCodegenError):
    code = "init"


@dataclass(frozen=True)
class InitPlan:
    root: Path
    files: tuple[tuple[Path, str], ...]  # what to write, in the order it is reported
    pyproject_before: bytes | None  # None: init creates pyproject.toml
    new_folders: tuple[Path, ...]  # the outermost folders init (or its generate) creates
    diagnostics: tuple[Diagnostic, ...]  # warnings about what was written


def plan_init(
    root: Path, schema: LoadedSchema, *, url: str | None, install: str | None
) -> InitPlan:
    """What init will write into `root`; raises, having written nothing, when it must not."""
    if install is not None and not _INSTALL_SPEC.fullmatch(install):
        raise InitError(f"{install!r} is not a pip requirement to write into a workflow")
    pyproject = root / "pyproject.toml"
    before = _read_pyproject(pyproject)
    example, diagnostics = _example(root, schema)
    files = [
        (pyproject, _pyproject_text(before, url)),
        (root / SCHEMA_FILE, schema.canonical),
        *([example] if example else []),
        (root / WORKFLOW_FILE, render_template("init_workflow.yml.j2", install=install)),
    ]
    paths = [path for path, _ in files]
    _refuse_blocked(root, paths)
    if install is None:
        diagnostics.append(_placeholder_warning(root, files[-1][1]))
    return InitPlan(
        root,
        tuple(files),
        before,
        # The cache folder too: its first generate fills it.
        _new_folders(root, [*paths, root / TARGET / "__init__.py", root / CACHE_FOLDER / "x"]),
        tuple(diagnostics),
    )


def write_init(plan: InitPlan) -> list[str]:
    """Write the planned files together; return their paths relative to the root."""
    root = plan.root
    write_files_together(
        [(path, text, path.relative_to(root).as_posix()) for path, text in plan.files]
    )
    return [path.relative_to(root).as_posix() for path, _ in plan.files]


def undo_init(plan: InitPlan) -> None:
    """Put the repository back as it was before `write_init` (and any generate after it)."""
    pyproject = plan.root / "pyproject.toml"
    for path, _ in plan.files:
        if path == pyproject and plan.pyproject_before is not None:
            path.write_bytes(plan.pyproject_before)  # in place: its mode and owner stay
        else:
            path.unlink(missing_ok=True)
    for folder in plan.new_folders:
        # Made by this run, so all inside is this run's: files and any staged debris.
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder)


def _read_pyproject(path: Path) -> bytes | None:
    if not path.exists():
        return None
    data = path.read_bytes()
    tool = parse_pyproject(path, data).get("tool")
    if isinstance(tool, dict) and "rye-codegen" in tool:
        raise InitError(
            "pyproject.toml already has a [tool.rye-codegen] table",
            hint="this project is set up: `rye-codegen generate` runs it",
        )
    return data


def _pyproject_text(before: bytes | None, url: str | None) -> str:
    """The table after the existing text, in the file's own line endings; its bytes kept."""
    table = render_template("init_pyproject.toml.j2", package=PACKAGE, url=url)
    if before is None:
        return table
    text = before.decode("utf-8")  # parse_pyproject has checked it is
    if not text.strip():
        return text + table
    first_end = text.find("\n")
    eol = "\r\n" if first_end > 0 and text[first_end - 1] == "\r" else "\n"
    separator = eol if text.endswith("\n") else eol * 2
    return text + separator + table.replace("\n", eol)


def _refuse_blocked(root: Path, paths: Iterable[Path]) -> None:
    """A file already there, or a file where a folder must go: writing would half succeed."""
    taken: list[str] = []
    for path in paths:
        for folder in _folders_between(root, path):
            if folder.exists() and not folder.is_dir():
                raise InitError(
                    f"{folder.relative_to(root).as_posix()} is a file, not a folder",
                    hint=f"init writes {path.relative_to(root).as_posix()}; move the file aside",
                )
        if path.name != "pyproject.toml" and (path.exists() or path.is_symlink()):
            taken.append(path.relative_to(root).as_posix())
    if taken:
        raise InitError(
            f"init would overwrite {', '.join(taken)}",
            hint="move them aside, or set the rest up by hand (see the README)",
        )


def _folders_between(root: Path, path: Path) -> list[Path]:
    """The folders from just below `root` down to `path`'s own, outermost first."""
    return [root / folder for folder in reversed(path.relative_to(root).parents[:-1])]


def _new_folders(root: Path, paths: Iterable[Path]) -> tuple[Path, ...]:
    outermost = {
        next((f for f in _folders_between(root, path) if not f.exists()), None) for path in paths
    }
    return tuple(sorted(f for f in outermost if f is not None))


def _example(root: Path, schema: LoadedSchema) -> tuple[tuple[Path, str] | None, list[Diagnostic]]:
    """The first query field that is not deprecated and whose operation takes no name an
    operation in queries/ already has (or that the generated package keeps for itself)."""
    query = schema.schema.query_type
    assert query is not None, "a built schema has a query type"
    candidates = [*EXAMPLE_FIELDS, *(f"{query.name}.{name}" for name in query.fields)]
    usable = [c for c in dict.fromkeys(candidates) if _usable(query, c)]
    if not usable:
        raise InitError(f"{schema.name} has no query field that is not deprecated")
    taken = _taken_names(root / QUERIES, root)
    for coordinate in usable:
        made = scaffold(schema.schema, coordinate, ScaffoldOptions(depth=2))
        if not _clashes(made, taken):
            return (root / QUERIES / made.file_name, made.text), []
    return None, [_no_example_warning(root)]


def _usable(query: GraphQLObjectType, coordinate: str) -> bool:
    type_name, _, field_name = coordinate.partition(".")
    field = query.fields.get(field_name) if type_name == query.name else None
    return field is not None and field.deprecation_reason is None


def _taken_names(queries: Path, root: Path) -> set[str]:
    """Names and (for operations) module names in use: two operations whose names snake-case
    alike would write the same module, and generate refuses them."""
    if not queries.is_dir():
        return set()
    files = files_below(queries, queries.relative_to(root).as_posix(), OPERATION_SUFFIXES)
    parsed = parse_files((p, p.relative_to(root).as_posix()) for p in files)
    taken: set[str] = set()
    for named in named_definitions(parsed):
        taken.add(named.name)
        if named.is_operation:
            taken.add(module_name(named.name))
    return taken


def _clashes(made: Scaffold, taken: set[str]) -> bool:
    module = module_name(made.operation_name)
    return made.operation_name in taken or module in taken or module in PACKAGE_MODULES


def _shown(path: Path) -> str:
    """As other diagnostics show a path: relative to the working directory."""
    return Path(os.path.relpath(path)).as_posix()


def _no_example_warning(root: Path) -> Diagnostic:
    return Diagnostic(
        Severity.WARNING,
        "init-example",
        "no example operation written: the operations in queries/ already use every name "
        "one could take",
        Location(_shown(root / QUERIES)),
    )


def _placeholder_warning(root: Path, workflow: str) -> Diagnostic:
    line, text = next((i, t) for i, t in enumerate(workflow.splitlines(), 1) if "PLACEHOLDER" in t)
    return Diagnostic(
        Severity.WARNING,
        "init-install",
        "the CI workflow cannot install rye-codegen yet: it is not on PyPI, and no --install "
        "said where yours comes from, so the job fails at the marked step until it is set",
        Location(_shown(root / WORKFLOW_FILE), line, text.index("#") + 1),
        hint=f"set that step's `run:` to `python -m pip install '{INSTALL_EXAMPLE}'` (your "
        f"fork and revision); in the next repository, pass --install '{INSTALL_EXAMPLE}'",
    )
