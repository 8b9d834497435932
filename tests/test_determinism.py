"""Output is byte-for-byte the same under different hash seeds (sets and dicts reorder)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.project import REPO, Project


def test_two_runs_under_different_hash_seeds_give_identical_bytes(tmp_path: Path) -> None:
    trees = []
    for seed in ("0", "4242"):
        project = Project.copy_of_repo(tmp_path / f"seed-{seed}")
        shutil.rmtree(project.root / "generated")
        result = project.run_process("generate", env={"PYTHONHASHSEED": seed})
        assert result.exit_code == 0, result.stderr
        trees.append(project.tree())
    assert trees[0] == trees[1]
    # ... and the same bytes as the committed package (rglob skips no file: no caches there).
    committed = Project(REPO).tree()
    assert trees[0] == {path: data for path, data in committed.items() if "__pycache__" not in path}
