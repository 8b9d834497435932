"""`rye-codegen init` in a scratch repository: what it writes, that the result checks clean,
and what it refuses to touch."""

from __future__ import annotations

import contextlib
import io
import json
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


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under `folder`: an empty folder counts."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None
        for p in folder.rglob("*")
    }


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"[project\nname = ", "pp/pyproject.toml:1:9: error[config]: invalid TOML"),
        (b'name = "x"\n\xff\xfe[tool]\n', "pp/pyproject.toml:2:1: error[config]: not UTF-8"),
    ],
)
def test_a_broken_pyproject_is_refused_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes, error: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pp").mkdir()
    (tmp_path / "pp" / "pyproject.toml").write_bytes(content)
    result = init(Path("pp"), "--from", str(SCHEMA))
    assert result.exit_code == 2
    assert result.stderr.startswith(error), result.stderr
    assert tree(tmp_path / "pp") == {"pyproject.toml": content}


def test_a_file_where_a_folder_goes_is_refused_and_leaves_no_folders(tmp_path: Path) -> None:
    (tmp_path / ".github").write_text("not a folder\n")
    result = init(tmp_path, "--from", str(SCHEMA))
    assert result.exit_code == 2
    assert "error[init]: .github is a file, not a folder" in result.stderr
    assert tree(tmp_path) == {".github": b"not a folder\n"}


def test_a_failed_generate_undoes_everything_init_wrote(tmp_path: Path) -> None:
    """generate refuses a target holding someone's file: init then takes back what it wrote."""
    original = b'[project]\nname = "shop"\n'
    (tmp_path / "pyproject.toml").write_bytes(original)
    (tmp_path / "generated" / "rye_client").mkdir(parents=True)
    (tmp_path / "generated" / "rye_client" / "notes.txt").write_text("mine\n")
    before = tree(tmp_path)
    result = init(tmp_path, "--from", str(SCHEMA))
    assert result.exit_code == 2
    assert "error[target]" in result.stderr
    assert "init undone" in result.stderr
    assert tree(tmp_path) == before


def test_invalid_operations_already_there_undo_init(tmp_path: Path) -> None:
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "bad.graphql").write_text("query Bad { nope }\n")
    before = tree(tmp_path)
    result = init(tmp_path, "--from", str(SCHEMA))
    assert result.exit_code == 1
    assert "queries/bad.graphql:1:13: error[op-invalid]" in result.stderr
    assert tree(tmp_path) == before


def test_a_write_that_fails_half_way_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.output

    stage = generator.output._stage_file

    def full_disk_at_the_workflow(target: Path, text: str, shown: str) -> Path:
        if target.name == "rye-codegen.yml":
            raise OSError(28, "No space left on device", str(target))
        return stage(target, text, shown)

    monkeypatch.setattr(generator.output, "_stage_file", full_disk_at_the_workflow)
    result = init(tmp_path, "--from", str(SCHEMA))
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    assert tree(tmp_path) == {}


def test_quiet_prints_nothing_on_success(tmp_path: Path) -> None:
    result = init(tmp_path, "--from", str(SCHEMA), "--install", "rye-codegen", "-q")
    assert result.exit_code == 0
    assert (result.stdout, result.stderr) == ("", "")


@pytest.mark.parametrize("extra", [(), ("--no-generate",)])
def test_format_json_writes_one_document_to_stdout(tmp_path: Path, extra: tuple[str, ...]) -> None:
    result = init(tmp_path, "--from", str(SCHEMA), "--format", "json", *extra)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["errors"] == 0
    assert [d["code"] for d in document["diagnostics"]] == ["init-install"]
    assert "warning[" not in result.stderr


def test_format_json_reports_a_refusal_as_json(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.rye-codegen]\n")
    result = init(tmp_path, "--from", str(SCHEMA), "--format", "json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["diagnostics"][0]["code"] == "init"
    assert result.stderr == ""


@pytest.mark.parametrize(
    "original",
    [
        b'[project]\r\nname = "shop"\r\n',
        b"[project]\r\nname = 1",  # no newline at the end
        b"\xef\xbb\xbf[project] # a BOM, kept\r\n",
    ],
)
def test_a_crlf_pyproject_keeps_its_bytes_and_its_line_endings(
    tmp_path: Path, original: bytes
) -> None:
    (tmp_path / "pyproject.toml").write_bytes(original)
    result = init(tmp_path, "--from", str(SCHEMA), "--install", "rye-codegen")
    assert result.exit_code == 0, result.stderr
    data = (tmp_path / "pyproject.toml").read_bytes()
    assert data.startswith(original.rstrip(b"\r\n") + b"\r\n\r\n[tool.rye-codegen]\r\n")
    assert data.startswith(original)
    assert data.count(b"\n") == data.count(b"\r\n")
    assert Project(tmp_path).run("check").exit_code == 0


def test_a_missing_folder_is_said_to_be_missing(tmp_path: Path) -> None:
    result = init(tmp_path / "nope", "--from", str(SCHEMA))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert not (tmp_path / "nope").exists()


@pytest.mark.parametrize("name", ["ProductByID", "productById"])
def test_the_example_takes_a_name_no_operation_has(tmp_path: Path, name: str) -> None:
    mine = (
        f"query {name}($input: ProductByIDInput!) {{\n  productByID(input: $input) {{ id }}\n}}\n"
    )
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "mine.graphql").write_text(mine)
    result = init(tmp_path, "--from", str(SCHEMA), "--install", "rye-codegen")
    assert result.exit_code == 0, result.stderr
    assert "  wrote queries/get_cart.graphql\n" in result.stderr
    assert not (tmp_path / "queries" / "product_by_id.graphql").exists()
    assert (tmp_path / "queries" / "mine.graphql").read_text() == mine
    assert Project(tmp_path).run("check").exit_code == 0


def test_no_example_when_every_name_is_taken(tmp_path: Path) -> None:
    schema = tmp_path / "tiny.graphql"
    schema.write_text("type Query { hello: String }\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "queries").mkdir()
    (tmp_path / "app" / "queries" / "hi.graphql").write_text("query Hello { hello }\n")
    result = init(tmp_path / "app", "--from", str(schema), "--install", "rye-codegen")
    assert result.exit_code == 0, result.stderr
    assert "warning[init-example]: no example operation written" in result.stderr
    assert sorted(p.name for p in (tmp_path / "app" / "queries").iterdir()) == ["hi.graphql"]
    assert Project(tmp_path / "app").run("check").exit_code == 0


def test_without_install_the_workflow_is_a_marked_placeholder_and_init_warns(
    tmp_path: Path,
) -> None:
    result = init(tmp_path, "--from", str(SCHEMA), "--no-generate")
    assert result.exit_code == 0
    assert "warning[init-install]" in result.stderr
    assert "--install 'rye-codegen @ git+https://github.com/<you>/rye-codegen@<rev>'" in (
        result.stderr
    )
    text = (tmp_path / ".github/workflows/rye-codegen.yml").read_text()
    assert "rye-codegen==" not in text
    assert "PLACEHOLDER" in text
    steps = yaml.safe_load(text)["jobs"]["check"]["steps"]
    [install] = [s["run"] for s in steps if s.get("name") == "Install rye-codegen"]
    assert "exit 1" in install  # fails the job until someone fills it in


def test_with_install_the_workflow_installs_it_and_init_does_not_warn(tmp_path: Path) -> None:
    requirement = "rye-codegen @ git+https://github.com/acme/rye-codegen@v0.1.0"
    result = init(tmp_path, "--from", str(SCHEMA), "--install", requirement)
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr
    text = (tmp_path / ".github/workflows/rye-codegen.yml").read_text()
    steps = yaml.safe_load(text)["jobs"]["check"]["steps"]
    assert [s.get("run") for s in steps if "run" in s] == [
        f"python -m pip install '{requirement}'",
        "rye-codegen check --format github",
    ]
    assert "PLACEHOLDER" not in text
