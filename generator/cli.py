"""The command line: parses flags, runs the pipeline, prints, and owns the exit code."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TextIO

from generator import __version__, pipeline
from generator.config import Config, Overrides, load_config
from generator.diagnostics import Diagnostic, Location, Severity, render, summary
from generator.errors import RyeCodegenError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_COULD_NOT_RUN = 0, 1, 2

EPILOG = """exit codes:
  0  clean
  1  findings to act on: an invalid operation, a denied deprecated use,
     or (check) a generated/ that differs from what would be generated
  2  could not run: bad usage or config, a missing or unreadable file,
     an internal error
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rye-codegen",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Generate a typed Python client for the Rye GraphQL API from schema/ and "
        "queries/, and fail the build when the schema drifts under them.",
    )
    parser.add_argument("--version", action="version", version=f"rye-codegen {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        type=Path,
        help="pyproject.toml to read (default: the "
        "nearest one with [tool.rye-codegen], walking up)",
    )
    common.add_argument("--schema", type=Path, help="schema SDL file (overrides the config)")
    common.add_argument("--queries", type=Path, help="operations folder (overrides the config)")
    common.add_argument(
        "--target", type=Path, help="generated package folder (overrides the config)"
    )
    common.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser(
        "generate",
        parents=[common],
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="validate the operations and (re)write the generated package",
    )
    check = commands.add_parser(
        "check",
        parents=[common],
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help="like generate, but write nothing; exit 1 when generated/ is stale (for CI)",
    )
    check.add_argument(
        "--diff",
        action="store_true",
        help="print a unified diff of what generate would change to stdout",
    )
    return parser


def main(argv: Sequence[str] | None = None, *, today: date | None = None) -> int:
    args = _parser().parse_args(argv)
    today = today or datetime.now(UTC).date()
    try:
        config = load_config(
            Overrides(args.config, args.schema, args.queries, args.target), Path.cwd()
        )
        return _run(args, config, today)
    except RyeCodegenError as error:
        _print_diagnostics(
            [
                Diagnostic(
                    Severity.ERROR,
                    error.code,
                    error.message,
                    error.location,
                    error.excerpt,
                    error.hint,
                )
            ]
        )
        return EXIT_COULD_NOT_RUN
    except OSError as error:  # permissions, a full disk: the machine's problem, not a bug
        where = Location(_shown_path(error.filename)) if error.filename else None
        _print_diagnostics([Diagnostic(Severity.ERROR, "io", error.strerror or str(error), where)])
        return EXIT_COULD_NOT_RUN
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # the one place that turns a bug into a message
        if args.debug:
            traceback.print_exc()
        print(f"internal error: {type(error).__name__}: {error}", file=sys.stderr)
        if not args.debug:
            print(
                "  = hint: rerun with --debug for the traceback, and please report it",
                file=sys.stderr,
            )
        return EXIT_COULD_NOT_RUN


def _shown_path(filename: object) -> str:
    return Path(os.path.relpath(str(filename))).as_posix()


def _run(args: argparse.Namespace, config: Config, today: date) -> int:
    target = config.relative(config.target)
    if args.command == "generate":
        written = pipeline.generate(config, today)
    else:
        written = pipeline.check(config, today)
    diagnostics = list(written.built.diagnostics)
    comparison = written.comparison
    if args.command == "check" and comparison is not None and not comparison.clean:
        diagnostics.append(pipeline.stale_output(comparison, target))
        if args.diff:
            sys.stdout.write(comparison.diff)
    _print_diagnostics(diagnostics)
    if any(d.is_error for d in diagnostics) or comparison is None:
        return EXIT_FINDINGS
    _print_result(args.command, written, target)
    return EXIT_CLEAN


def _print_diagnostics(diagnostics: Sequence[Diagnostic], stream: TextIO | None = None) -> None:
    stream = stream or sys.stderr
    for diagnostic in diagnostics:
        print(render(diagnostic), file=stream)
    if diagnostics:
        print(summary(diagnostics), file=stream)


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
