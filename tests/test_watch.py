"""`rye-codegen generate --watch`, run as a user runs it: a process watching a project copy,
edited from here. Every wait is bounded, and the test stops the watcher itself (Ctrl-C)."""

from __future__ import annotations

import os
import queue
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
        return self.process.wait(timeout=WAIT_SECONDS)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project.copy_of_repo(tmp_path / "project")


@pytest.fixture
def watcher(project: Project) -> Iterator[Watcher]:
    watcher = Watcher(project.root)
    try:
        yield watcher
    finally:
        if watcher.process.poll() is None:
            watcher.process.kill()
            watcher.process.wait(timeout=WAIT_SECONDS)


def test_watch_regenerates_on_save_and_keeps_the_last_good_client(
    project: Project, watcher: Watcher
) -> None:
    watcher.wait_for(lambda line: line.startswith("watching for changes"))
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
    watcher.wait_for(lambda line: line.startswith("watching for changes"))
    pyproject = project.root / "pyproject.toml"
    good = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(good + "\n[tool.rye-codegen\n", encoding="utf-8")
    watcher.wait_for(lambda line: line.startswith("pyproject.toml:") and "error[config]" in line)
    watcher.wait_for(lambda line: "generated files kept as they were" in line)

    pyproject.write_text(good, encoding="utf-8")
    watcher.wait_for(
        lambda line: line == "generated/rye_client is up to date: 36 files, 21 operations"
    )
    assert watcher.stop() == 0
