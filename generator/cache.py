"""The cache folder: JSON entries a later run may use instead of doing the work again.

An entry is a file `<kind>-<digest of its slot>.json` holding its kind, its slot, its whole
key and a value. A slot holds one entry (the schema file's, the target's), so the folder does
not grow with every edit: a new key replaces the old entry. A
read that finds no entry, a truncated or corrupt one, one written by another format, or one
whose key differs (a collision, a copied file) gets `None`, and the caller does the work;
nothing read here is trusted beyond that. Writes go to a temporary file and are renamed into
place, and fail quietly: a cache that cannot be written only costs time.

Standard library only, and cheap to import: `check` with nothing changed runs on this alone.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT = 1
MAX_ENTRY_BYTES = 512 * 2**20
DEFAULT_FOLDER = ".rye-codegen-cache"
_GITIGNORE = "# written by rye-codegen: its cache, safe to delete\n*\n"


@dataclass(frozen=True)
class Cache:
    folder: Path

    def read(self, kind: str, slot: str, key: str) -> Any:
        """The value stored in the slot under this key, or None."""
        path = self._path(kind, slot)
        try:
            if not path.is_file() or path.stat().st_size > MAX_ENTRY_BYTES:
                return None  # a FIFO or a device would never end; nothing we write is this big
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError, RecursionError):
            return None
        if not isinstance(entry, dict) or entry.get("format") != FORMAT:
            return None
        if (entry.get("kind"), entry.get("slot"), entry.get("key")) != (kind, slot, key):
            return None
        value = entry.get("value")
        if entry.get("check") != _check(value):  # damaged, or edited by hand
            return None
        return value

    def write(self, kind: str, slot: str, key: str, value: Any) -> None:
        try:
            parts = _entry_parts(kind, slot, key, value)
            if not self.folder.is_dir():  # ours: it may ignore itself for git
                self.folder.mkdir(parents=True)
                (self.folder / ".gitignore").write_text(_GITIGNORE, encoding="utf-8")
            _write_atomically(self._path(kind, slot), parts)
        except (OSError, ValueError):
            pass  # read-only checkout, full disk: the next run does the work again

    def _path(self, kind: str, slot: str) -> Path:
        return self.folder / f"{kind}-{digest(slot)[:32]}.json"


def _check(value: Any) -> str:
    return digest(json.dumps(value, sort_keys=True))


def _entry_parts(kind: str, slot: str, key: str, value: Any) -> tuple[str, ...]:
    """`json.dumps` of the whole entry with sorted keys, in parts: the value dumped once, not
    twice (once for its check), and not copied into one string ("value" sorts last, so it
    closes the object)."""
    value_text = json.dumps(value, sort_keys=True)
    head = {"check": digest(value_text), "format": FORMAT, "key": key, "kind": kind, "slot": slot}
    return json.dumps(head, sort_keys=True)[:-1], ', "value": ', value_text, "}"


def _write_atomically(path: Path, parts: Iterable[str]) -> None:
    import tempfile  # only a run that writes needs it (with shutil, random, bz2 and lzma)

    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.writelines(parts)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def digest(*parts: str | bytes) -> str:
    """SHA-256 of the parts, each length-prefixed so that no two lists of parts collide."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hashed.update(f"{len(data)}:".encode())
        hashed.update(data)
    return hashed.hexdigest()


@functools.cache
def tool_fingerprint() -> str:
    """What the output depends on besides the inputs: this tool's own files (by size and
    modification time, so an edited checkout counts as a new version), every installed
    distribution (graphql-core, ariadne-codegen, ruff, pydantic: any upgrade changes the
    list) and the interpreter (`ast.unparse` differs between Python versions). Read once a
    process: a run asks for it up to three times."""
    package = Path(__file__).parent
    parts: list[str] = [sys.version]
    for path in sorted(package.rglob("*")):
        if "__pycache__" not in path.parts and path.is_file():
            stat = path.stat()
            parts.append(
                f"{path.relative_to(package).as_posix()} {stat.st_size} {stat.st_mtime_ns}"
            )
    parts.extend(_distributions())
    return digest(*parts)


def _distributions() -> Iterable[str]:
    """The installed distributions' metadata folders, in the interpreter's package folders
    only: the working directory on `sys.path` (under `python -m`) must not change the key."""
    for entry in dict.fromkeys(sys.path):  # in order, once each
        if Path(entry).name not in ("site-packages", "dist-packages"):
            continue
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        yield from sorted(n for n in names if n.endswith((".dist-info", ".egg-info", ".pth")))
