"""The drift reports of the real SDK 1.4.2 → current case, end to end through the CLI:
golden Markdown, JSON and SARIF (validated against our schema and SARIF 2.1.0), and the alert
posted to a real webhook receiver on 127.0.0.1."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import jsonschema
import pytest

from tests.project import REPO, SCHEMAS, Project
from tests.webhook_receiver import WebhookReceiver

GOLDENS = REPO / "tests" / "drift_reports"
SDK_142 = SCHEMAS / "rye-sdk-1.4.2.graphql"
REMOVED = SCHEMAS / "rye-cancelorder-removed.graphql"
EXTENSIONS = {
    "markdown": "md",
    "json": "json",
    "sarif": "sarif",
    "github": "github.txt",
    "text": "txt",
}


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project.copy_of_repo(tmp_path / "project")


def report(project: Project, fmt: str) -> str:
    # Relative paths, as a user in the repository types them: they appear in the report.
    (project.root / "old.graphql").write_bytes(SDK_142.read_bytes())
    result = project.run("diff", "old.graphql", "schema/rye.graphql", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("fmt", sorted(EXTENSIONS))
def test_golden_report(project: Project, fmt: str, update_goldens: bool) -> None:
    actual = report(project, fmt)
    golden = GOLDENS / f"sdk-1.4.2-to-current.{EXTENSIONS[fmt]}"
    if update_goldens:
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


def test_json_report_validates_against_its_documented_schema(project: Project) -> None:
    schema = json.loads((REPO / "docs" / "drift-report.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(json.loads(report(project, "json")))


def test_sarif_report_validates_against_sarif_2_1_0(project: Project) -> None:
    schema = json.loads((REPO / "tests" / "report_data" / "sarif-schema-2.1.0.json").read_text())
    sarif = json.loads(report(project, "sarif"))
    jsonschema.Draft4Validator(schema).validate(sarif)
    located = [r for r in sarif["runs"][0]["results"] if r["properties"]["impact"] != "none"]
    [cancel] = located
    region = cancel["locations"][0]["physicalLocation"]
    assert region["artifactLocation"]["uri"] == "queries/cancel_order.graphql"
    assert (region["region"]["startLine"], region["region"]["startColumn"]) == (2, 3)


def test_output_file_gets_the_report_and_stdout_stays_empty(project: Project) -> None:
    result = project.run(
        "drift", "--against", str(REMOVED), "--format", "sarif", "--output", "drift.sarif"
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert json.loads((project.root / "drift.sarif").read_text())["version"] == "2.1.0"
    assert "fails on impact" in result.stderr


def test_alert_reaches_the_webhook_with_the_url_from_the_environment(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    with WebhookReceiver((500, 200)) as receiver:
        monkeypatch.setenv("RYE_DRIFT_WEBHOOK", receiver.url("/services/T1/B2/SECRET"))
        result = project.run("drift", "--against", str(REMOVED), "--notify", "${RYE_DRIFT_WEBHOOK}")
        requests = receiver.requests

    assert result.exit_code == 1, result.stderr  # drift found; the alert went through
    assert len(requests) == 2  # 500, retried, then 200
    payload = requests[-1].body
    assert "Mutation.cancelOrder" in json.dumps(payload)
    assert "SECRET" not in result.stdout + result.stderr


def test_no_alert_when_nothing_fails_unless_always(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    with WebhookReceiver((200,)) as receiver:
        quiet = project.run("drift", "--against", "schema/rye.graphql", "--notify", receiver.url())
        always = project.run(
            "drift",
            "--against",
            "schema/rye.graphql",
            "--notify",
            receiver.url(),
            "--notify-always",
            "--notify-format",
            "json",
        )
        requests = receiver.requests
    assert quiet.exit_code == always.exit_code == 0
    [request] = requests
    assert request.body["changes"] == []


def test_unreachable_webhook_exits_2_with_one_line_and_still_prints_the_report(
    project: Project,
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/services/T1/B2/SECRET"

    result = project.run("drift", "--against", str(REMOVED), "--notify", url)

    assert result.exit_code == 2
    assert "Mutation.cancelOrder" in result.stdout  # the report still printed
    errors = [line for line in result.stderr.splitlines() if "error[alert]" in line]
    assert errors == [next(line for line in result.stderr.splitlines() if "error[" in line)]
    assert f"http://127.0.0.1:{port}" in errors[0]
    assert "SECRET" not in result.stdout + result.stderr


def test_usage_errors_never_echo_a_webhook_secret(project: Project) -> None:
    secret = "https://user:pw@hooks.slack.com/services/T1/B2/SECRET?token=abc"
    for argv in (
        ["drift", "--against", "x", f"--notify-always={secret}"],
        ["drift", "--against", "x", "--notfy", secret],
    ):
        result = project.run_process(*argv)
        assert result.exit_code == 2
        assert "https://hooks.slack.com/…" in result.stderr
        for part in ("SECRET", "abc", "pw", "T1"):
            assert part not in result.stderr


def test_output_refuses_a_folder_and_names_the_real_path(project: Project) -> None:
    (project.root / "reports").mkdir()
    result = project.run("drift", "--against", str(REMOVED), "--output", "reports")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "reports: error[input]: reports exists and is not a regular file"
    )


def test_output_through_a_symlink_keeps_the_link(project: Project) -> None:
    (project.root / "real.txt").write_text("old\n")
    (project.root / "link.txt").symlink_to("real.txt")
    result = project.run("drift", "--against", str(REMOVED), "--output", "link.txt")
    assert result.exit_code == 1
    assert (project.root / "link.txt").is_symlink()
    assert "Mutation.cancelOrder" in (project.root / "real.txt").read_text()


def test_snapshot_repairs_a_broken_snapshot(project: Project) -> None:
    snapshot = project.root / "schema" / "rye.graphql"
    snapshot.write_text("type Query {", encoding="utf-8")
    result = project.run("snapshot", "--from", str(SDK_142))
    assert result.exit_code == 0, result.stderr
    assert "warning[schema-syntax]" in result.stderr and "replacing it" in result.stderr
    assert snapshot.read_text() == SDK_142.read_text()


def test_schema_text_cannot_drive_the_terminal_or_ci(project: Project) -> None:
    evil = project.root / "evil.json"
    evil.write_text('{"errors": [{"message": "x\\u001b]0;TITLE\\u0007\\n::error file=x::owned"}]}')
    result = project.run("diff", "schema/rye.graphql", "evil.json")
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert not any(line.startswith("::") for line in result.stderr.splitlines())
    assert "\\x1b]0;TITLE\\x07\\n::error" in result.stderr
