"""The jobs: which commands each comparison runs, on which input, from which fresh folder."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from graphql import FragmentDefinitionNode, OperationDefinitionNode, OperationType, parse

from benchmarks import peers, synthetic
from benchmarks.runner import Command, CommandFailed, Job

REPO = peers.REPO
# `rye-codegen diff` exits 1 when it finds drift at or above --fail-on (its documented "findings"
# code); graphql-inspector exits 1 when a change is breaking. Both are a completed run here.
DIFF_OK_CODES = (0, 1)
# ariadne-codegen's package name when `target_package_name` is not set.
ARIADNE_DEFAULT_PACKAGE = "graphql_client"
# A peer that fails on the whole queries folder is tried file by file only up to this many files.
MAX_PROBED_FILES = 100


@dataclass(frozen=True)
class Input:
    """A schema file and a folder of operations, and the package name to generate."""

    name: str
    schema: Path
    queries: Path
    package: str
    # The project's own pyproject (with its config table) is copied as is; others get a minimal one.
    pyproject: Path | None = None


def _bin(name: str) -> str:
    """A console script of the interpreter running the benchmarks (its venv)."""
    candidate = Path(sys.executable).parent / name
    found = str(candidate) if candidate.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} is not installed next to {sys.executable} nor on PATH")
    return found


def _fresh(folder: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def _operation_files(queries: Path) -> list[Path]:
    return sorted(p for p in queries.rglob("*") if p.suffix in {".graphql", ".gql"})


def _fragments_only(path: Path) -> bool:
    document = parse(path.read_text(encoding="utf-8"))
    return all(isinstance(d, FragmentDefinitionNode) for d in document.definitions)


def count_operations(queries: Path) -> int:
    return sum(
        isinstance(d, OperationDefinitionNode)
        for path in _operation_files(queries)
        for d in parse(path.read_text(encoding="utf-8")).definitions
    )


def run_untimed(
    argv: Sequence[str],
    cwd: Path,
    *,
    what: str,
    ok_codes: tuple[int, ...] = (0,),
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run a prepare step's command; a failure is a `CommandFailed` naming the step."""
    result = subprocess.run(
        list(argv),
        cwd=cwd,
        env=None if env is None else dict(env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=False,
    )
    if result.returncode not in ok_codes:
        tail = result.stderr.decode("utf-8", "replace").strip()[-2000:]
        command = " ".join(argv)
        raise CommandFailed(
            f"{what} (untimed prepare): {command} exited {result.returncode} in {cwd}\n{tail}"
        )
    return result


def _once(prepare: Callable[[], Path]) -> Callable[[], Path]:
    """A prepare step that does its work the first time and returns the same folder after.

    For commands that change nothing in their folder (an import, a diff), so that every round
    finds it as the first prepare left it.
    """
    done: list[Path] = []

    def prepare_once() -> Path:
        if not done or not done[0].is_dir():
            done[:] = [prepare()]
        return done[0]

    return prepare_once


def edit_target(queries: Path) -> Path:
    """The operation file the edit jobs change: the first (by path) holding a query."""
    files = _operation_files(queries)
    for path in files:
        document = parse(path.read_text(encoding="utf-8"))
        if any(
            isinstance(d, OperationDefinitionNode) and d.operation == OperationType.QUERY
            for d in document.definitions
        ):
            return path
    for path in files:
        if not _fragments_only(path):
            return path
    raise ValueError(f"no operation to edit in {queries}")


def edit_operation(path: Path) -> None:
    """Add `__typename` to the root selection of the file's first operation.

    Harmless (any root type has `__typename`) and visible: the operation's result model gains
    a field, so a generator must redo that operation, and nothing else changes.
    """
    text = path.read_text(encoding="utf-8")
    document = parse(text)
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    location = operation.selection_set.loc
    if location is None:  # pragma: no cover - graphql-core keeps locations unless told not to
        raise ValueError(f"no location for the selection of {path}")
    brace = location.start  # the offset of the selection set's `{`
    path.write_text(text[: brace + 1] + "\n  __typename" + text[brace + 1 :], encoding="utf-8")


def _edit_in(queries: Path, relative: Path) -> Path:
    """Edit the file `relative` of a copied queries folder (a peer's subset may be flat)."""
    path = queries / relative
    if not path.is_file():
        path = queries / relative.name
    if not path.is_file():
        raise CommandFailed(f"edit: {relative} is not in {queries} (did a peer reject it?)")
    edit_operation(path)
    return path


def _rye_project(source: Input, folder: Path) -> Path:
    """A project folder as a user has it before the first `generate`: no generated/."""
    _fresh(folder)
    shutil.copyfile(source.schema, folder / "schema.graphql")
    shutil.copytree(source.queries, folder / "queries")
    if source.pyproject is not None:
        text = source.pyproject.read_text(encoding="utf-8")
        text = text.replace('schema = "schema/rye.graphql"', 'schema = "schema.graphql"')
        (folder / "pyproject.toml").write_text(text, encoding="utf-8")
    else:
        (folder / "pyproject.toml").write_text(
            "[tool.rye-codegen]\n"
            'schema = "schema.graphql"\n'
            'queries = "queries"\n'
            f'target = "generated/{source.package}"\n\n'
            "[tool.rye-codegen.deprecations]\n"
            'policy = "warn"\n',
            encoding="utf-8",
        )
    return folder


def _ariadne_project(
    source: Input,
    folder: Path,
    queries: Path,
    *,
    own_queries: bool = False,
    defaults: bool = False,
) -> Path:
    """A folder with a `[tool.ariadne-codegen]` pyproject that generates into `folder/out`.

    `own_queries` copies the operations into `folder/queries` (to be edited there); `defaults`
    sets the paths only, so the package is what ariadne-codegen writes by default
    (`graphql_client`, comments, async client, every input and enum).
    """
    _fresh(folder)
    (folder / "out").mkdir()
    if own_queries:
        shutil.copytree(queries, folder / "queries")
        queries = folder / "queries"
    lines = [
        "[tool.ariadne-codegen]",
        f'schema_path = "{source.schema.as_posix()}"',
        f'queries_path = "{queries.as_posix()}"',
        f'target_package_path = "{(folder / "out").as_posix()}"',
    ]
    if not defaults:
        lines += [
            f'target_package_name = "{source.package}"',
            'include_comments = "none"',
            "async_client = true",
        ]
    (folder / "pyproject.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _graphql_codegen_project(
    source: Input, folder: Path, queries: Path, *, own_queries: bool = False
) -> Path:
    _fresh(folder)
    if own_queries:
        shutil.copytree(queries, folder / "queries")
        queries = folder / "queries"
    # graphql-codegen loads its plugins from the working directory's node_modules.
    (folder / "node_modules").symlink_to(peers.node_modules(), target_is_directory=True)
    (folder / "codegen.yml").write_text(
        "overwrite: true\n"
        f"schema: {source.schema.as_posix()}\n"
        f"documents: {queries.as_posix()}/**/*.graphql\n"
        "generates:\n"
        f"  {(folder / 'out' / 'types.ts').as_posix()}:\n"
        "    plugins: [typescript, typescript-operations]\n",
        encoding="utf-8",
    )
    return folder


# Which operations a peer accepts, per (peer, input): probing runs the peer, so it runs once even
# when several jobs time that peer on that input.
_SUBSETS: dict[tuple[str, str, str], tuple[Path | None, str | None]] = {}


def _copy_operations(source: Path, files: Sequence[Path], folder: Path) -> Path:
    """A fresh folder with these files of `source`, at the same relative paths."""
    _fresh(folder)
    for path in files:
        target = folder / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return folder


def _accepted_subset(
    name: str,
    source: Input,
    scratch: Path,
    make: Callable[[Path, Path], Path],
    argv: Sequence[str],
    notes: list[str],
) -> Path | None:
    """The queries folder a peer accepts: the whole one, or the operation files it takes.

    A peer may reject operations that rye-codegen takes (it fixes some up before emitting).
    Each file is tried alone, beside every fragment-only file; those rejected are left out
    and named in the job's notes. With more than `MAX_PROBED_FILES` files that is too slow:
    the peer is left out of the job (None), with a note.
    """
    key = (name, source.name, str(source.queries))
    if key not in _SUBSETS:
        _SUBSETS[key] = _probe_subset(name, source, scratch, make, argv)
    queries, note = _SUBSETS[key]
    if note is not None:
        notes.append(note)
    return queries


def _probe_subset(
    name: str,
    source: Input,
    scratch: Path,
    make: Callable[[Path, Path], Path],
    argv: Sequence[str],
) -> tuple[Path | None, str | None]:
    def accepts(queries: Path) -> bool:
        cwd = make(scratch / f"{name}-probe", queries)
        result = subprocess.run(list(argv), cwd=cwd, capture_output=True, check=False)
        return result.returncode == 0

    if accepts(source.queries):
        return source.queries, None
    files = _operation_files(source.queries)
    fragments = [p for p in files if _fragments_only(p)]
    operations = [p for p in files if p not in fragments]
    if len(operations) > MAX_PROBED_FILES:
        return None, (
            f"{name} left out: it failed on the whole queries folder, and {len(operations)}"
            f" operation files are too many to try one by one"
        )
    kept: list[Path] = []
    rejected: list[str] = []
    for path in operations:
        trial = _copy_operations(source.queries, [*fragments, path], scratch / f"{name}-trial")
        if accepts(trial):
            kept.append(path)
        else:
            rejected.append(path.relative_to(source.queries).as_posix())
    subset = _copy_operations(source.queries, [*fragments, *kept], scratch / f"{name}-queries")
    return subset, (
        f"{name} rejected {len(rejected)} of {len(operations)} operation files"
        f" ({', '.join(rejected)}); it ran on the {len(kept)} it accepts"
    )


def _ariadne_subset(source: Input, scratch: Path, notes: list[str]) -> Path | None:
    return _accepted_subset(
        "ariadne-codegen",
        source,
        scratch,
        lambda folder, queries: _ariadne_project(source, folder, queries),
        [_bin("ariadne-codegen")],
        notes,
    )


def _graphql_codegen_argv() -> list[str] | None:
    node, entry = peers.node_executable(), peers.graphql_codegen_bin()
    if not (node and entry):
        return None
    return [node, str(entry), "--config", "codegen.yml"]


def _graphql_codegen_subset(source: Input, scratch: Path, notes: list[str]) -> Path | None:
    argv = _graphql_codegen_argv()
    if argv is None:
        notes.append("graphql-codegen left out: run `python -m benchmarks setup` first")
        return None
    return _accepted_subset(
        "graphql-codegen",
        source,
        scratch,
        lambda folder, queries: _graphql_codegen_project(source, folder, queries),
        argv,
        notes,
    )


def generate_job(source: Input, scratch: Path) -> Job:
    """Cold `rye-codegen generate` vs ariadne-codegen run directly vs graphql-codegen."""
    notes: list[str] = []
    commands = [
        Command(
            "rye-codegen generate",
            [_bin("rye-codegen"), "generate"],
            prepare=lambda: _rye_project(source, scratch / "rye"),
        )
    ]
    ariadne_queries = _ariadne_subset(source, scratch, notes)
    if ariadne_queries is not None:
        ariadne = ariadne_queries
        commands.append(
            Command(
                "ariadne-codegen",
                [_bin("ariadne-codegen")],
                prepare=lambda: _ariadne_project(source, scratch / "ariadne", ariadne),
            )
        )
    codegen_argv = _graphql_codegen_argv()
    codegen_queries = _graphql_codegen_subset(source, scratch, notes)
    if codegen_argv is not None and codegen_queries is not None:
        codegen = codegen_queries
        commands.append(
            Command(
                "graphql-codegen",
                codegen_argv,
                prepare=lambda: _graphql_codegen_project(
                    source, scratch / "graphql-codegen", codegen
                ),
            )
        )
    return Job(
        name=f"{source.name}/generate",
        description=f"cold generate, {count_operations(source.queries)} operations",
        commands=commands,
        notes=notes,
    )


def edit_job(source: Input, scratch: Path) -> Job:
    """`generate` again after editing one operation file, the schema unchanged.

    Every command's prepare step lays out a fresh project, runs the command once, untimed (so a
    cache it keeps is warm and its output is there), then edits the same operation file
    (`edit_operation`): the timed run is the second one, on the edited tree. ariadne-codegen and
    graphql-codegen keep no cache; their second run is a full one.
    """
    notes: list[str] = []
    target = edit_target(source.queries).relative_to(source.queries)
    rye_argv = [_bin("rye-codegen"), "generate"]

    def prepare_rye() -> Path:
        folder = _rye_project(source, scratch / "rye")
        run_untimed(rye_argv, folder, what="rye-codegen generate")
        _edit_in(folder / "queries", target)
        return folder

    commands = [Command("rye-codegen generate", rye_argv, prepare=prepare_rye)]
    ariadne_queries = _ariadne_subset(source, scratch, notes)
    if ariadne_queries is not None:
        ariadne_argv, ariadne = [_bin("ariadne-codegen")], ariadne_queries

        def prepare_ariadne() -> Path:
            folder = _ariadne_project(source, scratch / "ariadne", ariadne, own_queries=True)
            run_untimed(ariadne_argv, folder, what="ariadne-codegen")
            _edit_in(folder / "queries", target)
            return folder

        commands.append(Command("ariadne-codegen", ariadne_argv, prepare=prepare_ariadne))
    codegen_argv = _graphql_codegen_argv()
    codegen_queries = _graphql_codegen_subset(source, scratch, notes)
    if codegen_argv is not None and codegen_queries is not None:
        codegen_run, codegen = codegen_argv, codegen_queries

        def prepare_codegen() -> Path:
            folder = _graphql_codegen_project(
                source, scratch / "graphql-codegen", codegen, own_queries=True
            )
            run_untimed(codegen_run, folder, what="graphql-codegen")
            _edit_in(folder / "queries", target)
            return folder

        commands.append(Command("graphql-codegen", codegen_argv, prepare=prepare_codegen))
    return Job(
        name=f"{source.name}/edit",
        description=(
            f"generate again after adding __typename to {target.as_posix()}, schema unchanged,"
            f" {count_operations(source.queries)} operations"
        ),
        commands=commands,
        notes=notes,
    )


def check_job(source: Input, scratch: Path) -> Job:
    """`rye-codegen check` with nothing changed vs the bare interpreter (and `--version`).

    The prepare step lays out a fresh project and runs `rye-codegen generate` in it, untimed,
    so that generated/ (and any cache the tool keeps under the project) is there and current.
    """
    rye = _bin("rye-codegen")

    def prepare_project() -> Path:
        folder = _rye_project(source, scratch / "rye")
        run_untimed([rye, "generate"], folder, what="rye-codegen generate")
        return folder

    def prepare_peer() -> Path:
        folder = scratch / "peer"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    return Job(
        name=f"{source.name}/check",
        description=(
            f"check with nothing changed, {count_operations(source.queries)} operations,"
            " vs the bare interpreter"
        ),
        commands=[
            Command("rye-codegen check", [rye, "check"], prepare=prepare_project),
            Command("python -c pass", [sys.executable, "-c", "pass"], prepare=prepare_peer),
            Command("rye-codegen --version", [rye, "--version"], prepare=prepare_peer),
        ],
    )


@functools.cache
def diff_has_no_cache_flag() -> bool:
    """Whether `rye-codegen diff --help` offers `--no-cache` (the cold run then passes it)."""
    result = subprocess.run(
        [_bin("rye-codegen"), "diff", "--help"], capture_output=True, text=True, check=False
    )
    return "--no-cache" in result.stdout


def diff_job(
    source: Input, old: Path, new: Path, scratch: Path, versions: tuple[str, str] | None = None
) -> Job:
    """`rye-codegen diff OLD NEW` in a project (its operations are what the impact is about),
    with a warm and with a cold cache, vs `graphql-inspector diff OLD NEW`.

    Warm: the project is laid out and the diff run once, untimed, on the first prepare; every
    round then reuses that folder (a diff writes nothing but its cache). Cold: a fresh project
    every round, `--no-cache` when the command has it, and an empty `XDG_CACHE_HOME`.
    """
    notes: list[str] = []
    rye_argv = [_bin("rye-codegen"), "diff", str(old), str(new)]
    cold_argv = list(rye_argv)
    if diff_has_no_cache_flag():
        cold_argv.append("--no-cache")
    else:
        notes.append(
            "rye-codegen diff has no --no-cache: the cold run is a fresh project folder"
            " (with an empty XDG_CACHE_HOME)"
        )

    def prepare_warm() -> Path:
        folder = _rye_project(source, scratch / "warm")
        run_untimed(rye_argv, folder, what="rye-codegen diff", ok_codes=DIFF_OK_CODES)
        return folder

    cold = scratch / "cold"
    cold_env = dict(os.environ, XDG_CACHE_HOME=str(cold / ".xdg-cache"))
    commands = [
        Command(
            "rye-codegen diff (warm)", rye_argv, prepare=_once(prepare_warm), ok_codes=DIFF_OK_CODES
        ),
        Command(
            "rye-codegen diff (cold)",
            cold_argv,
            prepare=lambda: _rye_project(source, cold),
            env=cold_env,
            ok_codes=DIFF_OK_CODES,
        ),
    ]
    node, inspector = peers.node_executable(), peers.graphql_inspector_bin()
    if node and inspector:

        def prepare_inspector() -> Path:
            return _fresh(scratch / "graphql-inspector")

        commands.append(
            Command(
                "graphql-inspector diff",
                [node, str(inspector), "diff", str(old), str(new)],
                prepare=prepare_inspector,
                ok_codes=DIFF_OK_CODES,
            )
        )
    else:
        notes.append("graphql-inspector left out: run `python -m benchmarks setup` first")
    span = f" {versions[0]} -> {versions[1]}" if versions else ""
    return Job(
        name=f"{source.name}/diff",
        description=(
            f"diff of two schemas{span}, warm and cold cache,"
            f" {count_operations(source.queries)} operations"
        ),
        commands=commands,
        notes=notes,
        subjects=2,
    )


_TRACEBACK_FILE = re.compile(r'File "([^"]+)"')


def _failing_module(stderr: str, package: Path) -> str | None:
    """The module of `package` in which an import traceback ends (its last frame there)."""
    module = None
    for match in _TRACEBACK_FILE.finditer(stderr):
        path = Path(match.group(1))
        if path.parent == package and path.suffix == ".py":
            module = path.stem
    return module


def _operation_modules(queries: Path) -> dict[str, Path]:
    """ariadne-codegen's module name of each operation (its snake_case name) → its file."""
    from ariadne_codegen.utils import str_to_snake_case

    modules: dict[str, Path] = {}
    for path in _operation_files(queries):
        for definition in parse(path.read_text(encoding="utf-8")).definitions:
            if isinstance(definition, OperationDefinitionNode) and definition.name:
                modules[str_to_snake_case(definition.name.value)] = path
    return modules


def _import_env(folder: Path) -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(folder))


def _importable_subset(source: Input, scratch: Path, notes: list[str]) -> Path:
    """The operations for which ariadne-codegen's default package imports.

    ariadne-codegen may write a package that fails to import (0.19.0 leaves a fragment on an
    interface out of fragments.py, and imports it anyway). Generate, import, and when the import
    fails in an operation's module, drop that operation's file and go again: a run per culprit,
    not one per file. Notes name the files left out.
    """
    files = _operation_files(source.queries)
    fragments = [p for p in files if _fragments_only(p)]
    kept = [p for p in files if p not in fragments]
    modules = _operation_modules(source.queries)
    dropped: list[str] = []
    queries = source.queries
    argv = [_bin("ariadne-codegen")]
    importer = [sys.executable, "-c", f"import {ARIADNE_DEFAULT_PACKAGE}"]
    for _ in range(len(kept) + 1):
        folder = _ariadne_project(source, scratch / "ariadne-probe", queries, defaults=True)
        run_untimed(argv, folder, what="ariadne-codegen (default settings)")
        result = subprocess.run(
            importer, cwd=folder, env=_import_env(folder / "out"), capture_output=True, text=True
        )
        if result.returncode == 0:
            break
        module = _failing_module(result.stderr, folder / "out" / ARIADNE_DEFAULT_PACKAGE)
        culprit = modules.get(module or "")
        if culprit is None or culprit not in kept:
            raise CommandFailed(
                f"ariadne-codegen's default package does not import, and not because of one"
                f" operation:\n{result.stderr.strip()[-2000:]}"
            )
        kept.remove(culprit)
        dropped.append(culprit.relative_to(source.queries).as_posix())
        queries = _copy_operations(source.queries, [*fragments, *kept], scratch / "ariadne-queries")
    else:
        raise CommandFailed("ariadne-codegen's default package imports with none of the operations")
    if dropped:
        notes.append(
            f"ariadne-codegen's default package does not import with {len(dropped)} of the"
            f" {len(dropped) + len(kept)} operation files ({', '.join(sorted(dropped))});"
            f" it was generated from the {len(kept)} others"
        )
    return queries


def import_job(source: Input, scratch: Path) -> Job:
    """`python -c "import PKG"` of the package rye-codegen generates, and `from PKG import
    Client` (its package imports lazily, so the bare import loads next to nothing: the client
    is what a user's process loads), vs `import PKG` of the one ariadne-codegen generates with
    its default settings (paths apart; it imports everything either way), vs the bare
    interpreter.

    Both packages are generated once, untimed, on the first prepare and byte-compiled (as an
    install would leave them); each import runs with PYTHONPATH set to the folder holding it.
    """
    notes: list[str] = []
    rye_folder, ariadne_folder = scratch / "rye", scratch / "ariadne"
    rye_target = rye_folder / "generated"
    ariadne_queries = _importable_subset(source, scratch, notes)

    def prepare_rye() -> Path:
        folder = _rye_project(source, rye_folder)
        run_untimed([_bin("rye-codegen"), "generate"], folder, what="rye-codegen generate")
        if not (rye_target / source.package).is_dir():
            raise CommandFailed(f"rye-codegen generate wrote no {rye_target / source.package}")
        _compile(rye_target)
        return folder

    def prepare_ariadne() -> Path:
        folder = _ariadne_project(source, ariadne_folder, ariadne_queries, defaults=True)
        run_untimed([_bin("ariadne-codegen")], folder, what="ariadne-codegen (default settings)")
        _compile(folder / "out")
        return folder

    def prepare_peer() -> Path:
        folder = scratch / "peer"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    python = sys.executable
    rye_ready = _once(prepare_rye)  # one package for both imports of it
    return Job(
        name=f"{source.name}/import",
        description=(
            f"import of the generated package, {count_operations(source.queries)} operations"
        ),
        commands=[
            Command(
                f"import {source.package} (rye-codegen)",
                [python, "-c", f"import {source.package}"],
                prepare=rye_ready,
                env=_import_env(rye_target),
            ),
            Command(
                f"from {source.package} import Client (rye-codegen)",
                [python, "-c", f"from {source.package} import Client"],
                prepare=rye_ready,
                env=_import_env(rye_target),
            ),
            Command(
                f"import {ARIADNE_DEFAULT_PACKAGE} (ariadne-codegen)",
                [python, "-c", f"import {ARIADNE_DEFAULT_PACKAGE}"],
                prepare=_once(prepare_ariadne),
                env=_import_env(ariadne_folder / "out"),
            ),
            Command("python -c pass", [python, "-c", "pass"], prepare=prepare_peer),
        ],
        notes=notes,
        subjects=2,
    )


def _compile(folder: Path) -> None:
    run_untimed([sys.executable, "-m", "compileall", "-q", str(folder)], folder, what="compileall")


def rye_input() -> Input:
    return Input(
        name="rye",
        schema=REPO / "schema" / "rye.graphql",
        queries=REPO / "queries",
        package="rye_client",
        pyproject=REPO / "pyproject.toml",
    )


def github_input() -> Input | None:
    schema = peers.github_schema()
    if schema is None:
        return None
    return Input(
        name="github",
        schema=schema,
        queries=peers.HERE / "github_queries",
        package="github_client",
    )


def synthetic_input(scratch: Path, types: int, operations: int) -> Input:
    folder = _fresh(scratch / f"synthetic-{types}x{operations}")
    synthetic.write(folder, types, operations)
    return Input(
        name=f"synthetic-{types}x{operations}",
        schema=folder / "schema.graphql",
        queries=folder / "queries",
        package="synthetic_client",
    )
