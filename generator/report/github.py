"""GitHub Actions workflow commands: an annotation on every `queries/` line a change hits.

One annotation per place, naming every operation that reaches it (through a fragment, many do).

GitHub shows only the first few annotations of each level per step, so the summary comes
first, then errors, warnings and notices, each in report order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.diagnostics import Location
from generator.drift.model import Change, DriftReport, Impact, Severity
from generator.printable import printable
from generator.report.common import (
    finding_message,
    finish,
    ordered_changes,
    places,
    summary_line,
)

LEVELS = ("error", "warning", "notice")
SUMMARY_TITLE = "rye-codegen drift"

_IMPACT_LEVELS = {Impact.BREAKS: "error", Impact.DEPRECATED: "warning", Impact.ALLOWED: "notice"}


@dataclass(frozen=True)
class Annotation:
    level: str
    title: str
    message: str
    location: Location | None = None


def render_github(report: DriftReport) -> str:
    annotations = [a for change in ordered_changes(report) for a in _annotations(change)]
    annotations.sort(key=lambda annotation: LEVELS.index(annotation.level))  # stable
    summary = Annotation("notice", SUMMARY_TITLE, summary_line(report))
    return finish(workflow_command(a) for a in [summary, *annotations])


def _annotations(change: Change) -> Iterator[Annotation]:
    level = _level(change)
    title = f"{change.kind} {change.coordinate}"
    found_at = places(change)
    if not found_at:
        yield Annotation(level, title, finding_message(change, None), change.schema_location)
    for place in found_at:
        yield Annotation(level, title, finding_message(change, place), place.location)


def _level(change: Change) -> str:
    if change.impact is Impact.NONE:
        # A breaking change that misses us today is still worth a second look.
        return "warning" if change.severity is Severity.BREAKING else "notice"
    return _IMPACT_LEVELS[change.impact]


def workflow_command(annotation: Annotation) -> str:
    """`::error file=queries/x.graphql,line=2,col=3,title=…::message`."""
    properties = [*_location_properties(annotation.location), ("title", annotation.title)]
    listed = ",".join(f"{name}={escape_property(printable(value))}" for name, value in properties)
    # A multi-line message is fine (GitHub shows it as such); an escape sequence in the log is not.
    message = escape_data(printable(annotation.message, keep="\r\n"))
    return f"::{annotation.level} {listed}::{message}"


def _location_properties(location: Location | None) -> Iterator[tuple[str, str]]:
    if location is None:
        return
    yield "file", location.path
    if location.line > 0:
        yield "line", str(location.line)
        if location.column > 0:
            yield "col", str(location.column)


def escape_data(text: str) -> str:
    """GitHub's escaping of a command's message (actions/toolkit `escapeData`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """GitHub's escaping of a command property, where `:` and `,` end the value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
