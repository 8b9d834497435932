"""A check that bounds how deep an operation's selections nest.

Each level of a selection becomes a generated model class nested in the one above, and the
emit stage (ariadne-codegen's builders, `ast.unparse`) recurses once per level; past about
120 levels Python's recursion limit ends it. graphql-core's parser caps the nesting of one
document, but fragments spread inside fragments nest without that cap. This check counts
fields through every spread, stops at `MAX_SELECTION_DEPTH`, and reports where it was
crossed, so a deep operation is a located finding, never a `RecursionError`.

A fragment's own depth is computed once (a fragment spread twice at every level would
otherwise cost 2^n), and a fragment that spreads itself is left to graphql-core's
`NoFragmentCyclesRule`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from graphql import (
    DefinitionNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    Node,
    OperationDefinitionNode,
    SelectionSetNode,
)

MAX_SELECTION_DEPTH = 100


def too_deep(definitions: Iterable[DefinitionNode]) -> Iterator[GraphQLError]:
    """One error for each operation nested deeper than `MAX_SELECTION_DEPTH`, located where
    it crosses the limit. It runs before graphql-core's rules, whose own guard (at 200
    levels) aborts all validation with one unlocated error."""
    definitions = tuple(definitions)
    fragments = {d.name.value: d for d in definitions if isinstance(d, FragmentDefinitionNode)}
    measure = _Depths(fragments)
    for node in definitions:
        if isinstance(node, OperationDefinitionNode):
            try:
                measure.depth(node.selection_set, 0)
            except _TooDeep as found:
                name = node.name.value if node.name else "an anonymous operation"
                yield GraphQLError(
                    f"Operation '{name}' nests its selections more than "
                    f"{MAX_SELECTION_DEPTH} levels deep (counting through fragments); "
                    "each level is a generated model class.",
                    found.node,
                )


class _TooDeep(Exception):
    def __init__(self, node: Node) -> None:
        self.node = node


class _Depths:
    def __init__(self, fragments: Mapping[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments
        self.fragment_depths: dict[str, int] = {}
        self.in_progress: list[str] = []

    def depth(self, selection_set: SelectionSetNode, above: int) -> int:
        """The deepest field level under `selection_set`, whose fields are at `above + 1`."""
        deepest = above
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                level = above + 1
                if level > MAX_SELECTION_DEPTH:
                    raise _TooDeep(selection)
                inner = selection.selection_set
                deepest = max(deepest, self.depth(inner, level) if inner else level)
            elif isinstance(selection, InlineFragmentNode):
                deepest = max(deepest, self.depth(selection.selection_set, above))
            elif isinstance(selection, FragmentSpreadNode):
                deepest = max(deepest, above + self._spread_depth(selection))
                if deepest > MAX_SELECTION_DEPTH:
                    raise _TooDeep(selection)
        return deepest

    def _spread_depth(self, spread: FragmentSpreadNode) -> int:
        name = spread.name.value
        known = self.fragment_depths.get(name)
        if known is not None:
            return known
        fragment = self.fragments.get(name)
        if fragment is None or name in self.in_progress:  # unknown or a cycle: spec rules
            return 0
        if len(self.in_progress) >= MAX_SELECTION_DEPTH:
            raise _TooDeep(spread)
        self.in_progress.append(name)
        try:
            depth = self.depth(fragment.selection_set, 0)
        finally:
            self.in_progress.pop()
        self.fragment_depths[name] = depth
        return depth
