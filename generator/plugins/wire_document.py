"""Send each operation as the user wrote it (with its fragments), not as emit rewrote it.

The emit stage hands ariadne-codegen a flattened copy of each operation so that the models are
right (see generator/emit/flatten.py); the server should still receive the original document.
"""

from __future__ import annotations

from typing import Any

from ariadne_codegen.plugins.base import Plugin
from graphql import ExecutableDefinitionNode, GraphQLSchema

from generator.emit.context import EmitContext


class WireDocumentPlugin(Plugin):
    def __init__(self, schema: GraphQLSchema, config_dict: dict[str, Any]) -> None:
        super().__init__(schema, config_dict)
        self.context: EmitContext = config_dict[EmitContext.KEY]

    def generate_operation_str(
        self, operation_str: str, operation_definition: ExecutableDefinitionNode
    ) -> str:
        name = operation_definition.name
        if name is None:
            return operation_str
        return self.context.wire_documents.get(name.value, operation_str)
