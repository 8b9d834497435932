"""Every change between two schemas, each with its coordinate and severity.

The kinds graphql-core classifies keep its name, message and rating (breaking or dangerous),
so our list is a superset of `find_breaking_changes` + `find_dangerous_changes`. What it
misses is added with graphql-inspector's rating: deprecations (added, removed, reason
changed), defaults of input fields, new implementations of an interface, descriptions, and
additions, which are safe.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from graphql import (
    GraphQLArgument,
    GraphQLDirective,
    GraphQLEnumType,
    GraphQLEnumValue,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    Undefined,
    is_required_argument,
    is_required_input_field,
    is_specified_scalar_type,
)

from generator.drift.compat import (
    input_change_is_safe,
    output_change_is_safe,
    printed_value,
)
from generator.drift.compat import (
    kind_name as _kind_name,
)
from generator.drift.model import Change, Severity

BREAKING, DANGEROUS = Severity.BREAKING, Severity.DANGEROUS
DEPRECATION, SAFE = Severity.DEPRECATION, Severity.SAFE
Described = GraphQLNamedType | GraphQLField | GraphQLArgument | GraphQLInputField | GraphQLEnumValue


def find_changes(old: GraphQLSchema, new: GraphQLSchema) -> tuple[Change, ...]:
    changes = [*_type_changes(old, new), *_directive_changes(old, new)]
    return tuple(sorted(changes, key=lambda c: (c.severity.rank, c.coordinate, c.kind, c.message)))


def _change(
    kind: str,
    coordinate: str,
    severity: Severity,
    message: str,
    old: object = None,
    new: object = None,
) -> Change:
    return Change(
        kind,
        coordinate,
        severity,
        message,
        None if old is None else str(old),
        None if new is None else str(new),
    )


# --- types -------------------------------------------------------------------------------


def _type_changes(old: GraphQLSchema, new: GraphQLSchema) -> Iterator[Change]:
    old_types, new_types = _named_types(old), _named_types(new)
    for name, old_type in old_types.items():
        if name not in new_types:
            message = (
                f"Standard scalar {name} was removed because it is not referenced anymore."
                if is_specified_scalar_type(old_type)
                else f"{name} was removed."
            )
            yield _change("TYPE_REMOVED", name, BREAKING, message, old=_kind_name(old_type))
    for name, new_type in new_types.items():
        if name not in old_types:
            yield _change("TYPE_ADDED", name, SAFE, f"{name} was added.", new=_kind_name(new_type))
            yield from _new_implementations(name, new_type, old)
    for name in old_types.keys() & new_types.keys():
        yield from _persisted_type_changes(old_types[name], new_types[name])


def _named_types(schema: GraphQLSchema) -> dict[str, GraphQLNamedType]:
    return {name: t for name, t in schema.type_map.items() if not name.startswith("__")}


def _new_implementations(
    name: str, new_type: GraphQLNamedType, old: GraphQLSchema
) -> Iterator[Change]:
    """A new type that implements an existing interface: a new member of every selection on it
    (graphql-core only sees an existing type gaining an interface)."""
    if not isinstance(new_type, GraphQLObjectType | GraphQLInterfaceType):
        return
    for interface in new_type.interfaces:
        if interface.name in old.type_map:
            yield _change(
                "INTERFACE_IMPLEMENTATION_ADDED",
                interface.name,
                DANGEROUS,
                f"{name} was added as an implementation of interface {interface.name}.",
                new=name,
            )


def _persisted_type_changes(
    old_type: GraphQLNamedType, new_type: GraphQLNamedType
) -> Iterator[Change]:
    yield from _description_change(old_type.name, old_type, new_type)
    if isinstance(old_type, GraphQLEnumType) and isinstance(new_type, GraphQLEnumType):
        yield from _enum_changes(old_type, new_type)
    elif isinstance(old_type, GraphQLUnionType) and isinstance(new_type, GraphQLUnionType):
        yield from _union_changes(old_type, new_type)
    elif isinstance(old_type, GraphQLInputObjectType) and isinstance(
        new_type, GraphQLInputObjectType
    ):
        yield from _input_object_changes(old_type, new_type)
    elif isinstance(old_type, GraphQLObjectType | GraphQLInterfaceType) and type(old_type) is type(
        new_type
    ):
        assert isinstance(new_type, GraphQLObjectType | GraphQLInterfaceType)
        yield from _field_changes(old_type, new_type)
        yield from _interface_changes(old_type, new_type)
    elif type(old_type) is not type(new_type):
        yield _change(
            "TYPE_CHANGED_KIND",
            old_type.name,
            BREAKING,
            f"{old_type.name} changed from {_kind_name(old_type)} to {_kind_name(new_type)}.",
            _kind_name(old_type),
            _kind_name(new_type),
        )


def _enum_changes(old_type: GraphQLEnumType, new_type: GraphQLEnumType) -> Iterator[Change]:
    name = old_type.name
    for value in old_type.values.keys() - new_type.values.keys():
        yield _change(
            "VALUE_REMOVED_FROM_ENUM",
            f"{name}.{value}",
            BREAKING,
            f"{value} was removed from enum type {name}.",
            old=value,
        )
    for value in new_type.values.keys() - old_type.values.keys():
        yield _change(
            "VALUE_ADDED_TO_ENUM",
            f"{name}.{value}",
            DANGEROUS,
            f"{value} was added to enum type {name}.",
            new=value,
        )
    for value in old_type.values.keys() & new_type.values.keys():
        coordinate = f"{name}.{value}"
        before, after = old_type.values[value], new_type.values[value]
        yield from _deprecation_changes("ENUM_VALUE", coordinate, before, after)
        yield from _description_change(coordinate, before, after)


def _union_changes(old_type: GraphQLUnionType, new_type: GraphQLUnionType) -> Iterator[Change]:
    name = old_type.name
    return _membership_changes(
        name,
        {t.name for t in old_type.types},
        {t.name for t in new_type.types},
        added=("TYPE_ADDED_TO_UNION", lambda m: f"{m} was added to union type {name}."),
        removed=("TYPE_REMOVED_FROM_UNION", lambda m: f"{m} was removed from union type {name}."),
    )


def _interface_changes(
    old_type: GraphQLObjectType | GraphQLInterfaceType,
    new_type: GraphQLObjectType | GraphQLInterfaceType,
) -> Iterator[Change]:
    name = old_type.name
    return _membership_changes(
        name,
        {i.name for i in old_type.interfaces},
        {i.name for i in new_type.interfaces},
        added=(
            "IMPLEMENTED_INTERFACE_ADDED",
            lambda m: f"{m} added to interfaces implemented by {name}.",
        ),
        removed=(
            "IMPLEMENTED_INTERFACE_REMOVED",
            lambda m: f"{name} no longer implements interface {m}.",
        ),
    )


Membership = tuple[str, Callable[[str], str]]  # kind, message for a member


def _membership_changes(
    coordinate: str, before: set[str], after: set[str], *, added: Membership, removed: Membership
) -> Iterator[Change]:
    """Members gained (dangerous: a client may meet a type it does not know) and lost
    (breaking: a fragment on it no longer applies), as graphql-core rates them."""
    for member in after - before:
        yield _change(added[0], coordinate, DANGEROUS, added[1](member), new=member)
    for member in before - after:
        yield _change(removed[0], coordinate, BREAKING, removed[1](member), old=member)


# --- fields, arguments, input fields ------------------------------------------------------


def _field_changes(
    old_type: GraphQLObjectType | GraphQLInterfaceType,
    new_type: GraphQLObjectType | GraphQLInterfaceType,
) -> Iterator[Change]:
    name = old_type.name
    yield from _removed_fields(name, old_type.fields, new_type.fields)
    for field_name in new_type.fields.keys() - old_type.fields.keys():
        yield _change(
            "FIELD_ADDED",
            f"{name}.{field_name}",
            SAFE,
            f"{name}.{field_name} was added.",
            new=new_type.fields[field_name].type,
        )
    for field_name in old_type.fields.keys() & new_type.fields.keys():
        before, after = old_type.fields[field_name], new_type.fields[field_name]
        coordinate = f"{name}.{field_name}"
        yield from _argument_changes(coordinate, before.args, after.args)
        if str(before.type) != str(after.type):
            yield _output_type_change(coordinate, before, after)
        yield from _deprecation_changes("FIELD", coordinate, before, after)
        yield from _description_change(coordinate, before, after)


def _removed_fields(
    name: str, before: Mapping[str, Any], after: Mapping[str, Any]
) -> Iterator[Change]:
    """Output and input fields alike: graphql-core calls both FIELD_REMOVED."""
    for field_name in before.keys() - after.keys():
        yield _change(
            "FIELD_REMOVED",
            f"{name}.{field_name}",
            BREAKING,
            f"{name}.{field_name} was removed.",
            old=before[field_name].type,
        )


def _output_type_change(coordinate: str, before: GraphQLField, after: GraphQLField) -> Change:
    if output_change_is_safe(before.type, after.type):
        return _change(
            "FIELD_TYPE_CHANGED_SAFELY",
            coordinate,
            SAFE,
            f"{coordinate} changed type from {before.type} to {after.type}, which "
            "no client can notice.",
            before.type,
            after.type,
        )
    return _change(
        "FIELD_CHANGED_KIND",
        coordinate,
        BREAKING,
        f"{coordinate} changed type from {before.type} to {after.type}.",
        before.type,
        after.type,
    )


def _argument_changes(
    field: str, before: Mapping[str, GraphQLArgument], after: Mapping[str, GraphQLArgument]
) -> Iterator[Change]:
    type_name, field_name = field.split(".", 1)
    for arg in before.keys() - after.keys():
        yield _change(
            "ARG_REMOVED",
            f"{field}({arg}:)",
            BREAKING,
            f"{field} arg {arg} was removed.",
            old=before[arg].type,
        )
    for arg in after.keys() - before.keys():
        if is_required_argument(after[arg]):
            yield _change(
                "REQUIRED_ARG_ADDED",
                f"{field}({arg}:)",
                BREAKING,
                f"A required arg {arg} on {field} was added.",
                new=after[arg].type,
            )
        else:
            yield _change(
                "OPTIONAL_ARG_ADDED",
                f"{field}({arg}:)",
                DANGEROUS,
                f"An optional arg {arg} on {field} was added.",
                new=after[arg].type,
            )
    for arg in before.keys() & after.keys():
        yield from _persisted_argument_changes(field, arg, before[arg], after[arg])


def _persisted_argument_changes(
    field: str, arg: str, before: GraphQLArgument, after: GraphQLArgument
) -> Iterator[Change]:
    coordinate = f"{field}({arg}:)"
    if not input_change_is_safe(before.type, after.type):
        yield _change(
            "ARG_CHANGED_KIND",
            coordinate,
            BREAKING,
            f"{field} arg {arg} has changed type from {before.type} to {after.type}.",
            before.type,
            after.type,
        )
    else:
        if str(before.type) != str(after.type):
            yield _change(
                "ARG_TYPE_CHANGED_SAFELY",
                coordinate,
                SAFE,
                f"{field} arg {arg} changed type from {before.type} to {after.type}, "
                "which every client can still send.",
                before.type,
                after.type,
            )
        yield from _argument_default_change(field, arg, before, after)
    yield from _deprecation_changes("ARG", coordinate, before, after)
    yield from _description_change(coordinate, before, after)


def _argument_default_change(
    field: str, arg: str, before: GraphQLArgument, after: GraphQLArgument
) -> Iterator[Change]:
    coordinate = f"{field}({arg}:)"
    if before.default_value is Undefined:
        # graphql-core rates only changes of an existing default; a new one changes what an
        # operation that leaves the argument out gets, as graphql-inspector rates it.
        if after.default_value is not Undefined:
            new_value = printed_value(after.default_value, after.type)
            yield _change(
                "ARG_DEFAULT_VALUE_ADDED",
                coordinate,
                DANGEROUS,
                f"{field} arg {arg} got the defaultValue {new_value}.",
                new=new_value,
            )
        return
    old_value = printed_value(before.default_value, before.type)
    if after.default_value is Undefined:
        yield _change(
            "ARG_DEFAULT_VALUE_CHANGE",
            coordinate,
            DANGEROUS,
            f"{field} arg {arg} defaultValue was removed.",
            old=old_value,
        )
        return
    new_value = printed_value(after.default_value, after.type)
    if old_value != new_value:
        yield _change(
            "ARG_DEFAULT_VALUE_CHANGE",
            coordinate,
            DANGEROUS,
            f"{field} arg {arg} has changed defaultValue from {old_value} to {new_value}.",
            old_value,
            new_value,
        )


def _input_object_changes(
    old_type: GraphQLInputObjectType, new_type: GraphQLInputObjectType
) -> Iterator[Change]:
    name = old_type.name
    for field_name in new_type.fields.keys() - old_type.fields.keys():
        added = new_type.fields[field_name]
        if is_required_input_field(added):
            yield _change(
                "REQUIRED_INPUT_FIELD_ADDED",
                f"{name}.{field_name}",
                BREAKING,
                f"A required field {field_name} on input type {name} was added.",
                new=added.type,
            )
        else:
            yield _change(
                "OPTIONAL_INPUT_FIELD_ADDED",
                f"{name}.{field_name}",
                DANGEROUS,
                f"An optional field {field_name} on input type {name} was added.",
                new=added.type,
            )
    yield from _removed_fields(name, old_type.fields, new_type.fields)
    for field_name in old_type.fields.keys() & new_type.fields.keys():
        yield from _persisted_input_field_changes(
            f"{name}.{field_name}", old_type.fields[field_name], new_type.fields[field_name]
        )


def _persisted_input_field_changes(
    coordinate: str, before: GraphQLInputField, after: GraphQLInputField
) -> Iterator[Change]:
    if not input_change_is_safe(before.type, after.type):
        yield _change(
            "FIELD_CHANGED_KIND",
            coordinate,
            BREAKING,
            f"{coordinate} changed type from {before.type} to {after.type}.",
            before.type,
            after.type,
        )
    elif str(before.type) != str(after.type):
        yield _change(
            "INPUT_FIELD_TYPE_CHANGED_SAFELY",
            coordinate,
            SAFE,
            f"{coordinate} changed type from {before.type} to {after.type}, which "
            "every client can still send.",
            before.type,
            after.type,
        )
    old_default = _default(before)
    new_default = _default(after)
    if old_default != new_default:
        yield _change(
            "INPUT_FIELD_DEFAULT_VALUE_CHANGED",
            coordinate,
            DANGEROUS,
            f"{coordinate} default changed from {old_default or 'none'} to "
            f"{new_default or 'none'}.",
            old_default,
            new_default,
        )
    yield from _deprecation_changes("INPUT_FIELD", coordinate, before, after)
    yield from _description_change(coordinate, before, after)


def _default(field: GraphQLInputField) -> str | None:
    if field.default_value is Undefined:
        return None
    return printed_value(field.default_value, field.type)


# --- deprecations and descriptions ---------------------------------------------------------


def _deprecation_changes(what: str, coordinate: str, before: Any, after: Any) -> Iterator[Change]:
    old_reason: str | None = before.deprecation_reason
    new_reason: str | None = after.deprecation_reason
    if old_reason is None and new_reason is not None:
        yield _change(
            f"{what}_DEPRECATION_ADDED",
            coordinate,
            DEPRECATION,
            f"{coordinate} was deprecated: {new_reason}",
            new=new_reason,
        )
    elif old_reason is not None and new_reason is None:
        yield _change(
            f"{what}_DEPRECATION_REMOVED",
            coordinate,
            SAFE,
            f"{coordinate} is no longer deprecated.",
            old=old_reason,
        )
    elif old_reason != new_reason:
        yield _change(
            f"{what}_DEPRECATION_REASON_CHANGED",
            coordinate,
            SAFE,
            f"The deprecation reason of {coordinate} changed.",
            old_reason,
            new_reason,
        )


def _description_change(coordinate: str, before: Described, after: Described) -> Iterator[Change]:
    if (before.description or None) != (after.description or None):
        yield _change(
            "DESCRIPTION_CHANGED",
            coordinate,
            SAFE,
            f"The description of {coordinate} changed.",
            before.description,
            after.description,
        )


# --- directives ----------------------------------------------------------------------------


def _directive_changes(old: GraphQLSchema, new: GraphQLSchema) -> Iterator[Change]:
    old_directives = {d.name: d for d in old.directives}
    new_directives = {d.name: d for d in new.directives}
    for name in old_directives.keys() - new_directives.keys():
        yield _change("DIRECTIVE_REMOVED", f"@{name}", BREAKING, f"{name} was removed.")
    for name in new_directives.keys() - old_directives.keys():
        yield _change("DIRECTIVE_ADDED", f"@{name}", SAFE, f"{name} was added.")
    for name in old_directives.keys() & new_directives.keys():
        yield from _persisted_directive_changes(old_directives[name], new_directives[name])


def _persisted_directive_changes(
    before: GraphQLDirective, after: GraphQLDirective
) -> Iterator[Change]:
    name = before.name
    for arg in after.args.keys() - before.args.keys():
        if is_required_argument(after.args[arg]):
            yield _change(
                "REQUIRED_DIRECTIVE_ARG_ADDED",
                f"@{name}({arg}:)",
                BREAKING,
                f"A required arg {arg} on directive {name} was added.",
            )
    for arg in before.args.keys() - after.args.keys():
        yield _change(
            "DIRECTIVE_ARG_REMOVED", f"@{name}({arg}:)", BREAKING, f"{arg} was removed from {name}."
        )
    if before.is_repeatable and not after.is_repeatable:
        yield _change(
            "DIRECTIVE_REPEATABLE_REMOVED",
            f"@{name}",
            BREAKING,
            f"Repeatable flag was removed from {name}.",
        )
    for location in before.locations:
        if location not in after.locations:
            yield _change(
                "DIRECTIVE_LOCATION_REMOVED",
                f"@{name}",
                BREAKING,
                f"{location.name} was removed from {name}.",
                old=location.name,
            )
