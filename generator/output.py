"""Write `GeneratedFiles` to the target folder atomically, or compare them with it."""

from __future__ import annotations

import difflib
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator.diagnostics import Location
from generator.emit.context import GENERATED_MARKER
from generator.errors import InputError, RyeCodegenError

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


def write_files_together(files: Sequence[tuple[Path, str, str]]) -> None:
    """Replace several files (path, text, shown as) so that a failure at any point, Ctrl-C
    included, leaves all of them as they were: the snapshot and its lock never disagree."""
    targets = [(_regular_target(path, shown), text, shown) for path, text, shown in files]
    backups: list[tuple[Path, bytes | None]] = []
    try:
        for target, text, shown in targets:
            backups.append((target, target.read_bytes() if target.exists() else None))
            write_file_atomically(target, text, shown)
    except BaseException:
        for target, old in reversed(backups):
            if old is None:
                target.unlink(missing_ok=True)
            else:
                _replace_file(target, old.decode("utf-8", "surrogateescape"))
        raise


def _regular_target(path: Path, shown: str) -> Path:
    target = path.resolve() if path.is_symlink() else path
    if target.exists() and not target.is_file():
        raise InputError(f"{shown} exists and is not a regular file", Location(shown))
    return target


def write_file_atomically(path: Path, text: str, shown_as: str | None = None) -> None:
    """Write beside, then rename over: readers see the old file or the new one, never half.

    A symbolic link is followed (its target is replaced, the link kept); anything but a
    regular file (a folder, a device) is refused. Errors name `path`, never the temporary
    file beside it.
    """
    shown = shown_as or path.as_posix()
    target = _regular_target(path, shown)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _replace_file(target, text)
    except OSError as error:
        raise InputError(
            f"cannot write {shown}: {error.strerror or error}", Location(shown)
        ) from error


def _replace_file(target: Path, text: str) -> None:
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with open(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class TargetNotOursError(RyeCodegenError):
    code = "target"


def write_tree(files: Mapping[str, str], target: Path, shown_as: str) -> None:
    """Replace `target` with exactly `files`: built beside it, then swapped in by renames, so
    a failure at any point leaves the previous tree as it was."""
    _refuse_foreign(target, shown_as)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        os.chmod(staging, _default_folder_mode())  # mkdtemp makes it private (0700)
        for relative, text in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        _swap(staging, target)
    finally:
        _remove(staging)


def _refuse_foreign(target: Path, shown_as: str) -> None:
    """Never replace a folder rye-codegen did not write: it would delete someone's files."""
    if not target.exists():
        return
    if not target.is_dir():
        raise TargetNotOursError(
            f"the target {shown_as} is a file, not a folder", Location(shown_as)
        )
    entries = list(target.iterdir())
    if entries and not any(_is_generated(entry) for entry in entries):
        raise TargetNotOursError(
            f"the target {shown_as} holds files rye-codegen did not generate; it would "
            "replace them all",
            Location(shown_as),
            hint="point `target` at a new folder, or empty this one",
        )


def _is_generated(path: Path) -> bool:
    if not path.is_file():
        return False
    with open(path, encoding="utf-8", errors="replace") as handle:
        return GENERATED_MARKER in handle.readline()


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _default_folder_mode() -> int:
    return 0o777 & ~_umask()


def _swap(staging: Path, target: Path) -> None:
    if not target.exists():
        os.rename(staging, target)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    retired.rmdir()
    try:
        os.rename(target, retired)
        os.rename(staging, target)
    except BaseException:  # Ctrl-C too: never leave the project without its target
        if retired.exists() and not target.exists():
            os.rename(retired, target)
        raise
    _remove(retired)


def _remove(folder: Path) -> None:
    """Delete a folder of ours, read-only files and folders included."""
    if not folder.exists():
        return

    def make_writable_and_retry(function: Callable[..., object], path: str, _: object) -> None:
        os.chmod(path, stat.S_IRWXU)
        parent = os.path.dirname(path)
        os.chmod(parent, stat.S_IRWXU)
        function(path)

    if sys.version_info >= (3, 12):
        shutil.rmtree(folder, onexc=make_writable_and_retry)
    else:
        shutil.rmtree(folder, onerror=make_writable_and_retry)
