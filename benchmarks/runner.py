"""Whole-process timing: run commands interleaved over rounds and summarise them.

Nothing here knows about rye-codegen: a `Job` is a named group of `Command`s, the first
`subjects` of them (usually one) being the subjects and the others their peers. Each round runs
every command of the job once, in an order rotated by the round number (so no command always
runs first or last), each after its own untimed `prepare` step. Wall time is
`time.perf_counter` around `Popen`..`os.wait4`; peak memory is the `ru_maxrss` that `os.wait4`
returns, which on Linux is the largest resident set of the child or of any descendant it waited
for (not their sum).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    rss: int  # KiB, peak resident set size of the largest process in the child's tree
    cpu: float  # seconds, user + system of the child and its waited-for descendants


@dataclass
class Command:
    name: str
    argv: Sequence[str]
    # Returns the working directory for one run; called before every run, untimed.
    prepare: Callable[[], Path]
    env: Mapping[str, str] | None = None
    # Exit codes that count as success (`check` exits 0 when nothing changed).
    ok_codes: tuple[int, ...] = (0,)


@dataclass
class Job:
    name: str
    description: str
    commands: list[Command]
    notes: list[str] = field(default_factory=list)
    # The first `subjects` commands are compared with each of the others (one ratio per pair).
    subjects: int = 1


class CommandFailed(RuntimeError):
    pass


def measure(command: Command) -> Sample:
    """Run one command once, after its prepare step, and return what it cost."""
    cwd = command.prepare()
    env = dict(os.environ if command.env is None else command.env)
    start = time.perf_counter()
    process = subprocess.Popen(
        list(command.argv),
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    # Read stderr while it runs so a chatty child cannot block on a full pipe.
    assert process.stderr is not None
    errors = process.stderr.read()
    process.stderr.close()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in command.ok_codes:
        tail = errors.decode("utf-8", "replace").strip()[-2000:]
        raise CommandFailed(
            f"{command.name}: {' '.join(command.argv)} exited {process.returncode} in {cwd}\n{tail}"
        )
    return Sample(wall=wall, rss=usage.ru_maxrss, cpu=usage.ru_utime + usage.ru_stime)


def rotation(names: Sequence[str], round_index: int) -> list[str]:
    """The order of one round: the job's order rotated by the round number."""
    if not names:
        return []
    shift = round_index % len(names)
    return list(names[shift:]) + list(names[:shift])


def run_job(
    job: Job,
    rounds: int,
    warmup: int,
    progress: Callable[[str], None] = lambda _: None,
) -> dict[str, list[Sample]]:
    """Run every command of the job `warmup + rounds` times, interleaved; keep the last `rounds`."""
    by_name = {command.name: command for command in job.commands}
    samples: dict[str, list[Sample]] = {command.name: [] for command in job.commands}
    for index in range(warmup + rounds):
        label = f"warm-up {index + 1}/{warmup}" if index < warmup else f"round {index - warmup + 1}"
        for name in rotation(list(by_name), index):
            sample = measure(by_name[name])
            progress(f"  {job.name} {label}: {name} {sample.wall:.3f}s {sample.rss / 1024:.0f} MiB")
            if index >= warmup:
                samples[name].append(sample)
    return samples


@dataclass(frozen=True)
class Spread:
    min: float
    median: float
    max: float

    def as_dict(self) -> dict[str, float]:
        return {"min": self.min, "median": self.median, "max": self.max}


def spread(values: Sequence[float]) -> Spread:
    if not values:
        raise ValueError("no samples")
    return Spread(min(values), statistics.median(values), max(values))


def ratio(subject: float, peer: float) -> float | None:
    """subject / peer: above 1 the subject is slower (or larger) than the peer."""
    return subject / peer if peer > 0 else None


def paired_ratio(subject: Sequence[float], peer: Sequence[float]) -> float | None:
    """The median of the round-by-round ratios: each round's runs were close in time."""
    ratios = [s / p for s, p in zip(subject, peer, strict=True) if p > 0]
    return statistics.median(ratios) if ratios else None


def summarise(job: Job, samples: Mapping[str, Sequence[Sample]]) -> dict[str, Any]:
    """Statistics of every command and the median ratios of each subject against each peer."""
    commands: list[dict[str, Any]] = []
    for command in job.commands:
        runs = samples[command.name]
        commands.append(
            {
                "name": command.name,
                "argv": list(command.argv),
                "rounds": len(runs),
                "wall_s": spread([s.wall for s in runs]).as_dict(),
                "rss_mib": spread([s.rss / 1024 for s in runs]).as_dict(),
                "cpu_s": spread([s.cpu for s in runs]).as_dict(),
                "samples": [{"wall_s": s.wall, "rss_kib": s.rss, "cpu_s": s.cpu} for s in runs],
            }
        )
    count = max(1, min(job.subjects, len(commands)))
    ratios: list[dict[str, Any]] = []
    for subject in commands[:count]:
        for peer in commands[count:]:
            ratios.append(
                {
                    "subject": subject["name"],
                    "peer": peer["name"],
                    "wall": ratio(subject["wall_s"]["median"], peer["wall_s"]["median"]),
                    "rss": ratio(subject["rss_mib"]["median"], peer["rss_mib"]["median"]),
                    "wall_paired": paired_ratio(
                        [s.wall for s in samples[subject["name"]]],
                        [s.wall for s in samples[peer["name"]]],
                    ),
                }
            )
    return {
        "name": job.name,
        "description": job.description,
        "notes": list(job.notes),
        "subjects": [c["name"] for c in commands[:count]],
        "commands": commands,
        "ratios": ratios,
    }


def _fmt_ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}x"


def format_table(summary: Mapping[str, Any]) -> str:
    """A plain-text table of one job: min/median/max wall and RSS, then the ratios."""
    header = ["command", "wall min", "wall median", "wall max", "RSS min", "RSS median", "RSS max"]
    rows = [header]
    for command in summary["commands"]:
        wall, rss = command["wall_s"], command["rss_mib"]
        rows.append(
            [
                command["name"],
                *(f"{wall[k]:.3f}s" for k in ("min", "median", "max")),
                *(f"{rss[k]:.1f} MiB" for k in ("min", "median", "max")),
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        rest = zip(row[1:], widths[1:], strict=True)
        cells = [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in rest]
        return "  ".join(cells).rstrip()

    out = [f"## {summary['name']}: {summary['description']}"]
    out += [line(rows[0]), line(["-" * w for w in widths])]
    out += [line(row) for row in rows[1:]]
    for item in summary["ratios"]:
        out.append(
            f"{item['subject']} / {item['peer']}: wall {_fmt_ratio(item['wall'])}"
            f" (paired {_fmt_ratio(item['wall_paired'])}), RSS {_fmt_ratio(item['rss'])}"
        )
    out += [f"note: {note}" for note in summary["notes"]]
    return "\n".join(out)


def format_scaling_table(
    title: str, entries: Sequence[tuple[str, Mapping[str, Any] | None]]
) -> str:
    """One line per size (`label`): every command's median wall and RSS, then the median ratios.

    `entries` pairs a size label with the summary of its job, or None when the job failed.
    Columns are the commands in first-seen order; a command a size did not run shows `-`.
    A ratio cell is `WALLx RSSx` of subject / peer.
    """
    names: list[str] = []
    pairs: list[tuple[str, str]] = []
    subjects: set[str] = set()
    for _, summary in entries:
        if summary is None:
            continue
        for command in summary["commands"]:
            if command["name"] not in names:
                names.append(command["name"])
        for item in summary["ratios"]:
            subjects.add(item["subject"])
            if (item["subject"], item["peer"]) not in pairs:
                pairs.append((item["subject"], item["peer"]))
    if len(subjects) <= 1:
        ratio_headers = [f"/ {peer}" for _, peer in pairs]
    else:
        ratio_headers = [f"{subject} / {peer}" for subject, peer in pairs]
    header = ["size", *names, *ratio_headers]
    rows = [header]
    for label, summary in entries:
        if summary is None:
            rows.append([label, *(["failed"] * (len(header) - 1))])
            continue
        by_name = {command["name"]: command for command in summary["commands"]}
        cells = [label]
        for name in names:
            command = by_name.get(name)
            if command is None:
                cells.append("-")
            else:
                wall, rss = command["wall_s"]["median"], command["rss_mib"]["median"]
                cells.append(f"{wall:.3f}s {rss:.1f} MiB")
        by_pair = {(item["subject"], item["peer"]): item for item in summary["ratios"]}
        for pair in pairs:
            item = by_pair.get(pair)
            cells.append(
                "-" if item is None else f"{_fmt_ratio(item['wall'])} {_fmt_ratio(item['rss'])}"
            )
        rows.append(cells)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        rest = zip(row[1:], widths[1:], strict=True)
        cells = [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in rest]
        return "  ".join(cells).rstrip()

    out = [f"## {title} (median wall and RSS; ratios: wall RSS)"]
    out += [line(rows[0]), line(["-" * w for w in widths])]
    out += [line(row) for row in rows[1:]]
    return "\n".join(out)
