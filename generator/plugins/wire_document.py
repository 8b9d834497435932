"""Send each operation as the user wrote it (with its fragments), not as emit rewrote it.

The emit stage hands ariadne-codegen a flattened copy of each operation so that the models are
right (see generator/emit/flatten.py); the server should still receive the original document.
ariadne-codegen embeds the operation text by regex over `ast.unparse` output, which drops
apostrophes and lets Python reinterpret backslashes in string values. So the method gets a
placeholder name, and once ariadne-codegen has formatted the module we put in a Python literal
of our own that holds the text exactly.
"""

from __future__ import annotations

import ast
import re

from graphql import OperationDefinitionNode

from generator.plugins.context_plugin import ContextPlugin

GQL_FUNCTION = "gql"
PLACEHOLDER_PREFIX = "RYE_CODEGEN_WIRE_DOCUMENT_"
_PLACEHOLDER_CALL = re.compile(
    r"^(?P<indent> *)(?P<target>\w+) = gql\(" + PLACEHOLDER_PREFIX + r"(?P<name>\w+)\)$",
    re.MULTILINE,
)


class WireDocumentError(RuntimeError):
    """ariadne-codegen's client method no longer has the `gql(...)` call we replace."""


class WireDocumentPlugin(ContextPlugin):
    def generate_client_method(
        self,
        method_def: ast.FunctionDef | ast.AsyncFunctionDef,
        operation_definition: OperationDefinitionNode,
    ) -> ast.FunctionDef | ast.AsyncFunctionDef:
        assert operation_definition.name is not None
        placeholder = ast.Name(id=PLACEHOLDER_PREFIX + operation_definition.name.value)
        for node in ast.walk(method_def):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == GQL_FUNCTION
            ):
                node.args = [placeholder]
                return method_def
        raise WireDocumentError(f"no gql(...) call in the method for {placeholder.id}")

    def generate_client_code(self, generated_code: str) -> str:
        return _PLACEHOLDER_CALL.sub(self._literal, generated_code)

    def _literal(self, match: re.Match[str]) -> str:
        indent, inner = match["indent"], match["indent"] + "    "
        text = self.context.wire_documents[match["name"]]
        body = "\n".join(inner + line if line else "" for line in text.splitlines())
        return f'{indent}{match["target"]} = gql("""\n{_python_safe(body)}\n{inner}""")'


def _python_safe(text: str) -> str:
    """The wire text is ASCII with no triple quotes (generator/emit/wire.py); inside a Python
    string only its backslashes still need escaping."""
    return text.replace("\\", "\\\\")
