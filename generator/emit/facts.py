"""What the generated code says about each operation: its description, its file, and the
deprecated schema elements it uses (for docstrings, PEP 702 markers and the README)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from graphql import FieldNode, GraphQLSchema

from generator.operations import Operation, OperationSet
from generator.policy import DeprecatedUse

Deprecation = tuple[str, str]  # (schema coordinate, the schema's reason)


@dataclass(frozen=True)
class OperationFacts:
    name: str
    kind: str
    path: str
    descriptions: tuple[str, ...]  # of the root fields it selects
    deprecated_root: tuple[Deprecation, ...]  # the method itself is deprecated
    deprecated_deeper: tuple[Deprecation, ...]  # deprecated things it selects or sends


def operation_facts(
    schema: GraphQLSchema, operations: OperationSet, uses: Sequence[DeprecatedUse]
) -> dict[str, OperationFacts]:
    """`uses`: what generator/rules.py found in `operations` (validation has them already)."""
    facts = {}
    for operation in operations.operations:
        root = tuple(_root_fields(schema, operation))
        deprecated_root = tuple((c, r) for c, _, r in root if r is not None)
        root_coordinates = {c for c, _ in deprecated_root}
        deeper = sorted(
            {
                (use.coordinate, use.reason)
                for use in uses
                if operation.name in use.operations and use.coordinate not in root_coordinates
            }
        )
        facts[operation.name] = OperationFacts(
            name=operation.name,
            kind=operation.kind,
            path=operation.path,
            descriptions=tuple(d for _, d, _ in root if d),
            deprecated_root=deprecated_root,
            deprecated_deeper=tuple(deeper),
        )
    return facts


def _root_fields(
    schema: GraphQLSchema, operation: Operation
) -> Iterator[tuple[str, str | None, str | None]]:
    """(coordinate, description, deprecation reason) of each root field selected."""
    root = schema.get_root_type(operation.node.operation)
    if root is None:
        return
    for selection in operation.node.selection_set.selections:
        if isinstance(selection, FieldNode) and selection.name.value in root.fields:
            field = root.fields[selection.name.value]
            yield (
                f"{root.name}.{selection.name.value}",
                field.description,
                field.deprecation_reason,
            )
