"""`generate --watch`: regenerate when the schema, the operations or the config change.

watchfiles gives native file events with debouncing: a burst of saves (an editor writing a
file and its backup, a `git checkout`) becomes one regeneration. Each regeneration is the
ordinary `generate`, which writes nothing when an operation is invalid, so `generated/` stays
at the last good state until the edit is fixed. The config is read again on every change, and
a change that cannot run (a broken pyproject.toml or schema) is reported, not fatal.

Folders are watched one by one, not recursively from the project root, so a large `.venv`
beside them costs nothing. A folder that comes or goes (`mkdir queries/sub`, `queries/` moved
away, or replaced by a branch switch) regenerates and sets the watch up again: a folder's
watch goes with the folder, even when one of the same name takes its place.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import watchfiles

from generator import heap, pipeline
from generator.config import Config
from generator.diagnostics import Diagnostic, Location, Severity
from generator.errors import RyeCodegenError
from generator.operations import OPERATION_SUFFIXES
from generator.schema_source import SDL_SUFFIXES

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
            watch_filter=_relevant_to(config, folders),
            debounce=debounce_ms,
            stop_event=stop,
            recursive=False,
            # An empty yield after READY_MS without events: the watch is set up by then.
            yield_on_timeout=True,
            rust_timeout=READY_MS,
        ):
            if changes:
                changed = tuple(sorted({config.relative(Path(path)) for _, path in changes}))
            elif ready:
                continue
            else:
                ready = True
                # Saved before this watch was set up: not an event, but not lost. Checked
                # before saying so, so that whatever happens after it is an event.
                if _fingerprint(config) == generated_from:
                    yield Cycle((), ready=True)
                    continue
                changed = ("(while the watch started)",)
            try:
                config = load()
            except RyeCodegenError as error:
                # As it failed, so that a new watch does not take it for a missed save.
                generated_from = _fingerprint(config)
                yield Cycle(changed, error=error.as_diagnostic())
            else:
                generated_from = _fingerprint(config)
                yield _cycle(config, changed, today)
            if _names_a_folder(changes, folders) or watched_folders(config) != folders:
                break  # a folder came or went, or the config names others: watch anew
            if not changes:
                yield Cycle((), ready=True)  # once the missed save is generated
        else:
            return  # `stop` was set


def _fingerprint(config: Config) -> tuple[tuple[str, int, int], ...]:
    """Size and modification time of every input, to notice a save no event reported."""
    paths = [config.schema, *([config.config_file] if config.config_file else [])]
    for tree, _ in _trees(config):
        paths.extend(_below(tree))
    stats = []
    for path in sorted(paths):
        try:
            stat = path.stat()
        except OSError:
            continue
        stats.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(stats)


def _below(tree: Path) -> Iterator[Path]:
    """Every folder and file below `tree`. os.walk, unlike rglob, passes over a folder that
    goes while it is read (a branch switch) instead of raising."""
    for folder, subfolders, files in os.walk(tree):
        for name in (*subfolders, *files):
            yield Path(folder, name)


def _trees(config: Config) -> list[tuple[Path, tuple[str, ...]]]:
    """The folders read with all below them, and the suffixes of the files read there."""
    trees: list[tuple[Path, tuple[str, ...]]] = [(config.queries, OPERATION_SUFFIXES)]
    if config.schema.is_dir():
        trees.append((config.schema, SDL_SUFFIXES))
    return trees


def _schema_folder(config: Config) -> Path:
    return config.schema if config.schema.is_dir() else config.schema.parent


def watched_folders(config: Config) -> tuple[Path, ...]:
    """The folders read, and the folders holding them: only there does a folder that comes
    or goes show it."""
    schema_folder = _schema_folder(config)
    folders = {config.root, schema_folder, schema_folder.parent, config.queries.parent}
    if config.config_file is not None:
        folders.add(config.config_file.parent)
    for tree, _ in _trees(config):
        folders.add(tree)
        folders.update(p for p in _below(tree) if p.is_dir() and _kept(p, tree, config.target))
    # Never above the project: no input comes or goes there, and it may be busy (a home).
    above = set(config.root.parents)
    return tuple(sorted(f for f in folders if f.is_dir() and f not in above))


def _kept(folder: Path, tree: Path, target: Path) -> bool:
    """Not the generated package (our own writes), nor a hidden or cache folder below `tree`
    (a project may itself live below a hidden folder)."""
    inside_target = folder == target or target in folder.parents
    return not inside_target and not any(
        part.startswith(".") or part == "__pycache__" for part in folder.relative_to(tree).parts
    )


def _relevant_to(
    config: Config, folders: tuple[Path, ...]
) -> Callable[[watchfiles.Change, str], bool]:
    # Resolved on both sides: events name real paths, the config may hold a link (/tmp).
    watched = {folder.resolve() for folder in folders}
    inputs = {config.schema, _schema_folder(config), config.queries, config.config_file}
    named = {path.resolve() for path in inputs if path is not None}
    trees = [(tree.resolve(), suffixes) for tree, suffixes in _trees(config)]
    target = config.target.resolve()

    def relevant(_: watchfiles.Change, raw: str) -> bool:
        path = Path(raw).resolve()
        if path in named or path in watched:  # a folder here may have taken its watch along
            return True
        for tree, suffixes in trees:
            if tree in path.parents:
                return path.suffix in suffixes or (path.is_dir() and _kept(path, tree, target))
        return False

    return relevant


def _names_a_folder(changes: set[tuple[watchfiles.Change, str]], folders: tuple[Path, ...]) -> bool:
    """A watched folder went (or went and came back), or a new one came."""
    watched = {folder.resolve() for folder in folders}
    return any(Path(path).resolve() in watched or Path(path).is_dir() for _, path in changes)


def _cycle(config: Config, changed: tuple[str, ...], today: Callable[[], date]) -> Cycle:
    try:
        with heap.one_run():
            written = pipeline.generate(config, today())
        return Cycle(changed, written=written, target=config.relative(config.target))
    except RyeCodegenError as error:
        return Cycle(changed, error=error.as_diagnostic())
    except OSError as error:  # a file gone mid-read (a branch switch): the next event retries
        where = Location(config.relative(Path(error.filename))) if error.filename else None
        return Cycle(
            changed, error=Diagnostic(Severity.ERROR, "io", error.strerror or str(error), where)
        )
