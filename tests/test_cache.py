"""The cache folder (generator/cache.py): cached and uncached runs give the same bytes, a
`check` with nothing changed builds no schema, and no damaged or foreign entry is trusted.

These tests check correctness only; how much time the cache saves is benchmarks/' business.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.project import Project
from tests.test_cases import default_pyproject

CACHE = ".rye-codegen-cache"
HEAVY = ("graphql", "pydantic", "httpx", "jinja2", "ariadne_codegen")
# Golden cases whose schemas stress what a schema read back from introspection JSON must keep:
# input defaults, custom scalars, hard names, descriptions, unions and interfaces.
ROUND_TRIP_CASES = [
    "custom_scalars",
    "forward_compatible",
    "hard_names",
    "hostile_descriptions",
    "interface_fragment",
    "lowercase_type_names",
    "string_values",
]


def _entries(project: Project) -> dict[str, Path]:
    """The cache's entries by kind (`schema`, `generated`)."""
    return {p.name.split("-", 1)[0]: p for p in sorted((project.root / CACHE).glob("*.json"))}


def _case(name: str, destination: Path) -> Project:
    shutil.copytree(Path(__file__).parent / "cases" / name, destination)
    pyproject = destination / "pyproject.toml"
    if not pyproject.exists():
        pyproject.write_text(default_pyproject(name), encoding="utf-8")
    return Project(destination)


@pytest.fixture
def repo(tmp_path: Path) -> Project:
    return Project.copy_of_repo(tmp_path / "repo")


@pytest.fixture(scope="module")
def generated_once(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = Project.copy_of_repo(tmp_path_factory.mktemp("warm") / "repo")
    assert project.run("generate").exit_code == 0
    assert set(_entries(project)) == {"schema", "operations", "generated"}
    return project


@pytest.fixture
def warm(tmp_path: Path, generated_once: Project) -> Project:
    """The repository after a `generate`, its cache filled, copied to a folder of its own: the
    cache's keys hold no absolute path, so the copy is answered from it as the original is."""
    shutil.copytree(generated_once.root, tmp_path / "repo", symlinks=True)
    return Project(tmp_path / "repo")


@pytest.mark.parametrize("name", ["repo", *ROUND_TRIP_CASES])
def test_cached_and_uncached_runs_write_the_same_bytes(name: str, tmp_path: Path) -> None:
    """Uncached; cold (filling the cache); with the schema read back from the cache's
    introspection JSON; and `check` answered by the cache alone."""
    project = (
        Project.copy_of_repo(tmp_path / "p") if name == "repo" else _case(name, tmp_path / "p")
    )
    package = project.root / ("generated" if name == "repo" else "out")
    runs = []
    for step in ("uncached", "cold", "schema from the cache"):
        shutil.rmtree(package, ignore_errors=True)  # so that generate writes every file
        if step == "schema from the cache":
            _entries(project)["generated"].unlink()
        result = project.run("generate", *(["--no-cache"] if step == "uncached" else []))
        runs.append((result.exit_code, result.stderr, project.tree(package.name)))
        if step == "uncached":
            assert not (project.root / CACHE).exists(), "--no-cache wrote the cache"
    assert runs[0][0] == 0, runs[0][1]
    assert runs[0] == runs[1] == runs[2]
    assert set(_entries(project)) == {"schema", "operations", "generated"}
    answered, uncached = project.run("check"), project.run("check", "--no-cache")
    assert (
        (answered.exit_code, answered.stderr)
        == (uncached.exit_code, uncached.stderr)
        == (
            0,
            uncached.stderr,
        )
    )
    assert project.tree(package.name) == runs[0][2]


def _run_and_list_imports(project: Project, *argv: str) -> tuple[int, str, list[str]]:
    """The CLI in a fresh interpreter, and which heavy libraries it imported."""
    code = (
        "import sys\n"
        "from generator.cli import main\n"
        f"code = main({list(argv)!r})\n"
        f"print('IMPORTED', [m for m in {HEAVY!r} if m in sys.modules])\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("IMPORTED"))
    return done.returncode, done.stderr, json.loads(line.split(" ", 1)[1].replace("'", '"'))


def test_check_with_nothing_changed_builds_no_schema(warm: Project) -> None:
    code, stderr, imported = _run_and_list_imports(warm, "check")
    assert code == 0, stderr
    assert imported == []
    assert "generated/rye_client matches the schema and queries: 36 files" in stderr
    assert "warning[deprecated-allowed]: Mutation.cancelOrder is deprecated" in stderr


def test_generate_with_nothing_changed_builds_no_schema(warm: Project) -> None:
    code, stderr, imported = _run_and_list_imports(warm, "generate", "-q")
    assert (code, stderr, imported) == (0, "", [])


def test_help_imports_nothing_heavy() -> None:
    code = "import sys\nfrom generator.cli import main\nmain(['--help'])\n"
    code += f"print([m for m in {HEAVY!r} if m in sys.modules])"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.stdout.splitlines()[-1] == "[]"


def test_an_allowance_that_expired_since_fails_a_cached_check(warm: Project) -> None:
    """The cache keeps the deprecated uses, not the verdict: the date is judged every run."""
    assert _answered_from_the_cache(warm)  # a copy of the project, and still its answers
    later = warm.run("check", today=date(2027, 4, 1))
    assert later.exit_code == 1
    assert "error[deprecated-usage]: Mutation.cancelOrder is deprecated" in later.stderr
    assert "the allowance expired on 2027-03-31" in later.stderr
    uncached = warm.run("check", "--no-cache", today=date(2027, 4, 1))
    assert (uncached.exit_code, uncached.stderr) == (later.exit_code, later.stderr)


@pytest.mark.parametrize(
    "change",
    ["edit a generated file", "add a file", "delete a file", "edit an operation", "edit config"],
)
def test_a_change_is_never_answered_from_the_cache(warm: Project, change: str) -> None:
    package = warm.root / "generated" / "rye_client"
    if change == "edit a generated file":
        (package / "enums.py").write_text("# stale\n", encoding="utf-8")
    elif change == "add a file":
        (package / "extra.py").write_text("# Generated by rye-codegen\n", encoding="utf-8")
    elif change == "delete a file":
        (package / "enums.py").unlink()
    elif change == "edit an operation":
        path = warm.root / "queries" / "get_cart.graphql"
        path.write_text(path.read_text().replace("{", "{ __typename ", 1), encoding="utf-8")
    else:
        warm.edit_pyproject(
            lambda text: text.replace(
                "[tool.rye-codegen]", "[tool.rye-codegen]\ndocstrings = false", 1
            )
        )
    cached = warm.run("check")
    uncached = warm.run("check", "--no-cache")
    assert cached.exit_code == 1
    assert (cached.exit_code, cached.stderr) == (uncached.exit_code, uncached.stderr)


def test_a_linked_file_in_the_package_is_never_answered_from_the_cache(warm: Project) -> None:
    enums = warm.root / "generated" / "rye_client" / "enums.py"
    copy = warm.root / "enums_copy.py"
    shutil.copy(enums, copy)
    enums.unlink()
    enums.symlink_to(copy)
    cached, uncached = warm.run("check"), warm.run("check", "--no-cache")
    assert (cached.exit_code, cached.stderr) == (uncached.exit_code, uncached.stderr)
    assert not _answered_from_the_cache(warm)


def _answered_from_the_cache(project: Project) -> bool:
    from generator.config import Overrides, load_config
    from generator.uptodate import up_to_date
    from tests.project import TODAY

    with contextlib.chdir(project.root):  # config locations are shown from the working folder
        return up_to_date(load_config(Overrides(), project.root), TODAY) is not None


@pytest.mark.parametrize(
    "damage", ["truncated", "garbage", "empty", "edited value", "foreign key", "other format"]
)
def test_a_damaged_or_foreign_entry_is_ignored_and_rebuilt(warm: Project, damage: str) -> None:
    expected = warm.tree()
    for kind, path in _entries(warm).items():
        _damage(path, damage)
        if kind in ("schema", "operations"):  # so that it is read, not the run answered
            _entries(warm)["generated"].unlink()
        if kind == "generated":  # a stale file the damaged entry must not vouch for
            enums = warm.root / "generated" / "rye_client" / "enums.py"
            enums.write_text(enums.read_text() + "# stale\n")
        result = warm.run("generate")
        assert result.exit_code == 0, result.stderr
        assert warm.tree() == expected
        entry = json.loads(path.read_text())  # rewritten whole
        assert entry["kind"] == kind and entry["format"] == 1


def _damage(path: Path, how: str) -> None:
    text = path.read_text()
    entry = json.loads(text)
    if how == "truncated":
        path.write_text(text[: len(text) // 2])
    elif how == "garbage":
        path.write_bytes(b"\x00\xff\xfe garbage")
    elif how == "empty":
        path.write_text("")
    elif how == "edited value":  # valid JSON, the right key, a value it was not written with
        entry["value"] = {"files": {}, "operations": 0} if "files" in entry["value"] else {}
        path.write_text(json.dumps(entry))
    elif how == "foreign key":
        entry["key"] = "0" * 64
        path.write_text(json.dumps(entry))
    else:
        entry["format"] = 999
        path.write_text(json.dumps(entry))


def test_a_cache_that_cannot_be_written_costs_only_time(repo: Project) -> None:
    (repo.root / CACHE).write_text("a file where the cache folder goes\n")
    first, second = repo.run("generate"), repo.run("check")
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert (repo.root / CACHE).read_text() == "a file where the cache folder goes\n"


def test_the_cache_folder_ignores_itself_for_git(warm: Project) -> None:
    assert (warm.root / CACHE / ".gitignore").read_text().splitlines()[-1] == "*"


def test_cache_false_in_the_config_writes_no_cache(repo: Project) -> None:
    repo.edit_pyproject(
        lambda text: text.replace("[tool.rye-codegen]", "[tool.rye-codegen]\ncache = false", 1)
    )
    assert repo.run("generate").exit_code == 0
    assert not (repo.root / CACHE).exists()


@pytest.mark.parametrize(
    "argv",
    [
        ("validate",),
        ("generate",),
        ("check",),
        ("add", "Query.returnByID"),
        ("diff", "schema/rye.graphql", "schema/rye.graphql"),
        ("drift", "--against", "schema/rye.graphql"),
    ],
)
def test_no_cache_writes_no_cache(repo: Project, argv: tuple[str, ...]) -> None:
    assert repo.run(*argv, "--no-cache").exit_code in (0, 1)
    assert not (repo.root / CACHE).exists()


def test_cache_true_in_the_config_is_the_default_folder(repo: Project) -> None:
    repo.edit_pyproject(
        lambda text: text.replace("[tool.rye-codegen]", "[tool.rye-codegen]\ncache = true", 1)
    )
    assert repo.run("generate").exit_code == 0
    assert (repo.root / CACHE).is_dir()


def test_a_configured_cache_folder_is_used(repo: Project) -> None:
    repo.edit_pyproject(
        lambda t: t.replace("[tool.rye-codegen]", '[tool.rye-codegen]\ncache = "build/cg"', 1)
    )
    assert repo.run("generate").exit_code == 0
    assert {p.name.split("-")[0] for p in (repo.root / "build" / "cg").glob("*.json")} == {
        "schema",
        "operations",
        "generated",
    }


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"queries/.cache"', "is inside the operations folder"),
        ('"generated/rye_client/.c"', "holds the cache folder"),
        ('"."', "holds the project"),
        ('"schema"', "holds the schema"),
        ("3", "`cache` must be a folder path, true or false"),
        ('""', "`cache` must be a folder path, true or false"),
    ],
)
def test_a_bad_cache_setting_is_a_located_config_error(
    repo: Project, value: str, message: str
) -> None:
    repo.edit_pyproject(
        lambda text: text.replace("[tool.rye-codegen]", f"[tool.rye-codegen]\ncache = {value}", 1)
    )
    result = repo.run("check")
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith("pyproject.toml:") and message in first


def test_a_failed_run_writes_no_cache(repo: Project) -> None:
    (repo.root / "generated" / "rye_client" / "mine.txt").write_text("not generated\n")
    assert repo.run("generate").exit_code == 2  # it would delete mine.txt: refused
    stale = repo.run("check")
    assert stale.exit_code == 1
    assert not (repo.root / CACHE).exists()


@pytest.mark.parametrize("where", ["schema", "queries file", "package file", "entry"])
def test_a_fifo_among_the_inputs_is_for_the_full_run_to_refuse(warm: Project, where: str) -> None:
    """Reading a FIFO never ends: the cached path must not read one."""
    path = {
        "schema": warm.root / "schema" / "rye.graphql",
        "queries file": warm.root / "queries" / "get_cart.graphql",
        "package file": warm.root / "generated" / "rye_client" / "enums.py",
        "entry": _entries(warm)["generated"],
    }[where]
    path.unlink()
    os.mkfifo(path)
    done = subprocess.run(
        [sys.executable, "-m", "generator", "check"],
        cwd=warm.root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode in (0, 1, 2) and "Traceback" not in done.stderr
    if where != "entry":
        assert done.returncode != 0


def test_an_entry_is_written_as_json_dumps_of_the_whole_entry_would_write_it(
    tmp_path: Path,
) -> None:
    """The value is dumped once for both its check and the file; the bytes are unchanged."""
    from generator.cache import FORMAT, Cache, _check

    value = {"b": [1, 2, {"z": None, "a": 'é"\\'}], "a": 1.5, "value": "}"}
    Cache(tmp_path / "c").write("kind", "slot", "key", value)
    (written,) = (tmp_path / "c").glob("kind-*.json")
    whole = {"format": FORMAT, "kind": "kind", "slot": "slot", "key": "key"}
    whole |= {"check": _check(value), "value": value}
    assert written.read_text(encoding="utf-8") == json.dumps(whole, sort_keys=True)
    assert Cache(tmp_path / "c").read("kind", "slot", "key") == value
