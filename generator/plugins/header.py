"""Put rye-codegen's header, naming the command that regenerates it, on every emitted module."""

from __future__ import annotations

from typing import Any

from ariadne_codegen.plugins.base import Plugin
from graphql import GraphQLSchema

from generator.emit.context import EmitContext


class HeaderPlugin(Plugin):
    def __init__(self, schema: GraphQLSchema, config_dict: dict[str, Any]) -> None:
        super().__init__(schema, config_dict)
        self.context: EmitContext = config_dict[EmitContext.KEY]

    def get_file_comment(self, comment: str, code: str, source: str | None = None) -> str:
        return self.context.python_header()
