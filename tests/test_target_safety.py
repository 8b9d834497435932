"""`generate` replaces its target folder whole: it must never be able to delete anything else."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import generator.atomic
import generator.output
import generator.pipeline
from tests.project import Project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project.copy_of_repo(tmp_path / "project")


def change_an_operation(project: Project) -> None:
    path = project.root / "queries" / "environment_token.graphql"
    path.write_text(
        "query EnvironmentToken {\n  environmentToken {\n    token\n    __typename\n  }\n}\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize(
    ("target", "holds"),
    [
        (".", "the project"),
        ("queries", "the operations"),
        ("schema", "the schema"),
    ],
)
def test_target_that_holds_project_files_is_refused(
    project: Project, target: str, holds: str
) -> None:
    before = project.tree(".")
    result = project.run("generate", "--target", target)
    assert result.exit_code == 2
    assert f"holds {holds}" in result.stderr
    assert project.tree(".") == before


def test_folder_the_tool_did_not_write_is_never_replaced(project: Project) -> None:
    notes = project.root / "docs" / "notes.md"
    notes.parent.mkdir()
    notes.write_text("mine\n", encoding="utf-8")
    result = project.run("generate", "--target", "docs")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "docs: error[target]: the target docs holds files rye-codegen did not generate"
    )
    assert notes.read_text(encoding="utf-8") == "mine\n"


def test_ctrl_c_between_the_two_renames_puts_the_old_tree_back(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the atomic exchange is missing, two renames; Ctrl-C between them is undone."""
    monkeypatch.setattr(generator.atomic, "_renameat2", lambda: None)
    change_an_operation(project)
    before = project.tree()
    real_rename = os.rename
    renames: list[tuple[str, str]] = []

    def rename_then_interrupt(source: str, destination: str) -> None:
        real_rename(source, destination)
        renames.append((source, destination))
        if len(renames) == 1:  # the old tree is moved aside; the new one not yet in place
            raise KeyboardInterrupt

    monkeypatch.setattr(generator.atomic.os, "rename", rename_then_interrupt)
    result = project.run("generate")

    assert result.exit_code == 130
    assert project.tree() == before
    assert sorted(p.name for p in (project.root / "generated").iterdir()) == ["rye_client"]


def test_written_folders_get_the_usual_permissions(project: Project) -> None:
    change_an_operation(project)
    assert project.run("generate").exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    mode = stat.S_IMODE((project.root / "generated" / "rye_client").stat().st_mode)
    assert mode == 0o777 & ~umask


def test_os_errors_are_reported_not_crashed_on(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(*_: object) -> None:
        raise PermissionError(13, "Permission denied", str(project.root / "generated"))

    monkeypatch.setattr(generator.output, "_write_tree", denied)
    change_an_operation(project)
    result = project.run("generate")
    assert result.exit_code == 2
    assert result.stderr.startswith("generated: error[io]: Permission denied")


def test_schema_outside_the_project_keeps_headers_relative(tmp_path: Path) -> None:
    project = Project.copy_of_repo(tmp_path / "checkout" / "project")
    shared = tmp_path / "checkout" / "shared"
    shared.mkdir()
    (project.root / "schema" / "rye.graphql").rename(shared / "rye.graphql")
    project.edit_pyproject(
        lambda t: t.replace('schema = "schema/rye.graphql"', 'schema = "../shared/rye.graphql"')
    )
    assert project.run("generate").exit_code == 0
    header = (project.root / "generated" / "rye_client" / "client.py").read_text().splitlines()[0]
    assert "from ../shared/rye.graphql and queries/." in header
    assert str(tmp_path) not in header


def test_a_nested_pyproject_without_our_table_does_not_stop_the_search(project: Project) -> None:
    nested = project.root / "queries" / "sub"
    nested.mkdir()
    (nested / "pyproject.toml").write_text(
        '[project]\nname = "x"\ndependencies = ["rye-codegen"]\n', encoding="utf-8"
    )
    result = Project(nested).run("check")
    assert result.exit_code == 0, result.stderr
