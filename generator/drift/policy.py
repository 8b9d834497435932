"""`--fail-on`: pure functions from the assessed changes to the ones that fail the run."""

from __future__ import annotations

from collections.abc import Iterable

from generator.drift.model import Change, Impact, Severity

FAIL_ON = ("impact", "breaking", "dangerous", "deprecation", "any", "none")
FAILING_IMPACTS = frozenset({Impact.BREAKS, Impact.DEPRECATED})


def failing_changes(changes: Iterable[Change], fail_on: str) -> tuple[Change, ...]:
    if fail_on not in FAIL_ON:
        raise ValueError(f"--fail-on must be one of {', '.join(FAIL_ON)}")
    return tuple(change for change in changes if _fails(change, fail_on))


def _fails(change: Change, fail_on: str) -> bool:
    if fail_on == "none":
        return False
    if fail_on == "any":
        return True
    if fail_on == "impact":
        return change.impact in FAILING_IMPACTS
    threshold = Severity(fail_on)
    return change.severity.rank <= threshold.rank
