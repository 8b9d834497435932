"""The docs say what the code does: every config key is in docs/configuration.md, and every
TOML example there is read by the config reader without an error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.config import Overrides, config_keys, load_config
from tests.project import REPO

CONFIGURATION = REPO / "docs" / "configuration.md"
TOML_BLOCK = re.compile(r"```toml\n(.*?)```", re.DOTALL)
MINIMAL = '[tool.rye-codegen]\nschema = "s.graphql"\nqueries = "q"\ntarget = "out/pkg"\n'


def documented_keys() -> set[str]:
    """The first cell of every table row: `key`."""
    text = CONFIGURATION.read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([^`]+)` \|", text, re.MULTILINE))


def test_every_config_key_is_documented() -> None:
    missing = set(config_keys()) - documented_keys()
    assert not missing, f"add to docs/configuration.md: {sorted(missing)}"


def test_every_documented_key_exists() -> None:
    stale = documented_keys() - set(config_keys())
    assert not stale, f"docs/configuration.md documents keys the reader refuses: {sorted(stale)}"


@pytest.mark.parametrize("example", TOML_BLOCK.findall(CONFIGURATION.read_text(encoding="utf-8")))
def test_every_example_is_a_valid_config(example: str, tmp_path: Path) -> None:
    text = example if example.startswith("[tool.rye-codegen]\n") else MINIMAL + "\n" + example
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    load_config(Overrides(), tmp_path)  # raises ConfigError, at its line, on anything wrong
