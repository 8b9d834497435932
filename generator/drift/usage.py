"""Where our operations touch the schema: every coordinate they use, with operation and place.

A change matters to us through one of these uses: a field we select, an argument we pass, a
type we read (a field's named type), an input type we send (a variable's type, recursively),
a type condition we spread on, or an enum value we write literally.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    ArgumentNode,
    EnumValueNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLInputObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    Node,
    ObjectFieldNode,
    TypeInfo,
    TypeInfoVisitor,
    VariableDefinitionNode,
    get_named_type,
    type_from_ast,
    visit,
)
from graphql.language import Visitor

from generator.diagnostics import Location, start_of
from generator.drift.model import Use
from generator.operations import OperationSet

Index = dict[str, set[Use]]


@dataclass(frozen=True)
class Usage:
    fields: Index = field(default_factory=lambda: defaultdict(set))  # "Type.field"
    arguments: Index = field(default_factory=lambda: defaultdict(set))  # "Type.field(arg:)"
    read_types: Index = field(default_factory=lambda: defaultdict(set))  # fields' named types
    sent_types: Index = field(default_factory=lambda: defaultdict(set))  # variables' input types
    sent_fields: Index = field(default_factory=lambda: defaultdict(set))  # "Input.field"
    conditions: Index = field(default_factory=lambda: defaultdict(set))  # `... on Type`
    enum_values: Index = field(default_factory=lambda: defaultdict(set))  # "Enum.VALUE" literals
    literal_fields: Index = field(default_factory=lambda: defaultdict(set))  # `{field: ...}`

    def merged(self, other: Usage) -> Usage:
        """Uses found against either schema: our operations may validate against only one."""
        merged = Usage()
        for name in (
            "fields",
            "arguments",
            "read_types",
            "sent_types",
            "sent_fields",
            "conditions",
            "enum_values",
            "literal_fields",
        ):
            target: Index = getattr(merged, name)
            for source in (getattr(self, name), getattr(other, name)):
                for key, uses in source.items():
                    target[key] |= uses
        return merged

    def of(self, index: Index, *keys: str) -> tuple[Use, ...]:
        return tuple(sorted({use for key in keys for use in index.get(key, ())}))


def find_usage(schema: GraphQLSchema, operations: OperationSet) -> Usage:
    usage = Usage()
    for operation in operations.operations:
        type_info = TypeInfo(schema)
        collector = _Collector(schema, type_info, operation.name, usage)
        visit(operations.document(operation), TypeInfoVisitor(type_info, collector))
    return usage


def _location(node: Node) -> Location:
    assert node.loc is not None
    return start_of(node.loc)


class _Collector(Visitor):
    def __init__(
        self, schema: GraphQLSchema, type_info: TypeInfo, operation: str, usage: Usage
    ) -> None:
        super().__init__()
        self.schema, self.type_info, self.operation, self.usage = (
            schema,
            type_info,
            operation,
            usage,
        )

    def _use(self, node: Node) -> Use:
        return Use(_location(node), self.operation)

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        parent, definition = self.type_info.get_parent_type(), self.type_info.get_field_def()
        if parent is None or definition is None or node.name.value.startswith("__"):
            return
        use = self._use(node)
        self.usage.fields[f"{parent.name}.{node.name.value}"].add(use)
        self.usage.read_types[get_named_type(definition.type).name].add(use)

    def enter_argument(
        self, node: ArgumentNode, _key: Any, _parent: Any, _path: Any, ancestors: list[Node]
    ) -> None:
        owner, parent = ancestors[-1], self.type_info.get_parent_type()
        if isinstance(owner, FieldNode) and parent is not None:
            coordinate = f"{parent.name}.{owner.name.value}({node.name.value}:)"
            self.usage.arguments[coordinate].add(self._use(node))

    def enter_inline_fragment(self, node: InlineFragmentNode, *_: Any) -> None:
        if node.type_condition is not None:
            self.usage.conditions[node.type_condition.name.value].add(self._use(node))

    def enter_fragment_definition(self, node: FragmentDefinitionNode, *_: Any) -> None:
        self.usage.conditions[node.type_condition.name.value].add(self._use(node))

    def enter_enum_value(self, node: EnumValueNode, *_: Any) -> None:
        enum = get_named_type(self.type_info.get_input_type())
        if enum is not None:
            self.usage.enum_values[f"{enum.name}.{node.value}"].add(self._use(node))

    def enter_object_field(self, node: ObjectFieldNode, *_: Any) -> None:
        parent = get_named_type(self.type_info.get_parent_input_type())
        if parent is not None:
            self.usage.literal_fields[f"{parent.name}.{node.name.value}"].add(self._use(node))

    def enter_variable_definition(self, node: VariableDefinitionNode, *_: Any) -> None:
        variable_type = type_from_ast(self.schema, node.type)
        if variable_type is not None:
            self._send(get_named_type(variable_type), self._use(node), set())

    def _send(self, named: Any, use: Use, seen: set[str]) -> None:
        """A variable of an input type may carry any of its fields, nested: all are sent."""
        if named.name in seen:
            return
        seen.add(named.name)
        self.usage.sent_types[named.name].add(use)
        if isinstance(named, GraphQLInputObjectType):
            for field_name, input_field in named.fields.items():
                self.usage.sent_fields[f"{named.name}.{field_name}"].add(use)
                self._send(get_named_type(input_field.type), use, seen)


def operations_of(uses: Iterable[Use]) -> frozenset[str]:
    return frozenset(use.operation for use in uses)
