"""The canonical text of a schema: what `schema/` holds and what hashes are taken of."""

from __future__ import annotations

import hashlib
from pathlib import Path

from graphql import GraphQLSchema, lexicographic_sort_schema, print_schema


def canonical_sdl(schema: GraphQLSchema) -> str:
    """Lexicographically sorted SDL printed by graphql-core, ending in one newline."""
    return print_schema(lexicographic_sort_schema(schema)) + "\n"


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def lock_path(snapshot: Path) -> Path:
    """The lock file `pull` writes beside a snapshot: schema/rye.graphql → rye.lock.json."""
    return snapshot.with_name(snapshot.name.removesuffix(".graphql") + ".lock.json")
