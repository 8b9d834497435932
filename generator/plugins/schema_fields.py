"""Which schema field each selected field of an operation is, for plugins that annotate models.

ariadne-codegen hands `generate_result_field` the `FieldNode` alone; the schema field behind it
(its description, its deprecation) depends on where the node sits. One TypeInfo walk over each
operation ariadne-codegen receives answers that for every node in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql import (
    FieldNode,
    GraphQLField,
    GraphQLNamedType,
    GraphQLSchema,
    OperationDefinitionNode,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    visit,
)


@dataclass(frozen=True)
class SelectedField:
    parent: GraphQLNamedType  # the type the field is selected on
    name: str
    definition: GraphQLField
    is_root: bool

    @property
    def coordinate(self) -> str:
        return f"{self.parent.name}.{self.name}"


class SchemaFields:
    """Memoised per operation node: ariadne-codegen asks field by field."""

    def __init__(self, schema: GraphQLSchema) -> None:
        self._schema = schema
        self._by_node: dict[int, SelectedField] = {}
        self._walked: set[int] = set()

    def of(self, operation: OperationDefinitionNode, node: FieldNode) -> SelectedField | None:
        if id(operation) not in self._walked:
            self._walked.add(id(operation))
            self._walk(operation)
        return self._by_node.get(id(node))

    def _walk(self, operation: OperationDefinitionNode) -> None:
        type_info = TypeInfo(self._schema)
        roots = {id(selection) for selection in operation.selection_set.selections}
        by_node = self._by_node

        class Recorder(Visitor):
            def enter_field(self, node: FieldNode, *_: object) -> None:
                parent, definition = type_info.get_parent_type(), type_info.get_field_def()
                if parent is not None and definition is not None:
                    by_node[id(node)] = SelectedField(
                        parent, node.name.value, definition, id(node) in roots
                    )

        visit(operation, TypeInfoVisitor(type_info, Recorder()))
