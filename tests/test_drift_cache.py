"""`diff` and `drift` read both schemas back from the cache folder, with where each
definition is: cached and uncached runs report the same bytes, a warm run builds no schema
from SDL, and a damaged entry is ignored and rebuilt.

These tests check correctness only; how much time the cache saves is benchmarks/' business.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.project import REPO, Project
from tests.test_cache import CACHE, _damage
from tests.test_drift_cases import DRIFT, case_names

FORMATS = ("text", "json", "sarif", "markdown")


def _drift_project(name: str, destination: Path) -> Project:
    shutil.copytree(DRIFT / name, destination)
    (destination / "pyproject.toml").write_text(
        '[tool.rye-codegen]\nschema = "old.graphql"\nqueries = "queries"\ntarget = "out/client"\n',
        encoding="utf-8",
    )
    return Project(destination)


def _entries(project: Project) -> list[str]:
    return sorted(p.name.split("-", 1)[0] for p in (project.root / CACHE).glob("*.json"))


def _runs(project: Project, *argv: str) -> list[tuple[int, str, str]]:
    """Uncached, cold (filling the cache) and warm (read from it), in every format."""
    runs = []
    for flags in (["--no-cache"], [], []):
        outputs = [project.run(*argv, *flags, "--format", f) for f in FORMATS]
        runs.append([(r.exit_code, r.stdout, r.stderr) for r in outputs])
        if flags:
            assert not (project.root / CACHE).exists(), "--no-cache wrote the cache"
    return runs


@pytest.mark.parametrize("name", case_names())
def test_a_cached_diff_reports_the_same_bytes(name: str, tmp_path: Path) -> None:
    project = _drift_project(name, tmp_path / name)
    uncached, cold, warm = _runs(project, "diff", "old.graphql", "new.graphql")
    assert uncached == cold == warm
    assert uncached[0][0] in (0, 1), uncached[0][2]
    assert _entries(project) == ["locations", "locations", "schema", "schema"]


def test_a_cached_drift_reports_the_same_bytes(tmp_path: Path) -> None:
    project = Project.copy_of_repo(tmp_path / "repo")
    snapshot = (project.root / "schema" / "rye.graphql").read_text(encoding="utf-8")
    newer = snapshot.replace(
        "type Query {", 'type Query {\n  added(x: Int = 1): String @deprecated(reason: "r")', 1
    )
    assert newer != snapshot
    (project.root / "newer.graphql").write_text(newer, encoding="utf-8")
    uncached, cold, warm = _runs(project, "drift", "--against", "newer.graphql")
    assert uncached == cold == warm
    assert "Query.added" in uncached[0][1]
    assert _entries(project) == ["locations", "locations", "schema", "schema"]


def test_a_warm_diff_builds_no_schema_from_sdl(tmp_path: Path) -> None:
    project = _drift_project("default_changed", tmp_path / "p")
    expected = project.run("diff", "old.graphql", "new.graphql")
    code = (
        "import sys\n"
        "import generator.schema_source as s\n"
        "def refuse(*_): raise AssertionError('built a schema from SDL')\n"
        "s._build_schema_sources = refuse\n"
        "from generator.cli import main\n"
        "sys.exit(main(['diff', 'old.graphql', 'new.graphql']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        expected.exit_code,
        expected.stdout,
        expected.stderr,
    )


@pytest.mark.parametrize("damage", ["truncated", "garbage", "edited value", "foreign key"])
def test_a_damaged_locations_entry_is_ignored_and_rebuilt(damage: str, tmp_path: Path) -> None:
    project = _drift_project("deprecated_field_removed", tmp_path / "p")
    expected = project.run("diff", "old.graphql", "new.graphql", "--format", "json")
    for path in sorted((project.root / CACHE).glob("locations-*.json")):
        _damage(path, damage)
        result = project.run("diff", "old.graphql", "new.graphql", "--format", "json")
        assert (result.exit_code, result.stdout) == (expected.exit_code, expected.stdout)
        entry = json.loads(path.read_text())  # rewritten whole
        assert entry["kind"] == "locations" and entry["format"] == 1


def _rewrite(path: Path, edit: Callable[[Any], None]) -> None:
    """Change an entry's value and give it the check of its new value, as a hand would."""
    from generator.cache import digest

    entry = json.loads(path.read_text())
    edit(entry["value"])
    entry["check"] = digest(json.dumps(entry["value"], sort_keys=True))
    path.write_text(json.dumps(entry))


def _negative_lines(value: Any) -> None:
    for place in value.values():
        place[1] = -8


def _memberless_union(value: Any) -> None:
    for named in value["introspection"]["__schema"]["types"]:
        if named["kind"] == "UNION":
            named["possibleTypes"] = []


@pytest.mark.parametrize(
    ("kind", "edit"), [("locations", _negative_lines), ("schema", _memberless_union)]
)
def test_an_entry_edited_with_a_matching_check_is_still_not_trusted(
    kind: str, edit: Callable[[Any], None], tmp_path: Path
) -> None:
    project = _drift_project("union_member_added", tmp_path / "p")
    expected = project.run("diff", "old.graphql", "new.graphql", "--format", "sarif")
    for path in sorted((project.root / CACHE).glob(f"{kind}-*.json")):
        _rewrite(path, edit)
    result = project.run("diff", "old.graphql", "new.graphql", "--format", "sarif")
    assert (result.exit_code, result.stdout, result.stderr) == (
        expected.exit_code,
        expected.stdout,
        expected.stderr,
    )
