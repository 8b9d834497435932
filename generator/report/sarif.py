"""SARIF 2.1.0 for code-scanning tools: one result per place our operations use a change.

A result sits where our operations use the coordinate, so a pull request shows it on the
`queries/` line it breaks; the operations that reach that line through a fragment are listed in
one result, not repeated in eight identical ones. A change no operation uses sits at its
definition in the schema snapshot when the detector knows it, and at the top of the old schema
otherwise (GitHub rejects a result without a location). Safe changes that touch nothing of ours
are left out: they are no alert.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from urllib.parse import quote

from generator.diagnostics import Location
from generator.drift.model import Change, DriftReport, Impact, Severity
from generator.report.common import Place, finding_message, ordered_changes, places, summary_line
from generator.report.json_document import JsonObject, dump_json

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
TOOL_NAME = "rye-codegen"
SOURCE_ROOT = "%SRCROOT%"

# A result's level says what it does to us; a rule's default says what the kind is in general.
RESULT_LEVELS = {
    Impact.BREAKS: "error",
    Impact.DEPRECATED: "warning",
    Impact.ALLOWED: "note",
    Impact.NONE: "note",
}
RULE_LEVELS = {
    Severity.BREAKING: "error",
    Severity.DANGEROUS: "warning",
    Severity.DEPRECATION: "warning",
    Severity.SAFE: "note",
}


def render_sarif(report: DriftReport) -> str:
    changes = ordered_changes(report)
    rules = _rules([change for change in changes if _is_alert(change)])
    rule_index = {rule_id: index for index, rule_id in enumerate(sorted(rules))}
    run: JsonObject = {
        "tool": {"driver": {"name": TOOL_NAME, "rules": [rules[r] for r in sorted(rules)]}},
        # graphql-core counts columns in code points; SARIF's default, UTF-16 code units,
        # would be off by one after each character outside the BMP.
        "columnKind": "unicodeCodePoints",
        "results": [
            result
            for change in changes
            if _is_alert(change)
            for result in _results(change, rule_index[change.kind], Location(report.old_name, 1, 1))
        ],
        "properties": _run_properties(report),
    }
    return dump_json({"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]})


def _rules(changes: Sequence[Change]) -> dict[str, JsonObject]:
    """One rule per kind present, at the most severe severity the kind shows up with."""
    severities: dict[str, Severity] = {}
    for change in changes:
        known = severities.get(change.kind, change.severity)
        severities[change.kind] = min(known, change.severity, key=lambda s: s.rank)
    return {kind: _rule(kind, severity) for kind, severity in severities.items()}


def _rule(kind: str, severity: Severity) -> JsonObject:
    words = kind.lower().split("_")
    return {
        "id": kind,
        "name": "".join(word.capitalize() for word in words),
        "shortDescription": {"text": " ".join(words).capitalize() + "."},
        "defaultConfiguration": {"level": RULE_LEVELS[severity]},
        "properties": {"severity": severity.value},
    }


def _is_alert(change: Change) -> bool:
    """Safe changes that touch nothing of ours are no code-scanning alert: left out."""
    return not (
        change.severity is Severity.SAFE and change.impact is Impact.NONE and not change.used_by
    )


def _results(change: Change, rule_index: int, fallback: Location) -> Iterator[JsonObject]:
    found_at = places(change)
    if not found_at:
        # GitHub code scanning rejects a whole file if one result has no location: a change
        # defined nowhere in the old schema (an added type) sits at the old schema's top.
        yield _result(change, rule_index, None, change.schema_location or fallback)
    for place in found_at:
        yield _result(change, rule_index, place, place.location)


def _result(
    change: Change, rule_index: int, place: Place | None, location: Location | None
) -> JsonObject:
    result: JsonObject = {
        "ruleId": change.kind,
        "ruleIndex": rule_index,
        "level": RESULT_LEVELS[change.impact],
        "message": {"text": finding_message(change, place)},
        "properties": _result_properties(change, place),
    }
    if location is not None:
        result["locations"] = [{"physicalLocation": physical_location(location)}]
    return result


def _result_properties(change: Change, place: Place | None) -> JsonObject:
    properties: JsonObject = {
        "severity": change.severity.value,
        "impact": change.impact.value,
        "coordinate": change.coordinate,
    }
    if place is not None:
        properties["operations"] = list(place.operations)
    if change.allowed_until is not None:
        properties["allowedUntil"] = change.allowed_until.isoformat()
    return properties


def physical_location(location: Location) -> JsonObject:
    # A relative URI reference: spaces and other reserved characters must be percent-encoded.
    artifact = {"uri": quote(location.path, safe="/"), "uriBaseId": SOURCE_ROOT}
    physical: JsonObject = {"artifactLocation": artifact}
    if location.line > 0:
        region: JsonObject = {"startLine": location.line}
        if location.column > 0:
            region["startColumn"] = location.column
        physical["region"] = region
    return physical


def _run_properties(report: DriftReport) -> JsonObject:
    return {
        "old": report.old_name,
        "new": report.new_name,
        "failOn": report.fail_on,
        "failed": report.failed,
        "summary": summary_line(report),
    }
