"""Deprecated-usage detection: a TypeInfo visitor, as graphql-core's NoDeprecatedCustomRule.
What the uses mean under the project's policy is generator/policy.py."""

from __future__ import annotations

from graphql import (
    ArgumentNode,
    EnumValueNode,
    FieldNode,
    GraphQLSchema,
    Node,
    ObjectFieldNode,
    TypeInfo,
    TypeInfoVisitor,
    get_named_type,
    visit,
)
from graphql.language import Visitor

from generator.diagnostics import Location, place_of
from generator.operations import OperationSet
from generator.policy import DeprecatedUse


def find_deprecated_uses(
    schema: GraphQLSchema, operations: OperationSet
) -> tuple[DeprecatedUse, ...]:
    """Every use of a deprecated field, argument, input field or enum value, once per place,
    with every operation that reaches it (a use inside a fragment has several)."""
    found: dict[tuple[Location, str], tuple[str, str, set[str]]] = {}
    for operation in operations.operations:
        type_info = TypeInfo(schema)
        collector = _DeprecationCollector(type_info)
        visit(operations.document(operation), TypeInfoVisitor(type_info, collector))
        for coordinate, reason, node in collector.found:
            assert node.loc is not None
            location, excerpt = place_of(node.loc)
            entry = found.setdefault((location, coordinate), (reason, excerpt, set()))
            entry[2].add(operation.name)
    return tuple(
        DeprecatedUse(coordinate, reason, location, excerpt, frozenset(users))
        for (location, coordinate), (reason, excerpt, users) in sorted(found.items())
    )


class _DeprecationCollector(Visitor):
    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.found: list[tuple[str, str, Node]] = []

    def enter_field(self, node: FieldNode, *_: object) -> None:
        field, parent = self.type_info.get_field_def(), self.type_info.get_parent_type()
        if field is not None and parent is not None and field.deprecation_reason is not None:
            self.found.append((f"{parent.name}.{node.name.value}", field.deprecation_reason, node))

    def enter_argument(
        self,
        node: ArgumentNode,
        _key: object,
        _parent: object,
        _path: object,
        ancestors: list[Node],
    ) -> None:
        argument = self.type_info.get_argument()
        if argument is None or argument.deprecation_reason is None:
            return
        directive, owner_node = self.type_info.get_directive(), ancestors[-1]
        if directive is not None:
            owner = f"@{directive.name}"
        elif isinstance(owner_node, FieldNode):
            parent = self.type_info.get_parent_type()
            owner = f"{getattr(parent, 'name', '?')}.{owner_node.name.value}"
        else:
            return
        self.found.append((f"{owner}({node.name.value}:)", argument.deprecation_reason, node))

    def enter_object_field(self, node: ObjectFieldNode, *_: object) -> None:
        parent = get_named_type(self.type_info.get_parent_input_type())
        fields = getattr(parent, "fields", None) or {}
        field = fields.get(node.name.value)
        if parent is not None and field is not None and field.deprecation_reason is not None:
            self.found.append((f"{parent.name}.{node.name.value}", field.deprecation_reason, node))

    def enter_enum_value(self, node: EnumValueNode, *_: object) -> None:
        value = self.type_info.get_enum_value()
        enum = get_named_type(self.type_info.get_input_type())
        if value is not None and enum is not None and value.deprecation_reason is not None:
            self.found.append((f"{enum.name}.{node.value}", value.deprecation_reason, node))
