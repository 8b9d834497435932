"""`generate` and `check`: one pipeline, two consumers of its files."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from generator import pipeline
from generator.cli.live import fetch_live, live_endpoint
from generator.cli.printing import EXIT_CLEAN, EXIT_FINDINGS, print_diagnostics
from generator.config import Config
from generator.errors import ConfigError
from generator.scaffold import ScaffoldOptions


def run_add(args: argparse.Namespace, config: Config, today: date) -> int:
    options = ScaffoldOptions(args.depth, args.include_deprecated, args.name)
    added = pipeline.add_operation(
        config,
        args.coordinate,
        options,
        overwrite=args.overwrite,
        allow_deprecated=args.allow_deprecated,
    )
    made = added.scaffold
    lines = made.text.count("\n")
    print(
        f"added {config.relative(added.path)}: {made.operation_name} from {made.coordinate} "
        f"({lines} lines)",
        file=sys.stderr,
    )
    if args.no_generate:
        return EXIT_CLEAN
    return run_codegen(argparse.Namespace(command="generate"), config, today)


def run_codegen(args: argparse.Namespace, config: Config, today: date) -> int:
    target = config.relative(config.target)
    if args.command == "generate":
        written = pipeline.generate(config, today)
    else:
        _refuse_live_flags_without_live(args)
        live = fetch_live(live_endpoint(args, config)).schema if args.live else None
        written = pipeline.check(config, today, live)
    diagnostics = list(written.built.diagnostics)
    comparison = written.comparison
    if args.command == "check" and comparison is not None and not comparison.clean:
        diagnostics.append(pipeline.stale_output(comparison, target, live=args.live))
        if args.diff:
            sys.stdout.write(comparison.diff)
    print_diagnostics(diagnostics)
    if any(d.is_error for d in diagnostics) or comparison is None:
        return EXIT_FINDINGS
    _print_result(args.command, written, target)
    return EXIT_CLEAN


def _refuse_live_flags_without_live(args: argparse.Namespace) -> None:
    given = [
        flag
        for flag, value in (
            ("--url", args.url),
            ("--env", args.env),
            ("--header", args.header),
            ("--verbose", args.verbose),
        )
        if value
    ]
    if given and not args.live:
        raise ConfigError(
            f"{', '.join(given)} only apply with --live",
            hint="add --live to check against the live schema",
        )


def _print_result(command: str, written: pipeline.Written, target: str) -> None:
    files = written.built.files or {}
    count = len(written.built.validated.operations.operations)
    operations = f"{count} operation{'' if count == 1 else 's'}"
    changes = written.comparison.changes if written.comparison else ()
    if not changes:
        state = "is up to date" if command == "generate" else "matches the schema and queries"
        print(f"{target} {state}: {len(files)} files, {operations}", file=sys.stderr)
        return
    counts = {
        kind: sum(1 for c in changes if c.kind == kind) for kind in ("added", "modified", "removed")
    }
    print(
        f"wrote {target}: {len(files)} files, {operations} "
        f"({', '.join(f'{n} {kind}' for kind, n in counts.items())})",
        file=sys.stderr,
    )
    for change in changes:
        print(f"  {change.kind:<8} {target}/{change.path}", file=sys.stderr)
