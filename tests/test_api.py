"""The library API (`from generator import ...`), used without the CLI: typed results,
nothing printed, nothing exited."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import generator
from generator.errors import ConfigError, RyeCodegenError
from tests.project import SCHEMAS, TODAY, Project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project.copy_of_repo(tmp_path / "project")


@pytest.fixture(autouse=True)
def silent(capsys: pytest.CaptureFixture[str]) -> Iterator[None]:
    """Every test here: the API never prints."""
    yield
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "")


def test_load_schema_reads_the_snapshot_or_any_schema_file(project: Project) -> None:
    snapshot = generator.load_schema(project=project.root)
    assert snapshot.name == "schema/rye.graphql"
    assert snapshot.schema.mutation_type is not None
    assert "cancelOrder" in snapshot.schema.mutation_type.fields
    older = generator.load_schema(SCHEMAS / "rye-cancelorder-removed.graphql")
    assert older.schema.mutation_type is not None
    assert "cancelOrder" not in older.schema.mutation_type.fields


def test_validate_returns_diagnostics_and_operation_names(project: Project) -> None:
    clean = generator.validate(project.root, today=TODAY)
    assert clean.ok and len(clean.operations) == 21 and "CancelOrder" in clean.operations
    (project.root / "queries" / "bad.graphql").write_text("query Bad { nope }\n")
    broken = generator.validate(project.root / "pyproject.toml", today=TODAY)
    assert not broken.ok
    error = next(d for d in broken.diagnostics if d.is_error)
    assert (str(error.location), error.code) == ("queries/bad.graphql:1:13", "op-invalid")


def test_generate_writes_only_what_changed(project: Project) -> None:
    (project.root / "queries" / "remove_cart.graphql").unlink()
    result = generator.generate(project.root, today=TODAY)
    assert result.ok
    assert {(c.path, c.kind) for c in result.changes} >= {("remove_cart.py", "removed")}
    assert not (project.root / "generated" / "rye_client" / "remove_cart.py").exists()
    assert "client.py" in result.files
    again = generator.generate(project.root, today=TODAY)
    assert again.changes == ()


def test_check_reports_a_stale_package_and_writes_nothing(project: Project) -> None:
    assert generator.check(project.root, today=TODAY).ok
    (project.root / "queries" / "remove_cart.graphql").unlink()
    before = project.tree()
    stale = generator.check(project.root, today=TODAY)
    assert not stale.ok
    assert stale.diagnostics[-1].code == "stale-output"
    assert ("remove_cart.py", "removed") in {(c.path, c.kind) for c in stale.changes}
    assert project.tree() == before


def test_check_says_what_generate_would_refuse_as_the_cli_does(project: Project) -> None:
    (project.root / "generated" / "rye_client" / "mine.py").write_text("x = 1\n")
    found = generator.check(project.root, today=TODAY)
    error = next(d for d in found.diagnostics if d.is_error)
    assert (error.code, str(error.location)) == ("target", "generated/rye_client")
    assert "mine.py" in error.message
    cli = project.run("check", "--format", "json")
    assert '"code": "target"' in cli.stdout and "mine.py" in cli.stdout


def test_diff_classifies_and_judges_against_the_project(project: Project) -> None:
    report = generator.diff(
        project.root / "schema" / "rye.graphql",
        SCHEMAS / "rye-cancelorder-removed.graphql",
        project=project.root,
        today=TODAY,
    )
    removed = next(c for c in report.changes if c.coordinate == "Mutation.cancelOrder")
    assert removed.severity.value == "breaking" and removed.impact.value == "breaks"
    assert report.failed
    unjudged = generator.diff(
        project.root / "schema" / "rye.graphql", SCHEMAS / "rye-cancelorder-removed.graphql"
    )
    assert not unjudged.failed  # without operations, nothing of ours is hit


def test_what_cannot_run_raises_instead_of_exiting(project: Project, tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        generator.validate(tmp_path / "nowhere")
    with pytest.raises(ConfigError):
        generator.diff("a.graphql", "b.graphql", fail_on="sometimes")
    with pytest.raises(RyeCodegenError) as raised:
        generator.load_schema(tmp_path / "missing.graphql")
    assert raised.value.as_diagnostic().location is not None
