"""generator/schema_json.py answers as graphql-core's executed introspection query does."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import build_schema, introspection_from_schema

from generator.schema_json import TYPE_REF_DEPTH, introspection_result
from generator.schema_source import load_schema_file

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILES = sorted(
    [
        ROOT / "schema" / "rye.graphql",
        *(ROOT / "tests" / "schemas").glob("*.graphql"),
        *(ROOT / "tests" / "cases").glob("*/schema.graphql"),
        *(ROOT / "tests" / "drift").glob("*/*.graphql"),
    ]
)

# Every part of the answer: descriptions everywhere, a schema description, all root types,
# interfaces implementing interfaces, unions, deprecated fields, arguments, input fields,
# enum values and a deprecated directive argument, repeatable directives, @specifiedBy,
# @oneOf, and defaults of every kind (null, lists, objects, enums, block strings, floats).
EVERYTHING = '''
"""The schema."""
schema { query: Q mutation: M subscription: S }

"""A directive."""
directive @tag(
  "its name" name: String = "x"
  old: Int @deprecated(reason: "gone")
) repeatable on FIELD_DEFINITION | OBJECT | ARGUMENT_DEFINITION

scalar Url @specifiedBy(url: "https://url.spec.whatwg.org/")

"""Nodes."""
interface Node { id: ID! }
interface Named implements Node { id: ID! name(upper: Boolean = false): String }

type Q implements Node & Named @tag @tag(name: "again") {
  id: ID!
  name(upper: Boolean = false): String
  "a field" item(
    first: Int = 10
    order: [Order!] = [ASC, DESC]
    filter: Filter = {text: """block""", ratio: 1.5, inner: {deep: null}}
    old: String @deprecated
  ): [[Thing!]!] @deprecated(reason: "use things")
  url: Url
}
type M { act(choice: Choice!): Boolean }
type S { ticks: Int }
type A { a: Int }
type B { b: [Int] }
"""Either."""
union Thing = A | B
"""Ways."""
enum Order { ASC "down" DESC OLD @deprecated(reason: "no") }
input Filter {
  text: String = "plain"
  ratio: Float
  inner: Inner = {deep: 3}
  gone: Int @deprecated(reason: "unused")
}
input Inner { deep: Int }
input Choice @oneOf { left: Int right: String }
'''


def test_every_part_of_the_answer_is_the_same() -> None:
    schema = build_schema(EVERYTHING)
    assert introspection_result(schema) == introspection_from_schema(schema)


def _builds(path: Path) -> bool:
    try:
        load_schema_file(path, path.name)
    except Exception:  # noqa: BLE001 - the bad-input cases hold schemas meant not to build
        return False
    return True


BUILDABLE = [path for path in SCHEMA_FILES if _builds(path)]


def test_the_schemas_of_the_tests_are_found() -> None:
    assert len(BUILDABLE) >= 40, [p.name for p in BUILDABLE]


@pytest.mark.parametrize("path", BUILDABLE, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_same_on_every_schema_of_the_tests(path: Path) -> None:
    schema = load_schema_file(path, path.name).schema
    assert introspection_result(schema) == introspection_from_schema(schema)


def test_type_references_stop_where_the_query_stops_asking() -> None:
    """The query nests `ofType` nine levels deep: a deeper wrapping is cut off there."""
    wrapped = "Int"
    for _ in range(6):
        wrapped = f"[{wrapped}!]"
    schema = build_schema(f"type Query {{ deep: {wrapped} }}")
    ours, theirs = introspection_result(schema), introspection_from_schema(schema)
    assert ours == theirs

    def depth(ref: dict[str, object] | None) -> int:
        inner = ref.get("ofType") if ref else None
        return 0 if not isinstance(inner, dict) else 1 + depth(inner)

    query = next(t for t in ours["__schema"]["types"] if t["name"] == "Query")
    assert depth(query["fields"][0]["type"]) == TYPE_REF_DEPTH
