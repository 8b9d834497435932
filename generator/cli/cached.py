"""`generate` and `check` answered from the cache when nothing changed (generator/uptodate.py).

Imports nothing heavy: this is the path pre-commit and CI take on most runs.
"""

from __future__ import annotations

import argparse
from datetime import date

from generator.cli.printing import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    Output,
    progress,
    report_findings,
    up_to_date_line,
)
from generator.config import Config
from generator.uptodate import up_to_date


def run_cached(args: argparse.Namespace, config: Config, today: date) -> int | None:
    """The exit code, once the answer is printed; None when the full run must answer."""
    if not _may_answer(args):
        return None
    answer = up_to_date(config, today)
    if answer is None:
        return None
    output = Output.of(args)
    report_findings(answer.diagnostics, output)
    if any(d.is_error for d in answer.diagnostics):  # an allowance expired since
        return EXIT_FINDINGS
    target = config.relative(config.target)
    progress(up_to_date_line(args.command, target, answer.files, answer.operations), output)
    return EXIT_CLEAN


def _may_answer(args: argparse.Namespace) -> bool:
    """Live checks need the endpoint, --verbose prints the config, and flags that the full
    run refuses (--url without --live, --diff beside a document) are refused there."""
    flags = ("live", "verbose", "url", "env", "header", "watch")
    if any(getattr(args, flag, None) for flag in flags):
        return False
    return not (getattr(args, "diff", False) and args.format != "text")
