"""The pull-request comment: a verdict, a table of what hits our operations, the rest folded.

Messages, descriptions and default values are schema text, written by someone else: they are
made inert here (`markdown_literal`) before the template sees them, and the template's
`md_cell` filter keeps each value inside its table cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.drift.model import Change, DriftReport
from generator.printable import printable
from generator.report.common import (
    Place,
    by_severity,
    hits_operations,
    impact_phrase,
    ordered_changes,
    places,
    summary_line,
)
from generator.templating import render_template

TEMPLATE = "drift_report.md.j2"

# A marker a CI job can find to update its previous comment instead of adding another.
COMMENT_MARKER = "<!-- rye-codegen drift report -->"

# Characters that start Markdown or HTML markup in inline text, as character references:
# CommonMark shows a reference as the character it names and never as markup. `@` keeps its
# glyph but gets an invisible word joiner, so `@deprecated` in a message pings nobody.
_INERT = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "`": "&#96;",
        "*": "&#42;",
        "[": "&#91;",
        "]": "&#93;",
        "~": "&#126;",
        "$": "&#36;",
        "@": "@&#8288;",
    }
)
# `_` only emphasises at a word's edge; FIELD_REMOVED and ORDER_STATUS stay readable.
_EDGE_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Schema coordinates and paths are shown as code when they hold nothing a code span or a
# table would misread; anything else falls back to inert text.
_CODE_SAFE = re.compile(r"[A-Za-z0-9_.:()@!/\[\] -]+")


def markdown_literal(text: str) -> str:
    """Text that renders as itself: no HTML, links, code, emphasis, mentions, line breaks or
    invisible control characters.

    Backslashes and `|` are left to the template's `md_cell` filter, which every value passes.
    """
    one_line = printable(_LINE_BREAK.sub(" ", text))
    return _EDGE_UNDERSCORE.sub("&#95;", one_line.translate(_INERT))


def markdown_code(text: str) -> str:
    return f"`{text}`" if _CODE_SAFE.fullmatch(text) else markdown_literal(text)


@dataclass(frozen=True)
class Row:
    """One change as table cells, each already inert Markdown."""

    severity: str
    impact: str
    kind: str
    coordinate: str
    message: str
    operations: str


def render_markdown(report: DriftReport) -> str:
    changes = ordered_changes(report)
    rest = [change for change in changes if not hits_operations(change)]
    text = render_template(
        TEMPLATE,
        marker=COMMENT_MARKER,
        old=markdown_code(report.old_name),
        new=markdown_code(report.new_name),
        failed=report.failed,
        failing_count=len(report.failing),
        fail_on=markdown_code(f"--fail-on {report.fail_on}"),
        summary=markdown_literal(summary_line(report)),
        hits=tuple(_row(change) for change in changes if hits_operations(change)),
        rest_count=len(rest),
        groups=by_severity(rest, _row),
    )
    return text.rstrip("\n") + "\n"


def _row(change: Change) -> Row:
    return Row(
        severity=change.severity.value,
        impact=markdown_literal(impact_phrase(change)),
        kind=markdown_literal(change.kind),
        coordinate=markdown_code(change.coordinate),
        message=markdown_literal(change.message),
        operations=_operations_cell(change),
    )


def _operations_cell(change: Change) -> str:
    """`queries/fragments.graphql:63 (CreateCart, GetCart)`, a place a line (`<br>` in a cell)."""
    return "<br>".join(_place_text(place) for place in places(change, with_column=False)) or "-"


def _place_text(place: Place) -> str:
    path, line = place.location.path, place.location.line
    where = f"{path}:{line}" if line > 0 else path
    return markdown_literal(f"{where} ({', '.join(place.operations)})")
