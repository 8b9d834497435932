"""The schema snapshot, built from its SDL once per content: later runs read the built schema
back from the cache as introspection JSON (`json.loads` and `build_client_schema`, several
times faster than parsing, validating and building the SDL again).

The entry is keyed by the SHA-256 of the snapshot's bytes and the tool's fingerprint
(generator/cache.py), so it is only ever read for bytes that were already parsed and found
valid. A schema from introspection has no definition nodes: the drift commands, which point
each change at its definition, ask for the schema `located`, and its index of places
(generator/schema_locations.py) is kept in an entry of its own beside it.

Introspection keeps every default value, but as graphql-core prints its parsed value, and
ariadne-codegen writes an input field's default from the field's SDL node (`1.0` stays a
float only there). The entry keeps those literals as written, and they are put back as nodes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from graphql import (
    GraphQLInputObjectType,
    GraphQLSchema,
    InputValueDefinitionNode,
    NameNode,
    Source,
    build_client_schema,
    parse_type,
    parse_value,
    print_ast,
    validate_schema,
)

from generator.cache import Cache, digest, tool_fingerprint
from generator.schema_json import introspection_result
from generator.schema_locations import index_from_json, index_to_json
from generator.schema_source import LoadedSchema, collector_paused, load_schema_file

_KIND = "schema"
_LOCATIONS_KIND = "locations"


def nothing_to_store() -> None:
    """What stores a schema that is not to be cached."""


def load_schema_cached(
    path: Path, shown_as: str, cache: Cache | None, *, located: bool = False
) -> tuple[LoadedSchema, Callable[[], None]]:
    """The schema (`located`: with where each coordinate is defined), and what stores it in
    the cache: called by a run that found no error, so a failed run writes nothing at all."""
    if cache is None or not path.is_file():
        return load_schema_file(path, shown_as), nothing_to_store  # a folder, or an error to report
    try:
        data = path.read_bytes()
    except OSError:
        return load_schema_file(path, shown_as), nothing_to_store
    key = digest(tool_fingerprint(), data)
    cached = _from_cache(cache.read(_KIND, shown_as, key), data, shown_as)
    if cached is not None and located:
        locations = index_from_json(cache.read(_LOCATIONS_KIND, shown_as, key))
        cached = None if locations is None else replace(cached, cached_locations=locations)
    if cached is not None:
        return cached, nothing_to_store
    loaded = load_schema_file(path, shown_as)
    if loaded.source.body != data.decode("utf-8-sig"):  # it changed while being read
        return loaded, nothing_to_store
    return loaded, lambda: _store(cache, shown_as, key, loaded, located)


def _store(cache: Cache, shown_as: str, key: str, loaded: LoadedSchema, located: bool) -> None:
    try:
        entry = _entry(loaded.schema)
    except Exception:  # noqa: BLE001 - a default graphql-core cannot print back (1e400, a
        return  # custom scalar's object): this schema is built from its SDL every time
    cache.write(_KIND, shown_as, key, entry)
    if located:
        cache.write(_LOCATIONS_KIND, shown_as, key, index_to_json(loaded.locations))


def _entry(schema: GraphQLSchema) -> dict[str, Any]:
    defaults = {
        f"{named.name}.{name}": print_ast(field.ast_node.default_value)
        for named in schema.type_map.values()
        if isinstance(named, GraphQLInputObjectType)
        for name, field in named.fields.items()
        if field.ast_node is not None and field.ast_node.default_value is not None
    }
    return {"introspection": introspection_result(schema), "input_defaults": defaults}


def _from_cache(value: object, data: bytes, shown_as: str) -> LoadedSchema | None:
    if not isinstance(value, dict):
        return None
    try:
        with collector_paused():
            schema = build_client_schema(value["introspection"])
            _restore_default_nodes(schema, value["input_defaults"])
        if validate_schema(schema):  # an entry edited by hand: its check alone cannot tell
            return None
    except Exception:  # noqa: BLE001 - a damaged entry is never trusted: build it again
        return None
    return LoadedSchema(schema=schema, source=Source(data.decode("utf-8-sig"), shown_as))


def _restore_default_nodes(schema: GraphQLSchema, defaults: dict[str, str]) -> None:
    for coordinate, literal in defaults.items():
        type_name, field_name = coordinate.split(".")
        named = schema.type_map[type_name]
        assert isinstance(named, GraphQLInputObjectType)
        field = named.fields[field_name]
        field.ast_node = InputValueDefinitionNode(
            name=NameNode(value=field_name),
            type=parse_type(str(field.type)),
            default_value=parse_value(literal),
            directives=(),
        )
