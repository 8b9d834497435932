"""A throwaway rye-codegen project in a temporary folder, and the CLI run inside it."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.cli import main

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = REPO / "tests" / "schemas"
TODAY = date(2026, 12, 3)


@dataclass(frozen=True)
class Result:
    exit_code: int
    stdout: str
    stderr: str


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def copy_of_repo(cls, destination: Path) -> Project:
        """The repository's own config, schema, queries and generated client."""
        destination.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "pyproject.toml", destination / "pyproject.toml")
        for folder in ("schema", "queries", "generated"):
            shutil.copytree(
                REPO / folder,
                destination / folder,
                # A pulled lock file is committed with the snapshot; tests start without one.
                ignore=shutil.ignore_patterns("__pycache__", "*.lock.json"),
            )
        return cls(destination)

    def run(self, *argv: str, today: date = TODAY) -> Result:
        stdout, stderr = io.StringIO(), io.StringIO()
        with (
            contextlib.chdir(self.root),
            contextlib.redirect_stdout(stdout),
            contextlib.redirect_stderr(stderr),
        ):
            code = main(list(argv), today=today)
        return Result(code, stdout.getvalue(), stderr.getvalue())

    def run_process(self, *argv: str, env: dict[str, str] | None = None) -> Result:
        """The CLI in a separate interpreter, as a user or CI runs it."""
        completed = subprocess.run(
            [sys.executable, "-m", "generator", *argv],
            cwd=self.root,
            capture_output=True,
            text=True,
            env={**os.environ, **(env or {})},
            check=False,
            timeout=300,
        )
        return Result(completed.returncode, completed.stdout, completed.stderr)

    def use_schema(self, name: str) -> None:
        shutil.copy(SCHEMAS / name, self.root / "schema" / "rye.graphql")

    def edit_pyproject(self, edit: Callable[[str], str]) -> None:
        path = self.root / "pyproject.toml"
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")

    def tree(self, folder: str = "generated") -> dict[str, bytes]:
        base = self.root / folder
        return {
            p.relative_to(base).as_posix(): p.read_bytes()
            for p in sorted(base.rglob("*"))
            if p.is_file()
        }


def without_allowances(pyproject: str) -> str:
    """The pyproject text with every `[[tool.rye-codegen.deprecations.allow]]` table cut."""
    head, _, _ = pyproject.partition("[[tool.rye-codegen.deprecations.allow]]")
    return head
