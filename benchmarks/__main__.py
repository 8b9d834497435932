"""`python -m benchmarks [run] ...` times the jobs; `python -m benchmarks setup` installs peers."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks import jobs, peers
from benchmarks.runner import Job, format_table, run_job, summarise

SUITES = ("rye", "check", "github", "synthetic")


def _size(text: str) -> tuple[int, int]:
    types, _, operations = text.lower().partition("x")
    try:
        return int(types), int(operations)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected TYPESxOPERATIONS, got {text!r}") from None


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
            help="run only these (repeatable; default: all that are set up)",
        )
        target.add_argument(
            "--synthetic",
            type=_size,
            action="append",
            metavar="TYPESxOPS",
            help="synthetic sizes (repeatable; default 200x50)",
        )
        target.add_argument("--quiet", action="store_true", help="no per-run progress on stderr")
    return parser


def _jobs(args: argparse.Namespace, scratch: Path) -> list[Job]:
    suites = args.suite or list(SUITES)
    selected: list[Job] = []
    if "rye" in suites:
        selected.append(jobs.generate_job(jobs.rye_input(), scratch / "rye"))
    if "check" in suites:
        selected.append(jobs.check_job(scratch / "check"))
    if "github" in suites:
        github = jobs.github_input()
        if github is not None:
            selected.append(jobs.generate_job(github, scratch / "github"))
        elif args.suite:
            raise SystemExit(
                "GitHub's schema is not in the cache: run `python -m benchmarks setup`"
            )
        else:
            print("github: skipped, run `python -m benchmarks setup` first", file=sys.stderr)
    if "synthetic" in suites:
        for types, operations in args.synthetic or [(200, 50)]:
            source = jobs.synthetic_input(scratch, types, operations)
            selected.append(jobs.generate_job(source, scratch / source.name))
    return selected


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "setup":
        return peers.setup()
    if args.rounds < 1 or args.warmup < 0:
        raise SystemExit("--rounds must be at least 1 and --warmup at least 0")
    info = peers.machine()
    print(peers.machine_line(info))
    print(f"rounds: {args.rounds} after {args.warmup} warm-up, commands interleaved\n")

    def progress(message: str) -> None:
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="rye-codegen-bench-") as tmp:
        for job in _jobs(args, Path(tmp)):
            progress(f"{job.name}: {', '.join(c.name for c in job.commands)}")
            summary = summarise(job, run_job(job, args.rounds, args.warmup, progress))
            results.append(summary)
            print(format_table(summary) + "\n", flush=True)
    if args.json:
        document = {
            "machine": info,
            "machine_line": peers.machine_line(info),
            "rounds": args.rounds,
            "warmup": args.warmup,
            "jobs": results,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
