"""A synthetic schema of N object types and M operations on it, for scaling runs.

Type `T{i}` has scalar fields of every built-in kind, an enum, a link to the next type and a
paged list of the one after; `Query.t{i}(id:)` and `Query.t{i}List(first:)` read it and
`Mutation.updateT{i}(input:)` writes it. Operation `j` reads (or, every third one, updates)
type `j mod N`, two levels deep, through a fragment in its own file. The output is a pure
function of (N, M), so runs compare across machines.

    python benchmarks/synthetic.py OUT_DIR --types 200 --operations 50

writes OUT_DIR/schema.graphql and OUT_DIR/queries/op_XXXX.graphql.
"""

from __future__ import annotations

import argparse
from pathlib import Path

SCALAR_FIELDS = (
    ("id", "ID!"),
    ("name", "String!"),
    ("note", "String"),
    ("count", "Int!"),
    ("score", "Float"),
    ("active", "Boolean!"),
    ("kind", "Kind!"),
)


def schema_sdl(types: int) -> str:
    if types < 1:
        raise ValueError("at least one type")
    parts = ['"""Kinds of synthetic things."""\nenum Kind {\n  ALPHA\n  BETA\n  GAMMA\n}\n']
    query = ["type Query {"]
    mutation = ["type Mutation {"]
    for i in range(types):
        nxt, after = (i + 1) % types, (i + 2) % types
        fields = "\n".join(f"  {name}: {kind}" for name, kind in SCALAR_FIELDS)
        parts.append(
            f'"""Synthetic type {i}."""\ntype T{i} {{\n{fields}\n'
            f"  next: T{nxt}\n"
            f"  items(first: Int = 10, after: String): [T{after}!]!\n}}\n"
        )
        parts.append(
            f"input T{i}Input {{\n  id: ID!\n  name: String\n  count: Int\n  kind: Kind\n}}\n"
        )
        query.append(f"  t{i}(id: ID!): T{i}")
        query.append(f"  t{i}List(first: Int = 10): [T{i}!]!")
        mutation.append(f"  updateT{i}(input: T{i}Input!): T{i}!")
    parts.append("\n".join(query) + "\n}\n")
    parts.append("\n".join(mutation) + "\n}\n")
    return "\n".join(parts)


def operation(index: int, types: int) -> str:
    i = index % types
    after = (i + 2) % types
    scalars = " ".join(name for name, _ in SCALAR_FIELDS)
    fragment = f"Op{index}Leaf"
    if index % 3 == 2:
        head = f"mutation Op{index}($input: T{i}Input!, $first: Int)"
        root = f"updateT{i}(input: $input)"
    else:
        head = f"query Op{index}($id: ID!, $first: Int)"
        root = f"t{i}(id: $id)"
    return (
        f"fragment {fragment} on T{after} {{\n  {scalars}\n}}\n\n"
        f"{head} {{\n"
        f"  {root} {{\n"
        f"    {scalars}\n"
        f"    next {{ id name kind items(first: 3) {{ id name }} }}\n"
        f"    items(first: $first) {{ ...{fragment} }}\n"
        f"  }}\n}}\n"
    )


def operations(count: int, types: int) -> dict[str, str]:
    """File name → text of each operation file."""
    return {f"op_{j:04d}.graphql": operation(j, types) for j in range(count)}


def write(out: Path, types: int, count: int) -> None:
    queries = out / "queries"
    queries.mkdir(parents=True, exist_ok=True)
    (out / "schema.graphql").write_text(schema_sdl(types), encoding="utf-8")
    for name, text in operations(count, types).items():
        (queries / name).write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="write a synthetic schema and operations")
    parser.add_argument("out", type=Path)
    parser.add_argument("--types", type=int, default=100)
    parser.add_argument("--operations", type=int, default=20)
    args = parser.parse_args(argv)
    write(args.out, args.types, args.operations)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
