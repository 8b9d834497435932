"""The terminal report: the changes that hit our operations first, each part grouped by
severity."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import groupby

from generator.drift.model import Change, DriftReport, Impact, Severity
from generator.printable import printable
from generator.report.common import (
    finish,
    impact_phrase,
    is_untouched,
    ordered_changes,
    places,
    summary_line,
)

# A 2024 -> 2025 Rye diff adds ~140 fields and descriptions that none of our operations use:
# one line per kind, with a few coordinates to recognise it by, keeps them from burying the rest.
_EXAMPLES_PER_KIND = 3


def render_text(report: DriftReport) -> str:
    changes = ordered_changes(report)
    lines = [f"drift from {printable(report.old_name)} to {printable(report.new_name)}", ""]
    if not changes:
        lines += ["no changes", ""]
    hits = [change for change in changes if change.impact is not Impact.NONE]
    rest = [change for change in changes if change.impact is Impact.NONE]
    # What hits our operations comes first: six breaking changes to fields nobody selects must
    # not bury the enum value that breaks our models.
    for title, section in (("changes that hit our operations", hits), ("other changes", rest)):
        if section and hits:
            lines += [f"== {title} ({len(section)}) ==", ""]
        lines += _severity_groups(section)
    lines.append(summary_line(report))
    return finish(lines)


def _severity_groups(changes: Sequence[Change]) -> list[str]:
    lines: list[str] = []
    for severity in Severity:
        group = [change for change in changes if change.severity is severity]
        if group:
            lines += [*_group_lines(group), ""]
    return lines


def _group_lines(group: Sequence[Change]) -> Iterator[str]:
    for change in group:
        if not _compacted(change):
            yield from _change_lines(change)
    yield from _compact_lines([change for change in group if _compacted(change)])


def _compacted(change: Change) -> bool:
    return change.severity is Severity.SAFE and is_untouched(change)


def _change_lines(change: Change) -> Iterator[str]:
    yield (
        f"{change.severity.value}  {printable(change.kind)}  {printable(change.coordinate)}: "
        f"{printable(change.message)}"
    )
    yield f"  impact: {printable(impact_phrase(change))}"
    for place in places(change):
        yield f"  {printable(str(place.location))} ({printable(', '.join(place.operations))})"


def _compact_lines(changes: Sequence[Change]) -> Iterator[str]:
    """`safe  FIELD_ADDED  98 untouched: A.b, C.d, E.f and 95 more`, one line per kind."""
    by_kind = sorted(changes, key=lambda change: (change.kind, change.coordinate))
    for kind, same_kind in groupby(by_kind, key=lambda change: change.kind):
        coordinates = [change.coordinate for change in same_kind]
        shown = ", ".join(printable(c) for c in coordinates[:_EXAMPLES_PER_KIND])
        more = len(coordinates) - _EXAMPLES_PER_KIND
        tail = f" and {more} more" if more > 0 else ""
        yield f"safe  {printable(kind)}  {len(coordinates)} untouched: {shown}{tail}"
