"""`sync_client` and `async_client`: each alone generates its one client; both off is refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.project import Project


@pytest.mark.parametrize(
    ("flag", "kept", "dropped"),
    [
        ("async_client", ("client.py", "Client"), ("async_client.py", "AsyncClient")),
        ("sync_client", ("async_client.py", "AsyncClient"), ("client.py", "Client")),
    ],
)
def test_one_client_alone(
    tmp_path: Path, flag: str, kept: tuple[str, str], dropped: tuple[str, str]
) -> None:
    project = Project.copy_of_repo(tmp_path / "p")
    project.edit_pyproject(
        lambda t: t.replace("[tool.rye-codegen]", f"[tool.rye-codegen]\n{flag} = false", 1)
    )
    result = project.run("generate", "-q")
    assert result.exit_code == 0, result.stderr
    files = project.tree()
    assert f"rye_client/{kept[0]}" in files and f"rye_client/{dropped[0]}" not in files
    code = f"import rye_client\nassert hasattr(rye_client, {kept[1]!r})\n"
    code += f"assert not hasattr(rye_client, {dropped[1]!r})\n"
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=project.root / "generated",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_both_clients_off_is_a_located_config_error(tmp_path: Path) -> None:
    project = Project.copy_of_repo(tmp_path / "p")
    project.edit_pyproject(
        lambda t: t.replace(
            "[tool.rye-codegen]", "[tool.rye-codegen]\nsync_client = false\nasync_client = false", 1
        )
    )
    result = project.run("generate")
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith("pyproject.toml:") and "at least one of sync_client" in first
