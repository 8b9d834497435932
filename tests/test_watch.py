"""`rye-codegen generate --watch`, run as a user runs it: a process watching a project copy,
edited from here. Every wait is bounded, and the test stops the watcher itself (Ctrl-C)."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.project import Project

WAIT_SECONDS = 60  # generous for a slow CI machine; a healthy run takes about a second


class Watcher:
    """The watch process, its stderr read line by line from a thread."""

    def __init__(self, root: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "generate", "--watch"],
            cwd=root,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, wanted: Callable[[str], bool]) -> str:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            self.seen.append(line)
            if wanted(line):
                return line
        raise AssertionError("timed out; the watcher said:\n" + "\n".join(self.seen))

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            while not self.lines.empty():
                self.seen.append(self.lines.get())
            raise AssertionError(
                "still running after SIGINT; the watcher said:\n" + "\n".join(self.seen)
            ) from None


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project.copy_of_repo(tmp_path / "project")


@pytest.fixture
def start(project: Project) -> Iterator[Callable[[], Watcher]]:
    """Starts a watcher on the project, for a test that sets the project up first."""
    started: list[Watcher] = []

    def start() -> Watcher:
        started.append(Watcher(project.root))
        return started[-1]

    # A shell starts a background job (`pytest &`) with SIGINT ignored, which a child inherits:
    # the watcher would never see the Ctrl-C these tests send, and `stop` would time out. A
    # handler, unlike an ignore, is reset to the default in a child, as at a terminal.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield start
    finally:
        signal.signal(signal.SIGINT, previous)
        for watcher in started:
            if watcher.process.poll() is None:
                watcher.process.kill()
                watcher.process.wait(timeout=WAIT_SECONDS)


@pytest.fixture
def watcher(start: Callable[[], Watcher]) -> Watcher:
    return start()


def ready(line: str) -> bool:
    return line.startswith("watching for changes")


def up_to_date(line: str) -> bool:
    return line == "generated/rye_client is up to date: 36 files, 21 operations"


def break_operation(project: Project) -> None:
    """An invalid edit, which the watcher reports as `queries/remove_cart.graphql:1:...`."""
    query = project.root / "queries" / "remove_cart.graphql"
    query.write_text("mutation RemoveCart { removeCart { nope } }\n", encoding="utf-8")


def test_watch_regenerates_on_save_and_keeps_the_last_good_client(
    project: Project, watcher: Watcher
) -> None:
    watcher.wait_for(ready)
    query = project.root / "queries" / "remove_cart.graphql"
    module = project.root / "generated" / "rye_client" / "remove_cart.py"
    assert "typename__" not in module.read_text(encoding="utf-8")

    query.write_text(
        query.read_text(encoding="utf-8").replace("deletedId", "deletedId\n    __typename"),
        encoding="utf-8",
    )
    watcher.wait_for(lambda line: line == "changed: queries/remove_cart.graphql")
    watcher.wait_for(lambda line: line == "  modified generated/rye_client/remove_cart.py")
    good = project.tree()
    assert "typename__" in module.read_text(encoding="utf-8")

    query.write_text("mutation RemoveCart { removeCart { nope } }\n", encoding="utf-8")
    watcher.wait_for(lambda line: line.startswith("queries/remove_cart.graphql:1:"))
    watcher.wait_for(lambda line: "kept at the last good state" in line)
    assert project.tree() == good

    assert watcher.stop() == 0
    assert watcher.wait_for(lambda line: line == "stopped watching")


def test_a_broken_config_is_reported_and_the_watch_goes_on(
    project: Project, watcher: Watcher
) -> None:
    watcher.wait_for(ready)
    pyproject = project.root / "pyproject.toml"
    good = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(good + "\n[tool.rye-codegen\n", encoding="utf-8")
    watcher.wait_for(lambda line: line.startswith("pyproject.toml:") and "error[config]" in line)
    watcher.wait_for(lambda line: "generated files kept as they were" in line)

    pyproject.write_text(good, encoding="utf-8")
    watcher.wait_for(up_to_date)
    assert watcher.stop() == 0


def test_queries_moved_away_is_reported_and_the_watch_goes_on(
    project: Project, watcher: Watcher
) -> None:
    watcher.wait_for(ready)
    queries = project.root / "queries"
    queries.rename(project.root.parent / "away")
    watcher.wait_for(lambda line: line == "changed: queries")
    watcher.wait_for(lambda line: line.startswith("queries: error[input]: the operations folder"))

    schema = project.root / "schema" / "rye.graphql"
    good = schema.read_text(encoding="utf-8")
    schema.write_text(good + "\ntype {\n", encoding="utf-8")
    watcher.wait_for(lambda line: "error[schema-syntax]" in line)

    schema.write_text(good, encoding="utf-8")
    (project.root.parent / "away").rename(queries)
    watcher.wait_for(up_to_date)
    break_operation(project)
    watcher.wait_for(lambda line: line.startswith("queries/remove_cart.graphql:1:"))
    assert watcher.stop() == 0


def test_queries_replaced_by_a_branch_switch_is_still_watched(
    project: Project, watcher: Watcher
) -> None:
    watcher.wait_for(ready)
    queries = project.root / "queries"
    backup = project.root.parent / "backup"
    shutil.copytree(queries, backup)
    shutil.rmtree(queries)
    shutil.copytree(backup, queries)
    watcher.wait_for(up_to_date)

    break_operation(project)
    watcher.wait_for(lambda line: line.startswith("queries/remove_cart.graphql:1:"))
    assert watcher.stop() == 0


def test_queries_restored_after_a_start_without_it_is_watched(
    project: Project, start: Callable[[], Watcher]
) -> None:
    queries = project.root / "queries"
    queries.rename(project.root.parent / "away")
    watcher = start()
    watcher.wait_for(lambda line: line.startswith("queries: error[input]: the operations folder"))
    watcher.wait_for(lambda line: line.endswith("fix it and save again"))
    watcher.wait_for(ready)

    (project.root.parent / "away").rename(queries)
    watcher.wait_for(up_to_date)
    break_operation(project)
    watcher.wait_for(lambda line: line.startswith("queries/remove_cart.graphql:1:"))
    assert watcher.stop() == 0


def test_a_new_folder_in_queries_is_watched(project: Project, watcher: Watcher) -> None:
    watcher.wait_for(ready)
    sub = project.root / "queries" / "sub"
    sub.mkdir()
    (sub / "x.graphql").write_text("query X { nope }\n", encoding="utf-8")
    watcher.wait_for(lambda line: line.startswith("queries/sub/x.graphql:1:"))

    # A second save, once the first is reported: seen only through a watch on sub/ itself.
    (sub / "x.graphql").write_text("\nquery X { nope }\n", encoding="utf-8")
    watcher.wait_for(lambda line: line.startswith("queries/sub/x.graphql:2:"))
    assert watcher.stop() == 0


def test_a_cycle_repeats_no_unchanged_warning(project: Project, watcher: Watcher) -> None:
    """The deprecations every cycle meets are printed once; what a save changed stands out."""
    watcher.wait_for(ready)
    query = project.root / "queries" / "remove_cart.graphql"
    query.write_text(
        query.read_text(encoding="utf-8").replace("deletedId", "deletedId\n    __typename"),
        encoding="utf-8",
    )
    watcher.wait_for(lambda line: line == "  modified generated/rye_client/remove_cart.py")
    break_operation(project)
    summary = watcher.wait_for(lambda line: line.endswith("not repeated)"))
    assert summary.startswith("2 errors, 2 warnings in 2 files")
    assert summary.endswith("(1 unchanged warning not repeated)")
    cancel_order = [line for line in watcher.seen if "Mutation.cancelOrder is deprecated" in line]
    assert len(cancel_order) == 1  # the first generate's
    assert watcher.stop() == 0
