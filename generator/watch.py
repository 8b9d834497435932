"""`generate --watch`: regenerate when the schema, the operations or the config change.

watchfiles gives native file events with debouncing: a burst of saves (an editor writing a
file and its backup, a `git checkout`) becomes one regeneration. Each regeneration is the
ordinary `generate`, which writes nothing when an operation is invalid, so `generated/` stays
at the last good state until the edit is fixed. The config is read again on every change, and
a change that cannot run (a broken pyproject.toml or schema) is reported, not fatal.

Folders are watched one by one, not recursively from the project root, so a large `.venv`
beside them costs nothing; when `queries/` gains a folder, the watch is set up again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import watchfiles

from generator import pipeline
from generator.config import Config
from generator.diagnostics import Diagnostic
from generator.errors import RyeCodegenError
from generator.operations import OPERATION_SUFFIXES

DEBOUNCE_MS = 300
READY_MS = 500


@dataclass(frozen=True)
class Cycle:
    """One regeneration: what changed, and what `generate` made of it (or why it could not run)."""

    changed: tuple[str, ...]
    written: pipeline.Written | None = None
    error: Diagnostic | None = None
    target: str = ""  # the generated package, as diagnostics show it
    ready: bool = False  # no generation: the watch has begun


def watch(
    load: Callable[[], Config],
    today: Callable[[], date],
    stop: threading.Event,
    debounce_ms: int = DEBOUNCE_MS,
) -> Iterator[Cycle]:
    """Generate once, say when the watch is ready, then generate once per burst of relevant
    changes until `stop` is set. `load` reads the config; raising RyeCodegenError at the start
    ends the watch (there is nothing to watch without one). Ctrl-C raises KeyboardInterrupt
    out of the loop."""
    config = load()
    generated_from = _fingerprint(config)
    yield _cycle(config, (), today)
    while not stop.is_set():
        folders = watched_folders(config)
        ready = False
        for changes in watchfiles.watch(
            *folders,
            watch_filter=_relevant_to(config),
            debounce=debounce_ms,
            stop_event=stop,
            recursive=False,
            # An empty yield after READY_MS without events: the watch is set up by then.
            yield_on_timeout=True,
            rust_timeout=READY_MS,
        ):
            if not changes:
                if not ready:
                    ready = True
                    # Saved between the first generate and now: not an event, but not lost.
                    if _fingerprint(config) != generated_from:
                        yield _cycle(config, ("(while the watch started)",), today)
                    yield Cycle((), ready=True)
                continue
            changed = tuple(sorted({config.relative(Path(path)) for _, path in changes}))
            try:
                config = load()
            except RyeCodegenError as error:
                yield Cycle(changed, error=error.as_diagnostic())
                continue
            generated_from = _fingerprint(config)
            yield _cycle(config, changed, today)
            if watched_folders(config) != folders:
                break  # a folder came or went: watch the new set
        else:
            return  # `stop` was set


def _fingerprint(config: Config) -> tuple[tuple[str, int, int], ...]:
    """Size and modification time of every input, to notice a save no event reported."""
    paths = [config.schema, *([config.config_file] if config.config_file else [])]
    if config.schema.is_dir():
        paths.extend(config.schema.rglob("*"))
    if config.queries.is_dir():
        paths.extend(config.queries.rglob("*"))
    stats = []
    for path in sorted(paths):
        try:
            stat = path.stat()
        except OSError:
            continue
        stats.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(stats)


def watched_folders(config: Config) -> tuple[Path, ...]:
    folders = {config.root, config.schema if config.schema.is_dir() else config.schema.parent}
    if config.config_file is not None:
        folders.add(config.config_file.parent)
    if config.queries.is_dir():
        folders.add(config.queries)
        folders.update(p for p in config.queries.rglob("*") if p.is_dir() and _kept(p, config))
    return tuple(sorted(f for f in folders if f.is_dir()))


def _kept(folder: Path, config: Config) -> bool:
    """Not the generated package (our own writes), nor a hidden or cache folder."""
    inside_target = folder == config.target or config.target in folder.parents
    return not inside_target and not any(
        part.startswith(".") or part == "__pycache__" for part in folder.parts
    )


def _relevant_to(config: Config) -> Callable[[watchfiles.Change, str], bool]:
    # Resolved on both sides: events name real paths, the config may hold a link (/tmp).
    schema, queries = config.schema.resolve(), config.queries.resolve()
    config_file = config.config_file.resolve() if config.config_file else None

    def relevant(_: watchfiles.Change, raw: str) -> bool:
        path = Path(raw).resolve()
        if path in (config_file, schema):
            return True
        if schema in path.parents:  # a folder of SDL files
            return path.suffix in OPERATION_SUFFIXES
        return queries in path.parents and path.suffix in OPERATION_SUFFIXES

    return relevant


def _cycle(config: Config, changed: tuple[str, ...], today: Callable[[], date]) -> Cycle:
    try:
        written = pipeline.generate(config, today())
        return Cycle(changed, written=written, target=config.relative(config.target))
    except RyeCodegenError as error:
        return Cycle(changed, error=error.as_diagnostic())
