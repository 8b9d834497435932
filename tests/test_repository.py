"""The repository as committed: `rye-codegen check` passes, and the embedded default holds."""

from __future__ import annotations

import subprocess
import sys

from graphql import build_schema

from generator.snapshot import canonical_sdl
from tests.project import REPO


def test_check_passes_on_the_repository_as_committed() -> None:
    # Today's real date: when an allowance in pyproject.toml expires, this fails, as CI should.
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "warning[deprecated-allowed]: Mutation.cancelOrder is deprecated" in result.stderr
    assert "Traceback" not in result.stderr


def test_snapshot_is_canonical() -> None:
    text = (REPO / "schema" / "rye.graphql").read_text(encoding="utf-8")
    assert canonical_sdl(build_schema(text)) == text


def test_queries_hold_the_sdk_operations_and_cancel_order() -> None:
    names = sorted(p.stem for p in (REPO / "queries").glob("*.graphql"))
    assert "cancel_order" in names and "fragments" in names
    assert len(names) == 22  # 19 SDK operations (one split in two), cancel_order, fragments
