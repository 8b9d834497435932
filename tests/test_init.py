"""`rye-codegen init` in a scratch repository: what it writes, that the result checks clean,
and what it refuses to touch."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.schema_source import load_schema_file
from tests.introspection_server import IntrospectionServer
from tests.project import SCHEMAS, TODAY, Project, Result

SCHEMA = SCHEMAS / "rye-sdk-1.4.2.graphql"
WRITTEN = (
    "pyproject.toml",
    "schema/rye.graphql",
    "queries/product_by_id.graphql",
    ".github/workflows/rye-codegen.yml",
)


def init(directory: Path, *argv: str) -> Result:
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["init", str(directory), *argv], today=TODAY)
    return Result(code, stdout.getvalue(), stderr.getvalue())


def files_in(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize("directory", [".", "service"])
def test_init_works_from_a_relative_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, directory: str
) -> None:
    """As the README runs it: `cd my-service && rye-codegen init --from rye.graphql`."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / directory).mkdir(exist_ok=True)
    result = init(Path(directory), "--from", str(SCHEMA))
    assert result.exit_code == 0, result.stderr
    assert all((tmp_path / directory / path).is_file() for path in WRITTEN)
    assert Project(tmp_path / directory).run("check").exit_code == 0


def test_init_sets_up_a_project_that_checks_clean(tmp_path: Path) -> None:
    result = init(tmp_path, "--from", str(SCHEMA))
    assert result.exit_code == 0, result.stderr
    for path in WRITTEN:
        assert f"  wrote {path}\n" in result.stderr
    assert (tmp_path / "schema" / "rye.graphql").read_text() == load_schema_file(
        SCHEMA, "s"
    ).canonical
    assert Project(tmp_path).run("check").exit_code == 0

    workflow = yaml.safe_load((tmp_path / ".github/workflows/rye-codegen.yml").read_text())
    steps = workflow["jobs"]["check"]["steps"]
    assert [s.get("run") for s in steps if "run" in s] == [
        "python -m pip install 'rye-codegen==0.1.0'",
        "rye-codegen check --format github",
    ]


def test_an_existing_pyproject_keeps_its_content_and_gains_the_table(tmp_path: Path) -> None:
    original = '[project]\nname = "shop"\nversion = "1.0"\n'
    (tmp_path / "pyproject.toml").write_text(original)
    assert init(tmp_path, "--from", str(SCHEMA), "--no-generate").exit_code == 0
    text = (tmp_path / "pyproject.toml").read_text()
    assert text.startswith(original + "\n[tool.rye-codegen]\n")
    assert not (tmp_path / "generated").exists()


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    assert init(tmp_path, "--from", str(SCHEMA)).exit_code == 0
    before = files_in(tmp_path)
    again = init(tmp_path, "--from", str(SCHEMA))
    assert again.exit_code == 2
    assert again.stderr.startswith("error[init]: pyproject.toml already has a [tool.rye-codegen]")
    assert files_in(tmp_path) == before


def test_one_file_in_the_way_stops_all_of_them(tmp_path: Path) -> None:
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "product_by_id.graphql").write_text("# mine\n")
    result = init(tmp_path, "--from", str(SCHEMA))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error[init]: init would overwrite queries/product_by_id.graphql"
    )
    assert files_in(tmp_path) == {"queries/product_by_id.graphql": b"# mine\n"}


def test_init_needs_exactly_one_schema(tmp_path: Path) -> None:
    result = init(tmp_path)
    assert result.exit_code == 2
    assert "init needs one schema: --from FILE, or --url or --env" in result.stderr
    assert files_in(tmp_path) == {}


def test_init_from_a_live_endpoint_keeps_the_key_out_of_every_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RYE_API_KEY", "test-key")
    with IntrospectionServer(SCHEMA.read_text()) as server:
        result = init(tmp_path, "--url", server.url)
    assert result.exit_code == 0, result.stderr
    pyproject = (tmp_path / "pyproject.toml").read_text()
    assert f'url = "{server.url}"' in pyproject
    assert 'Authorization = "Basic ${RYE_API_KEY}"' in pyproject
    for path, content in files_in(tmp_path).items():
        assert b"test-key" not in content, path
    assert "test-key" not in result.stderr + result.stdout
