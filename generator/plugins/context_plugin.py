"""The base of our plugins: ariadne-codegen hands each plugin `config_dict`, through which the
emit stage passes its `EmitContext` under `CONTEXT_KEY`, and one `SchemaFields` under
`SCHEMA_FIELDS_KEY` that every plugin shares (so each operation is walked once, not once per
plugin that asks)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ariadne_codegen.plugins.base import Plugin
from graphql import GraphQLSchema

from generator.plugins.schema_fields import SchemaFields

if TYPE_CHECKING:  # at run time generator.emit imports the plugins, not the other way round
    from generator.emit.context import EmitContext

CONTEXT_KEY = "rye_codegen_context"
SCHEMA_FIELDS_KEY = "rye_codegen_schema_fields"


class ContextPlugin(Plugin):
    def __init__(self, schema: GraphQLSchema, config_dict: dict[str, Any]) -> None:
        super().__init__(schema, config_dict)
        self.context: EmitContext = config_dict[CONTEXT_KEY]
        self.schema_fields: SchemaFields = config_dict[SCHEMA_FIELDS_KEY]
