"""Everything the CLI writes to stderr, and the exit codes."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

from generator.diagnostics import Diagnostic, render, summary

EXIT_CLEAN, EXIT_FINDINGS, EXIT_COULD_NOT_RUN = 0, 1, 2


def print_diagnostics(diagnostics: Sequence[Diagnostic], stream: TextIO | None = None) -> None:
    stream = stream or sys.stderr
    for diagnostic in diagnostics:
        print(render(diagnostic), file=stream)
    if diagnostics:
        print(summary(diagnostics), file=stream)
