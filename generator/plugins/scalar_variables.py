"""Variables of a custom scalar with a `serialize` function reach it only when they hold values.

For such a variable ariadne-codegen writes `{"d": dump_date(d)}`: the user's function is then
called on UNSET (an optional variable left out), on None, and on a list variable as a whole,
and fails. This plugin wraps each of those calls in the runtime's `serialize_scalar`
(generator/runtime/_transport.py), told how many lists deep the variable's type is:
`serialize_scalar(dump_date, d)`, `serialize_scalar(dump_date, days, lists=1)`.
"""

from __future__ import annotations

import ast
from typing import Any

from graphql import (
    GraphQLSchema,
    ListTypeNode,
    NonNullTypeNode,
    TypeNode,
    VariableDefinitionNode,
)

from generator.plugins.context_plugin import ContextPlugin

HELPER = "serialize_scalar"
HELPER_MODULE = "_transport"


class ScalarVariablesPlugin(ContextPlugin):
    """Runs after RuntimeClientPlugin, whose `_transport` import it extends."""

    def __init__(self, schema: GraphQLSchema, config_dict: dict[str, Any]) -> None:
        super().__init__(schema, config_dict)
        self.wrapped = False  # whether any method calls the helper: then the module imports it

    def generate_arguments_dict(
        self, dict_: ast.Dict, variable_definitions: tuple[VariableDefinitionNode, ...]
    ) -> ast.Dict:
        serializers = {
            m.serialize.rpartition(".")[2] for m in self.context.scalars.values() if m.serialize
        }
        types = {d.variable.name.value: d.type for d in variable_definitions}
        for index, (key, value) in enumerate(zip(dict_.keys, dict_.values, strict=True)):
            call = _serialize_call(value, serializers)
            if call is not None and isinstance(key, ast.Constant) and key.value in types:
                dict_.values[index] = _wrapped(call, list_depth(types[str(key.value)]))
                self.wrapped = True
        return dict_

    def generate_client_module(self, module: ast.Module) -> ast.Module:
        if self.wrapped:
            _import_helper(module)
        return module


def list_depth(node: TypeNode) -> int:
    """How many lists a variable's type nests: 0 for `Date!`, 1 for `[Date]`, 2 for `[[Date]]`."""
    if isinstance(node, NonNullTypeNode):
        return list_depth(node.type)
    if isinstance(node, ListTypeNode):
        return 1 + list_depth(node.type)
    return 0


def _serialize_call(value: ast.expr | None, serializers: set[str]) -> ast.Call | None:
    """`value` when it is ariadne's `serializer(variable)`, else None."""
    if (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id in serializers
        and len(value.args) == 1
        and isinstance(value.args[0], ast.Name)
        and not value.keywords
    ):
        return value
    return None


def _wrapped(call: ast.Call, lists: int) -> ast.Call:
    keywords = [ast.keyword("lists", ast.Constant(lists))] if lists else []
    return ast.Call(ast.Name(HELPER), [call.func, call.args[0]], keywords)


def _import_helper(module: ast.Module) -> None:
    """`serialize_scalar` added to the module's `from ._transport import ...`, or imported."""
    for node in module.body:
        if isinstance(node, ast.ImportFrom) and node.module == HELPER_MODULE and node.level == 1:
            node.names.append(ast.alias(HELPER))
            return
    module.body.insert(0, ast.ImportFrom(HELPER_MODULE, [ast.alias(HELPER)], 1))
