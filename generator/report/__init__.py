"""Drift reports: pure functions from a `DriftReport` to the text of one output format.

    render_text      the terminal: grouped by severity, our hits first, a summary line last
    render_json      every field of every change (docs/drift-report.schema.json)
    render_markdown  a pull-request comment (templates/drift_report.md.j2)
    render_html      a stand-alone page (templates/drift_report.html.j2), autoescaped
    render_sarif     SARIF 2.1.0 for code scanning, located at our operations' lines
    render_github    GitHub Actions annotations

Every one is byte-for-byte deterministic, `\\n`-terminated, and carries `summary_line`.
`FORMATS` maps a `--format` name to its renderer. The formats are described in
docs/drift-report.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from generator.drift.model import DriftReport

if TYPE_CHECKING:
    from generator.report.common import summary_line
    from generator.report.github import render_github
    from generator.report.html import render_html
    from generator.report.json_document import render_json
    from generator.report.markdown import render_markdown
    from generator.report.sarif import render_sarif
    from generator.report.text import render_text

Renderer = Callable[[DriftReport], str]

_HOMES = {
    "summary_line": "common",
    "render_github": "github",
    "render_html": "html",
    "render_json": "json_document",
    "render_markdown": "markdown",
    "render_sarif": "sarif",
    "render_text": "text",
}
_BY_FORMAT = {
    "text": "render_text",
    "json": "render_json",
    "markdown": "render_markdown",
    "html": "render_html",
    "sarif": "render_sarif",
    "github": "render_github",
}

__all__ = [
    "FORMATS",
    "Renderer",
    "render_github",
    "render_html",
    "render_json",
    "render_markdown",
    "render_sarif",
    "render_text",
    "summary_line",
]


def __getattr__(name: str) -> Any:
    """The renderers are imported on first use (PEP 562): the diagnostic formats in
    report/diagnostics.py live in this package too, and a cached `check` needs only those."""
    if name == "FORMATS":
        return MappingProxyType({f: __getattr__(renderer) for f, renderer in _BY_FORMAT.items()})
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(f"generator.report.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'generator.report' has no attribute {name!r}")


if TYPE_CHECKING:
    FORMATS: Mapping[str, Renderer]
