"""The hooks of .pre-commit-hooks.yaml, run by pre-commit itself in a scratch git repository:
pre-commit clones this repository, installs it into its own environment from the package
index, and runs the hook as a user's commit would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.project import REPO, Project

# What `pip install .` of this repository needs; the rest of it is not part of the package.
PACKAGE_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml")
PACKAGE_FOLDERS = ("generator", "generated")
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
}


def git(cwd: Path, *args: str) -> str:
    completed = subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **GIT_IDENTITY},
    )
    return completed.stdout.strip()


def hook_repository(destination: Path) -> tuple[Path, str]:
    """This working tree's package as a git repository of its own: the hooks as they are now,
    committed or not. Returns the repository and its commit."""
    destination.mkdir()
    for name in PACKAGE_FILES:
        shutil.copy(REPO / name, destination / name)
    for folder in PACKAGE_FOLDERS:
        shutil.copytree(
            REPO / folder, destination / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    git(destination, "init", "-q")
    git(destination, "add", "-A")
    git(destination, "commit", "-q", "-m", "hooks")
    return destination, git(destination, "rev-parse", "HEAD")


def pre_commit(cwd: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **GIT_IDENTITY, "PRE_COMMIT_HOME": str(cache)},
        timeout=900,
    )


def test_the_check_hook_passes_and_then_fails_on_a_stale_client(tmp_path: Path) -> None:
    hooks, rev = hook_repository(tmp_path / "rye-codegen")
    user = Project.copy_of_repo(tmp_path / "user").root
    (user / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {hooks.as_uri()}\n"
        f"    rev: {rev}\n"
        "    hooks:\n"
        "      - id: rye-codegen-check\n"
        "      - id: rye-codegen-validate\n",
        encoding="utf-8",
    )
    git(user, "init", "-q")
    git(user, "add", "-A")

    clean = pre_commit(user, tmp_path / "cache")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "rye-codegen check" in clean.stdout and "Passed" in clean.stdout

    (user / "queries" / "remove_cart.graphql").unlink()
    git(user, "add", "-A")
    stale = pre_commit(user, tmp_path / "cache")
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert "error[stale-output]: generated/rye_client is out of date" in stale.stdout
    assert "remove_cart.py (would be removed)" in stale.stdout
    # The operations themselves are still valid: only the check hook fails.
    assert stale.stdout.count("Failed") == 1


@pytest.mark.parametrize("hook", ["rye-codegen-check", "rye-codegen-validate"])
def test_each_hook_is_declared_to_run_on_the_whole_project(hook: str) -> None:
    text = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    block = text.split(f"- id: {hook}\n", 1)[1].split("\n- id:", 1)[0]
    assert "pass_filenames: false" in block
    assert "language: python" in block
