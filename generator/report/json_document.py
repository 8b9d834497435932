"""The JSON report: every field of every change, described by docs/drift-report.schema.json."""

from __future__ import annotations

import json

from generator.diagnostics import Location
from generator.drift.model import Change, DriftReport, Use
from generator.report.common import (
    change_sort_key,
    failing_keys,
    impact_counts,
    ordered_changes,
    ordered_uses,
    severity_counts,
    summary_line,
)

# Bumped when a key is renamed or removed, or its meaning changes; adding keys is not a bump
# for readers, but the schema (additionalProperties: false) and this number move together.
FORMAT_VERSION = 1

JsonObject = dict[str, object]


def render_json(report: DriftReport) -> str:
    return dump_json(report_document(report))


def dump_json(document: JsonObject) -> str:
    """Sorted keys and ASCII only: the same bytes on every machine and in every terminal."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=True) + "\n"


def report_document(report: DriftReport) -> JsonObject:
    failing = failing_keys(report)
    return {
        "version": FORMAT_VERSION,
        "old": report.old_name,
        "new": report.new_name,
        "fail_on": report.fail_on,
        "failed": report.failed,
        "summary": _summary(report),
        "changes": [
            _change(change, change_sort_key(change) in failing)
            for change in ordered_changes(report)
        ],
    }


def _summary(report: DriftReport) -> JsonObject:
    return {
        "line": summary_line(report),
        "total": len(report.changes),
        "failing": len(report.failing),
        "severity": {s.value: n for s, n in severity_counts(report.changes).items()},
        "impact": {i.value: n for i, n in impact_counts(report.changes).items()},
    }


def _change(change: Change, failing: bool) -> JsonObject:
    until = change.allowed_until
    return {
        "kind": change.kind,
        "coordinate": change.coordinate,
        "severity": change.severity.value,
        "impact": change.impact.value,
        "impact_reason": change.impact_reason,
        "message": change.message,
        "old": change.old,
        "new": change.new,
        "used_by": [_use(use) for use in ordered_uses(change)],
        "allowed_until": until.isoformat() if until is not None else None,
        "schema_location": _location(change.schema_location) if change.schema_location else None,
        "failing": failing,
    }


def _use(use: Use) -> JsonObject:
    return {**_location(use.location), "operation": use.operation}


def _location(location: Location) -> JsonObject:
    return {"path": location.path, "line": location.line, "column": location.column}
