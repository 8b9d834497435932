"""Diagnostics of `validate`, `generate` and `check` for machines: JSON for editors and bots,
SARIF for code scanning, GitHub workflow commands for annotations on a pull request.

The text form (generator/diagnostics.py `render`) is for people; these carry the same fields.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from generator.diagnostics import Diagnostic, Location, Severity, summary
from generator.report.github import Annotation, workflow_command
from generator.report.json_document import JsonObject, dump_json
from generator.report.sarif import SARIF_SCHEMA, SARIF_VERSION, TOOL_NAME, physical_location

DIAGNOSTIC_FORMATS = ("text", "json", "sarif", "github")
# Bumped when a key is renamed or removed, or its meaning changes.
JSON_VERSION = 1

_GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def render_diagnostics_json(diagnostics: Sequence[Diagnostic]) -> str:
    return dump_json(
        {
            "version": JSON_VERSION,
            "summary": summary(diagnostics),
            "errors": sum(1 for d in diagnostics if d.is_error),
            "warnings": sum(1 for d in diagnostics if not d.is_error),
            "diagnostics": [_json(d) for d in diagnostics],
        }
    )


def _json(diagnostic: Diagnostic) -> JsonObject:
    document: JsonObject = {
        "severity": diagnostic.severity.value,
        "code": diagnostic.code,
        "message": diagnostic.message,
    }
    if diagnostic.location is not None:
        document["location"] = {
            "path": diagnostic.location.path,
            "line": diagnostic.location.line,
            "column": diagnostic.location.column,
        }
    if diagnostic.hint is not None:
        document["hint"] = diagnostic.hint
    return document


def render_diagnostics_sarif(diagnostics: Sequence[Diagnostic]) -> str:
    codes = sorted({d.code for d in diagnostics})
    rules = [{"id": code, "name": code} for code in codes]
    results = [_sarif_result(d, codes.index(d.code)) for d in diagnostics]
    run: JsonObject = {
        "tool": {"driver": {"name": TOOL_NAME, "rules": rules}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return dump_json({"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]})


def _sarif_result(diagnostic: Diagnostic, rule_index: int) -> JsonObject:
    text = diagnostic.message
    if diagnostic.hint:
        text += f"\nhint: {diagnostic.hint}"
    # GitHub rejects a result without a location: a project-wide finding sits on the config.
    location = diagnostic.location or Location("pyproject.toml")
    return {
        "ruleId": diagnostic.code,
        "ruleIndex": rule_index,
        "level": diagnostic.severity.value,
        "message": {"text": text},
        "locations": [{"physicalLocation": physical_location(location)}],
    }


def render_diagnostics_github(diagnostics: Sequence[Diagnostic]) -> str:
    lines = [
        workflow_command(
            Annotation(
                _GITHUB_LEVELS[d.severity],
                f"rye-codegen {d.code}",
                d.message + (f"\nhint: {d.hint}" if d.hint else ""),
                d.location,
            )
        )
        for d in diagnostics
    ]
    return "".join(f"{line}\n" for line in lines)


RENDERERS: dict[str, Callable[[Sequence[Diagnostic]], str]] = {
    "json": render_diagnostics_json,
    "sarif": render_diagnostics_sarif,
    "github": render_diagnostics_github,
}
