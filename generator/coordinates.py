"""Schema coordinates (`Type.field`, `Type.field(arg:)`, `Enum.VALUE`, `@dir(arg:)`) of a schema."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
)


def schema_coordinates(schema: GraphQLSchema) -> frozenset[str]:
    return frozenset(_coordinates(schema))


def _coordinates(schema: GraphQLSchema) -> Iterator[str]:
    for name, named in schema.type_map.items():
        if name.startswith("__"):
            continue
        yield name
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in named.fields.items():
                yield f"{name}.{field_name}"
                yield from (f"{name}.{field_name}({arg}:)" for arg in field.args)
        elif isinstance(named, GraphQLInputObjectType):
            yield from (f"{name}.{field_name}" for field_name in named.fields)
        elif isinstance(named, GraphQLEnumType):
            yield from (f"{name}.{value}" for value in named.values)
    for directive in schema.directives:
        yield f"@{directive.name}"
        yield from (f"@{directive.name}({arg}:)" for arg in directive.args)
