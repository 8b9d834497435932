"""`start_of` (a node's first token's line and column) places every node where graphql-core's
`Source.get_location` (a scan of the text) does, on sources made to trip one of them up."""

from __future__ import annotations

import pytest
from graphql import Node, Source, parse
from graphql.language import Visitor, visit

from generator.diagnostics import Location, start_of
from tests.project import REPO

AWKWARD = (
    '\ufefftype Query {\r\n  """a block\r\n  string\rover lines\n  """\r  a: Int\n'
    '  "é ✓ 🎉" b(x: String = "\\u00e9"): [Int!]\r\n}\n\n# a comment\r\n'
    "enum E { A B }\r\ninput I { f: E = A, g: [I] }\n"
)


class _Every(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[Node] = []

    def enter(self, node: Node, *_: object) -> None:
        self.nodes.append(node)


@pytest.mark.parametrize(
    "source",
    [
        Source(AWKWARD, "awkward.graphql"),
        Source((REPO / "schema" / "rye.graphql").read_text(encoding="utf-8"), "rye.graphql"),
        *(
            Source(path.read_text(encoding="utf-8"), path.name)
            for path in sorted((REPO / "queries").glob("*.graphql"))[:5]
        ),
    ],
    ids=lambda source: source.name,
)
def test_start_of_agrees_with_graphql_core(source: Source) -> None:
    every = _Every()
    visit(parse(source), every)
    assert len(every.nodes) > 10
    step = max(1, len(every.nodes) // 1000)  # get_location's scans make every node slow
    for node in every.nodes[::step]:
        assert node.loc is not None
        expected = source.get_location(node.loc.start)
        assert start_of(node.loc) == Location(source.name, expected.line, expected.column)
