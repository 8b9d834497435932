"""Hand-made drift cases, one per kind of change: tests/drift/<name>/{old,new}.graphql,
queries/, and `expected.txt`, the change list with each change's rating and uses.
`pytest --update-goldens` is the only way to rewrite them."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from generator import pipeline
from generator.config import Config, Features
from generator.drift import DriftReport
from generator.schema_source import load_schema_file
from tests.project import REPO, TODAY

DRIFT = REPO / "tests" / "drift"


def case_names() -> list[str]:
    return sorted(p.name for p in DRIFT.iterdir() if (p / "old.graphql").exists())


def case_report(folder: Path) -> DriftReport:
    # case.toml may turn off the forward-compatible client (`forward_compatible = false`).
    settings = (
        tomllib.loads((folder / "case.toml").read_text()) if (folder / "case.toml").exists() else {}
    )
    config = Config(
        root=folder,
        schema=folder / "old.graphql",
        queries=folder / "queries",
        target=folder / "out" / "client",
        features=Features(forward_compatible=settings.get("forward_compatible", True)),
    )
    old = load_schema_file(folder / "old.graphql", "old.graphql")
    new = load_schema_file(folder / "new.graphql", "new.graphql")
    return pipeline.drift_report(old, new, config, TODAY, "impact").report


def change_list(report: DriftReport) -> str:
    lines = []
    for change in report.changes:
        lines.append(
            f"{change.severity.value:<11} {change.impact.value:<10} {change.kind} "
            f"{change.coordinate}"
        )
        lines.extend(f"    {use.location} {use.operation}" for use in change.used_by)
    lines.append(f"fails on impact: {'yes' if report.failed else 'no'}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", case_names())
def test_drift_case(name: str, tmp_path: Path, update_goldens: bool) -> None:
    folder = tmp_path / name
    shutil.copytree(DRIFT / name, folder)
    actual = change_list(case_report(folder))
    expected = DRIFT / name / "expected.txt"
    if update_goldens:
        expected.write_text(actual, encoding="utf-8")
    assert actual == expected.read_text(encoding="utf-8")
