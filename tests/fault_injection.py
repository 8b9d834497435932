"""Run the CLI and kill it with SIGKILL at a chosen point of its writing, as a crash, an OOM
kill or a power cut would (tests/test_interrupted_writes.py).

    python -m tests.fault_injection POINT N [--no-exchange] [--hold SECONDS] -- ARGS...

POINT names a call inside the writers; the process kills itself on the Nth call (1-based),
before the call runs (`before-*`) or right after it (`after-*`):

    before-write         writing the Nth file of the new tree into its staging folder
    before-swap          the swap of the new tree for the old one
    after-exchange       the atomic exchange has happened; the old tree is not deleted yet
    after-rename         the Nth rename of the two-step swap (1: old tree moved aside)
    during-remove        half the files of the Nth folder being deleted are gone
    before-replace       the Nth file replace of a multi-file write (snapshot and lock)
    after-replace        the same, right after it

`--no-exchange` takes the path of systems without `renameat2(RENAME_EXCHANGE)`. `--hold`
sleeps inside the write lock, so a test can start a second run while the first holds it;
`--lock-wait` shortens how long a run waits for the lock. POINT `none` kills nothing.
The harness patches only the names the writers call; nothing in the tool knows about it.
"""

from __future__ import annotations

import argparse
import builtins
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import generator.atomic
import generator.output
from generator.cli import main

calls: Counter[str] = Counter()


def kill_on(point: str, wanted: tuple[str, int]) -> None:
    calls[point] += 1
    if (point, calls[point]) == wanted:
        sys.stdout.flush()
        sys.stderr.flush()
        os.kill(os.getpid(), signal.SIGKILL)


def wrap(
    point_before: str | None,
    point_after: str | None,
    real: Callable[..., Any],
    wanted: tuple[str, int],
) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if point_before:
            kill_on(point_before, wanted)
        result = real(*args, **kwargs)
        if point_after:
            kill_on(point_after, wanted)
        return result

    return wrapper


def arm(wanted: tuple[str, int], exchange: bool, hold: float) -> None:
    real_open = builtins.open

    def open_for_writing(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if "w" in mode and ".new-" in str(file):
            kill_on("before-write", wanted)
        return real_open(file, mode, *args, **kwargs)

    generator.output.open = open_for_writing  # type: ignore[attr-defined]
    real_swap = generator.output.swap_in

    def swap(staging: Path, target: Path, remove: Callable[[Path], None]) -> None:
        kill_on("before-swap", wanted)
        time.sleep(hold)
        real_swap(staging, target, remove)

    generator.output.swap_in = swap  # type: ignore[assignment]
    generator.atomic.exchange = wrap(None, "after-exchange", generator.atomic.exchange, wanted)  # type: ignore[assignment]
    generator.atomic.os.rename = wrap(None, "after-rename", os.rename, wanted)  # type: ignore[assignment]
    generator.output.os.replace = wrap("before-replace", "after-replace", os.replace, wanted)  # type: ignore[assignment]
    real_remove = generator.output._remove

    def remove_half_then(folder: Path) -> None:
        calls["during-remove"] += 1
        if ("during-remove", calls["during-remove"]) == wanted and folder.exists():
            files = sorted(p for p in folder.rglob("*") if p.is_file())
            for path in files[: len(files) // 2]:
                path.unlink()
            os.kill(os.getpid(), signal.SIGKILL)
        real_remove(folder)

    generator.output._remove = remove_half_then  # type: ignore[assignment]
    if not exchange:
        generator.atomic._renameat2 = lambda: None  # type: ignore[assignment]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("point")
    parser.add_argument("n", type=int)
    parser.add_argument("--no-exchange", action="store_true")
    parser.add_argument("--hold", type=float, default=0.0)
    parser.add_argument("--lock-wait", type=float, default=None)
    split = sys.argv.index("--")
    options = parser.parse_args(sys.argv[1:split])
    arm((options.point, options.n), not options.no_exchange, options.hold)
    if options.lock_wait is not None:
        generator.atomic.LOCK_WAIT_SECONDS = options.lock_wait
    sys.exit(main(sys.argv[split + 1 :]))
