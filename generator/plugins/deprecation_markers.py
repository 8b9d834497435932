"""PEP 702 `@deprecated` on client methods whose root field is deprecated (cancelOrder): mypy
(`--enable-error-code deprecated`) and pyright (`reportDeprecated`) flag the call sites in user
code, and a call emits a DeprecationWarning at run time."""

from __future__ import annotations

import ast

from graphql import OperationDefinitionNode

from generator.plugins.context_plugin import ContextPlugin
from generator.plugins.literals import placeholder, string_literal, substitute

KIND = "DEPRECATION"


class DeprecationMarkerPlugin(ContextPlugin):
    def generate_client_method(
        self,
        method_def: ast.FunctionDef | ast.AsyncFunctionDef,
        operation_definition: OperationDefinitionNode,
    ) -> ast.FunctionDef | ast.AsyncFunctionDef:
        assert operation_definition.name is not None
        name = operation_definition.name.value
        if self.context.operations[name].deprecated_root:
            marker = ast.Call(
                func=ast.Name(id="deprecated"), args=[placeholder(KIND, name)], keywords=[]
            )
            method_def.decorator_list.insert(0, marker)
        return method_def

    def generate_client_module(self, module: ast.Module) -> ast.Module:
        if any(facts.deprecated_root for facts in self.context.operations.values()):
            # typing_extensions: `warnings.deprecated` is Python 3.13+ only.
            module.body.insert(
                0,
                ast.ImportFrom(
                    module="typing_extensions", names=[ast.alias(name="deprecated")], level=0
                ),
            )
        return module

    def generate_client_code(self, generated_code: str) -> str:
        return substitute(generated_code, KIND, lambda name, _: string_literal(self._message(name)))

    def _message(self, name: str) -> str:
        return "; ".join(
            f"{coordinate} is deprecated: {reason}"
            for coordinate, reason in self.context.operations[name].deprecated_root
        )
