"""Deprecation markers in the generated code.

- PEP 702 `@deprecated` on client methods whose root field is deprecated (cancelOrder): mypy
  (`--enable-error-code deprecated`) and pyright (`reportDeprecated`) flag the call sites in
  user code, and a call emits a DeprecationWarning at run time.
- pydantic's field-level `deprecated` on model fields deeper in a selection: reading one warns.
  Root fields are left unmarked there: their method already says so at the call site.
  The models are built when first used (plugins/lazy_package.py), and pydantic installs what
  warns only when it builds a model's own class, which a model validated as part of another
  never is: the models with a deprecated field are built at import.
"""

from __future__ import annotations

import ast
from typing import Any

from graphql import ExecutableDefinitionNode, FieldNode, GraphQLSchema, OperationDefinitionNode

from generator.plugins.context_plugin import ContextPlugin
from generator.plugins.literals import placeholder, string_literal, substitute

KIND = "DEPRECATION"
FIELD_KIND = "FIELDDEPRECATION"


class DeprecationMarkerPlugin(ContextPlugin):
    def __init__(self, schema: GraphQLSchema, config_dict: dict[str, Any]) -> None:
        super().__init__(schema, config_dict)
        self._field_messages: list[str] = []

    def generate_client_method(
        self,
        method_def: ast.FunctionDef | ast.AsyncFunctionDef,
        operation_definition: OperationDefinitionNode,
    ) -> ast.FunctionDef | ast.AsyncFunctionDef:
        assert operation_definition.name is not None
        name = operation_definition.name.value
        if (
            self.context.features.deprecation_markers
            and self.context.operations[name].deprecated_root
        ):
            marker = ast.Call(
                func=ast.Name(id="deprecated"), args=[placeholder(KIND, name)], keywords=[]
            )
            method_def.decorator_list.insert(0, marker)
        return method_def

    def generate_client_module(self, module: ast.Module) -> ast.Module:
        if self.context.features.deprecation_markers and any(
            facts.deprecated_root for facts in self.context.operations.values()
        ):
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

    def generate_result_field(
        self,
        field_implementation: ast.AnnAssign,
        operation_definition: ExecutableDefinitionNode,
        field: FieldNode,
    ) -> ast.AnnAssign:
        if not self.context.features.deprecation_markers or not isinstance(
            operation_definition, OperationDefinitionNode
        ):
            return field_implementation
        selected = self.schema_fields.of(operation_definition, field)
        if selected is None or selected.is_root or selected.definition.deprecation_reason is None:
            return field_implementation
        self._field_messages.append(
            f"{selected.coordinate} is deprecated: {selected.definition.deprecation_reason}"
        )
        marker = placeholder(FIELD_KIND, str(len(self._field_messages) - 1))
        field_implementation.value = _with_keyword(field_implementation.value, "deprecated", marker)
        return field_implementation

    def generate_result_types_module(
        self, module: ast.Module, operation_definition: ExecutableDefinitionNode
    ) -> ast.Module:
        warning = [c for c in module.body if isinstance(c, ast.ClassDef) and _warns(c)]
        module.body += [
            ast.Expr(ast.Call(ast.Attribute(ast.Name(c.name), "model_rebuild"), [], []))
            for c in warning
        ]
        return module

    def generate_result_types_code(self, generated_code: str) -> str:
        return substitute(
            generated_code,
            FIELD_KIND,
            lambda key, _: string_literal(self._field_messages[int(key)]),
        )


def _warns(model: ast.ClassDef) -> bool:
    """Whether a field of the model carries a deprecation marker."""
    return any(
        isinstance(node, ast.AnnAssign)
        and isinstance(node.value, ast.Call)
        and any(k.arg == "deprecated" for k in node.value.keywords)
        for node in model.body
    )


def _with_keyword(value: ast.expr | None, keyword: str, argument: ast.expr) -> ast.expr:
    """`= Field(..., keyword=argument)`, whatever the field's value was before."""
    if (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id == "Field"
    ):
        value.keywords.append(ast.keyword(arg=keyword, value=argument))
        return value
    keywords = [] if value is None else [ast.keyword(arg="default", value=value)]
    keywords.append(ast.keyword(arg=keyword, value=argument))
    return ast.Call(func=ast.Name(id="Field"), args=[], keywords=keywords)
