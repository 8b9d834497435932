"""The one module that imports graphql-core's change-finding internals.

Their home moved between graphql-core 3.2 and 3.3; everything else imports from here, so an
upgrade touches one file (tests/test_drift_real_history.py cross-checks our rating with them).
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError, GraphQLInputType, GraphQLNamedType, GraphQLType
from graphql.utilities.find_breaking_changes import (
    find_breaking_changes,
    find_dangerous_changes,
    is_change_safe_for_input_object_field_or_field_arg,
    is_change_safe_for_object_or_interface_field,
    stringify_value,
    type_kind_name,
)

__all__ = [
    "find_breaking_changes",
    "find_dangerous_changes",
    "output_change_is_safe",
    "input_change_is_safe",
    "printed_value",
    "kind_name",
]


def output_change_is_safe(old: GraphQLType, new: GraphQLType) -> bool:
    return bool(is_change_safe_for_object_or_interface_field(old, new))


def input_change_is_safe(old: GraphQLType, new: GraphQLType) -> bool:
    return bool(is_change_safe_for_input_object_field_or_field_arg(old, new))


def printed_value(value: Any, type_: GraphQLInputType) -> str:
    """A default value as introspection shows it, for comparing defaults; one graphql-core
    cannot write back (an object for a custom scalar, 1e400) as Python shows it."""
    try:
        return str(stringify_value(value, type_))
    except (TypeError, GraphQLError):
        return repr(value)


def kind_name(type_: GraphQLNamedType) -> str:
    """ "an Object type", "an Enum type": as graphql-core words it in its messages."""
    return str(type_kind_name(type_))
