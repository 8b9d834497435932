"""What every report format shares: the order of changes, the impact phrase, the summary line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from generator.diagnostics import Location
from generator.drift.model import Change, DriftReport, Impact, Severity, Use

# Within a severity, the changes that hit our operations come first: they are what a reviewer
# must act on. `breaks` before `deprecated`: one fails now, the other later.
IMPACT_ORDER = (Impact.BREAKS, Impact.DEPRECATED, Impact.ALLOWED, Impact.NONE)

_IMPACT_LABELS = {
    Impact.BREAKS: "break",
    Impact.DEPRECATED: "deprecated",
    Impact.ALLOWED: "allowed",
}


def ordered_changes(report: DriftReport) -> tuple[Change, ...]:
    """Every change by severity, then impact, then coordinate: never the detector's order."""
    return tuple(sorted(report.changes, key=change_sort_key))


ChangeKey = tuple[int, int, str, str, str, str, str]


def change_sort_key(change: Change) -> ChangeKey:
    return (
        change.severity.rank,
        IMPACT_ORDER.index(change.impact),
        change.coordinate,
        change.kind,
        change.message,
        change.old or "",
        change.new or "",
    )


def failing_keys(report: DriftReport) -> frozenset[ChangeKey]:
    """The failing changes by what they say, not by identity or by the order of their uses."""
    return frozenset(change_sort_key(change) for change in report.failing)


def ordered_uses(change: Change) -> tuple[Use, ...]:
    return tuple(sorted(change.used_by))


@dataclass(frozen=True)
class Place:
    """Where a change hits us, and every operation that goes through there."""

    location: Location
    operations: tuple[str, ...]


def places(change: Change, with_column: bool = True) -> tuple[Place, ...]:
    """The uses grouped by location: a field selected in a fragment is one place to fix, however
    many operations spread the fragment (Rye's Cart fragment reaches eight)."""
    grouped: dict[Location, set[str]] = {}
    for use in change.used_by:
        location = use.location if with_column else Location(use.location.path, use.location.line)
        grouped.setdefault(location, set()).add(use.operation)
    return tuple(Place(loc, tuple(sorted(ops))) for loc, ops in sorted(grouped.items()))


def hits_operations(change: Change) -> bool:
    """The change breaks or deprecates something we use, allowed or not."""
    return change.impact is not Impact.NONE


def is_untouched(change: Change) -> bool:
    """Nothing of ours uses what changed: the changes a reviewer may skim."""
    return change.impact is Impact.NONE and not change.used_by


def severity_counts(changes: Iterable[Change]) -> dict[Severity, int]:
    counted = Counter(change.severity for change in changes)
    return {severity: counted[severity] for severity in Severity}


def impact_counts(changes: Iterable[Change]) -> dict[Impact, int]:
    counted = Counter(change.impact for change in changes)
    return {impact: counted[impact] for impact in IMPACT_ORDER}


def impact_phrase(change: Change) -> str:
    """`breaks (reason)`, `allowed until 2027-03-31 (reason)`: the impact as text reads it."""
    phrase = change.impact.value
    if change.impact is Impact.ALLOWED and change.allowed_until is not None:
        phrase = f"allowed until {change.allowed_until.isoformat()}"
    reason = change.impact_reason.strip()
    return f"{phrase} ({reason})" if reason else phrase


def finding_message(change: Change, place: Place | None) -> str:
    """The text of a finding at one place: SARIF results and GitHub annotations."""
    text = f"{change.message.strip()} Impact: {impact_phrase(change)}."
    if place is not None:
        text += f" Used by {', '.join(place.operations)}."
    return text


def summary_line(report: DriftReport) -> str:
    """The one line every format carries: counts by severity, the hits, the verdict.

    `6 breaking, 24 dangerous, 7 deprecations, 140 safe; 3 changes hit our operations
    (2 break, 1 deprecated); fails on impact`
    """
    return "; ".join(
        (_severity_part(report.changes), _impact_part(report.changes), _verdict_part(report))
    )


def _severity_part(changes: Iterable[Change]) -> str:
    counts = severity_counts(changes)
    deprecations = counts[Severity.DEPRECATION]
    return ", ".join(
        (
            f"{counts[Severity.BREAKING]} breaking",
            f"{counts[Severity.DANGEROUS]} dangerous",
            f"{deprecations} {'deprecation' if deprecations == 1 else 'deprecations'}",
            f"{counts[Severity.SAFE]} safe",
        )
    )


def _impact_part(changes: Iterable[Change]) -> str:
    counts = impact_counts(changes)
    hits = sum(count for impact, count in counts.items() if impact is not Impact.NONE)
    if hits == 0:
        return "no change hits our operations"
    parts = ", ".join(
        f"{counts[impact]} {label}" for impact, label in _IMPACT_LABELS.items() if counts[impact]
    )
    verb = "change hits" if hits == 1 else "changes hit"
    return f"{hits} {verb} our operations ({parts})"


def _verdict_part(report: DriftReport) -> str:
    return f"{'fails' if report.failed else 'passes'} on {report.fail_on}"


def finish(lines: Iterable[str]) -> str:
    """The lines as one text with `\\n` endings and exactly one newline at the end."""
    return "\n".join(lines).rstrip("\n") + "\n"


RowT = TypeVar("RowT")


@dataclass(frozen=True)
class SeverityGroup(Generic[RowT]):
    """The rows of one severity, for a report's folded section."""

    severity: str
    rows: tuple[RowT, ...]


def by_severity(
    changes: Sequence[Change], row: Callable[[Change], RowT]
) -> tuple[SeverityGroup[RowT], ...]:
    """One group a severity, most severe first, leaving out the empty ones."""
    groups = (
        SeverityGroup(severity.value, tuple(row(c) for c in changes if c.severity is severity))
        for severity in Severity
    )
    return tuple(group for group in groups if group.rows)
