"""The library API, for scripts and tests: what the CLI does, as typed functions.

    from generator import load_schema, validate, generate, check, diff

    result = validate("path/to/project")      # the folder with [tool.rye-codegen], or its pyproject
    for diagnostic in result.diagnostics:
        print(diagnostic.location, diagnostic.message)

Each function returns a frozen result and never prints or exits. A run that cannot start (a
broken config, a missing schema) raises `RyeCodegenError` (generator.errors), whose
`as_diagnostic()` says where; findings (an invalid operation, a stale package) are in the
result's `diagnostics`. The CLI is a thin layer over the same pipeline.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from types import MappingProxyType

from generator import pipeline
from generator.config import Config, Overrides, load_config
from generator.diagnostics import Diagnostic
from generator.drift import FAIL_ON, DriftReport
from generator.errors import ConfigError
from generator.output import FileChange
from generator.schema_source import LoadedSchema, load_schema_file

ProjectRef = str | Path | Config


@dataclass(frozen=True)
class Validation:
    diagnostics: tuple[Diagnostic, ...]
    operations: tuple[str, ...]  # the names of the valid operations, in file order

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


@dataclass(frozen=True)
class Generation:
    """What `generate` wrote (or `check` would write): `changes` against the target folder,
    and every generated file's text."""

    diagnostics: tuple[Diagnostic, ...]
    changes: tuple[FileChange, ...]
    files: Mapping[str, str]  # read-only

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


def project_config(project: ProjectRef = ".") -> Config:
    """The configuration of a project: a folder (its nearest pyproject.toml with
    [tool.rye-codegen], walking up) or a pyproject.toml itself."""
    if isinstance(project, Config):
        return project
    path = Path(project).resolve()
    if path.is_file():
        return load_config(Overrides(config=path), path.parent)
    if not path.is_dir():
        raise ConfigError(f"{project} is neither a project folder nor a pyproject.toml")
    return load_config(Overrides(), path)


def load_schema(source: str | Path | None = None, *, project: ProjectRef = ".") -> LoadedSchema:
    """A schema: an SDL file, a folder of them or an introspection JSON; by default the
    project's snapshot."""
    if source is None:
        config = project_config(project)
        return pipeline.load_snapshot(config)
    path = Path(source)
    return load_schema_file(path, path.as_posix())


def validate(project: ProjectRef = ".", *, today: date | None = None) -> Validation:
    validated = pipeline.validate(project_config(project), today or _today())
    return Validation(
        validated.diagnostics, tuple(op.name for op in validated.operations.operations)
    )


def generate(project: ProjectRef = ".", *, today: date | None = None) -> Generation:
    """Validate and write the package (only when something changed)."""
    return _generation(pipeline.generate(project_config(project), today or _today()))


def check(project: ProjectRef = ".", *, today: date | None = None) -> Generation:
    """As `generate`, writing nothing: `changes` are what a generate would make, and a stale
    package is a `stale-output` error among the diagnostics."""
    config = project_config(project)
    written = pipeline.check(config, today or _today())
    result = _generation(written)
    found = pipeline.check_findings(config, written)
    return Generation((*result.diagnostics, *found), result.changes, result.files)


def diff(
    old: str | Path,
    new: str | Path,
    *,
    project: ProjectRef | None = None,
    fail_on: str = "impact",
    today: date | None = None,
) -> DriftReport:
    """Every change from `old` to `new`, judged against the project's operations when a
    project is given. `report.failed` says whether it reaches `fail_on`."""
    if fail_on not in FAIL_ON:
        raise ConfigError(f"fail_on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    config = project_config(project) if project is not None else None
    drifted = pipeline.drift_report(
        load_schema(old), load_schema(new), config, today or _today(), fail_on
    )
    return drifted.report


def _generation(written: pipeline.Written) -> Generation:
    files = MappingProxyType(dict(written.built.files or {}))
    changes = written.comparison.changes if written.comparison is not None else ()
    return Generation(written.built.diagnostics, changes, files)


def _today() -> date:
    return datetime.now(UTC).date()


__all__ = [
    "Generation",
    "Validation",
    "check",
    "diff",
    "generate",
    "load_schema",
    "project_config",
    "validate",
]
