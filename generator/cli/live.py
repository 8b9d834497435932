"""`pull`, and the live schema for `drift --live` and `check --live`."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, date, datetime

from generator import __version__, pipeline
from generator.cli.printing import EXIT_CLEAN, print_diagnostics
from generator.config import Config, EndpointConfig
from generator.diagnostics import Diagnostic, Location, Severity
from generator.emit.context import REGENERATE_COMMAND
from generator.live import (
    Endpoint,
    Fetched,
    describe_request,
    fetch_schema,
    lock_document,
    resolve_endpoint,
)
from generator.report import FORMATS


def live_endpoint(args: argparse.Namespace, config: Config | None) -> Endpoint:
    """The endpoint of the flags over the config's (Rye's defaults without a config)."""
    endpoint = resolve_endpoint(
        config.endpoint if config is not None else EndpointConfig(),
        os.environ,
        url=args.url,
        env=args.env,
        headers=tuple(args.header),
    )
    if args.verbose:
        print(describe_request(endpoint), file=sys.stderr)
    return endpoint


def fetch_live(endpoint: Endpoint) -> Fetched:
    """Introspect, and say once what had to be worked around."""
    fetched = fetch_schema(endpoint)
    print_diagnostics(
        [
            Diagnostic(Severity.WARNING, "live", note, Location(endpoint.shown))
            for note in fetched.notes
        ]
    )
    return fetched


def run_pull(args: argparse.Namespace, config: Config, today: date) -> int:
    endpoint = live_endpoint(args, config)
    fetched = fetch_live(endpoint)
    now = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    lock_text = lock_document(endpoint, fetched.schema, now, __version__)
    pulled = pipeline.pull(config, fetched.schema, lock_text, today)
    shown = config.relative(config.schema)
    if pulled.drift is not None and pulled.wrote_snapshot:
        print_diagnostics(pulled.drift.diagnostics)
        sys.stdout.write(FORMATS["text"](pulled.drift.report))
    if not pulled.wrote_snapshot and not pulled.wrote_lock:
        print(f"{shown} is up to date with {endpoint.shown}", file=sys.stderr)
    elif pulled.wrote_snapshot:
        print(
            f"wrote {shown} and its lock from {endpoint.shown}; now run `{REGENERATE_COMMAND}`",
            file=sys.stderr,
        )
    else:
        print(f"{shown} is up to date with {endpoint.shown}; wrote its lock", file=sys.stderr)
    return EXIT_CLEAN
