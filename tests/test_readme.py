"""The README's example of using the generated client type-checks as written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.project import REPO


def readme_python_blocks() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", readme, flags=re.DOTALL)


def test_readme_client_example_passes_mypy_strict(tmp_path: Path) -> None:
    [example] = [block for block in readme_python_blocks() if "rye_client" in block]
    script = tmp_path / "readme_example.py"
    script.write_text(example, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(script)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
