"""Everything the CLI writes to stderr, and the exit codes.

Diagnostics are text for people on stderr by default (coloured only on a terminal, never with
NO_COLOR set); `--format json|sarif|github` writes them to stdout for machines instead.
`--quiet` keeps errors only; `--verbose` says more.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

from generator.diagnostics import Diagnostic, render, summary

EXIT_CLEAN, EXIT_FINDINGS, EXIT_COULD_NOT_RUN = 0, 1, 2
# The commands whose --format is that of their diagnostics.
DIAGNOSTIC_COMMANDS = frozenset({"validate", "generate", "check", "add", "init"})

_COLOURS = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m"}
_RESET = "\x1b[0m"
_LABEL = re.compile(r"(?m)^(?P<where>(?:\S+: )?)(?P<severity>error|warning)(?P<code>\[[^\]]*\])")


@dataclass(frozen=True)
class Output:
    format: str = "text"
    quiet: bool = False
    verbose: bool = False

    @classmethod
    def of(cls, args: argparse.Namespace) -> Output:
        if args.command not in DIAGNOSTIC_COMMANDS:  # drift's --format is its report's
            return cls(verbose=bool(getattr(args, "verbose", False)))
        return cls(
            getattr(args, "format", None) or "text",
            bool(getattr(args, "quiet", False)),
            bool(getattr(args, "verbose", False)),
        )

    @property
    def for_machines(self) -> bool:
        return self.format != "text"


def report_findings(diagnostics: Sequence[Diagnostic], output: Output) -> None:
    """The run's diagnostics, once, in the form asked for."""
    if output.for_machines:
        from generator.report.diagnostics import RENDERERS

        sys.stdout.write(RENDERERS[output.format](diagnostics))
        return
    if not output.quiet:
        print_diagnostics(diagnostics)
        return
    errors = [d for d in diagnostics if d.is_error]
    if errors:  # the summary still counts what --quiet hides, so it never undercounts
        hidden = len(diagnostics) - len(errors)
        note = f" ({hidden} not shown: --quiet)" if hidden else ""
        print_diagnostics(errors, summary_line=summary(diagnostics) + note)


def report_cycle_findings(
    diagnostics: Sequence[Diagnostic], output: Output, shown: set[Diagnostic]
) -> None:
    """One watch cycle's diagnostics. A warning the last cycle showed is not repeated (the
    deprecations every cycle meets would bury what the save changed), errors always are; the
    machine formats write one compact document a line, so a reader can follow the stream."""
    if output.for_machines:
        from generator.report.diagnostics import RENDERERS

        text = RENDERERS[output.format](diagnostics)
        if output.format != "github":  # JSON and SARIF: one compact document a line
            text = json.dumps(json.loads(text), sort_keys=True, separators=(",", ":")) + "\n"
        sys.stdout.write(text)
        return
    fresh = [d for d in diagnostics if d.is_error or d not in shown]
    repeated = len(diagnostics) - len(fresh)
    shown.clear()
    shown.update(d for d in diagnostics if not d.is_error)
    if not repeated:
        report_findings(diagnostics, output)
    elif fresh:
        note = f" ({repeated} unchanged warning{'s' * (repeated != 1)} not repeated)"
        shown_now = [d for d in fresh if d.is_error] if output.quiet else fresh
        if shown_now:
            print_diagnostics(shown_now, summary_line=summary(diagnostics) + note)


def up_to_date_line(command: str, target: str, files: int, operations: int) -> str:
    """What `generate` and `check` say when the package needs no change."""
    state = "is up to date" if command == "generate" else "matches the schema and queries"
    return f"{target} {state}: {files} files, {plural(operations, 'operation')}"


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def progress(message: str, output: Output) -> None:
    if not output.quiet:
        print(message, file=sys.stderr)


def print_diagnostics(
    diagnostics: Sequence[Diagnostic],
    stream: TextIO | None = None,
    summary_line: str | None = None,
) -> None:
    stream = stream or sys.stderr
    colour = _wants_colour(stream)
    for diagnostic in diagnostics:
        text = render(diagnostic)
        print(_coloured(text) if colour else text, file=stream)
    if diagnostics:
        print(summary_line or summary(diagnostics), file=stream)


def _wants_colour(stream: TextIO) -> bool:
    """A terminal, and no NO_COLOR (https://no-color.org: set and not empty)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _coloured(text: str) -> str:
    def paint(match: re.Match[str]) -> str:
        severity = match["severity"]
        return f"{match['where']}{_COLOURS[severity]}{severity}{match['code']}{_RESET}"

    return _LABEL.sub(paint, text, count=1)
