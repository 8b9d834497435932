"""Golden cases: every folder in tests/cases is a small project run through `generate`.

A case has `schema.graphql`, `queries/`, optionally `pyproject.toml` and `case.toml`
(`exit_code`, default 0), and its expected output: `expected_stderr.txt` and, when the run
writes a package, `expected/` (the package without the runtime files ariadne-codegen copies
verbatim). `pytest --update-goldens` rewrites them; nothing else does.

A case that writes a package is also run over HTTP: its `exchanges.toml` (and, when the API
has moved on since generation, `server.graphql`) is played by tests/test_case_exchanges.py.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from generator.plugins.runtime_clients import RUNTIME
from tests.project import REPO, Project

CASES = REPO / "tests" / "cases"
# Copied verbatim (ariadne-codegen's base model, our generator/runtime/): tested where they live.
RUNTIME_FILES = frozenset(
    {"base_model.py", *(p.name for p in RUNTIME.glob("*.py") if p.name != "__init__.py")}
)


def case_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if (p / "schema.graphql").exists())


def default_pyproject(name: str) -> str:
    return (
        f'[tool.rye-codegen]\nschema = "schema.graphql"\nqueries = "queries"\n'
        f'target = "out/{name}"\n'
    )


def run_case(name: str, destination: Path) -> tuple[int, str, dict[str, str]]:
    shutil.copytree(CASES / name, destination)
    pyproject = destination / "pyproject.toml"
    if not pyproject.exists():
        pyproject.write_text(default_pyproject(name), encoding="utf-8")
    result = Project(destination).run("generate")
    package = destination / "out" / name
    files = (
        {
            p.relative_to(package).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(package.rglob("*"))
            if p.is_file()
        }
        if package.exists()
        else {}
    )
    return result.exit_code, result.stderr, files


@pytest.mark.parametrize("name", case_names())
def test_case(name: str, tmp_path: Path, update_goldens: bool) -> None:
    case = CASES / name
    settings = (
        tomllib.loads((case / "case.toml").read_text()) if (case / "case.toml").exists() else {}
    )
    exit_code, stderr, files = run_case(name, tmp_path / name)
    golden = {path: text for path, text in files.items() if path not in RUNTIME_FILES}

    if update_goldens:
        write_goldens(case, stderr, golden)

    assert exit_code == settings.get("exit_code", 0), stderr
    assert "Traceback" not in stderr
    assert stderr == (case / "expected_stderr.txt").read_text(encoding="utf-8")
    assert golden == read_expected(case)
    if exit_code != 0:
        assert not files, "a failed run must not write the package"


def write_goldens(case: Path, stderr: str, golden: dict[str, str]) -> None:
    (case / "expected_stderr.txt").write_text(stderr, encoding="utf-8")
    shutil.rmtree(case / "expected", ignore_errors=True)
    for path, text in golden.items():
        target = case / "expected" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def read_expected(case: Path) -> dict[str, str]:
    expected = case / "expected"
    if not expected.exists():
        return {}
    return {
        p.relative_to(expected).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(expected.rglob("*"))
        if p.is_file()
    }


def test_every_case_has_goldens() -> None:
    for name in case_names():
        assert (CASES / name / "expected_stderr.txt").exists(), f"{name}: run --update-goldens"


# Run over HTTP elsewhere, against a server with resolvers of its own.
RUN_ELSEWHERE = {"hard_names": "tests/test_naming.py"}


def test_every_generated_case_is_run_over_http() -> None:
    for name in case_names():
        if (CASES / name / "expected").exists() and name not in RUN_ELSEWHERE:
            assert (CASES / name / "exchanges.toml").exists(), f"{name}: add exchanges.toml"
