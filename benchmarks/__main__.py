"""`python -m benchmarks [run] ...` times the jobs; `python -m benchmarks setup` installs peers."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import jobs, peers
from benchmarks.runner import (
    CommandFailed,
    Job,
    format_scaling_table,
    format_table,
    run_job,
    summarise,
)

INPUTS = ("rye", "github", "synthetic")
KINDS = ("generate", "edit", "check", "diff", "import")
SUITES = INPUTS + KINDS
# The kinds each input can run, and those it runs when no kind is named.
AVAILABLE: dict[str, tuple[str, ...]] = {
    "rye": ("generate", "edit", "check"),
    "github": KINDS,
    "synthetic": ("generate", "edit", "check"),
}
DEFAULT_KINDS: dict[str, tuple[str, ...]] = {
    "rye": ("generate", "edit", "check"),
    "github": KINDS,
    "synthetic": ("generate",),
}
SCALING_TYPES = (100, 1000, 5000, 20000)
SCALING_OPERATIONS = (10, 100, 1000)
SCALING_KINDS = ("generate", "check")


def _size(text: str) -> tuple[int, int]:
    types, _, operations = text.lower().partition("x")
    try:
        size = int(types), int(operations)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected TYPESxOPERATIONS, got {text!r}") from None
    if min(size) < 1:
        raise argparse.ArgumentTypeError(f"types and operations must be at least 1: {text!r}")
    return size


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser(
        "setup", help=f"install the npm peers and GitHub's schema into {peers.CACHE_ENV}"
    )
    run = sub.add_parser("run", help="time the jobs (the default)")
    for target in (parser, run):
        target.add_argument("--rounds", type=int, default=5, help="measured rounds (default 5)")
        target.add_argument("--warmup", type=int, default=1, help="warm-up rounds (default 1)")
        target.add_argument("--json", type=Path, help="also write the results to this JSON file")
        target.add_argument(
            "--suite",
            action="append",
            choices=SUITES,
            help=(
                "run only these inputs and/or kinds of job (repeatable): a job runs when its"
                " input is named (or none is) and its kind is named (or none is: that input's"
                " default kinds). Default: every default job that is set up"
            ),
        )
        target.add_argument(
            "--synthetic",
            type=_size,
            action="append",
            metavar="TYPESxOPS",
            help="synthetic sizes (repeatable; default 200x50)",
        )
        target.add_argument(
            "--scaling",
            action="store_true",
            help=(
                "run the synthetic scaling family: cold generate and check with nothing changed"
                f" for types in {SCALING_TYPES} x operations in {SCALING_OPERATIONS}, then a"
                " scaling table (alone unless --suite is given too)"
            ),
        )
        target.add_argument(
            "--scaling-max-types",
            type=int,
            metavar="N",
            help="leave out the scaling sizes with more than N types",
        )
        target.add_argument(
            "--scaling-max-operations",
            type=int,
            metavar="M",
            help="leave out the scaling sizes with more than M operations",
        )
        target.add_argument(
            "--scaling-size",
            type=_size,
            action="append",
            metavar="TYPESxOPS",
            help="scaling sizes to run instead of the grid (repeatable; implies --scaling)",
        )
        target.add_argument("--quiet", action="store_true", help="no per-run progress on stderr")
    return parser


def scaling_sizes(
    max_types: int | None = None,
    max_operations: int | None = None,
    sizes: list[tuple[int, int]] | None = None,
) -> list[tuple[int, int]]:
    """The scaling grid (or the given sizes), capped, smallest first."""
    grid = sizes or [(t, o) for t in SCALING_TYPES for o in SCALING_OPERATIONS]
    kept = {
        (t, o)
        for t, o in grid
        if (max_types is None or t <= max_types) and (max_operations is None or o <= max_operations)
    }
    return sorted(kept)


def select(suites: list[str] | None) -> list[tuple[str, str]]:
    """(input, kind) of every job the `--suite` values select, in running order."""
    named = suites or []
    inputs = [name for name in INPUTS if name in named] or list(INPUTS)
    kinds = [name for name in KINDS if name in named]
    selected: list[tuple[str, str]] = []
    for source in inputs:
        wanted = [k for k in KINDS if k in AVAILABLE[source]] if kinds else DEFAULT_KINDS[source]
        selected += [(source, kind) for kind in wanted if not kinds or kind in kinds]
    return selected


@dataclass
class Planned:
    """A job to build and run; building it may run peers (probes), so it is done just before."""

    name: str
    build: Callable[[], Job]
    scaling: tuple[int, int, str] | None = None  # (types, operations, kind)


def _builder(kind: str, source: jobs.Input, scratch: Path) -> Callable[[], Job]:
    if kind == "generate":
        return lambda: jobs.generate_job(source, scratch)
    if kind == "edit":
        return lambda: jobs.edit_job(source, scratch)
    if kind == "check":
        return lambda: jobs.check_job(source, scratch)
    if kind == "import":
        return lambda: jobs.import_job(source, scratch)
    raise ValueError(f"no builder for {kind}")


def _github_diff(source: jobs.Input, scratch: Path) -> Job:
    old, new = peers.github_old_schema(), peers.github_schema()
    if old is None or new is None:
        raise CommandFailed("the older GitHub schema is not in the cache: run setup again")
    versions = (
        peers.npm_version(peers.OLD_SCHEMA_PACKAGE) or "old",
        peers.npm_version("@octokit/graphql-schema") or "new",
    )
    return jobs.diff_job(source, old, new, scratch, versions)


def plan(args: argparse.Namespace, scratch: Path) -> list[Planned]:
    """The jobs to run, in order: the `--suite` selection (all default jobs without one, none
    when only `--scaling` is asked for), then the scaling family."""
    scaling = bool(args.scaling or args.scaling_size)
    chosen = select(args.suite) if (args.suite or not scaling) else []
    github = jobs.github_input() if any(s == "github" for s, _ in chosen) else None
    if github is None and any(s == "github" for s, _ in chosen):
        named = set(args.suite or [])
        if named & {"github", *(k for k in KINDS if k not in AVAILABLE["rye"])}:
            raise SystemExit(
                "GitHub's schema is not in the cache: run `python -m benchmarks setup`"
            )
        print("github: skipped, run `python -m benchmarks setup` first", file=sys.stderr)
        chosen = [(s, k) for s, k in chosen if s != "github"]
    inputs: dict[str, jobs.Input] = {}
    planned: list[Planned] = []
    for source_name, kind in chosen:
        if source_name == "synthetic":
            for types, operations in args.synthetic or [(200, 50)]:
                planned.append(
                    Planned(
                        f"synthetic-{types}x{operations}/{kind}",
                        _synthetic_builder(kind, scratch, types, operations, inputs),
                    )
                )
            continue
        source = jobs.rye_input() if source_name == "rye" else github
        assert source is not None
        folder = scratch / f"{source.name}-{kind}"
        if kind == "diff":
            planned.append(Planned(f"{source.name}/diff", _diff_builder(source, folder)))
        else:
            planned.append(Planned(f"{source.name}/{kind}", _builder(kind, source, folder)))
    if scaling:
        for types, operations in scaling_sizes(
            args.scaling_max_types, args.scaling_max_operations, args.scaling_size
        ):
            for kind in SCALING_KINDS:
                planned.append(
                    Planned(
                        f"synthetic-{types}x{operations}/{kind}",
                        _synthetic_builder(kind, scratch, types, operations, inputs),
                        scaling=(types, operations, kind),
                    )
                )
    return planned


def _diff_builder(source: jobs.Input, scratch: Path) -> Callable[[], Job]:
    return lambda: _github_diff(source, scratch)


def _synthetic_builder(
    kind: str, scratch: Path, types: int, operations: int, inputs: dict[str, jobs.Input]
) -> Callable[[], Job]:
    """Build a synthetic job, writing its input the first time a job of that size needs it."""

    def build() -> Job:
        name = f"synthetic-{types}x{operations}"
        if name not in inputs:
            inputs[name] = jobs.synthetic_input(scratch / "inputs", types, operations)
        return _builder(kind, inputs[name], scratch / f"{name}-{kind}")()

    return build


def scaling_tables(
    planned: list[Planned], summaries: dict[str, dict[str, Any] | None]
) -> list[str]:
    """The scaling tables (one per kind of job) of the scaling jobs that were planned."""
    tables: list[str] = []
    titles = {
        "generate": "scaling: cold generate",
        "check": "scaling: check with nothing changed",
    }
    for kind in SCALING_KINDS:
        entries = [
            (f"{p.scaling[0]}x{p.scaling[1]}", summaries.get(p.name))
            for p in planned
            if p.scaling is not None and p.scaling[2] == kind
        ]
        if entries:
            tables.append(format_scaling_table(titles[kind], entries))
    return tables


def _compile_the_tool() -> None:
    """rye-codegen's own modules byte-compiled, as `pip install` leaves an installed package
    (and as ariadne-codegen's are in the venv). The editable install of a checkout has no
    bytecode until a run writes it, and none is written under PYTHONDONTWRITEBYTECODE: every
    run would compile the tool from source, as no installed user's run does."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(jobs.REPO / "generator")], check=True
    )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "setup":
        return peers.setup()
    if args.rounds < 1 or args.warmup < 0:
        raise SystemExit("--rounds must be at least 1 and --warmup at least 0")
    info = peers.machine()
    print(peers.machine_line(info))
    print(f"rounds: {args.rounds} after {args.warmup} warm-up, commands interleaved\n")
    _compile_the_tool()

    def progress(message: str) -> None:
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    results: list[dict[str, Any]] = []
    failures: list[dict[str, str]] = []
    summaries: dict[str, dict[str, Any] | None] = {}
    with tempfile.TemporaryDirectory(prefix="rye-codegen-bench-") as tmp:
        planned = plan(args, Path(tmp))
        for item in planned:
            progress(f"{item.name}: preparing")
            try:
                job = item.build()
                progress(f"{job.name}: {', '.join(c.name for c in job.commands)}")
                summary = summarise(job, run_job(job, args.rounds, args.warmup, progress))
            except CommandFailed as error:
                summaries[item.name] = None
                failures.append({"name": item.name, "error": str(error)})
                print(f"## {item.name}: failed\n{error}\n", flush=True)
                continue
            if item.scaling is not None:
                types, operations, kind = item.scaling
                summary["scaling"] = {"types": types, "operations": operations, "kind": kind}
            summaries[item.name] = summary
            results.append(summary)
            print(format_table(summary) + "\n", flush=True)
        tables = scaling_tables(planned, summaries)
        for table in tables:
            print(table + "\n", flush=True)
    if args.json:
        document: dict[str, Any] = {
            "machine": info,
            "machine_line": peers.machine_line(info),
            "rounds": args.rounds,
            "warmup": args.warmup,
            "jobs": results,
            "failed": failures,
        }
        if tables:
            document["scaling_tables"] = tables
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
