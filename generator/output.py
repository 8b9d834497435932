"""Write `GeneratedFiles` to the target folder atomically, or compare them with it."""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

IGNORED_PARTS = frozenset({"__pycache__"})

ChangeKind = Literal["added", "removed", "modified"]


@dataclass(frozen=True)
class FileChange:
    path: str
    kind: ChangeKind


@dataclass(frozen=True)
class Comparison:
    changes: tuple[FileChange, ...]
    diff: str

    @property
    def clean(self) -> bool:
        return not self.changes


def read_tree(target: Path) -> dict[str, str]:
    """The files the tool owns under `target` (bytecode caches aside), keyed by posix path."""
    if not target.is_dir():
        return {}
    return {
        path.relative_to(target).as_posix(): path.read_bytes().decode("utf-8", "replace")
        for path in sorted(target.rglob("*"))
        if path.is_file() and not IGNORED_PARTS & set(path.relative_to(target).parts)
    }


def compare(files: Mapping[str, str], target: Path, shown_as: str) -> Comparison:
    current = read_tree(target)
    changes: list[FileChange] = []
    diff: list[str] = []
    for path in sorted(current.keys() | files.keys()):
        old, new = current.get(path), files.get(path)
        if old == new:
            continue
        kind: ChangeKind = "added" if old is None else "removed" if new is None else "modified"
        changes.append(FileChange(path, kind))
        diff.extend(
            difflib.unified_diff(
                (old or "").splitlines(keepends=True),
                (new or "").splitlines(keepends=True),
                fromfile=f"a/{shown_as}/{path}" if old is not None else "/dev/null",
                tofile=f"b/{shown_as}/{path}" if new is not None else "/dev/null",
            )
        )
    return Comparison(tuple(changes), "".join(diff))


def write_tree(files: Mapping[str, str], target: Path) -> None:
    """Replace `target` with exactly `files`: built beside it, then swapped in by renames, so
    a failure at any point leaves the previous tree as it was."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        for relative, text in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        _swap(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap(staging: Path, target: Path) -> None:
    if not target.exists():
        os.rename(staging, target)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    retired.rmdir()
    os.rename(target, retired)
    try:
        os.rename(staging, target)
    except OSError:
        os.rename(retired, target)
        raise
    shutil.rmtree(retired, ignore_errors=True)
