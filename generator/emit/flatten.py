"""Rewrite each operation into the shape ariadne-codegen models correctly.

ariadne-codegen turns fragment spreads into mixin base classes. On Rye's operations that
breaks three ways: a fragment on an interface spread beside type-specific fragments is dropped
from fragments.py (its issue #284), a field selected both by a fragment and directly (`offer`
in the Cart fragment) keeps only one of the two selections, and a fragment spread under
`@include`/`@skip` still makes its fields required, so a response without them fails to parse.

So, before emitting, every selection set is collected the way GraphQL execution collects fields
(spec §6.3.2 CollectFields): fragments are expanded, fields with the same response key merged,
fields that only appear under a condition keep an `@include`/`@skip` (which makes them
optional), and a selection on an abstract type is split into the fields every possible type
shares plus one inline fragment per concrete type whose selection differs. The wire document is
not this rewrite: the client still sends the operation as written (see plugins/wire_document).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from graphql import (
    DirectiveNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    NamedTypeNode,
    NameNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    is_abstract_type,
)

CONDITIONAL_DIRECTIVES = frozenset({"include", "skip"})

Occurrence = tuple[FieldNode, DirectiveNode | None]
Collected = dict[str, list[Occurrence]]


@dataclass(frozen=True)
class Flattener:
    schema: GraphQLSchema
    fragments: Mapping[str, FragmentDefinitionNode]

    def operation(self, node: OperationDefinitionNode) -> OperationDefinitionNode:
        root = self.schema.get_root_type(node.operation)
        assert root is not None, "validated operations have a root type"
        return OperationDefinitionNode(
            operation=node.operation,
            name=node.name,
            variable_definitions=node.variable_definitions,
            directives=node.directives,
            selection_set=self._selection_set(node.selection_set, root),
            loc=node.loc,
        )

    def _selection_set(
        self, selection_set: SelectionSetNode, parent: GraphQLNamedType
    ) -> SelectionSetNode:
        if not is_abstract_type(parent):
            assert isinstance(parent, GraphQLObjectType)
            fields = self._collect(selection_set, self._applies_to(parent))
            return SelectionSetNode(
                selections=tuple(
                    self._merge(occurrences, parent) for occurrences in fields.values()
                )
            )
        return self._abstract_selection_set(selection_set, parent)

    def _abstract_selection_set(
        self, selection_set: SelectionSetNode, parent: GraphQLNamedType
    ) -> SelectionSetNode:
        possible = sorted(
            self.schema.get_possible_types(parent),  # type: ignore[arg-type]
            key=lambda t: t.name,
        )
        common = self._collect(selection_set, self._applies_to_all(possible))
        per_type = {t.name: self._collect(selection_set, self._applies_to(t)) for t in possible}
        refined = {
            key
            for fields in per_type.values()
            for key, occurrences in fields.items()
            if _identity(occurrences) != _identity(common.get(key, []))
        } | {key for key, occ in common.items() if not _defined_on(parent, occ[0][0])}
        shared = tuple(
            self._merge(occ, parent) for key, occ in common.items() if key not in refined
        )
        branches = tuple(
            self._branch(t, per_type[t.name], refined)
            for t in possible
            if refined & per_type[t.name].keys()
        )
        return SelectionSetNode(selections=shared + branches)

    def _branch(
        self, object_type: GraphQLObjectType, fields: Collected, refined: set[str]
    ) -> InlineFragmentNode:
        selections = tuple(
            self._merge(occ, object_type) for key, occ in fields.items() if key in refined
        )
        return InlineFragmentNode(
            type_condition=NamedTypeNode(name=NameNode(value=object_type.name)),
            directives=(),
            selection_set=SelectionSetNode(selections=selections),
        )

    def _collect(
        self,
        selection_set: SelectionSetNode,
        applies: Callable[[str], bool],
        condition: DirectiveNode | None = None,
        into: Collected | None = None,
    ) -> Collected:
        collected: Collected = {} if into is None else into
        for selection in selection_set.selections:
            reached = condition or _condition(selection.directives)
            if isinstance(selection, FieldNode):
                key = (selection.alias or selection.name).value
                occurrences = collected.setdefault(key, [])
                # A fragment spread twice under one field reaches the same nodes twice; one
                # is enough, and keeping both doubles the work at every level it nests.
                if not any(f is selection and c is reached for f, c in occurrences):
                    occurrences.append((selection, reached))
                continue
            if isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments[selection.name.value]
                type_name: str | None = fragment.type_condition.name.value
                inner = fragment.selection_set
            else:
                assert isinstance(selection, InlineFragmentNode)
                type_name = (
                    selection.type_condition.name.value if selection.type_condition else None
                )
                inner = selection.selection_set
            if type_name is None or applies(type_name):
                self._collect(inner, applies, reached, collected)
        return collected

    def _applies_to(self, object_type: GraphQLObjectType) -> Callable[[str], bool]:
        def applies(type_name: str) -> bool:
            condition = self.schema.get_type(type_name)
            if condition is None or condition.name == object_type.name:
                return condition is not None
            return is_abstract_type(condition) and self.schema.is_sub_type(condition, object_type)  # type: ignore[arg-type]

        return applies

    def _applies_to_all(self, possible: list[GraphQLObjectType]) -> Callable[[str], bool]:
        checks = [self._applies_to(t) for t in possible]
        return lambda type_name: all(check(type_name) for check in checks)

    def _merge(self, occurrences: list[Occurrence], parent: GraphQLNamedType) -> FieldNode:
        first = occurrences[0][0]
        conditional = all(condition is not None for _, condition in occurrences)
        directive = occurrences[0][1] if conditional else None
        selection_set = None
        if first.selection_set is not None:
            merged = SelectionSetNode(
                selections=tuple(
                    _guarded(field, condition, directive)
                    for field, condition in occurrences
                    if field.selection_set
                )
            )
            selection_set = self._selection_set(merged, self._field_type(parent, first))
        return FieldNode(
            alias=first.alias,
            name=first.name,
            arguments=first.arguments,
            directives=(directive,) if directive else (),
            selection_set=selection_set,
            loc=first.loc,
        )

    @staticmethod
    def _field_type(parent: GraphQLNamedType, field: FieldNode) -> GraphQLNamedType:
        assert isinstance(parent, GraphQLObjectType | GraphQLInterfaceType)
        named: GraphQLNamedType = get_named_type(parent.fields[field.name.value].type)
        return named


def _defined_on(parent: GraphQLNamedType, field: FieldNode) -> bool:
    """Whether the abstract type itself has the field. Every possible type may select one it
    lacks (`... on AmazonProduct { ASIN }` when AmazonProduct is, so far, the only Product):
    that field is then type-specific, since a type added later need not have it."""
    name = field.name.value
    return name == "__typename" or (
        isinstance(parent, GraphQLInterfaceType) and name in parent.fields
    )


def _condition(directives: tuple[DirectiveNode, ...] | None) -> DirectiveNode | None:
    return next((d for d in directives or () if d.name.value in CONDITIONAL_DIRECTIVES), None)


def _guarded(
    field: FieldNode, condition: DirectiveNode | None, merged_condition: DirectiveNode | None
) -> InlineFragmentNode:
    """A field's sub-selection, kept under its own condition when the merged field is
    reached without it: `offer` selected always, but `offer { errors }` only under
    `@include(if: $fetchOffer)`, has an `errors` that may be absent."""
    assert field.selection_set is not None
    keep = condition is not None and condition is not merged_condition
    return InlineFragmentNode(
        type_condition=None,
        directives=(condition,) if keep else (),
        selection_set=field.selection_set,
    )


def _identity(occurrences: list[Occurrence]) -> list[tuple[int, int]]:
    return [(id(field), id(condition)) for field, condition in occurrences]
