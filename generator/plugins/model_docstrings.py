"""Docstrings on the generated models, enums and input types, from the schema's descriptions.

A class gets its type's description; each field or enum member gets an attribute docstring
(the string right after it, which editors and pyright show) with its description and, when
deprecated, the schema's reason. ariadne-codegen's own input-type docstrings are replaced:
they went through `ast.unparse`, whose quoting differs between Python versions.
"""

from __future__ import annotations

import ast
from typing import Any

from graphql import (
    ExecutableDefinitionNode,
    FieldNode,
    GraphQLEnumType,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    SelectionSetNode,
)

from generator.plugins.context_plugin import ContextPlugin
from generator.plugins.literals import docstring_literal, placeholder, substitute

KIND = "MODELDOC"


class ModelDocstringPlugin(ContextPlugin):
    def __init__(self, schema: GraphQLSchema, config_dict: dict[str, Any]) -> None:
        super().__init__(schema, config_dict)
        self._texts: list[str] = []
        self._doc_of: dict[int, str] = {}  # id(field statement) -> its docstring

    # Result models ---------------------------------------------------------------------------

    def generate_result_field(
        self,
        field_implementation: ast.AnnAssign,
        operation_definition: ExecutableDefinitionNode,
        field: FieldNode,
    ) -> ast.AnnAssign:
        if isinstance(operation_definition, OperationDefinitionNode):
            selected = self.schema_fields.of(operation_definition, field)
            if selected is not None:
                self._remember(
                    field_implementation,
                    _with_deprecation(
                        selected.definition.description, selected.definition.deprecation_reason
                    ),
                )
        return field_implementation

    def generate_result_class(
        self,
        class_def: ast.ClassDef,
        operation_definition: ExecutableDefinitionNode,
        selection_set: SelectionSetNode,
    ) -> ast.ClassDef:
        if isinstance(operation_definition, OperationDefinitionNode):
            if selection_set is operation_definition.selection_set:
                doc = self._operation_doc(operation_definition)
            else:
                doc = self._type_doc(class_def, operation_definition, selection_set)
            self._document(class_def, doc)
        return class_def

    def generate_result_types_code(self, generated_code: str) -> str:
        return self._substitute(generated_code)

    # Enums -----------------------------------------------------------------------------------

    def generate_enum(self, class_def: ast.ClassDef, enum_type: GraphQLEnumType) -> ast.ClassDef:
        by_value = {value.value: value for value in enum_type.values.values()}
        for statement in class_def.body:
            if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant):
                value = by_value.get(statement.value.value)
                if value is not None:
                    self._remember(
                        statement, _with_deprecation(value.description, value.deprecation_reason)
                    )
        self._document(class_def, enum_type.description)
        return class_def

    def generate_enums_code(self, generated_code: str) -> str:
        return self._substitute(generated_code)

    # Input types -----------------------------------------------------------------------------

    def generate_input_field(
        self, field_implementation: ast.AnnAssign, input_field: GraphQLInputField, field_name: str
    ) -> ast.AnnAssign:
        self._remember(
            field_implementation,
            _with_deprecation(input_field.description, input_field.deprecation_reason),
        )
        return field_implementation

    def generate_input_class(
        self, class_def: ast.ClassDef, input_type: GraphQLInputObjectType
    ) -> ast.ClassDef:
        class_def.body = [s for s in class_def.body if not _is_string_statement(s)]
        self._document(class_def, input_type.description)
        return class_def

    def generate_inputs_code(self, generated_code: str) -> str:
        return self._substitute(generated_code)

    # -----------------------------------------------------------------------------------------

    def _remember(self, statement: ast.stmt, text: str | None) -> None:
        if text:
            self._doc_of[id(statement)] = text

    def _document(self, class_def: ast.ClassDef, doc: str | None) -> None:
        """The class docstring first, each member's docstring right after the member."""
        if not self.context.features.docstrings:
            return
        body: list[ast.stmt] = [self._statement(doc)] if doc and doc.strip() else []
        for statement in class_def.body:
            body.append(statement)
            member_doc = self._doc_of.pop(id(statement), None)
            if member_doc is not None:
                body.append(self._statement(member_doc))
        class_def.body = body

    def _statement(self, text: str) -> ast.stmt:
        self._texts.append(text.strip())
        return ast.Expr(value=placeholder(KIND, str(len(self._texts) - 1)))

    def _substitute(self, code: str) -> str:
        return substitute(
            code, KIND, lambda key, indent: docstring_literal(self._texts[int(key)], indent)
        )

    def _operation_doc(self, operation: OperationDefinitionNode) -> str | None:
        assert operation.name is not None
        facts = self.context.operations.get(operation.name.value)
        if facts is None:
            return None
        return f"The data of operation `{facts.name}` ({facts.kind}) from `{facts.path}`."

    def _type_doc(
        self,
        class_def: ast.ClassDef,
        operation: OperationDefinitionNode,
        selection_set: SelectionSetNode,
    ) -> str | None:
        type_name = _single_typename(class_def) or self._parent_type_name(operation, selection_set)
        named = self.schema.get_type(type_name) if type_name else None
        return named.description if named is not None else None

    def _parent_type_name(
        self, operation: OperationDefinitionNode, selection_set: SelectionSetNode
    ) -> str | None:
        """The type the class's fields are selected on: the most specific one among them."""
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode) and selection.name.value != "__typename":
                selected = self.schema_fields.of(operation, selection)
                if selected is not None:
                    return selected.parent.name
        return None


def _with_deprecation(description: str | None, reason: str | None) -> str | None:
    paragraphs = [description.strip()] if description and description.strip() else []
    if reason is not None:
        paragraphs.append(f"Deprecated: {reason}")
    return "\n\n".join(paragraphs) or None


def _single_typename(class_def: ast.ClassDef) -> str | None:
    """`X` from a `typename__: Literal["X"]` field: the class models exactly that type."""
    for statement in class_def.body:
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and statement.target.id == "typename__"
            and isinstance(statement.annotation, ast.Subscript)
            and isinstance(statement.annotation.slice, ast.Constant)
            and isinstance(statement.annotation.slice.value, str)
        ):
            return statement.annotation.slice.value
    return None


def _is_string_statement(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )
