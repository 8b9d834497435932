"""Where each coordinate is defined in a schema's SDL, for changes that touch no operation.

The index is made once from the schema's definition nodes, and kept in the cache beside the
schema (generator/schema_cache.py): a schema read back from introspection JSON has no nodes.
Keys: `Type`, `Type.member` (field, input field or enum value), `Type.field(argument`, and
`@directive`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import GraphQLSchema, Node

from generator.diagnostics import Location, start_of


def location_index(schema: GraphQLSchema) -> dict[str, Location]:
    return {key: start_of(node.loc) for key, node in _defined(schema) if node.loc is not None}


def definition_location(index: Mapping[str, Location], coordinate: str) -> Location | None:
    """The most precise place the index has for a change's coordinate: its argument, else its
    member, else its type (a member the schema lacks is placed at its type)."""
    if coordinate.startswith("@"):
        return index.get(coordinate.split("(", 1)[0])
    type_name, _, member = coordinate.partition(".")
    member_name, _, argument = member.partition("(")
    keys = [type_name]
    if member_name:
        keys.insert(0, f"{type_name}.{member_name}")
    if argument:
        keys.insert(0, f"{type_name}.{member_name}({argument.rstrip(':)')}")
    return next((index[key] for key in keys if key in index), None)


def _defined(schema: GraphQLSchema) -> Iterator[tuple[str, Node]]:
    for directive in schema.directives:
        if directive.ast_node is not None:
            yield f"@{directive.name}", directive.ast_node
    for named in schema.type_map.values():
        if named.ast_node is None:
            continue  # built in: String, __Type
        yield named.name, named.ast_node
        for attribute in ("fields", "values"):
            members: Mapping[str, Any] = getattr(named, attribute, None) or {}
            for name, member in members.items():
                if member.ast_node is not None:
                    yield f"{named.name}.{name}", member.ast_node
                for argument_name, argument in (getattr(member, "args", None) or {}).items():
                    if argument.ast_node is not None:
                        yield f"{named.name}.{name}({argument_name}", argument.ast_node


def index_to_json(index: Mapping[str, Location]) -> dict[str, list[str | int]]:
    return {key: [loc.path, loc.line, loc.column] for key, loc in index.items()}


def index_from_json(value: object) -> dict[str, Location] | None:
    """The index a cache entry holds, or None for anything but one."""
    if not isinstance(value, dict):
        return None
    index: dict[str, Location] = {}
    for key, place in value.items():
        if not (
            isinstance(key, str)
            and isinstance(place, list)
            and len(place) == 3
            and isinstance(place[0], str)
            and all(type(n) is int and n >= 1 for n in place[1:])
        ):
            return None
        index[key] = Location(place[0], place[1], place[2])
    return index
