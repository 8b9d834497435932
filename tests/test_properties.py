"""Property: for any schema, any valid operations on it and any response a server could send,
generation succeeds, the package imports, and every response parses into the generated
models and dumps back to the same JSON (tests/random_projects.py draws the examples).

The example count is bounded for the normal suite (`RYE_PROPERTY_EXAMPLES`, default 25) and
derandomized under CI so a red build is reproducible; locally each run explores new examples.
A falsifying example, once shrunk, is written as JSON to the path the failure report names;
kept in tests/property_regressions/, it runs on every suite from then on.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import sys
import typing
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from graphql import build_schema
from hypothesis import HealthCheck, given, note, settings

import generator
from tests.client_hints import client_hints
from tests.random_projects import RandomProject, answer, projects

REGRESSIONS = Path(__file__).parent / "property_regressions"
PACKAGE = "prop_client"
EXAMPLES = int(os.environ.get("RYE_PROPERTY_EXAMPLES", "25"))
TODAY = date(2026, 12, 3)


# A model whose annotation names a field of its own class (pydantic warns and validates
# nothing) or any other warning at import or parse time is a failure, not noise.
@pytest.mark.filterwarnings("error")
def test_any_schema_operations_and_response_round_trip(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=bool(os.environ.get("CI")),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
    )
    @given(projects())
    def property(project: RandomProject) -> None:
        try:
            round_trip(project, tmp_path_factory.mktemp("property"))
        except BaseException:
            # Hypothesis replays the shrunk example last, so this ends up holding it.
            falsifying.write_text(dump(project), encoding="utf-8")
            note(f"kept as {falsifying}: copy it to {REGRESSIONS}/ once fixed")
            raise

    falsifying = tmp_path_factory.getbasetemp() / "falsifying.json"

    property()


@pytest.mark.parametrize("path", sorted(REGRESSIONS.glob("*.json")), ids=lambda path: path.stem)
def test_kept_regressions_round_trip(path: Path, tmp_path: Path) -> None:
    round_trip(load(path), tmp_path)


def test_regressions_are_kept() -> None:
    """The folder is not empty: a glob over a moved folder would silently test nothing."""
    assert len(list(REGRESSIONS.glob("*.json"))) >= 1


def round_trip(project: RandomProject, root: Path) -> None:
    write_project(project, root)
    generation = generator.generate(root, today=TODAY)
    assert generation.ok, "\n".join(
        str(d.location) + ": " + d.message for d in generation.diagnostics
    )
    with imported(root / "out") as package:
        results = result_models(package)
        schema = build_schema(project.sdl)
        for text in project.operations.values():
            name = operation_name(text)
            data = answer(schema, text, project.variables[name], project.seed)
            parsed = results[name].model_validate(data)
            assert parsed.model_dump(by_alias=True, mode="json", exclude_unset=True) == data


def write_project(project: RandomProject, root: Path) -> None:
    (root / "queries").mkdir(parents=True, exist_ok=True)
    (root / "schema.graphql").write_text(project.sdl, encoding="utf-8")
    for name, text in project.operations.items():
        (root / "queries" / name).write_text(text, encoding="utf-8")
    (root / "pyproject.toml").write_text(
        f'[tool.rye-codegen]\nschema = "schema.graphql"\nqueries = "queries"\n'
        f'target = "out/{PACKAGE}"\n',
        encoding="utf-8",
    )


@typing.no_type_check
def result_models(package: ModuleType) -> dict[str, Any]:
    """Operation name -> its result model, read off the sync client's methods."""
    models = {}
    for _, method in inspect.getmembers(package.Client, inspect.isfunction):
        doc = inspect.getdoc(method) or ""
        for line in doc.splitlines():
            if line.startswith("Operation `"):
                models[line.split("`")[1]] = client_hints(package, method)["return"]
    return models


def operation_name(text: str) -> str:
    return text.split("(")[0].split("{")[0].split()[1]


@typing.no_type_check
def imported(folder: Path) -> Iterator[ModuleType]:
    return _Imported(folder)


class _Imported:
    """The generated package imported fresh (an earlier example's modules forgotten)."""

    def __init__(self, folder: Path) -> None:
        self.folder = str(folder)

    def __enter__(self) -> ModuleType:
        self._forget()
        sys.path.insert(0, self.folder)
        importlib.invalidate_caches()
        package = importlib.import_module(PACKAGE)
        importlib.import_module(f"{PACKAGE}.async_client")
        return package

    def __exit__(self, *_: object) -> None:
        sys.path.remove(self.folder)
        self._forget()

    @staticmethod
    def _forget() -> None:
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def load(path: Path) -> RandomProject:
    kept = json.loads(path.read_text(encoding="utf-8"))
    return RandomProject(kept["sdl"], kept["operations"], kept["variables"], kept["seed"])


def dump(project: RandomProject) -> str:
    kept = {
        "sdl": project.sdl,
        "operations": project.operations,
        "variables": project.variables,
        "seed": project.seed,
    }
    return json.dumps(kept, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
