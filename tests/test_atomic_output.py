"""A failed `generate` leaves generated/ byte-identical; a good one leaves exactly the plan."""

from __future__ import annotations

from pathlib import Path

import pytest

import generator.output
import generator.plugins.header
from tests.project import Project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project.copy_of_repo(tmp_path / "project")


def test_invalid_operation_leaves_generated_untouched(project: Project) -> None:
    before = project.tree()
    (project.root / "queries" / "broken.graphql").write_text(
        "query Broken {\n  getCart(id: 1) { nope }\n}\n", encoding="utf-8"
    )

    result = project.run("generate")

    assert result.exit_code == 1
    assert "queries/broken.graphql:2:" in result.stderr
    assert project.tree() == before


def test_exception_inside_the_emit_engine_leaves_generated_untouched(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = project.tree()
    calls = iter(range(1000))

    def failing_header(self: object, comment: str, code: str, source: str | None = None) -> str:
        if next(calls) == 5:  # part-way through ariadne-codegen's writing of modules
            raise RuntimeError("injected failure")
        return "# header"

    monkeypatch.setattr(generator.plugins.header.HeaderPlugin, "get_file_comment", failing_header)
    result = project.run("generate")

    assert result.exit_code == 2
    assert "internal error: EmitError: ariadne-codegen failed: injected failure" in result.stderr
    assert "Traceback" not in result.stderr
    assert project.tree() == before


def test_failure_while_writing_leaves_the_previous_tree_and_no_debris(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project.root / "queries" / "cancel_order.graphql").write_text(
        "mutation CancelOrder($input: CancelOrderInput!) {\n"
        "  cancelOrder(input: $input) { error { code } }\n}\n",
        encoding="utf-8",
    )
    before = project.tree()

    def failing_swap(staging: Path, target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(generator.output, "_swap", failing_swap)
    result = project.run("generate")

    assert result.exit_code == 2
    assert project.tree() == before
    assert sorted(p.name for p in (project.root / "generated").iterdir()) == ["rye_client"]


def test_generate_removes_files_it_did_not_plan_and_check_reports_them(project: Project) -> None:
    stray = project.root / "generated" / "rye_client" / "old_operation.py"
    stray.write_text("# left over from a deleted operation\n", encoding="utf-8")

    checked = project.run("check")
    generated = project.run("generate")

    assert checked.exit_code == 1
    assert (
        "error[stale-output]: generated/rye_client is out of date: 1 file differs: "
        "old_operation.py (would be removed)" in checked.stderr
    )
    assert "run `rye-codegen generate`" in checked.stderr
    assert generated.exit_code == 0
    assert not stray.exists()
    assert project.run("check").exit_code == 0


def test_check_diff_prints_a_unified_diff_to_stdout(project: Project) -> None:
    client = project.root / "generated" / "rye_client" / "client.py"
    client.write_text(
        client.read_text(encoding="utf-8").replace("class Client", "class Klient"), encoding="utf-8"
    )

    result = project.run("check", "--diff")

    assert result.exit_code == 1
    assert "--- a/generated/rye_client/client.py" in result.stdout
    assert "-class Klient(BaseClient):" in result.stdout
    assert "+class Client(BaseClient):" in result.stdout
    assert "client.py (would be modified)" in result.stderr


def test_unchanged_generate_touches_nothing(project: Project) -> None:
    client = project.root / "generated" / "rye_client" / "client.py"
    stamp = client.stat().st_mtime_ns

    result = project.run("generate")

    assert result.exit_code == 0
    assert "generated/rye_client is up to date" in result.stderr
    assert client.stat().st_mtime_ns == stamp
