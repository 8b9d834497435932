"""Which operations were valid before, so that validation checks only the others.

An operation is remembered by its unit: its own text and the text of every fragment it
spreads, as they stand in their files. The entry is keyed by the tool's fingerprint, the
schema's text and the deprecation policy, and holds the units of the last run that found no
error at all: an edit to one operation (or one fragment) sends only what it touches through
graphql-core's per-operation rules again. The rules across definitions (unique names, unused
fragments) run over every file every time (generator/operations.py), and the deprecation
policy is judged afresh each run, with today's date (generator/policy.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.cache import Cache, digest, tool_fingerprint
from generator.config import Config
from generator.schema_source import LoadedSchema

_KIND = "operations"


@dataclass(frozen=True)
class ValidationCache:
    cache: Cache
    slot: str
    key: str

    def known_valid(self) -> frozenset[str]:
        value = self.cache.read(_KIND, self.slot, self.key)
        if not isinstance(value, list):
            return frozenset()
        return frozenset(unit for unit in value if isinstance(unit, str))

    def store(self, units: Iterable[str]) -> None:
        self.cache.write(_KIND, self.slot, self.key, sorted(set(units)))


def validation_cache(config: Config, schema: LoadedSchema) -> ValidationCache | None:
    """None when the project keeps no cache."""
    if config.cache is None:
        return None
    key = digest(tool_fingerprint(), schema.source.body, repr(config.deprecations))
    return ValidationCache(Cache(config.cache), config.relative(config.queries), key)
