"""The benchmark runner's arithmetic and the synthetic generator, on tiny input: no node, no
timing assertions (benchmarks/README.md has the benchmarks themselves)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from graphql import (
    FragmentDefinitionNode,
    FragmentSpreadNode,
    Node,
    OperationDefinitionNode,
    Visitor,
    build_schema,
    parse,
    validate,
    visit,
)

from benchmarks import __main__ as bench
from benchmarks import jobs, peers, repair_github_schema, synthetic
from benchmarks.runner import (
    Command,
    Job,
    Sample,
    format_scaling_table,
    format_table,
    measure,
    paired_ratio,
    ratio,
    rotation,
    run_job,
    spread,
    summarise,
)


def test_spread_and_ratios() -> None:
    assert spread([3.0, 1.0, 2.0]).as_dict() == {"min": 1.0, "median": 2.0, "max": 3.0}
    assert spread([1.0, 2.0, 3.0, 10.0]).median == 2.5
    with pytest.raises(ValueError):
        spread([])
    assert ratio(3.0, 1.5) == 2.0
    assert ratio(1.0, 0.0) is None
    # Round by round: 2/1, 4/4, 9/3 -> median of (2, 1, 3).
    assert paired_ratio([2.0, 4.0, 9.0], [1.0, 4.0, 3.0]) == 2.0
    with pytest.raises(ValueError):
        paired_ratio([1.0], [1.0, 2.0])


def test_rotation_puts_each_command_first_in_turn() -> None:
    names = ["a", "b", "c"]
    assert [rotation(names, i)[0] for i in range(4)] == ["a", "b", "c", "a"]
    assert sorted(rotation(names, 5)) == names


def _job() -> Job:
    here = Path.cwd
    return Job(
        name="demo",
        description="tiny",
        commands=[
            Command("subject", ["x"], prepare=here),
            Command("peer", ["y"], prepare=here),
        ],
        notes=["a note"],
    )


def test_summary_and_table() -> None:
    samples = {
        "subject": [Sample(2.0, 2048, 1.0), Sample(4.0, 4096, 1.0), Sample(3.0, 3072, 1.0)],
        "peer": [Sample(1.0, 1024, 0.5), Sample(2.0, 1024, 0.5), Sample(1.5, 1024, 0.5)],
    }
    summary = summarise(_job(), samples)
    subject, peer = summary["commands"]
    assert subject["wall_s"] == {"min": 2.0, "median": 3.0, "max": 4.0}
    assert subject["rss_mib"]["median"] == 3.0
    assert peer["rss_mib"] == {"min": 1.0, "median": 1.0, "max": 1.0}
    (item,) = summary["ratios"]
    assert (item["subject"], item["peer"]) == ("subject", "peer")
    assert item["wall"] == 2.0 and item["rss"] == 3.0 and item["wall_paired"] == 2.0
    table = format_table(summary)
    assert "subject / peer: wall 2.00x (paired 2.00x), RSS 3.00x" in table
    assert "note: a note" in table
    assert "3.000s" in table and "3.0 MiB" in table


def test_run_job_interleaves_and_drops_warmup(tmp_path: Path) -> None:
    prepared: list[str] = []

    def prepare(name: str) -> Path:
        prepared.append(name)
        return tmp_path

    job = Job(
        "bare",
        "interpreter",
        [
            Command("one", [sys.executable, "-c", "pass"], prepare=lambda: prepare("one")),
            Command("two", [sys.executable, "-c", "pass"], prepare=lambda: prepare("two")),
        ],
    )
    samples = run_job(job, rounds=2, warmup=1)
    assert prepared == ["one", "two", "two", "one", "one", "two"]
    assert [len(samples["one"]), len(samples["two"])] == [2, 2]
    assert all(s.wall > 0 and s.rss > 0 for runs in samples.values() for s in runs)


def test_a_failing_command_is_reported(tmp_path: Path) -> None:
    from benchmarks.runner import CommandFailed

    command = Command(
        "fails", [sys.executable, "-c", "import sys; sys.exit('boom')"], prepare=lambda: tmp_path
    )
    with pytest.raises(CommandFailed, match="boom"):
        measure(command)


def test_synthetic_schema_and_operations_validate(tmp_path: Path) -> None:
    synthetic.write(tmp_path, types=3, count=7)
    schema = build_schema((tmp_path / "schema.graphql").read_text(encoding="utf-8"))
    files = sorted((tmp_path / "queries").iterdir())
    assert [p.name for p in files] == [f"op_{j:04d}.graphql" for j in range(7)]
    names = set()
    for path in files:
        document = parse(path.read_text(encoding="utf-8"))
        assert validate(schema, document) == []
        names |= {d.name.value for d in document.definitions if d.name}  # type: ignore[attr-defined]
    assert len(names) == 14  # an operation and a fragment each, all distinct
    assert synthetic.schema_sdl(3) == synthetic.schema_sdl(3)
    assert "mutation Op2" in synthetic.operation(2, 3)


def test_repair_drops_only_second_definitions() -> None:
    sdl = (
        "type Query {\n  a: Int\n}\n\n"
        "type Owner {\n"
        '  """first"""\n  x: Int!\n'
        "  y(first: Int): String\n"
        '  """second"""\n  x: Int!\n'
        "  y(\n    first: Int\n  ): String\n"
        "  z: Int\n}\n"
    )
    with pytest.raises(TypeError):
        build_schema(sdl)
    repaired, removed = repair_github_schema.repair(sdl)
    assert removed == ["Owner.x", "Owner.y"]
    assert repaired == (
        "type Query {\n  a: Int\n}\n\n"
        'type Owner {\n  """first"""\n  x: Int!\n  y(first: Int): String\n  z: Int\n}\n'
    )
    build_schema(repaired)
    assert repair_github_schema.repair(repaired) == (repaired, [])


# The GitHub operations --------------------------------------------------------------------

GITHUB_QUERIES = Path(__file__).resolve().parent.parent / "benchmarks" / "github_queries"


def test_fifty_github_operations_parse_and_are_distinct() -> None:
    operations: list[str] = []
    fragments: set[str] = set()
    spreads: set[str] = set()
    kinds: set[str] = set()
    for path in sorted(GITHUB_QUERIES.glob("*.graphql")):
        document = parse(path.read_text(encoding="utf-8"))
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                assert definition.name is not None, path
                operations.append(definition.name.value)
                kinds.add(definition.operation.value)
            elif isinstance(definition, FragmentDefinitionNode):
                fragments.add(definition.name.value)
        spreads |= {
            n.name.value
            for n in _walk(document)
            if isinstance(n, FragmentSpreadNode)  # every spread names a defined fragment
        }
    assert len(operations) == 50
    assert len(set(operations)) == 50
    assert kinds == {"query", "mutation"}
    assert spreads <= fragments
    assert jobs.count_operations(GITHUB_QUERIES) == 50


def _walk(node: Node) -> list[Node]:
    found: list[Node] = []

    class Collect(Visitor):
        def enter(self, node: Node, *_: object) -> None:
            found.append(node)

    visit(node, Collect())
    return found


def test_github_operations_validate_against_the_repaired_schema() -> None:
    schema_path = peers.github_schema()
    if schema_path is None:
        pytest.skip("GitHub's schema is not in the cache (python -m benchmarks setup)")
    schema = build_schema(schema_path.read_text(encoding="utf-8"))
    text = "\n".join(
        p.read_text(encoding="utf-8") for p in sorted(GITHUB_QUERIES.glob("*.graphql"))
    )
    assert validate(schema, parse(text)) == []


# Several subjects, the scaling table ------------------------------------------------------


def _summary(name: str, walls: dict[str, float], subjects: int = 1) -> dict[str, Any]:
    job = Job(
        name,
        "demo",
        [Command(n, [n], prepare=Path.cwd) for n in walls],
        subjects=subjects,
    )
    samples = {n: [Sample(w, int(w * 1024), w)] for n, w in walls.items()}
    return summarise(job, samples)


def test_each_subject_is_compared_with_each_peer() -> None:
    summary = _summary("diff", {"warm": 1.0, "cold": 4.0, "peer": 2.0}, subjects=2)
    assert summary["subjects"] == ["warm", "cold"]
    pairs = {(r["subject"], r["peer"]): r["wall"] for r in summary["ratios"]}
    assert pairs == {("warm", "peer"): 0.5, ("cold", "peer"): 2.0}
    table = format_table(summary)
    assert "warm / peer: wall 0.50x" in table and "cold / peer: wall 2.00x" in table


def test_scaling_table() -> None:
    small = _summary("s/generate", {"rye": 2.0, "ariadne": 1.0, "graphql-codegen": 4.0})
    # A size whose graphql-codegen peer was left out, and one whose job failed.
    large = _summary("l/generate", {"rye": 9.0, "ariadne": 3.0})
    table = format_scaling_table(
        "scaling: cold generate", [("100x10", small), ("1000x10", large), ("5000x10", None)]
    )
    lines = table.splitlines()
    assert lines[0] == "## scaling: cold generate (median wall and RSS; ratios: wall RSS)"
    assert lines[1].split() == [
        "size",
        "rye",
        "ariadne",
        "graphql-codegen",
        "/",
        "ariadne",
        "/",
        "graphql-codegen",
    ]
    assert set(lines[2]) <= {"-", " "}
    assert lines[3].split() == [
        "100x10",
        *("2.000s", "2.0", "MiB", "1.000s", "1.0", "MiB", "4.000s", "4.0", "MiB"),
        *("2.00x", "2.00x", "0.50x", "0.50x"),
    ]
    assert lines[4].split() == [
        "1000x10",
        *("9.000s", "9.0", "MiB", "3.000s", "3.0", "MiB", "-"),
        *("3.00x", "3.00x", "-"),
    ]
    assert lines[5].split() == ["5000x10", *["failed"] * 5]
    # Every line is as wide as the header's columns: one width per column.
    assert len({len(line) for line in lines[1:3]}) == 1


def test_scaling_sizes_and_job_selection(tmp_path: Path) -> None:
    assert len(bench.scaling_sizes()) == 12
    assert bench.scaling_sizes(1000, 100) == [(100, 10), (100, 100), (1000, 10), (1000, 100)]
    assert bench.scaling_sizes(sizes=[(50, 5), (10, 2)], max_operations=4) == [(10, 2)]
    assert bench.select(None) == [
        ("rye", "generate"),
        ("rye", "edit"),
        ("rye", "check"),
        *[("github", kind) for kind in ("generate", "edit", "check", "diff", "import")],
        ("synthetic", "generate"),
    ]
    assert bench.select(["check"]) == [
        ("rye", "check"),
        ("github", "check"),
        ("synthetic", "check"),
    ]
    assert bench.select(["github", "diff"]) == [("github", "diff")]
    assert bench.select(["rye", "diff"]) == []
    args = bench._parser().parse_args(
        ["--scaling", "--scaling-max-types", "1000", "--scaling-max-operations", "100"]
    )
    planned = bench.plan(args, tmp_path)
    assert [p.name for p in planned] == [
        f"synthetic-{size}/{kind}"
        for size in ("100x10", "100x100", "1000x10", "1000x100")
        for kind in ("generate", "check")
    ]
    tables = bench.scaling_tables(planned, {p.name: None for p in planned})
    assert [t.splitlines()[0] for t in tables] == [
        "## scaling: cold generate (median wall and RSS; ratios: wall RSS)",
        "## scaling: check with nothing changed (median wall and RSS; ratios: wall RSS)",
    ]


# The new jobs' prepare steps, on tiny synthetic input (no node: the npm peers are left out) -


@pytest.fixture
def no_node(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(peers, "node_executable", lambda: None)


@pytest.fixture
def tiny(tmp_path: Path) -> jobs.Input:
    return jobs.synthetic_input(tmp_path / "inputs", 3, 4)


def test_edit_target_and_edit(tmp_path: Path) -> None:
    synthetic.write(tmp_path, types=3, count=4)
    queries = tmp_path / "queries"
    target = jobs.edit_target(queries)
    assert target.name == "op_0000.graphql"  # the first file holding a query
    before = target.read_text(encoding="utf-8")
    jobs.edit_operation(target)
    after = target.read_text(encoding="utf-8")
    assert after.replace("\n  __typename", "", 1) == before
    assert "query Op0($id: ID!, $first: Int) {\n  __typename\n  t0(id: $id)" in after
    schema = build_schema((tmp_path / "schema.graphql").read_text(encoding="utf-8"))
    assert validate(schema, parse(after)) == []


def test_check_job_prepares_a_generated_project(no_node: None, tiny: jobs.Input) -> None:
    scratch = tiny.schema.parent.parent / "check"
    job = jobs.check_job(tiny, scratch)
    assert job.name == "synthetic-3x4/check"
    assert [c.name for c in job.commands] == [
        "rye-codegen check",
        "python -c pass",
        "rye-codegen --version",
    ]
    folder = job.commands[0].prepare()
    assert (folder / "pyproject.toml").is_file()
    assert (folder / "generated" / "synthetic_client" / "client.py").is_file()
    assert len(list((folder / "queries").iterdir())) == 4
    measure(job.commands[0])  # nothing changed: check exits 0


def test_edit_job_prepares_a_generated_then_edited_project(no_node: None, tiny: jobs.Input) -> None:
    scratch = tiny.schema.parent.parent / "edit"
    job = jobs.edit_job(tiny, scratch)
    assert [c.name for c in job.commands] == ["rye-codegen generate", "ariadne-codegen"]
    assert "graphql-codegen left out" in " ".join(job.notes)
    rye, ariadne = (command.prepare() for command in job.commands)
    for folder in (rye, ariadne):
        edited = folder / "queries" / "op_0000.graphql"
        assert "{\n  __typename\n" in edited.read_text(encoding="utf-8")
        assert "__typename" not in (folder / "queries" / "op_0001.graphql").read_text()
    module = rye / "generated" / "synthetic_client" / "op_0.py"
    assert module.is_file() and "typename" not in module.read_text(encoding="utf-8")
    assert (ariadne / "out" / "synthetic_client" / "client.py").is_file()
    measure(job.commands[0])  # the timed run regenerates the edited operation
    assert "typename" in module.read_text(encoding="utf-8")


def test_import_job_generates_both_packages_once(no_node: None, tiny: jobs.Input) -> None:
    scratch = tiny.schema.parent.parent / "import"
    job = jobs.import_job(tiny, scratch)
    rye, rye_client, ariadne, bare = job.commands
    assert job.subjects == 2
    assert rye.argv[1:] == ["-c", "import synthetic_client"]
    assert rye_client.argv[1:] == ["-c", "from synthetic_client import Client"]
    assert ariadne.argv[1:] == ["-c", "import graphql_client"]
    assert bare.argv[1:] == ["-c", "pass"]
    assert job.notes == []  # ariadne-codegen's default package imports with all four
    folder = rye.prepare()
    package = folder / "generated" / "synthetic_client"
    assert rye.env is not None and rye.env["PYTHONPATH"] == str(folder / "generated")
    assert list((package / "__pycache__").glob("*.pyc"))
    marker = package / "marker"
    marker.touch()
    assert rye.prepare() == folder and marker.exists()  # generated once, then reused
    folder = ariadne.prepare()
    assert ariadne.env is not None and ariadne.env["PYTHONPATH"] == str(folder / "out")
    assert (folder / "out" / "graphql_client" / "__init__.py").is_file()
    assert "target_package_name" not in (folder / "pyproject.toml").read_text()
    for command in (rye, rye_client, ariadne):
        measure(command)  # the package imports


def test_diff_job_warm_and_cold(no_node: None, tmp_path: Path) -> None:
    old = jobs.synthetic_input(tmp_path / "old", 3, 4)
    new = jobs.synthetic_input(tmp_path / "new", 4, 4)
    job = jobs.diff_job(old, old.schema, new.schema, tmp_path / "diff", ("3", "4"))
    assert job.subjects == 2
    warm, cold = job.commands
    assert (warm.name, cold.name) == ("rye-codegen diff (warm)", "rye-codegen diff (cold)")
    assert warm.ok_codes == cold.ok_codes == (0, 1)
    assert ("--no-cache" in cold.argv) == jobs.diff_has_no_cache_flag()
    assert "graphql-inspector left out" in " ".join(job.notes)
    folder = warm.prepare()
    assert (folder / "queries").is_dir()
    marker = folder / "marker"
    marker.touch()
    assert warm.prepare() == folder and marker.exists()  # primed once, then reused
    cold_folder = cold.prepare()
    (cold_folder / "marker").touch()
    assert not (cold.prepare() / "marker").exists()  # a fresh folder every round
    assert cold.env is not None and cold.env["XDG_CACHE_HOME"].startswith(str(cold_folder))
    for command in (warm, cold):
        measure(command)


def test_failing_module_of_an_import_traceback(tmp_path: Path) -> None:
    package = tmp_path / "out" / "graphql_client"
    stderr = (
        "Traceback (most recent call last):\n"
        f'  File "{package}/__init__.py", line 37, in <module>\n'
        f'  File "{package}/client.py", line 17, in <module>\n'
        f'  File "{package}/discussions.py", line 9, in <module>\n'
        "ImportError: cannot import name 'ActorSummary'\n"
    )
    assert jobs._failing_module(stderr, package) == "discussions"
    assert jobs._failing_module("no traceback", package) is None
