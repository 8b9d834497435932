"""A built schema as the result of graphql-core's full introspection query, made directly.

`introspection_from_schema` answers by executing the query against the schema: a second of
resolver calls on GitHub's schema, most of a cold run's time to store its cache entry
(generator/schema_cache.py). The answer is a plain walk over the types, so this walks them.
tests/test_schema_json.py holds it equal to `introspection_from_schema` (all options on)
on every schema the tests have.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graphql import (
    GraphQLArgument,
    GraphQLDirective,
    GraphQLEnumType,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLType,
    GraphQLUnionType,
    ast_from_value,
    print_ast,
)

# How deep the query's TypeRef fragment asks `ofType`: the innermost level has no `ofType`.
TYPE_REF_DEPTH = 9

Json = dict[str, Any]


def introspection_result(schema: GraphQLSchema) -> Json:
    """What `introspection_from_schema(schema)` returns, with its default options."""
    return {
        "__schema": {
            "description": schema.description,
            "queryType": _root(schema.query_type),
            "mutationType": _root(schema.mutation_type),
            "subscriptionType": _root(schema.subscription_type),
            "types": [_full_type(schema, t) for t in schema.type_map.values()],
            "directives": [_directive(d) for d in schema.directives],
        }
    }


def _root(type_: GraphQLObjectType | None) -> Json | None:
    return None if type_ is None else {"name": type_.name, "kind": "OBJECT"}


def _kind(type_: GraphQLType) -> str:
    kinds: tuple[tuple[type, str], ...] = (
        (GraphQLScalarType, "SCALAR"),
        (GraphQLObjectType, "OBJECT"),
        (GraphQLInterfaceType, "INTERFACE"),
        (GraphQLUnionType, "UNION"),
        (GraphQLEnumType, "ENUM"),
        (GraphQLInputObjectType, "INPUT_OBJECT"),
        (GraphQLList, "LIST"),
        (GraphQLNonNull, "NON_NULL"),
    )
    for class_, kind in kinds:
        if isinstance(type_, class_):
            return kind
    raise TypeError(f"unexpected type: {type_!r}")


def _full_type(schema: GraphQLSchema, type_: GraphQLNamedType) -> Json:
    with_fields = type_ if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType) else None
    return {
        "kind": _kind(type_),
        "name": type_.name,
        "description": type_.description,
        "specifiedByURL": getattr(type_, "specified_by_url", None),
        "isOneOf": type_.is_one_of if isinstance(type_, GraphQLInputObjectType) else None,
        "fields": None if with_fields is None else _fields(with_fields),
        "inputFields": _input_values(type_.fields.items())
        if isinstance(type_, GraphQLInputObjectType)
        else None,
        "interfaces": None
        if with_fields is None
        else [_type_ref(i) for i in with_fields.interfaces],
        "enumValues": _enum_values(type_) if isinstance(type_, GraphQLEnumType) else None,
        "possibleTypes": [_type_ref(t) for t in schema.get_possible_types(type_)]
        if isinstance(type_, GraphQLInterfaceType | GraphQLUnionType)
        else None,
    }


def _fields(type_: GraphQLObjectType | GraphQLInterfaceType) -> list[Json]:
    return [
        {
            "name": name,
            "description": field.description,
            "args": _input_values(field.args.items()),
            "type": _type_ref(field.type),
            "isDeprecated": field.deprecation_reason is not None,
            "deprecationReason": field.deprecation_reason,
        }
        for name, field in type_.fields.items()
    ]


def _enum_values(type_: GraphQLEnumType) -> list[Json]:
    return [
        {
            "name": name,
            "description": value.description,
            "isDeprecated": value.deprecation_reason is not None,
            "deprecationReason": value.deprecation_reason,
        }
        for name, value in type_.values.items()
    ]


def _input_values(items: Iterable[tuple[str, GraphQLArgument | GraphQLInputField]]) -> list[Json]:
    return [
        {
            "name": name,
            "description": value.description,
            "type": _type_ref(value.type),
            "defaultValue": _default(value),
            "isDeprecated": value.deprecation_reason is not None,
            "deprecationReason": value.deprecation_reason,
        }
        for name, value in items
    ]


def _default(value: GraphQLArgument | GraphQLInputField) -> str | None:
    literal = ast_from_value(value.default_value, value.type)
    return print_ast(literal) if literal else None


def _type_ref(type_: GraphQLType, depth: int = 0) -> Json:
    ref: Json = {"kind": _kind(type_), "name": getattr(type_, "name", None)}
    if depth < TYPE_REF_DEPTH:
        of_type = getattr(type_, "of_type", None)
        ref["ofType"] = None if of_type is None else _type_ref(of_type, depth + 1)
    return ref


def _directive(directive: GraphQLDirective) -> Json:
    return {
        "name": directive.name,
        "description": directive.description,
        "isRepeatable": directive.is_repeatable,
        "isDeprecated": directive.deprecation_reason is not None,
        "deprecationReason": directive.deprecation_reason,
        "locations": [location.name for location in directive.locations],
        "args": _input_values(directive.args.items()),
    }
