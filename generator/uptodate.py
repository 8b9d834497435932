"""`check` and `generate` when nothing changed: answered from the cache, without the schema.

After a run that generated (or confirmed) the package, the cache remembers a key of every input
(the tool and its dependencies, the effective config, the schema's bytes, every file under the
operations folder) with what that run found: the SHA-256 of each generated file, its
findings, and the deprecated uses it saw. A later run whose inputs have the same key, and
whose target folder holds exactly those files, needs no schema, no parse and no emit: it
judges the remembered deprecated uses with today's date (an allowance may have expired since)
and reports. Anything else (a changed input, a changed or extra file, a link, debris of an
interrupted write, an unreadable or foreign cache entry) takes the full path.

Standard library and light modules only: this path must not import graphql-core, pydantic,
httpx, jinja2 or ariadne-codegen.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from generator.atomic import JOURNAL, retired_prefix, staging_prefix
from generator.cache import Cache, digest, tool_fingerprint
from generator.config import Config
from generator.diagnostics import Diagnostic, Location, Severity, sort_diagnostics
from generator.policy import AllowanceTargets, DeprecatedUse, apply_policy

_KIND = "generated"
_IGNORED = "__pycache__"


@dataclass(frozen=True)
class Remembered:
    """What a full run found, to be answered again while its inputs stay the same."""

    files: Mapping[str, str]  # path in the package → SHA-256 of its text
    operations: int
    findings: tuple[Diagnostic, ...]  # all but the deprecation policy's
    uses: tuple[DeprecatedUse, ...]
    targets: AllowanceTargets


def file_hashes(files: Mapping[str, str]) -> dict[str, str]:
    """{path: SHA-256 of its UTF-8 text}: how `Remembered` holds a package."""
    return {path: _sha256(text.encode("utf-8")) for path, text in files.items()}


@dataclass(frozen=True)
class UpToDate:
    diagnostics: tuple[Diagnostic, ...]
    files: int
    operations: int


def inputs_key(config: Config) -> str | None:
    """A key of everything the generated package and the findings depend on, or None when an
    input cannot be read (the full run then says why)."""
    try:
        parts = [tool_fingerprint(), _described(config), *_folder_parts(config.schema)]
        parts.extend(_folder_parts(config.queries))
    except (OSError, RecursionError):
        return None
    return digest(*parts)


def _described(config: Config) -> str:
    """The config with its paths relative to the project: a checkout moved or copied elsewhere
    (a CI cache restored into another folder) keeps its answers."""
    config_file = config.config_file and Path(config.relative(config.config_file))
    relative = replace(
        config,
        root=Path("."),
        schema=Path(config.relative(config.schema)),
        queries=Path(config.relative(config.queries)),
        target=Path(config.relative(config.target)),
        config_file=config_file,
        cache=None,
    )
    return repr(relative)


def _folder_parts(path: Path) -> Iterator[str | bytes]:
    """A file's bytes, or every file under a folder with its path: a superset of what the
    loaders read, so that no change to an input can keep the key."""
    if not path.is_dir():
        yield _regular_bytes(path)
        return
    for file in sorted(path.rglob("*")):
        if file.is_file():
            yield file.relative_to(path).as_posix()
            yield _regular_bytes(file)


def _regular_bytes(path: Path) -> bytes:
    """A regular file's bytes; anything else (a FIFO, a link to /dev/zero) is for the full
    run to refuse: reading it might never end."""
    if not path.is_file():
        raise OSError(f"{path} is not a regular file")
    return path.read_bytes()


def remember(config: Config, key: str, found: Remembered) -> None:
    if config.cache is None:
        return
    value = {
        "files": dict(found.files),
        "operations": found.operations,
        "findings": [_diagnostic_json(d) for d in found.findings],
        "uses": [_use_json(u) for u in found.uses],
        "known": sorted(found.targets.known),
        "closest": [list(pair) for pair in found.targets.closest],
    }
    Cache(config.cache).write(_KIND, config.relative(config.target), key, value)


def up_to_date(config: Config, today: date) -> UpToDate | None:
    """The findings and counts of the last full run, if nothing changed since; else None."""
    if config.cache is None or _interrupted(config):
        return None
    key = inputs_key(config)
    if key is None:
        return None
    value = Cache(config.cache).read(_KIND, config.relative(config.target), key)
    try:
        remembered = _remembered(value)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None  # a foreign or damaged entry: never trusted
    if remembered is None or not _tree_matches(config.target, remembered.files):
        return None
    policy = apply_policy(remembered.uses, config.deprecations, today, remembered.targets)
    diagnostics = sort_diagnostics((*remembered.findings, *policy))
    return UpToDate(diagnostics, len(remembered.files), remembered.operations)


def _interrupted(config: Config) -> bool:
    """Debris of a killed write is for the full run to repair."""
    parent = config.target.parent
    prefixes = (staging_prefix(config.target), retired_prefix(config.target))
    try:
        if any(name.startswith(prefixes) for name in os.listdir(parent)):
            return True
    except OSError:
        return True
    schema_folder = config.schema if config.schema.is_dir() else config.schema.parent
    return (schema_folder / JOURNAL).exists()


def _remembered(value: Any) -> Remembered | None:
    if not isinstance(value, dict):
        return None
    return Remembered(
        files={str(path): str(sha) for path, sha in dict(value["files"]).items()},
        operations=int(value["operations"]),
        findings=tuple(_diagnostic_of(d) for d in value["findings"]),
        uses=tuple(_use_of(u) for u in value["uses"]),
        targets=AllowanceTargets(
            frozenset(str(c) for c in value["known"]),
            tuple((str(a), str(b)) for a, b in value["closest"]),
        ),
    )


def _tree_matches(target: Path, expected: Mapping[str, str]) -> bool:
    """Whether `target` holds exactly these files (bytecode caches aside), and no link."""
    if target.is_symlink() or not target.is_dir():
        return False
    seen: dict[str, str] = {}
    for folder, folders, names in os.walk(target):
        here = Path(folder)
        if any((here / name).is_symlink() for name in (*folders, *names)):
            return False
        folders[:] = [name for name in folders if name != _IGNORED]
        for name in names:
            path = here / name
            relative = path.relative_to(target).as_posix()
            if relative not in expected or not path.is_file():
                return False
            seen[relative] = _sha256(path.read_bytes())
    return seen == dict(expected)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _location_json(location: Location | None) -> list[Any] | None:
    return None if location is None else [location.path, location.line, location.column]


def _location_of(raw: Any) -> Location | None:
    if raw is None:
        return None
    path, line, column = raw
    return Location(str(path), int(line), int(column))


def _diagnostic_json(diagnostic: Diagnostic) -> dict[str, Any]:
    return {
        "severity": diagnostic.severity.value,
        "code": diagnostic.code,
        "message": diagnostic.message,
        "location": _location_json(diagnostic.location),
        "excerpt": diagnostic.excerpt,
        "hint": diagnostic.hint,
    }


def _diagnostic_of(raw: Any) -> Diagnostic:
    return Diagnostic(
        Severity(raw["severity"]),
        str(raw["code"]),
        str(raw["message"]),
        _location_of(raw["location"]),
        _optional_text(raw["excerpt"]),
        _optional_text(raw["hint"]),
    )


def _use_json(use: DeprecatedUse) -> dict[str, Any]:
    return {
        "coordinate": use.coordinate,
        "reason": use.reason,
        "location": _location_json(use.location),
        "excerpt": use.excerpt,
        "operations": sorted(use.operations),
    }


def _use_of(raw: Any) -> DeprecatedUse:
    location = _location_of(raw["location"])
    if location is None:
        raise ValueError("a deprecated use without a location")
    operations: Sequence[Any] = raw["operations"]
    return DeprecatedUse(
        str(raw["coordinate"]),
        str(raw["reason"]),
        location,
        str(raw["excerpt"]),
        frozenset(str(name) for name in operations),
    )


def _optional_text(raw: Any) -> str | None:
    return None if raw is None else str(raw)
