"""Docstrings on client methods: the schema's description of what the operation calls, which
operation and file it comes from, and what deprecated schema elements it uses."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from graphql import OperationDefinitionNode

from generator.plugins.context_plugin import ContextPlugin
from generator.plugins.literals import docstring_literal, placeholder, substitute

if TYPE_CHECKING:  # generator.emit imports the plugins at run time
    from generator.emit.facts import OperationFacts

KIND = "DOCSTRING"


class DocstringPlugin(ContextPlugin):
    def generate_client_method(
        self,
        method_def: ast.FunctionDef | ast.AsyncFunctionDef,
        operation_definition: OperationDefinitionNode,
    ) -> ast.FunctionDef | ast.AsyncFunctionDef:
        if not self.context.features.docstrings:
            return method_def
        assert operation_definition.name is not None
        statement = ast.Expr(value=placeholder(KIND, operation_definition.name.value))
        method_def.body.insert(0, statement)
        return method_def

    def generate_client_code(self, generated_code: str) -> str:
        return substitute(
            generated_code,
            KIND,
            lambda name, indent: docstring_literal(
                method_docstring(self.context.operations[name]), indent
            ),
        )


def method_docstring(facts: OperationFacts) -> str:
    paragraphs = [description.strip() for description in facts.descriptions]
    paragraphs.append(f"Operation `{facts.name}` ({facts.kind}) from `{facts.path}`.")
    if facts.deprecated_root:
        paragraphs.append(
            "Deprecated: "
            + "; ".join(f"{coordinate}: {reason}" for coordinate, reason in facts.deprecated_root)
        )
    if facts.deprecated_deeper:
        paragraphs.append(
            "It uses deprecated schema elements:\n"
            + "\n".join(
                f"- {coordinate}: {reason}" for coordinate, reason in facts.deprecated_deeper
            )
        )
    return "\n\n".join(paragraphs)
