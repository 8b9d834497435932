"""Command-line behaviour: exit codes, config errors, and never a traceback for user errors."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import generator.pipeline
from tests.project import Project, without_allowances


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project.copy_of_repo(tmp_path / "project")


def test_help_documents_the_exit_codes(project: Project) -> None:
    result = project.run_process("check", "--help")
    assert result.exit_code == 0
    assert "0  clean" in result.stdout and "2  could not run" in result.stdout


def test_unknown_flag_is_a_usage_error(project: Project) -> None:
    result = project.run_process("generate", "--shema", "x")
    assert result.exit_code == 2
    assert "unrecognized arguments: --shema" in result.stderr


def test_module_and_console_script_run_the_same_tool(project: Project) -> None:
    result = project.run_process("--version")
    assert result.exit_code == 0 and result.stdout.startswith("rye-codegen ")


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'policy = "error"',
            'policy = "loud"',
            "error[config]: deprecations.policy must be one of error, warn, ignore, not 'loud'",
        ),
        (
            'until = "2027-03-31"',
            'until = "next spring"',
            "error[config]: the allowance for Mutation.cancelOrder needs `until` as a date",
        ),
        (
            'reason = "cancellations',
            'reasn = "cancellations',
            "error[config]: unknown key `deprecations.allow.reasn` in [tool.rye-codegen]",
        ),
        (
            "[tool.rye-codegen.deprecations]\n",
            "[tool.rye-codegen.deprecation]\n",
            "error[config]: unknown key `deprecation` in [tool.rye-codegen]",
        ),
    ],
)
def test_config_errors_are_located_and_exit_2(
    project: Project, old: str, new: str, expected: str
) -> None:
    project.edit_pyproject(lambda t: t.replace(old, new, 1))
    text = (project.root / "pyproject.toml").read_text(encoding="utf-8")
    result = project.run("check")
    assert result.exit_code == 2, result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"pyproject.toml:{line_of(text, new.strip())}:1: {expected}")
    assert "Traceback" not in result.stderr


def test_invalid_toml_is_located(project: Project) -> None:
    project.edit_pyproject(lambda t: t + "\n[tool.rye-codegen.oops\n")
    result = project.run("check")
    assert result.exit_code == 2
    assert re.match(r"pyproject\.toml:\d+:\d+: error\[config\]: invalid TOML", result.stderr)


def test_missing_schema_file_exits_2_naming_it(project: Project) -> None:
    (project.root / "schema" / "rye.graphql").unlink()
    result = project.run("generate")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "schema/rye.graphql: error[input]: schema/rye.graphql does not exist"
    )


def test_non_utf8_operation_file_exits_2(project: Project) -> None:
    (project.root / "queries" / "latin1.graphql").write_bytes(b"query Caf\xe9 { __typename }\n")
    result = project.run("generate")
    assert result.exit_code == 2
    assert (
        "queries/latin1.graphql: error[input]: queries/latin1.graphql is not UTF-8" in result.stderr
    )


def test_flags_override_the_config(project: Project, tmp_path: Path) -> None:
    (project.root / "other").mkdir()
    (project.root / "other" / "q.graphql").write_text(
        "query Token { environmentToken { token } }\n", encoding="utf-8"
    )
    result = project.run("generate", "--queries", "other", "--target", "out/token_client")
    assert result.exit_code == 0, result.stderr
    assert (project.root / "out" / "token_client" / "environment_token.py").exists() is False
    assert (project.root / "out" / "token_client" / "token.py").exists()


def test_no_config_anywhere_is_exit_2_with_a_hint(tmp_path: Path) -> None:
    result = Project(tmp_path).run("check")
    assert result.exit_code == 2
    assert "no pyproject.toml with a [tool.rye-codegen] table" in result.stderr
    assert "--config" in result.stderr


def test_config_found_by_walking_up(project: Project) -> None:
    nested = Project(project.root / "queries")
    result = nested.run("check")
    assert result.exit_code == 0, result.stderr


def test_internal_error_says_so_without_traceback_unless_debug(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> None:
        raise ValueError("boom")

    monkeypatch.setattr(generator.pipeline, "emit", broken)
    quiet = project.run("generate")
    loud = project.run("generate", "--debug")

    assert quiet.exit_code == loud.exit_code == 2
    assert "internal error: ValueError: boom" in quiet.stderr
    assert "--debug" in quiet.stderr and "Traceback" not in quiet.stderr
    assert "Traceback" in loud.stderr


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("warn", "queries/cancel_order.graphql:2:3: warning[deprecated-usage]"),
        ("ignore", None),
    ],
)
def test_lenient_policies_pass_without_allowances(
    project: Project, policy: str, expected: str | None
) -> None:
    project.edit_pyproject(
        lambda t: without_allowances(t).replace('policy = "error"', f'policy = "{policy}"')
    )
    result = project.run("check")
    assert result.exit_code == 0, result.stderr
    if expected is None:
        assert "deprecated" not in result.stderr
    else:
        assert expected in result.stderr


@pytest.mark.parametrize(
    "target", ["generated/rye-client", "generated/1x", "generated/class", "generated/\ufb01x"]
)
def test_target_must_be_an_importable_package_name(project: Project, target: str) -> None:
    project.edit_pyproject(lambda t: t.replace('"generated/rye_client"', f'"{target}"'))
    result = project.run("generate")
    assert result.exit_code == 2
    assert result.stderr.startswith("pyproject.toml:")
    assert "must be a Python identifier" in result.stderr


@pytest.mark.parametrize("until", ["2027-03-31T10:00:00", '"20270331"', '"2027-W13-3"'])
def test_until_must_be_a_plain_date(project: Project, until: str) -> None:
    project.edit_pyproject(lambda t: t.replace('until = "2027-03-31"', f"until = {until}"))
    result = project.run("check")
    assert result.exit_code == 2, result.stderr
    assert 'needs `until` as a date like "2027-03-31"' in result.stderr


def test_allowance_without_coordinate_points_at_its_table(project: Project) -> None:
    project.edit_pyproject(lambda t: t.replace('coordinate = "Mutation.removeCart"\n', ""))
    text = (project.root / "pyproject.toml").read_text(encoding="utf-8")
    second_table = [
        n
        for n, line in enumerate(text.splitlines(), start=1)
        if line == "[[tool.rye-codegen.deprecations.allow]]"
    ][1]
    result = project.run("check")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"pyproject.toml:{second_table}:1: error[config]: an allowance needs a `coordinate`"
    )


def test_ctrl_c_while_the_cli_starts_prints_no_traceback(project: Project) -> None:
    """The console script's imports take a moment; a Ctrl-C then is answered as any other."""
    for delay in (0.05, 0.15, 0.3):
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "validate"],
            cwd=project.root,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=120)
        assert "Traceback" not in stderr, stderr
        assert process.returncode in (130, -signal.SIGINT, 0), stderr


def test_validate_reports_every_configured_scalar_the_schema_lacks(tmp_path: Path) -> None:
    """As generate does: the pre-commit hook and editors run validate, CI runs check."""
    project = Project.copy_of_repo(tmp_path / "p")
    project.edit_pyproject(
        lambda t: (
            t + '\n[tool.rye-codegen.scalars]\nMoney = "decimal.Decimal"\nDate = "datetime.date"\n'
        )
    )
    for command in ("validate", "generate", "check"):
        result = project.run(command, "-q")
        assert result.exit_code == 1, (command, result.stderr)
        errors = [line for line in result.stderr.splitlines() if "error[config]" in line]
        assert [line.split(": ", 1)[1] for line in errors] == [
            "error[config]: scalars.Money: the schema has no scalar `Money`",
            "error[config]: scalars.Date: the schema has no scalar `Date`",
        ], command
