"""Write `GeneratedFiles` to the target folder atomically, or compare them with it."""

from __future__ import annotations

import contextlib
import difflib
import json
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

from generator.atomic import JOURNAL, recover, serialised, staging_prefix, swap_in
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
    before: Mapping[str, str] = field(repr=False)
    after: Mapping[str, str] = field(repr=False)
    shown_as: str

    @cached_property
    def diff(self) -> str:
        """A unified diff of every change, made only for `check --diff` that prints it (for a
        new package, a copy of all of its text)."""
        return "".join(
            line
            for change in self.changes
            for line in difflib.unified_diff(
                self.before.get(change.path, "").splitlines(keepends=True),
                self.after.get(change.path, "").splitlines(keepends=True),
                fromfile=self._side("a", change.path, change.kind != "added"),
                tofile=self._side("b", change.path, change.kind != "removed"),
            )
        )

    def _side(self, side: str, path: str, exists: bool) -> str:
        return f"{side}/{self.shown_as}/{path}" if exists else "/dev/null"

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
    for path in sorted(current.keys() | files.keys()):
        old, new = current.get(path), files.get(path)
        if old == new:
            continue
        kind: ChangeKind = "added" if old is None else "removed" if new is None else "modified"
        changes.append(FileChange(path, kind))
    return Comparison(tuple(changes), current, files, shown_as)


def write_files_together(files: Sequence[tuple[Path, str, str]], *, locked: bool = False) -> None:
    """Replace several files (path, text, shown as) as one: the snapshot and its lock never
    disagree, even if the process is killed part-way.

    Each new text is first written in full beside its file. Then a journal listing the
    replacements is written into the folder that holds them all, the files are replaced, and the
    journal deleted. Killed before the journal exists, the old files stand (the next run
    deletes the staged copies); after, the next run finishes the replacements from it.
    `locked`: the caller already holds the folder's lock (`serialised`), as `pull` does to
    compare and write as one.
    """
    if not files:
        return
    targets = [
        (_regular_target(path, shown).absolute(), text, shown) for path, text, shown in files
    ]
    folder = Path(os.path.commonpath([target.parent for target, _, _ in targets]))
    shown = targets[0][2]
    folder.mkdir(parents=True, exist_ok=True)
    with contextlib.nullcontext() if locked else serialised(folder, shown):
        _finish_journal(folder)
        for target, _, _ in targets:
            _clear_staged(target)
        staged: list[tuple[Path, Path]] = []
        try:
            for target, text, shown_as in targets:
                staged.append((_stage_file(target, text, shown_as), target))
            _write_journal(folder, staged)
        except BaseException:
            for temporary, _ in staged:
                temporary.unlink(missing_ok=True)
            raise
        _finish_journal(folder)


def finish_interrupted_writes(folder: Path) -> None:
    """Complete the replacements a killed `write_files_together` had committed to, and
    delete the copies it had staged before it committed."""
    if not folder.is_dir():
        return
    names = {p.name for p in folder.iterdir()}
    owners = names | {JOURNAL}  # a journal staged but never renamed into place has none
    staged = [n for n in names if any(n.startswith(_staged_prefix(o)) for o in owners)]
    if JOURNAL in names or staged:
        with serialised(folder, folder.as_posix()):
            _finish_journal(folder)
            for name in owners:
                _clear_staged(folder / name)


def _finish_journal(folder: Path) -> None:
    journal = folder / JOURNAL
    if not journal.is_file():
        return
    try:
        entries = json.loads(journal.read_text(encoding="utf-8"))
        pairs = [(folder / e["staged"], folder / e["target"]) for e in entries]
    except (ValueError, KeyError, TypeError):  # torn or foreign: it committed to nothing
        pairs = []
    for temporary, target in pairs:
        inside = folder.resolve() in target.resolve().parents
        if inside and temporary.is_file() and temporary.parent == target.parent:
            os.replace(temporary, target)
    journal.unlink()


def _clear_staged(target: Path) -> None:
    """Delete the copies a run killed before its journal was written left beside `target`."""
    if target.parent.is_dir():
        for debris in target.parent.iterdir():
            staged = debris.name.startswith(_staged_prefix(target.name))
            if staged and debris.is_file() and not debris.is_symlink():
                debris.unlink()


def _staged_prefix(name: str) -> str:
    """The hidden name a new copy of `name` is staged under: marked as ours, so that no
    other file (`.env.local` beside `env`, an editor's `.rye.graphql.swp`) is taken for one."""
    return f".{name}.rye-codegen-staged-"


def _write_journal(folder: Path, staged: Sequence[tuple[Path, Path]]) -> None:
    entries = [
        {
            "staged": t.relative_to(folder).as_posix(),
            "target": target.relative_to(folder).as_posix(),
        }
        for t, target in staged
    ]
    _replace_file(folder / JOURNAL, json.dumps(entries))


def _stage_file(target: Path, text: str, shown: str) -> Path:
    """`text` written in full beside `target` (and to disk), under a hidden name."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=_staged_prefix(target.name)
        )
        with open(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        return Path(temporary)
    except OSError as error:
        raise InputError(
            f"cannot write {shown}: {error.strerror or error}", Location(shown)
        ) from error


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
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=_staged_prefix(target.name))
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


def update_tree(files: Mapping[str, str], target: Path, shown_as: str) -> Comparison:
    """Make `target` hold exactly `files`, writing only if it does not already; returns what
    differed. Runs that update the same target take turns, and each first clears what an
    interrupted one left (generator/atomic.py)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with serialised(target.parent, shown_as):
        recover(target, _remove)
        comparison = compare(files, target, shown_as)
        if not comparison.clean:
            _write_tree(files, target, shown_as)
    return comparison


def _write_tree(files: Mapping[str, str], target: Path, shown_as: str) -> None:
    """Replace `target` with exactly `files`: built beside it, then swapped in at once, so a
    failure or a kill at any point leaves the old tree or the new one."""
    _refuse_foreign(target, files, shown_as)
    staging = Path(tempfile.mkdtemp(prefix=staging_prefix(target), dir=target.parent))
    try:
        os.chmod(staging, _default_folder_mode())  # mkdtemp makes it private (0700)
        for relative, text in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        swap_in(staging, target, _remove)
    finally:
        _remove(staging)


def _refuse_foreign(target: Path, files: Mapping[str, str], shown_as: str) -> None:
    """Never replace a folder holding anything rye-codegen did not write: it would delete
    someone's files."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        what = "a symbolic link" if target.is_symlink() else "a file"
        raise TargetNotOursError(
            f"the target {shown_as} is {what}, not a folder", Location(shown_as)
        )
    foreign = foreign_files(target, files)
    if foreign:
        raise TargetNotOursError(
            foreign_files_message(foreign, shown_as), Location(shown_as), hint=FOREIGN_FILES_HINT
        )


FOREIGN_FILES_HINT = "move them out of the target, or point `target` at a new folder"


def foreign_files(target: Path, files: Mapping[str, str]) -> list[str]:
    """What under `target` rye-codegen did not write. Ours carry the generated header, or are
    files we write without one (`py.typed`); a symbolic link is never ours, so nothing is
    deleted through one."""
    return [
        path.relative_to(target).as_posix()
        for path in _entries(target)
        if not _is_ours(path, path.relative_to(target).as_posix(), files)
    ]


def foreign_files_message(foreign: Sequence[str], shown_as: str) -> str:
    shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
    return (
        f"the target {shown_as} holds files rye-codegen did not generate ({shown}); "
        "generate replaces the whole folder and would delete them"
    )


def _entries(target: Path) -> list[Path]:
    """Every file and link under `target`, without following links, bytecode caches aside."""
    if not target.is_dir():
        return []
    found = []
    for folder, folders, names in os.walk(target):  # os.walk never follows links by default
        folders[:] = sorted(
            f for f in folders if f not in IGNORED_PARTS or Path(folder, f).is_symlink()
        )
        found += [Path(folder, name) for name in sorted(names)]
        found += [Path(folder, f) for f in folders if Path(folder, f).is_symlink()]
    return found


def _is_ours(path: Path, relative: str, files: Mapping[str, str]) -> bool:
    if path.is_symlink() or not path.is_file():
        return False
    if relative in files and GENERATED_MARKER not in files[relative].partition("\n")[0]:
        return True  # a file we write without a header, py.typed
    with open(path, encoding="utf-8", errors="replace") as handle:
        return GENERATED_MARKER in handle.readline()


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _default_folder_mode() -> int:
    return 0o777 & ~_umask()


def _remove(folder: Path) -> None:
    """Delete a folder of ours, read-only files and folders included."""
    if not folder.exists():
        return

    def make_writable_and_retry(function: Callable[..., object], path: str, _: object) -> None:
        if os.path.islink(path):  # never chmod through a link: it would change its target
            os.unlink(path)
            return
        os.chmod(path, stat.S_IRWXU)
        parent = os.path.dirname(path)
        os.chmod(parent, stat.S_IRWXU)
        function(path)

    if sys.version_info >= (3, 12):
        shutil.rmtree(folder, onexc=make_writable_and_retry)
    else:
        shutil.rmtree(folder, onerror=make_writable_and_retry)
