"""Keeping the cyclic garbage collector off what lives for a whole run.

A run builds a schema of up to millions of objects, alive until it ends. CPython's collector
traverses every tracked object on its older-generation passes, and the passes that a run's
later allocations set off (validation, ariadne-codegen's syntax trees) went over the whole
schema again and again: 0.9 s of a cold `generate` on GitHub's schema (3.7 s -> 2.8 s).
`gc.freeze()` moves what is alive to a generation the collector never scans.

`settled()` freezes only inside `one_run()` (a CLI command, one watch cycle), and the end of
the outermost run unfreezes, handing everything back to the collector: a process that runs
many commands (watch mode, the tests, a library caller) keeps nothing it would have freed.
"""

from __future__ import annotations

import _thread  # its lock, without `threading`'s import on the path of a cached check
import contextlib
import gc
from collections.abc import Iterator

_runs = 0
_counting = _thread.allocate_lock()


@contextlib.contextmanager
def one_run() -> Iterator[None]:
    global _runs
    with _counting:
        _runs += 1
    try:
        yield
    finally:
        with _counting:
            _runs -= 1
            if _runs == 0:
                gc.unfreeze()


def settled() -> None:
    """What is alive now lives until the run ends (a loaded schema): stop scanning it."""
    if _runs:
        gc.freeze()
