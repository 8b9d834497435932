"""Send each operation as the user wrote it (with its fragments), not as emit rewrote it.

The emit stage hands ariadne-codegen a flattened copy of each operation so that the models are
right (see generator/emit/flatten.py); the server should still receive the original document.
ariadne-codegen embeds the operation text by regex over `ast.unparse` output, which drops
apostrophes and lets Python reinterpret backslashes in string values. So the method gets a
placeholder (plugins/literals.py), and once ariadne-codegen has formatted the module we put in
a Python literal of our own that holds the text exactly.
"""

from __future__ import annotations

import ast

from graphql import OperationDefinitionNode

from generator.plugins.context_plugin import ContextPlugin
from generator.plugins.literals import defused, placeholder, substitute

GQL_FUNCTION = "gql"
KIND = "WIRE_DOCUMENT"


class WireDocumentError(RuntimeError):
    """ariadne-codegen's client method no longer has the `gql(...)` call we replace."""


class WireDocumentPlugin(ContextPlugin):
    def generate_client_method(
        self,
        method_def: ast.FunctionDef | ast.AsyncFunctionDef,
        operation_definition: OperationDefinitionNode,
    ) -> ast.FunctionDef | ast.AsyncFunctionDef:
        assert operation_definition.name is not None
        name = operation_definition.name.value
        for node in ast.walk(method_def):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == GQL_FUNCTION
            ):
                node.args = [placeholder(KIND, name)]
                return method_def
        raise WireDocumentError(f"no gql(...) call in the method for operation {name}")

    def generate_client_code(self, generated_code: str) -> str:
        return substitute(generated_code, KIND, self._literal)

    def _literal(self, name: str, indent: str) -> str:
        """A triple-quoted block one level deeper than the call: the wire text is ASCII with
        no triple quotes (generator/emit/wire.py), so only its backslashes need escaping."""
        inner = indent + "    "
        text = self.context.wire_documents[name].replace("\\", "\\\\")
        body = "\n".join(inner + line if line else "" for line in text.splitlines())
        return defused(f'"""\n{body}\n{inner}"""')
