"""`validate`, and how diagnostics are written: text for people (colour on a terminal only,
NO_COLOR honoured), JSON, SARIF and GitHub workflow commands for machines, --quiet, --verbose."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli.printing import print_diagnostics
from generator.diagnostics import Diagnostic, Location, Severity
from tests.project import Project

BAD = 'query Bad {\n  getCart(id: "c") {\n    nope\n  }\n}\n'


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project.copy_of_repo(tmp_path / "project")


@pytest.fixture
def broken(project: Project) -> Project:
    (project.root / "queries" / "bad.graphql").write_text(BAD, encoding="utf-8")
    return project


def test_validate_is_clean_on_the_repository_and_writes_nothing(project: Project) -> None:
    generated = project.tree()
    (project.root / "generated" / "rye_client" / "client.py").unlink()  # stale: not its job
    result = project.run("validate")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith("queries: 21 operations valid\n")
    assert "warning[deprecated-allowed]" in result.stderr
    assert len(project.tree()) == len(generated) - 1


def test_validate_reports_what_generate_reports(broken: Project) -> None:
    validated = broken.run("validate")
    generated = broken.run("generate")
    assert validated.exit_code == generated.exit_code == 1
    assert validated.stderr == generated.stderr
    assert validated.stderr.startswith(
        "queries/bad.graphql:3:5: error[op-invalid]: Cannot query field 'nope'"
    )


def test_quiet_says_nothing_when_nothing_is_wrong(project: Project) -> None:
    result = project.run("validate", "--quiet")
    assert (result.exit_code, result.stderr) == (0, "")


def test_quiet_keeps_errors_only(broken: Project) -> None:
    result = broken.run("validate", "-q")
    shown = result.stderr.splitlines()[:-1]
    assert not any("warning[" in line for line in shown)
    assert result.stderr.startswith("queries/bad.graphql:3:5: error[op-invalid]")
    # The summary counts what --quiet hides (the repository's two allowed deprecations).
    assert result.stderr.endswith("1 error, 2 warnings in 3 files (2 not shown: --quiet)\n")


def test_json_lists_every_diagnostic_with_its_place(broken: Project) -> None:
    result = broken.run("check", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["version"] == 1
    assert document["errors"] == 1 and document["warnings"] == 2
    first = document["diagnostics"][0]
    assert first == {
        "severity": "error",
        "code": "op-invalid",
        "message": "Cannot query field 'nope' on type 'CartResponse'.",
        "location": {"path": "queries/bad.graphql", "line": 3, "column": 5},
    }
    assert {d["code"] for d in document["diagnostics"][1:]} == {"deprecated-allowed"}


def test_a_run_that_cannot_start_is_json_too(project: Project) -> None:
    result = project.run("validate", "--format", "json", "--schema", "missing.graphql")
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert document["errors"] == 1
    assert document["diagnostics"][0]["location"]["path"] == "missing.graphql"


def test_sarif_places_each_result_on_its_line(broken: Project) -> None:
    result = broken.run("validate", "--format", "sarif")
    sarif = json.loads(result.stdout)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert rules == ["deprecated-allowed", "op-invalid"]
    error = next(r for r in run["results"] if r["level"] == "error")
    assert error["ruleId"] == "op-invalid" and rules[error["ruleIndex"]] == "op-invalid"
    location = error["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "queries/bad.graphql"
    assert location["region"] == {"startLine": 3, "startColumn": 5}


def test_github_annotates_the_line(broken: Project) -> None:
    result = broken.run("generate", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "::error file=queries/bad.graphql,line=3,col=5,title=rye-codegen op-invalid::"
        "Cannot query field 'nope' on type 'CartResponse'."
    )
    assert all(line.startswith("::") for line in result.stdout.splitlines())


def test_verbose_shows_the_effective_config_with_secrets_masked(project: Project) -> None:
    project.edit_pyproject(
        lambda text: text.replace(
            'url = "https://graphql.api.rye.com/v1/query"',
            'url = "https://user:hunter2@rye.example/v1/query?token=s3cret"',
        ).replace("Basic ${RYE_API_KEY}", "Basic literal-key")
    )
    result = project.run("validate", "--verbose")
    assert result.exit_code == 0, result.stderr
    shown = result.stderr
    assert "  target = generated/rye_client\n" in shown
    assert "  forward_compatible = true\n" in shown
    assert "  endpoint.url = https://rye.example/…\n" in shown
    assert "  endpoint.headers.Authorization = ***\n" in shown
    for secret in ("hunter2", "s3cret", "literal-key"):
        assert secret not in shown


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


ERROR = Diagnostic(Severity.ERROR, "op-invalid", "nope", Location("queries/a.graphql", 1, 2))


def test_colour_on_a_terminal_only_and_never_with_no_color(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    terminal, pipe = Terminal(), io.StringIO()
    print_diagnostics([ERROR], terminal)
    print_diagnostics([ERROR], pipe)
    assert terminal.getvalue().startswith(
        "queries/a.graphql:1:2: \x1b[1;31merror[op-invalid]\x1b[0m"
    )
    assert "\x1b" not in pipe.getvalue()

    monkeypatch.setenv("NO_COLOR", "1")
    plain = Terminal()
    print_diagnostics([ERROR], plain)
    assert plain.getvalue() == pipe.getvalue()


@pytest.mark.parametrize("command", [["validate", "--format", "json"], ["check", "--diff"]])
def test_a_reader_that_goes_away_ends_the_run_quietly(project: Project, command: list[str]) -> None:
    """`rye-codegen ... | head`: no traceback when the pipe closes."""
    client = project.root / "generated" / "rye_client" / "client.py"
    client.write_text(client.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", *command],
        cwd=project.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    process.stdout.close()  # the reader is gone before a byte is written
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 2
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr


def test_the_caret_points_at_the_column_after_tabs(project: Project) -> None:
    (project.root / "queries" / "tabs.graphql").write_text(
        "query Tabs {\n\t\tenvironmentToken {\n\t\t\tnope\n\t\t}\n}\n", encoding="utf-8"
    )
    result = project.run("validate")
    lines = result.stderr.splitlines()
    at = lines.index(next(line for line in lines if line.startswith("queries/tabs.graphql:3:4")))
    source, caret = lines[at + 2], lines[at + 3]
    assert source.endswith("   nope") and "\\t" not in source
    assert caret.index("^") == source.index("nope")


def test_a_linked_operation_file_is_named_by_its_link(project: Project, tmp_path: Path) -> None:
    elsewhere = tmp_path / "shared" / "host.graphql"
    elsewhere.parent.mkdir()
    elsewhere.write_text("query Host {\n  nope\n}\n", encoding="utf-8")
    (project.root / "queries" / "host.graphql").symlink_to(elsewhere)
    result = project.run("validate")
    assert "\nqueries/host.graphql:2:3: error[op-invalid]" in result.stderr
