"""A bound on how deeply a schema wraps a type in lists and non-nulls.

`[[[...String...]]]` is valid GraphQL at any depth, but each level is one more nested
annotation in the generated models, and the emit stage (and the drift comparison) recurse
once per level: past about a hundred levels Python's recursion limit ends them with an
internal error. No real schema comes near `MAX_WRAPPERS`; one that does is refused where
the type is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

from graphql import (
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLWrappingType,
    Node,
    Source,
    Undefined,
    is_input_type,
    print_ast,
    value_from_ast,
)

from generator.diagnostics import Location, place_of
from generator.errors import SchemaError

MAX_WRAPPERS = 64  # lists and non-nulls around one named type: 32 nested non-null lists


def overwrapped(schema: GraphQLSchema) -> tuple[str, Node | None] | None:
    """(coordinate, its AST node) of the first field, argument or input field whose type is
    wrapped more than `MAX_WRAPPERS` times; None when there is none."""
    for coordinate, type_, node in _typed_places(schema):
        depth = 0
        while isinstance(type_, GraphQLWrappingType):
            type_, depth = type_.of_type, depth + 1
            if depth > MAX_WRAPPERS:
                return coordinate, node
    return None


def _typed_places(schema: GraphQLSchema) -> Iterator[tuple[str, object, Node | None]]:
    for name, named in sorted(schema.type_map.items()):
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in named.fields.items():
                yield f"{name}.{field_name}", field.type, field.ast_node
                for arg_name, arg in field.args.items():
                    yield f"{name}.{field_name}({arg_name}:)", arg.type, arg.ast_node
        elif isinstance(named, GraphQLInputObjectType):
            for field_name, input_field in named.fields.items():
                yield f"{name}.{field_name}", input_field.type, input_field.ast_node


def refuse_overwrapped(schema: GraphQLSchema, fallback: Source) -> None:
    """Raise SchemaError, at the type as written, for a schema `overwrapped` finds."""
    found = overwrapped(schema)
    if found is None:
        return
    coordinate, node = found
    message = (
        f"{coordinate} wraps its type in lists and non-nulls more than {MAX_WRAPPERS} times; "
        "the generated models could not be built"
    )
    raise _located(message, node, fallback)


def refuse_invalid_defaults(schema: GraphQLSchema, fallback: Source) -> None:
    """Raise SchemaError at the first default value its type does not accept (`k: K = Z`
    for an enum without `Z`, `x: Int = "s"`): graphql-core builds such a schema, and the
    generated input model would fail at import or send a value the server refuses."""
    for coordinate, type_, node in _typed_places(schema):
        default = getattr(node, "default_value", None)
        if default is None or not is_input_type(type_):
            continue
        if value_from_ast(default, cast(GraphQLInputType, type_)) is Undefined:
            value = print_ast(default)
            message = f"the default value of {coordinate}, {value}, is not a valid {type_}"
            raise _located(message, default, fallback)


def _located(message: str, node: Node | None, fallback: Source) -> SchemaError:
    if node is None or node.loc is None:
        return SchemaError(message, Location(fallback.name))
    location, excerpt = place_of(node.loc)
    return SchemaError(message, location, excerpt=excerpt)
