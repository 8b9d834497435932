"""The command line: parses flags, runs the pipeline, prints, and owns the exit code.

Only this package prints or exits; every stage below it returns values and diagnostics.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from generator import heap
from generator.cli.parser import build_parser
from generator.cli.printing import EXIT_COULD_NOT_RUN, Output, report_findings
from generator.config import Config, Overrides, find_config_file, load_config
from generator.diagnostics import Diagnostic, Location, Severity
from generator.errors import RyeCodegenError

__all__ = ["main"]


def main(argv: Sequence[str] | None = None, *, today: date | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = build_parser(argv).parse_command_line(argv)
    except SystemExit as stop:  # --help, --version or a usage error, already printed
        return stop.code if isinstance(stop.code, int) else EXIT_COULD_NOT_RUN
    except KeyboardInterrupt:  # while the parser is built, as during the run
        print("interrupted", file=sys.stderr)
        return 130
    today = today or datetime.now(UTC).date()
    try:
        code = _dispatch(args, today)
        sys.stdout.flush()  # a reader that went away shows here, not as a traceback at exit
        return code
    except BrokenPipeError:  # `rye-codegen ... | head`: nobody is left to tell
        _silence_stdout()
        return EXIT_COULD_NOT_RUN
    except RyeCodegenError as error:
        report_findings([error.as_diagnostic()], Output.of(args))
        return EXIT_COULD_NOT_RUN
    except OSError as error:  # permissions, a full disk: the machine's problem, not a bug
        where = Location(_shown_path(error.filename)) if error.filename else None
        diagnostic = Diagnostic(Severity.ERROR, "io", error.strerror or str(error), where)
        report_findings([diagnostic], Output.of(args))
        return EXIT_COULD_NOT_RUN
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except MemoryError:  # a schema too large for the memory this process may have
        report_findings([_out_of_memory()], Output.of(args))
        return EXIT_COULD_NOT_RUN
    except Exception as error:  # the one place that turns a bug into a message
        if args.debug:
            import traceback

            traceback.print_exc()
        print(f"internal error: {type(error).__name__}: {error}", file=sys.stderr)
        if not args.debug:
            print(
                "  = hint: rerun with --debug for the traceback, and please report it",
                file=sys.stderr,
            )
        return EXIT_COULD_NOT_RUN


def _dispatch(args: argparse.Namespace, today: date) -> int:
    """Each command's module is imported when it runs: `--help`, and a `check` the cache
    answers, never import graphql-core, pydantic, httpx, jinja2 or ariadne-codegen."""
    cwd = Path.cwd()
    if args.command == "init":  # before any config: init writes it
        from generator.cli.codegen import run_init

        return run_init(args, today)
    if args.command == "diff":
        from generator.cli.drift import run_diff

        # Without a config there are no operations to judge: every impact is `none`.
        has_config = args.config is not None or find_config_file(cwd) is not None
        overrides = Overrides(args.config, no_cache=args.no_cache)
        config = load_config(overrides, cwd) if has_config else None
        with heap.one_run():
            return run_diff(args, config, today)
    overrides = Overrides(
        args.config,
        getattr(args, "schema", None),
        getattr(args, "queries", None),
        getattr(args, "target", None),
        getattr(args, "no_cache", False),
    )
    if args.command == "generate" and args.watch:
        from generator.cli.codegen import run_watch

        return run_watch(args, lambda: load_config(overrides, cwd))  # a run per cycle
    with heap.one_run():
        return _run_with_config(args, load_config(overrides, cwd), today)


def _run_with_config(args: argparse.Namespace, config: Config, today: date) -> int:
    if args.command in ("drift", "snapshot"):
        from generator.cli.drift import run_drift, run_snapshot

        return (run_drift if args.command == "drift" else run_snapshot)(args, config, today)
    if args.command == "pull":
        from generator.cli.live import run_pull

        return run_pull(args, config, today)
    if args.command in ("generate", "check"):
        from generator.cli.cached import run_cached

        answered = run_cached(args, config, today)
        if answered is not None:
            return answered
    from generator.cli.codegen import run_add, run_codegen, run_validate

    if args.command == "add":
        return run_add(args, config, today)
    if args.command == "validate":
        return run_validate(args, config, today)
    return run_codegen(args, config, today)


def _out_of_memory() -> Diagnostic:
    return Diagnostic(
        Severity.ERROR,
        "memory",
        "ran out of memory",
        hint="generating a client for a schema of many megabytes takes several GB "
        "(10 MB of SDL: about 4.6 GB); allow the process more, or cut the schema down",
    )


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's own flush at exit does not fail too."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (captured in tests)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)


def _shown_path(filename: object) -> str:
    return Path(os.path.relpath(str(filename))).as_posix()
