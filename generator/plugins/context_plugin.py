"""The base of our plugins: ariadne-codegen hands each plugin `config_dict`, through which the
emit stage passes its `EmitContext`."""

from __future__ import annotations

from typing import Any

from ariadne_codegen.plugins.base import Plugin
from graphql import GraphQLSchema

from generator.emit.context import EmitContext


class ContextPlugin(Plugin):
    def __init__(self, schema: GraphQLSchema, config_dict: dict[str, Any]) -> None:
        super().__init__(schema, config_dict)
        self.context: EmitContext = config_dict[EmitContext.KEY]
