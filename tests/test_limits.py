"""Inputs at and past the limits end in a located error or a result: never a RecursionError
traceback, never unbounded work or memory.

Each runs the CLI in its own interpreter, as a user would, with its address space capped
(`MEMORY_CEILING`), so a run that grew without bound would fail here instead of swapping.
The timeout is only a guard against a hang; nothing here asserts a speed.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.project import REPO

# Bytes of address space. The 10 MB schema's `generate` peaks at about 1.1 GB resident
# (1.5 GB when it also fills the schema cache, measured by hand); it peaked at 4.6 GB, past
# this cap, before the emit stage stopped printing the schema and building ariadne's unused
# generators.
MEMORY_CEILING = 4 * 2**30
HANG_GUARD_SECONDS = 600

SCHEMA = """\
type Query {
  node: Node
  name: String
}

type Node {
  id: ID!
  name: String
  child: Node
}
"""
PYPROJECT = """\
[tool.rye-codegen]
schema = "schema.graphql"
queries = "queries"
target = "generated/limits_client"
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "queries").mkdir()
    (tmp_path / "schema.graphql").write_text(SCHEMA, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    return tmp_path


def run(project: Path, *argv: str) -> tuple[int, str, int]:
    """(exit code, stderr, peak resident memory in bytes) of the CLI in a capped process."""

    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CEILING, MEMORY_CEILING))

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    completed = subprocess.run(
        [sys.executable, "-m", "generator", *argv],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        preexec_fn=cap_memory,
        timeout=HANG_GUARD_SECONDS,
        check=False,
    )
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # KiB on Linux
    assert "Traceback" not in completed.stderr, completed.stderr[-2000:]
    assert "RecursionError" not in completed.stderr
    return completed.returncode, completed.stderr, max(peak, before * 1024)


def write(project: Path, name: str, text: str) -> None:
    (project / "queries" / name).write_text(text, encoding="utf-8")


def nested(depth: int, separator: str) -> str:
    """`query Deep { node { child { ... id } } }` with `depth` levels of fields."""
    opening = f"query Deep {{{separator}node {{{separator}" + f"child {{{separator}" * (depth - 2)
    return opening + f"id{separator}" + f"}}{separator}" * depth


def test_nesting_past_the_parsers_cap_is_one_short_located_error(project: Path) -> None:
    write(project, "deep.graphql", nested(2000, " "))
    code, stderr, _ = run(project, "validate")
    assert code == 1
    first = stderr.splitlines()[0]
    assert first.startswith("queries/deep.graphql:1:")
    assert "error[op-syntax]: Syntax Error: Document is nested too deeply." in first
    assert len(stderr) < 4000  # the excerpt is clipped, not the whole 12 KB line


def test_nesting_the_parser_accepts_but_the_models_cannot_is_located(project: Path) -> None:
    write(project, "deep.graphql", nested(150, "\n"))
    code, stderr, _ = run(project, "generate")
    assert code == 1
    assert stderr.startswith(
        "queries/deep.graphql:102:1: error[op-invalid]: Operation 'Deep' nests its selections "
        "more than 100 levels deep"
    )
    assert not (project / "generated").exists()


def test_nesting_through_a_chain_of_fragments_is_located(project: Path) -> None:
    chain = [f"fragment F{i} on Node {{ child {{ ...F{i + 1} }} }}" for i in range(149)]
    write(
        project,
        "chain.graphql",
        "\n".join(["query Chain { node { ...F0 } }", *chain, "fragment F149 on Node { id }"]),
    )
    code, stderr, _ = run(project, "validate")
    assert code == 1
    assert "queries/chain.graphql:" in stderr.splitlines()[0]
    assert "Operation 'Chain' nests its selections more than 100 levels deep" in stderr


def test_fragments_spread_twice_at_every_level_generate(project: Path) -> None:
    """2^40 paths through the fragments, one selection once merged: linear work."""
    levels = [
        f"fragment D{i} on Node {{ child {{ ...D{i + 1} }} name child {{ ...D{i + 1} }} }}"
        for i in range(39)
    ]
    write(
        project,
        "diamond.graphql",
        "\n".join(["query Diamond { node { ...D0 } }", *levels, "fragment D39 on Node { id }"]),
    )
    code, stderr, _ = run(project, "generate")
    assert code == 0, stderr


def test_a_cyclic_fragment_spread_is_located(project: Path) -> None:
    write(
        project,
        "cycle.graphql",
        "query Cycle { node { ...A } }\n"
        "fragment A on Node { child { ...B } }\n"
        "fragment B on Node { child { ...A } }\n",
    )
    code, stderr, _ = run(project, "generate")
    assert code == 1
    assert stderr.startswith(
        "queries/cycle.graphql:2:30: error[op-invalid]: Cannot spread fragment 'A' within "
        "itself via 'B'."
    )


def test_a_50000_line_operation_file_validates(project: Path) -> None:
    lines = [f"  a{i}: name" for i in range(49_996)]
    write(project, "wide.graphql", "\n".join(["query Wide {", " node {", *lines, " }", "}"]))
    code, stderr, _ = run(project, "validate")
    assert code == 0, stderr[-2000:]
    assert stderr.endswith("queries: 1 operation valid\n")


def test_a_selection_too_large_for_graphql_core_is_located(project: Path) -> None:
    fields = "\n".join("    __typename" for _ in range(1000))
    write(project, "huge.graphql", f"query Huge {{\n  node {{\n{fields}\n  }}\n}}\n")
    code, stderr, _ = run(project, "validate")
    assert code == 1
    assert stderr.startswith(
        "queries/huge.graphql:1:7: error[op-invalid]: Operation 'Huge' is too large for "
        "graphql-core to validate"
    )


def test_a_10_mb_schema_generates_within_the_memory_ceiling(project: Path) -> None:
    types = "".join(
        f'"""Type {i}, described at some length as real schemas are."""\n'
        f"type T{i} {{\n"
        + "".join(f'  field{j}(arg: String = "x"): String\n' for j in range(10))
        + f"  next: T{i + 1}\n}}\n"
        for i in range(22_700)
    )
    schema = f"type Query {{\n  t0: T0\n}}\n{types}type T22700 {{\n  id: ID\n}}\n"
    assert len(schema) > 10_000_000
    (project / "schema.graphql").write_text(schema, encoding="utf-8")
    write(project, "one.graphql", "query One { t0 { field1 next { field2 } } }\n")
    code, stderr, peak = run(project, "generate", "-q", "--no-cache")
    assert code == 0, stderr[-2000:]
    assert (project / "generated" / "limits_client" / "one.py").is_file()
    print(f"10 MB schema: peak resident memory {peak / 2**20:.0f} MiB")


def test_lists_nested_to_the_limit_generate_and_past_it_are_located(project: Path) -> None:
    at_limit = "[" * 31 + "String" + "!]" * 31 + "!"  # 63 wrappers
    (project / "schema.graphql").write_text(
        SCHEMA.replace("name: String\n}", f"name: String\n  deep: {at_limit}\n}}", 1), "utf-8"
    )
    write(project, "deep.graphql", "query Deep { deep }\n")
    code, stderr, _ = run(project, "generate")
    assert code == 0, stderr[-2000:]
    (project / "schema.graphql").write_text(
        SCHEMA.replace("name: String\n}", f"name: String\n  deep: [{at_limit}]!\n}}", 1), "utf-8"
    )
    code, stderr, _ = run(project, "generate")
    assert code == 2
    assert stderr.startswith(
        "schema.graphql:4:3: error[schema-syntax]: Query.deep wraps its type in lists and "
        "non-nulls more than 64 times"
    )
