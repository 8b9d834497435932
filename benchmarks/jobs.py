"""The jobs: which commands each comparison runs, on which input, from which fresh folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse

from benchmarks import peers, synthetic
from benchmarks.runner import Command, Job

REPO = peers.REPO


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


def _ariadne_project(source: Input, folder: Path, queries: Path) -> Path:
    _fresh(folder)
    (folder / "out").mkdir()
    (folder / "pyproject.toml").write_text(
        "[tool.ariadne-codegen]\n"
        f'schema_path = "{source.schema.as_posix()}"\n'
        f'queries_path = "{queries.as_posix()}"\n'
        f'target_package_name = "{source.package}"\n'
        f'target_package_path = "{(folder / "out").as_posix()}"\n'
        'include_comments = "none"\n'
        "async_client = true\n",
        encoding="utf-8",
    )
    return folder


def _graphql_codegen_project(source: Input, folder: Path, queries: Path) -> Path:
    _fresh(folder)
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


def _accepted_subset(
    name: str,
    source: Input,
    scratch: Path,
    make: Callable[[Path, Path], Path],
    argv: Sequence[str],
    notes: list[str],
) -> Path:
    """The queries folder a peer accepts: the whole one, or the operation files it takes.

    A peer may reject operations that rye-codegen takes (it fixes some up before emitting).
    Each file is tried alone, beside every fragment-only file; those rejected are left out
    and named in the job's notes.
    """

    def accepts(queries: Path) -> bool:
        cwd = make(scratch / f"{name}-probe", queries)
        result = subprocess.run(list(argv), cwd=cwd, capture_output=True, check=False)
        return result.returncode == 0

    if accepts(source.queries):
        return source.queries
    files = _operation_files(source.queries)
    fragments = [p for p in files if _fragments_only(p)]
    kept: list[Path] = []
    rejected: list[str] = []
    for path in files:
        if path in fragments:
            continue
        trial = _fresh(scratch / f"{name}-trial")
        for keep in [*fragments, path]:
            shutil.copyfile(keep, trial / keep.name)
        if accepts(trial):
            kept.append(path)
        else:
            rejected.append(path.relative_to(source.queries).as_posix())
    subset = _fresh(scratch / f"{name}-queries")
    for keep in [*fragments, *kept]:
        shutil.copyfile(keep, subset / keep.name)
    notes.append(
        f"{name} rejected {len(rejected)} of {len(files) - len(fragments)} operation files"
        f" ({', '.join(rejected)}); it ran on the {len(kept)} it accepts"
    )
    return subset


def generate_job(source: Input, scratch: Path) -> Job:
    """Cold `rye-codegen generate` vs ariadne-codegen run directly vs graphql-codegen."""
    notes: list[str] = []
    rye = Command(
        "rye-codegen generate",
        [_bin("rye-codegen"), "generate"],
        prepare=lambda: _rye_project(source, scratch / "rye"),
    )
    ariadne_argv = [_bin("ariadne-codegen")]
    ariadne_queries = _accepted_subset(
        "ariadne-codegen",
        source,
        scratch,
        lambda folder, queries: _ariadne_project(source, folder, queries),
        ariadne_argv,
        notes,
    )
    commands = [
        rye,
        Command(
            "ariadne-codegen",
            ariadne_argv,
            prepare=lambda: _ariadne_project(source, scratch / "ariadne", ariadne_queries),
        ),
    ]
    node, entry = peers.node_executable(), peers.graphql_codegen_bin()
    if node and entry:
        codegen_argv = [node, str(entry), "--config", "codegen.yml"]
        codegen_queries = _accepted_subset(
            "graphql-codegen",
            source,
            scratch,
            lambda folder, queries: _graphql_codegen_project(source, folder, queries),
            codegen_argv,
            notes,
        )
        commands.append(
            Command(
                "graphql-codegen",
                codegen_argv,
                prepare=lambda: _graphql_codegen_project(
                    source, scratch / "graphql-codegen", codegen_queries
                ),
            )
        )
    else:
        notes.append("graphql-codegen left out: run `python -m benchmarks setup` first")
    operations = sum(
        isinstance(d, OperationDefinitionNode)
        for path in _operation_files(source.queries)
        for d in parse(path.read_text(encoding="utf-8")).definitions
    )
    return Job(
        name=f"{source.name}/generate",
        description=f"cold generate, {operations} operations",
        commands=commands,
        notes=notes,
    )


def check_job(scratch: Path) -> Job:
    """`rye-codegen check` with nothing changed vs the bare interpreter (and `--version`)."""
    project = scratch / "check"
    _fresh(project)
    for name in ("pyproject.toml", "schema", "queries", "generated"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copyfile(source, project / name)
    python = sys.executable
    return Job(
        name="rye/check",
        description="check with nothing changed vs the bare interpreter",
        commands=[
            Command("rye-codegen check", [_bin("rye-codegen"), "check"], prepare=lambda: project),
            Command("python -c pass", [python, "-c", "pass"], prepare=lambda: project),
            Command(
                "rye-codegen --version", [_bin("rye-codegen"), "--version"], prepare=lambda: project
            ),
        ],
    )


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
