"""Deterministic sample data for any schema: a field resolver that answers every field with
a value of its type, and sample arguments to send.

The resolver is lazy: an object is `{"__typename": name}` and each of its fields is resolved
when the query selects it, so a recursive type is only as deep as the query. A list holds one
item per possible type when its items are a union or an interface, so every inline fragment
of a query is exercised.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    Undefined,
)

SCALARS: dict[str, Any] = {
    "String": "text",
    "ID": "id-1",
    "Int": 7,
    "Float": 2.5,
    "Boolean": True,
    "Time": "2024-02-29T23:59:59.123456789-06:00",
    "URL": "https://example.com/Path?q=1",
    "Percentage": 5,
}


def answer_everything(schema: GraphQLSchema) -> GraphQLSchema:
    """`schema` with every field of every object type answered by `sample_resolver`."""
    for named in schema.type_map.values():
        if isinstance(named, GraphQLObjectType) and not named.name.startswith("__"):
            for field in named.fields.values():
                field.resolve = sample_resolver
    return schema


def sample_resolver(_parent: Any, info: GraphQLResolveInfo, **_arguments: Any) -> Any:
    return _sample(info.schema, info.return_type)


def _sample(schema: GraphQLSchema, type_: GraphQLOutputType) -> Any:
    if isinstance(type_, GraphQLNonNull):
        return _sample(schema, type_.of_type)
    if isinstance(type_, GraphQLList):
        item = type_.of_type
        named = item.of_type if isinstance(item, GraphQLNonNull) else item
        if isinstance(named, GraphQLUnionType | GraphQLInterfaceType):
            return [{"__typename": t.name} for t in _possible(schema, named)]
        return [_sample(schema, item)]
    if isinstance(type_, GraphQLScalarType):
        return SCALARS[type_.name]
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    if isinstance(type_, GraphQLUnionType | GraphQLInterfaceType):
        return {"__typename": _possible(schema, type_)[0].name}
    assert isinstance(type_, GraphQLObjectType)
    return {"__typename": type_.name}


def sample_input(type_: GraphQLInputType) -> Any:
    """A value with every required input field, and no optional one."""
    if isinstance(type_, GraphQLNonNull):
        return sample_input(type_.of_type)
    if isinstance(type_, GraphQLList):
        return [sample_input(type_.of_type)]
    if isinstance(type_, GraphQLScalarType):
        return SCALARS[type_.name]
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    assert isinstance(type_, GraphQLInputObjectType)
    return {
        name: sample_input(field.type)
        for name, field in type_.fields.items()
        if isinstance(field.type, GraphQLNonNull) and field.default_value is Undefined
    }


def _possible(
    schema: GraphQLSchema, type_: GraphQLUnionType | GraphQLInterfaceType
) -> list[GraphQLObjectType]:
    return sorted(schema.get_possible_types(type_), key=lambda t: t.name)
