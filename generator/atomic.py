"""Replace a folder in one step, and keep two runs from writing the same place at once.

A `generate` killed at any instant (SIGKILL, a power cut) must leave the old tree or the new
one, never a mix and never neither:

- On Linux, `renameat2(RENAME_EXCHANGE)` swaps the new tree and the old one atomically; the
  staging folder then holds the old tree and is deleted. Killed before the exchange, the old
  tree is in place; after it, the new one. Either way only a hidden staging folder is left.
- Elsewhere (or on a file system without the exchange), two renames: the old tree is moved
  aside to `.<name>.old-*`, then the new one moved in. Killed between the two, the target is
  missing and the old tree is beside it; the next run puts it back before anything else.

Every run first clears the debris of interrupted ones (`.<name>.new-*`, `.<name>.old-*`
beside the target) and restores a missing target from its `.old-*` copy.

Runs are serialised by an exclusive lock on the folder that holds the target (an `flock` on
the folder itself, so no lock file lands in a committed folder). A second run waits for the
first, and gives up with a clear error after `LOCK_WAIT_SECONDS`.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from generator.diagnostics import Location
from generator.errors import InputError

LOCK_WAIT_SECONDS = 60.0
# The journal of a write of several files together (generator/output.py), in their folder.
JOURNAL = ".rye-codegen-journal.json"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def staging_prefix(target: Path) -> str:
    return f".{target.name}.new-"


def retired_prefix(target: Path) -> str:
    return f".{target.name}.old-"


def swap_in(staging: Path, target: Path, remove: Callable[[Path], None]) -> None:
    """Make `staging` the `target` folder; the old tree is deleted with `remove`."""
    if not target.exists():
        os.rename(staging, target)
        return
    if exchange(staging, target):
        remove(staging)  # now the old tree
        return
    retired = target.with_name(retired_prefix(target) + staging.name[len(staging_prefix(target)) :])
    try:
        os.rename(target, retired)
        os.rename(staging, target)
    except BaseException:  # Ctrl-C too: never leave the project without its target
        if retired.exists() and not target.exists():
            os.rename(retired, target)
        raise
    remove(retired)


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically; False where the system cannot (the caller falls back)."""
    function = _renameat2()
    if function is None:
        return False
    result = function(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    import ctypes

    error = ctypes.get_errno()
    if error in {22, 38, 95}:  # EINVAL, ENOSYS, EOPNOTSUPP: this file system cannot
        return False
    raise OSError(error, os.strerror(error), os.fspath(second))


def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # here, not at import: a cached `check` never swaps a tree in
    import ctypes.util

    library = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    function = getattr(library, "renameat2", None)
    if function is None:  # glibc before 2.28, or a libc without it
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function  # type: ignore[no-any-return]


def recover(target: Path, remove: Callable[[Path], None]) -> None:
    """Undo what an interrupted run left: put a moved-aside tree back, delete staging."""
    parent = target.parent
    if not parent.is_dir():
        return
    retired = sorted(p for p in parent.iterdir() if p.name.startswith(retired_prefix(target)))
    if retired and not target.exists():
        os.rename(retired.pop(), target)
    for debris in retired + [
        p for p in parent.iterdir() if p.name.startswith(staging_prefix(target))
    ]:
        if debris.is_dir() and not debris.is_symlink():
            remove(debris)


@contextlib.contextmanager
def serialised(folder: Path, shown: str) -> Iterator[None]:
    """Hold an exclusive lock on `folder` (which must exist) for the block."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; the swap itself is still all-or-nothing
        yield
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        _acquire(descriptor, fcntl, shown)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _acquire(descriptor: int, fcntl: object, shown: str) -> None:
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)  # type: ignore[attr-defined]
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise InputError(
                    f"another rye-codegen run is writing {shown}; gave up waiting after "
                    f"{LOCK_WAIT_SECONDS:g} s",
                    Location(shown),
                    hint="wait for it to finish (is `generate --watch` running?), then retry",
                ) from None
            time.sleep(0.05)
