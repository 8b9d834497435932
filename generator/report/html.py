"""A stand-alone HTML page of a drift report, for a CI artifact or a dashboard.

Schema text reaches the page only through jinja2's autoescape (templates/drift_report.html.j2),
and line breaks and invisible control characters are removed first (`printable`), so no
description, reason or default value can add markup, script or structure.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.drift.model import Change, DriftReport
from generator.printable import printable
from generator.report.common import (
    by_severity,
    hits_operations,
    impact_phrase,
    ordered_changes,
    places,
    summary_line,
)
from generator.templating import render_template

TEMPLATE = "drift_report.html.j2"


@dataclass(frozen=True)
class HtmlRow:
    """One change as plain text cells; the template escapes every one."""

    severity: str
    impact: str
    kind: str
    coordinate: str
    message: str
    operations: tuple[str, ...]


def render_html(report: DriftReport) -> str:
    changes = ordered_changes(report)
    rest = [change for change in changes if not hits_operations(change)]
    text = render_template(
        TEMPLATE,
        old=_text(report.old_name),
        new=_text(report.new_name),
        failed=report.failed,
        failing_count=len(report.failing),
        fail_on=report.fail_on,
        summary=_text(summary_line(report)),
        hits=tuple(_row(change) for change in changes if hits_operations(change)),
        groups=by_severity(rest, _row),
    )
    return text.rstrip("\n") + "\n"


def _text(value: str) -> str:
    return printable(" ".join(value.splitlines()))


def _row(change: Change) -> HtmlRow:
    return HtmlRow(
        severity=change.severity.value,
        impact=_text(impact_phrase(change)),
        kind=_text(change.kind),
        coordinate=_text(change.coordinate),
        message=_text(change.message),
        operations=tuple(
            _text(f"{_where(p.location.path, p.location.line)} ({', '.join(p.operations)})")
            for p in places(change, with_column=False)
        ),
    )


def _where(path: str, line: int) -> str:
    return f"{path}:{line}" if line > 0 else path
