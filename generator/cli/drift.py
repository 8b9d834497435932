"""`diff`, `drift` and `snapshot`: load two schemas, report the drift, alert if asked."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from generator import pipeline
from generator.alert import notify
from generator.cli.live import fetch_live, live_endpoint
from generator.cli.printing import EXIT_CLEAN, EXIT_COULD_NOT_RUN, EXIT_FINDINGS, print_diagnostics
from generator.config import Config, within
from generator.diagnostics import Diagnostic, Severity
from generator.drift import DriftReport
from generator.emit.context import REGENERATE_COMMAND
from generator.errors import RyeCodegenError, UsageError
from generator.output import write_file_atomically
from generator.report import FORMATS, summary_line
from generator.schema_cache import nothing_to_store
from generator.schema_source import LoadedSchema, load_schema_file


def run_diff(args: argparse.Namespace, config: Config | None, today: date) -> int:
    _refuse_output_over_an_input(args, config, args.old, args.new)
    old, store_old = _load(args.old, config)
    new, store_new = _load(args.new, config)
    exit_code = _report(args, pipeline.drift_report(old, new, config, today, args.fail_on))
    return _storing(exit_code, store_old, store_new)


def run_drift(args: argparse.Namespace, config: Config, today: date) -> int:
    _refuse_output_over_an_input(args, config, *([] if args.live else [args.against]))
    old, store_old = pipeline.load_snapshot_to_compare(config)
    new, store_new = (
        (fetch_live(live_endpoint(args, config)).schema, nothing_to_store)
        if args.live
        else _load(args.against, config)
    )
    exit_code = _report(args, pipeline.drift_report(old, new, config, today, args.fail_on))
    return _storing(exit_code, store_old, store_new)


def run_snapshot(args: argparse.Namespace, config: Config, today: date) -> int:
    shown = config.relative(config.schema)
    new = load_schema_file(args.source, args.source.as_posix())
    old = _current_snapshot(config, shown)
    if old is not None:
        drifted = pipeline.drift_report(old, new, config, today, "impact")
        print_diagnostics(drifted.diagnostics)
        sys.stdout.write(FORMATS["text"](drifted.report))
    written = pipeline.replace_snapshot(config, new)
    if not written:
        print(f"{shown} is already this schema (sha256 {new.sha256[:12]})", file=sys.stderr)
        return EXIT_CLEAN
    print(
        f"wrote {shown} (sha256 {new.sha256[:12]}); now run `{REGENERATE_COMMAND}` to "
        "bring the client and the checks up to date",
        file=sys.stderr,
    )
    return EXIT_CLEAN


def _current_snapshot(config: Config, shown: str) -> LoadedSchema | None:
    """The snapshot being replaced, if it loads: a broken one is what `snapshot` repairs."""
    if not config.schema.exists():
        return None
    try:
        return load_schema_file(config.schema, shown)
    except RyeCodegenError as error:
        print_diagnostics(
            [
                Diagnostic(
                    Severity.WARNING,
                    error.code,
                    f"{error.message} (replacing it; no drift to show)",
                    error.location,
                )
            ]
        )
        return None


def _refuse_output_over_an_input(
    args: argparse.Namespace, config: Config | None, *inputs: Path
) -> None:
    """`--output schema/rye.graphql` would replace the snapshot with a report."""
    if args.output is None:
        return
    guarded = [*inputs, *([config.schema, config.config_file, config.queries] if config else [])]
    for path in guarded:
        if path is not None and within(args.output, path):
            raise UsageError(
                f"--output {args.output} would overwrite {path}, an input of this run",
                hint="write the report to a file of its own, e.g. --output drift-report.md",
            )
    owned = [] if config is None else [(config.target, "the generated package")]
    if config is not None and config.cache is not None:
        owned.append((config.cache, "the cache folder"))
    for folder, what in owned:
        if within(args.output, folder):
            raise UsageError(
                f"--output {args.output} is inside {what} {folder.name}",
                hint="write the report to a file of its own, e.g. --output drift-report.md",
            )


def _storing(exit_code: int, *stores: Callable[[], None]) -> int:
    """Each loaded schema stored in the cache, unless the run failed (a webhook it could not
    reach): only a run without errors writes the cache."""
    if exit_code != EXIT_COULD_NOT_RUN:
        for store in stores:
            store()
    return exit_code


def _load(path: Path, config: Config | None) -> tuple[LoadedSchema, Callable[[], None]]:
    return pipeline.load_to_compare(path, path.as_posix(), config)  # shown as the user typed it


def _report(args: argparse.Namespace, drifted: pipeline.Drifted) -> int:
    print_diagnostics(drifted.diagnostics)
    report = drifted.report
    text = FORMATS[args.format](report)
    if args.output is not None:
        write_file_atomically(args.output, text)
    else:
        sys.stdout.write(text)
    if args.output is not None or args.format != "text":  # the text report ends with it
        print(summary_line(report), file=sys.stderr)
    if args.notify and not _notified(args, report):
        return EXIT_COULD_NOT_RUN
    return EXIT_FINDINGS if report.failed else EXIT_CLEAN


def _notified(args: argparse.Namespace, report: DriftReport) -> bool:
    """Post the alert; its failure is reported after the report, which is printed anyway."""
    try:
        notify(report, args.notify, os.environ, fmt=args.notify_format, always=args.notify_always)
    except RyeCodegenError as error:
        print_diagnostics([error.as_diagnostic()])
        return False
    return True
