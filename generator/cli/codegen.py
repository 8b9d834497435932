"""`validate`, `generate`, `check` and `add`: one pipeline, consumers of what it builds."""

from __future__ import annotations

import argparse
import shlex
import sys
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from generator import pipeline
from generator.cli.parser import redact_urls
from generator.cli.printing import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    Output,
    plural,
    progress,
    report_cycle_findings,
    report_findings,
    up_to_date_line,
)
from generator.config import Config, Overrides, load_config
from generator.diagnostics import Diagnostic
from generator.errors import ConfigError, UsageError
from generator.init import InitPlan, plan_init, undo_init, write_init
from generator.scaffold_options import ScaffoldOptions
from generator.schema_source import LoadedSchema, load_schema_file
from generator.uptodate import Remembered, file_hashes, inputs_key, remember

if TYPE_CHECKING:
    from generator.watch import Cycle


def run_validate(args: argparse.Namespace, config: Config, today: date) -> int:
    output = Output.of(args)
    _say_config(config, output)
    validated = pipeline.validate(config, today)
    report_findings(validated.diagnostics, output)
    if validated.failed:
        return EXIT_FINDINGS
    count = len(validated.operations.operations)
    progress(f"{config.relative(config.queries)}: {plural(count, 'operation')} valid", output)
    return EXIT_CLEAN


def run_watch(args: argparse.Namespace, load: Callable[[], Config]) -> int:
    from generator.watch import watch  # watchfiles: only `generate --watch` needs it

    output = Output.of(args)
    stop = threading.Event()  # set by nothing here: Ctrl-C ends the watch
    announced = False
    shown: set[Diagnostic] = set()  # the warnings the last cycle printed
    try:
        for cycle in watch(load, _today, stop):
            if cycle.ready:
                if not announced:
                    progress("watching for changes (Ctrl-C to stop)", output)
                    announced = True
                continue
            if cycle.changed:
                progress(f"changed: {', '.join(cycle.changed)}", output)
            _report_cycle(cycle, output, shown)
    except KeyboardInterrupt:
        progress("stopped watching", output)
    return EXIT_CLEAN


def _report_cycle(cycle: Cycle, output: Output, shown: set[Diagnostic]) -> None:
    if cycle.error is not None:
        report_cycle_findings([cycle.error], output, shown)
        progress("generated files kept as they were; fix it and save again", output)
        return
    written = cycle.written
    assert written is not None
    target = cycle.target
    report_cycle_findings(written.built.diagnostics, output, shown)
    if written.comparison is None:
        progress(f"{target} kept at the last good state; fix the errors and save again", output)
    else:
        _print_result("generate", written, target, output)


def _today() -> date:
    return datetime.now(UTC).date()


def run_init(args: argparse.Namespace, today: date) -> int:
    output = Output.of(args)
    root = _existing_folder(args.directory)
    schema, url = _init_schema(args)
    plan = plan_init(root, schema, url=url, install=args.install)
    try:
        code = _set_up(plan, args, output, today)
    except BaseException:
        # Printed before main reports the error: the `wrote` lines above are no longer true.
        undo_init(plan)
        progress("init undone: it removed what it had written, for the reason below", output)
        raise
    if code != EXIT_CLEAN:
        undo_init(plan)
        progress("init undone: it removed what it had written; fix the above and rerun", output)
    return code


def _existing_folder(root: Path) -> Path:
    if not root.exists():
        raise ConfigError(
            f"{root} does not exist", hint=f"create it first: mkdir -p {shlex.quote(str(root))}"
        )
    if not root.is_dir():
        raise ConfigError(f"{root} is not a folder")
    return root


def _init_schema(args: argparse.Namespace) -> tuple[LoadedSchema, str | None]:
    """The schema init starts from, and the endpoint URL for the config (None: a file)."""
    if (args.source is None) == (args.url is None and args.env is None):
        raise ConfigError(
            "init needs one schema: --from FILE, or --url or --env to introspect",
            hint="e.g. `rye-codegen init --env production` with RYE_API_KEY set",
        )
    if args.source is not None:
        return load_schema_file(args.source, args.source.as_posix()), None
    from generator.cli.live import fetch_live, live_endpoint  # httpx: only for an endpoint
    from generator.live import ENVIRONMENTS

    schema = fetch_live(live_endpoint(args, None)).schema
    # As given, `${VAR}` and all: the config must not hold what the variables expand to.
    return schema, args.url or ENVIRONMENTS[args.env]


def _set_up(plan: InitPlan, args: argparse.Namespace, output: Output, today: date) -> int:
    for path in write_init(plan):
        progress(f"  wrote {path}", output)
    if args.no_generate:
        report_findings(plan.diagnostics, output)
        return EXIT_CLEAN
    config = load_config(Overrides(config=plan.root / "pyproject.toml"), plan.root)
    generate = argparse.Namespace(**{**vars(args), "command": "generate", "verbose": False})
    # One report for the run: a document for machines holds init's warnings too.
    return run_codegen(generate, config, today, plan.diagnostics)


def run_add(args: argparse.Namespace, config: Config, today: date) -> int:
    output = Output.of(args)
    options = ScaffoldOptions(args.depth, args.include_deprecated, args.name)
    added = pipeline.add_operation(
        config,
        args.coordinate,
        options,
        overwrite=args.overwrite,
        allow_deprecated=args.allow_deprecated,
    )
    made = added.scaffold
    progress(
        f"{'replaced' if added.replaced else 'added'} {config.relative(added.path)}: "
        f"{made.operation_name} from {made.coordinate} ({made.text.count(chr(10))} lines)",
        output,
    )
    if args.no_generate:
        report_findings([], output)  # a machine format still gets its (empty) document
        return EXIT_CLEAN
    generate = argparse.Namespace(**{**vars(args), "command": "generate", "verbose": False})
    return run_codegen(generate, config, today)


def run_codegen(
    args: argparse.Namespace,
    config: Config,
    today: date,
    earlier: Sequence[Diagnostic] = (),
) -> int:
    output = Output.of(args)
    _say_config(config, output)
    target = config.relative(config.target)
    live_check = getattr(args, "live", False)
    key = inputs_key(config) if config.cache is not None and not live_check else None
    if args.command == "generate":
        written = pipeline.generate(config, today)
    else:
        _refuse_live_flags_without_live(args)
        _refuse_diff_beside_a_document(args)
        live = _fetch_live_schema(args, config) if args.live else None
        written = pipeline.check(config, today, live)
    diagnostics = [*earlier, *written.built.diagnostics]
    comparison = written.comparison
    if args.command == "check":
        diagnostics += pipeline.check_findings(config, written, live=args.live)
        if args.diff and comparison is not None:
            sys.stdout.write(comparison.diff)
    report_findings(diagnostics, output)
    if any(d.is_error for d in diagnostics) or comparison is None:
        return EXIT_FINDINGS
    _print_result(args.command, written, target, output)
    if key is not None and (args.command == "generate" or comparison.clean):
        _remember(config, key, written.built)
    return EXIT_CLEAN


def _remember(config: Config, key: str, built: pipeline.Built) -> None:
    """For the next run with the same inputs (generator/uptodate.py); not if an input changed
    while this one ran, since its key would then name inputs this run did not read."""
    if built.files is None or inputs_key(config) != key:
        return
    validated = built.validated
    found = Remembered(
        file_hashes(built.files),
        len(validated.operations.operations),
        validated.findings,
        validated.uses,
        validated.targets,
    )
    remember(config, key, found)


def _fetch_live_schema(args: argparse.Namespace, config: Config) -> LoadedSchema:
    from generator.cli.live import fetch_live, live_endpoint  # httpx: only for `check --live`

    return fetch_live(live_endpoint(args, config)).schema


def _refuse_live_flags_without_live(args: argparse.Namespace) -> None:
    given = [
        flag
        for flag, value in (("--url", args.url), ("--env", args.env), ("--header", args.header))
        if value
    ]
    if given and not args.live:
        raise UsageError(
            f"{', '.join(given)} only {'applies' if len(given) == 1 else 'apply'} with --live",
            hint="add --live to check against the live schema",
        )


def _refuse_diff_beside_a_document(args: argparse.Namespace) -> None:
    """Both would go to stdout, and the document would no longer parse."""
    if args.diff and args.format != "text":
        raise UsageError(
            f"--diff and --format {args.format} both write to stdout",
            hint="run `check --diff` and `check --format ...` separately",
        )


def _say_config(config: Config, output: Output) -> None:
    if output.verbose:
        print("\n".join(describe_config(config)), file=sys.stderr)


def describe_config(config: Config) -> list[str]:
    """The effective configuration, as `--verbose` shows it: header values are masked and a
    URL shows its scheme and host only, since either may hold a secret."""
    endpoint = config.endpoint
    lines = [
        f"config: {config.relative(config.config_file) if config.config_file else '(none)'}",
        f"  schema = {config.relative(config.schema)}",
        f"  queries = {config.relative(config.queries)}",
        f"  target = {config.relative(config.target)}",
        *(f"  {name} = {str(value).lower()}" for name, value in vars(config.features).items()),
        f"  deprecations.policy = {config.deprecations.policy}",
        *(
            f"  deprecations.allow = {a.coordinate} until {a.until.isoformat()}"
            for a in config.deprecations.allow
        ),
        *(f"  scalars.{name} = {m.type}" for name, m in sorted(config.scalars.items())),
        f"  endpoint.url = {redact_urls(endpoint.url) if endpoint.url else '(Rye production)'}",
    ]
    for name, _ in endpoint.headers or (("Authorization", ""),):
        lines.append(f"  endpoint.headers.{name} = ***")
    return lines


def _print_result(command: str, written: pipeline.Written, target: str, output: Output) -> None:
    files = written.built.files or {}
    count = len(written.built.validated.operations.operations)
    changes = written.comparison.changes if written.comparison else ()
    if not changes:
        progress(up_to_date_line(command, target, len(files), count), output)
        return
    counts = {
        kind: sum(1 for c in changes if c.kind == kind) for kind in ("added", "modified", "removed")
    }
    progress(
        f"wrote {target}: {len(files)} files, {plural(count, 'operation')} "
        f"({', '.join(f'{n} {kind}' for kind, n in counts.items())})",
        output,
    )
    for change in changes:
        progress(f"  {change.kind:<8} {target}/{change.path}", output)
