"""generator/heap.py: the collector skips a run's schema only while the run lasts."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from generator import heap
from generator.cli import main


def test_settled_freezes_only_inside_a_run_and_the_run_hands_everything_back() -> None:
    gc.unfreeze()
    heap.settled()
    assert gc.get_freeze_count() == 0  # no run: a library caller's objects stay collectable
    with heap.one_run():
        with heap.one_run():  # a run inside a run (a command's own helpers)
            heap.settled()
            assert gc.get_freeze_count() > 0
        assert gc.get_freeze_count() > 0  # the outer run still holds its schema
    assert gc.get_freeze_count() == 0


def test_a_command_leaves_nothing_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    """The schema a command loaded is frozen while it runs, and is garbage after it."""
    frozen_during: list[int] = []
    real_settled = heap.settled

    def settled() -> None:
        real_settled()
        frozen_during.append(gc.get_freeze_count())

    monkeypatch.setattr(heap, "settled", settled)
    gc.unfreeze()
    root = Path(__file__).resolve().parent.parent
    monkeypatch.chdir(root)
    assert main(["validate", "-q", "--no-cache"]) == 0
    assert frozen_during and max(frozen_during) > 0
    assert gc.get_freeze_count() == 0
