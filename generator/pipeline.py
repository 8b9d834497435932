"""The whole tool in one place: config → load → validate → emit → write | compare, and
load old + new → drift (changes × our operations) → report | alert.

Every stage hands the next an immutable value; findings travel as `Diagnostic`s, and only
`cli.py` prints or picks an exit code.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from graphql import DocumentNode, OperationDefinitionNode, Source, parse

from generator.atomic import serialised
from generator.cache import Cache
from generator.config import Config
from generator.coordinates import schema_coordinates
from generator.diagnostics import Diagnostic, Location, Severity, sort_diagnostics
from generator.drift import DriftReport
from generator.emit import GeneratedFiles, emit, naming_diagnostics, scalar_diagnostics
from generator.emit.context import REGENERATE_COMMAND
from generator.errors import RyeCodegenError
from generator.operations import (
    OPERATION_SUFFIXES,
    Operation,
    OperationSet,
    find_operation_files,
    named_definitions,
    parse_files,
    validate_operations,
)
from generator.output import (
    FOREIGN_FILES_HINT,
    Comparison,
    compare,
    finish_interrupted_writes,
    foreign_files,
    foreign_files_message,
    update_tree,
    write_file_atomically,
    write_files_together,
)
from generator.policy import AllowanceTargets, DeprecatedUse, apply_policy
from generator.rules import find_deprecated_uses
from generator.scaffold import Scaffold, ScaffoldError, ScaffoldOptions, scaffold
from generator.schema_cache import load_schema_cached, nothing_to_store
from generator.schema_source import LoadedSchema, files_below, load_schema_file
from generator.snapshot import lock_path
from generator.validation_cache import ValidationCache, validation_cache


@dataclass(frozen=True)
class Validated:
    """Load and validate: the schema, the operations, and what was found on the way."""

    schema: LoadedSchema
    operations: OperationSet
    diagnostics: tuple[Diagnostic, ...]
    # What the diagnostics were made of, for the cache to judge again another day:
    findings: tuple[Diagnostic, ...] = ()  # all but the deprecation policy's
    uses: tuple[DeprecatedUse, ...] = ()
    targets: AllowanceTargets = AllowanceTargets(frozenset())
    # Puts the schema and the valid operations into the cache: called once the whole command
    # has succeeded, so a failed run writes nothing, the cache included.
    store_cache: Callable[[], None] = field(default=nothing_to_store, compare=False, repr=False)

    @property
    def failed(self) -> bool:
        return any(d.is_error for d in self.diagnostics)


@dataclass(frozen=True)
class Built:
    validated: Validated
    files: GeneratedFiles | None

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        return self.validated.diagnostics


@dataclass(frozen=True)
class Written:
    built: Built
    comparison: Comparison | None


def load_snapshot(config: Config) -> LoadedSchema:
    """The project's schema snapshot, after finishing a pull that was killed mid-write (the
    snapshot and its lock are replaced together: generator/output.py)."""
    return _load_snapshot(config, None)[0]


def _load_snapshot(
    config: Config, cache: Cache | None, *, located: bool = False
) -> tuple[LoadedSchema, Callable[[], None]]:
    """As `load_snapshot`, from the cache folder when these bytes were built before, and
    with what stores it there."""
    folder = config.schema if config.schema.is_dir() else config.schema.parent
    finish_interrupted_writes(folder)
    return load_schema_cached(config.schema, config.relative(config.schema), cache, located=located)


def load_snapshot_to_compare(config: Config) -> tuple[LoadedSchema, Callable[[], None]]:
    """The snapshot with where its definitions are (drift points changes there), from the
    cache folder when it holds them, and what stores it there."""
    return _load_snapshot(config, _cache_of(config), located=True)


def load_to_compare(
    path: Path, shown_as: str, config: Config | None
) -> tuple[LoadedSchema, Callable[[], None]]:
    """A schema file `diff` or `drift` compares, as `load_snapshot_to_compare` loads the
    snapshot; without a config there is no cache folder."""
    return load_schema_cached(path, shown_as, _cache_of(config), located=True)


def _cache_of(config: Config | None) -> Cache | None:
    return Cache(config.cache) if config is not None and config.cache else None


def validate_project(config: Config, today: date, schema: LoadedSchema | None = None) -> Validated:
    """Against the snapshot, or against `schema` (the live one, for `check --live`)."""
    store = nothing_to_store  # a live schema is never cached
    validations = None
    if schema is None:
        schema, store = _load_snapshot(config, _cache_of(config))
        validations = validation_cache(config, schema)
    files = find_operation_files(config.queries, config.relative(config.queries))
    parsed = parse_files((path, config.relative(path)) for path in files)
    known_valid = validations.known_valid() if validations else frozenset()
    operations, findings = validate_operations(schema.schema, parsed, known_valid)
    findings += tuple(naming_diagnostics(operations.operations))
    findings += tuple(scalar_diagnostics(schema.schema, config))
    # Judged even when some operation is invalid, so every finding shows up in one run.
    uses = find_deprecated_uses(schema.schema, operations)
    targets = AllowanceTargets.of(config.deprecations.allow, schema_coordinates(schema.schema))
    policy = apply_policy(uses, config.deprecations, today, targets)
    diagnostics = sort_diagnostics((*findings, *policy))
    if validations is not None:
        store = _also(store, validations, operations)
    return Validated(schema, operations, diagnostics, findings, uses, targets, store)


def _also(
    store: Callable[[], None], validations: ValidationCache, operations: OperationSet
) -> Callable[[], None]:
    """`store`, then the units of every operation, all found valid (it runs only then)."""

    def both() -> None:
        store()
        validations.store(operations.unit(op) for op in operations.operations)

    return both


def validate(config: Config, today: date) -> Validated:
    """`validate_project` for the `validate` command: the schema is cached when all is valid."""
    validated = validate_project(config, today)
    if not validated.failed:
        validated.store_cache()
    return validated


def build(config: Config, today: date, schema: LoadedSchema | None = None) -> Built:
    """Everything `generate` and `check` share: up to the files, in memory."""
    validated = validate_project(config, today, schema)
    if validated.failed:
        return Built(validated, None)
    return Built(validated, emit(validated.schema, validated.operations, config, validated.uses))


def generate(config: Config, today: date) -> Written:
    built = build(config, today)
    if built.files is None:
        return Written(built, None)
    comparison = update_tree(built.files, config.target, config.relative(config.target))
    built.validated.store_cache()
    return Written(built, comparison)


def check(config: Config, today: date, schema: LoadedSchema | None = None) -> Written:
    built = build(config, today, schema)
    if built.files is None:
        return Written(built, None)
    comparison = compare(built.files, config.target, config.relative(config.target))
    if comparison.clean:
        built.validated.store_cache()
    return Written(built, comparison)


def check_findings(config: Config, written: Written, live: bool = False) -> tuple[Diagnostic, ...]:
    """What `check` adds to the run's findings: the files `generate` would refuse to replace,
    or else that the package is stale. One function, for the CLI and the library alike."""
    comparison = written.comparison
    if comparison is None or comparison.clean:
        return ()
    foreign = foreign_files_in_target(config, written.built)
    return (foreign or stale_output(comparison, config.relative(config.target), live=live),)


def foreign_files_in_target(config: Config, built: Built) -> Diagnostic | None:
    """`check` says what `generate` would refuse: a target holding files we did not write."""
    shown = config.relative(config.target)
    foreign = foreign_files(config.target, built.files or {})
    if not foreign:
        return None
    return Diagnostic(
        Severity.ERROR,
        "target",
        foreign_files_message(foreign, shown),
        Location(shown),
        hint=FOREIGN_FILES_HINT,
    )


def stale_output(comparison: Comparison, shown_as: str, live: bool = False) -> Diagnostic:
    listed = ", ".join(f"{c.path} (would be {c.kind})" for c in comparison.changes[:5])
    more = f" and {len(comparison.changes) - 5} more" if len(comparison.changes) > 5 else ""
    return Diagnostic(
        Severity.ERROR,
        "stale-output",
        f"{shown_as} is out of date: {_files_differ(len(comparison.changes))}: {listed}{more}",
        Location(shown_as),
        hint=(
            f"the live schema differs from the snapshot: run `rye-codegen pull`, then "
            f"`{REGENERATE_COMMAND}`, and commit both"
            if live
            else f"run `{REGENERATE_COMMAND}` and commit the result "
            "(`rye-codegen check --diff` shows the difference)"
        ),
    )


def _files_differ(count: int) -> str:
    return "1 file differs" if count == 1 else f"{count} files differ"


# --- add ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Added:
    scaffold: Scaffold
    path: Path
    replaced: bool = False  # the file was there (`--overwrite`)


def add_operation(
    config: Config,
    coordinate: str,
    options: ScaffoldOptions,
    *,
    overwrite: bool = False,
    allow_deprecated: bool = False,
) -> Added:
    """Write `queries/<name>.graphql` for a root field; raise ScaffoldError when it may not."""
    schema = load_snapshot(config)
    made = scaffold(schema.schema, coordinate, options)
    if made.deprecation_reason is not None and not allow_deprecated:
        raise _deprecated_refusal(made, config)
    path = config.queries / made.file_name
    existed = path.exists()
    if existed and not overwrite:
        raise ScaffoldError(
            f"{config.relative(path)} exists{_holding(config, path)}",
            Location(config.relative(path)),
            hint="pass --overwrite to replace it, or --name to write another file",
        )
    _refuse_taken_name(config, made, path)
    config.queries.mkdir(parents=True, exist_ok=True)
    write_file_atomically(path, made.text, config.relative(path))
    return Added(made, path, replaced=existed)


def _holding(config: Config, path: Path) -> str:
    """` (it holds GetCart)`: what --overwrite would replace."""
    parsed = parse_files([(path, config.relative(path))])
    names = [named.name for named in named_definitions(parsed)]
    return f" (it holds {', '.join(names)})" if names else ""


def _deprecated_refusal(made: Scaffold, config: Config) -> ScaffoldError:
    existing = next(
        (
            a
            for a in config.deprecations.allow
            if a.covers(made.coordinate, frozenset({made.operation_name}))
        ),
        None,
    )
    if existing is not None:
        allowance = (
            f"an allowance in {existing.location or 'pyproject.toml'} already covers it "
            f"until {existing.until.isoformat()}"
        )
    else:
        allowance = (
            "generating it then needs an allowance in pyproject.toml:\n"
            "[[tool.rye-codegen.deprecations.allow]]\n"
            f'coordinate = "{made.coordinate}"\n'
            'until = "YYYY-MM-DD"  # the day you will be off it\n'
            'reason = "why it is still needed"'
        )
    return ScaffoldError(
        f"{made.coordinate} is deprecated: {made.deprecation_reason}",
        hint=f"pass --allow-deprecated to scaffold it anyway; {allowance}",
    )


def _refuse_taken_name(config: Config, made: Scaffold, path: Path) -> None:
    """Operation names are unique across queries/, and must make a client method and module
    of their own: what `generate` would report only after the file is written."""
    listed = files_below(config.queries, config.relative(config.queries), OPERATION_SUFFIXES)
    files = [p for p in listed if p.resolve() != path.resolve()]
    parsed = parse_files((p, config.relative(p)) for p in files)
    for named in named_definitions(parsed):
        if named.name == made.operation_name:
            raise ScaffoldError(
                f"an operation or fragment named {made.operation_name} is already in "
                f"{named.location.path}",
                named.location,
                hint="pass --name to give the new operation another name",
            )
    _refuse_name_clash(config, made, path, parsed.documents)


def _refuse_name_clash(
    config: Config, made: Scaffold, path: Path, documents: Sequence[DocumentNode]
) -> None:
    shown = config.relative(path)
    new = parse(Source(made.text, shown))
    operations = [
        Operation(d.name.value, d, d.loc.source.name, ())
        for document in (*documents, new)
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode) and d.name and d.loc
    ]
    clash = next(
        (d for d in naming_diagnostics(operations) if d.location and d.location.path == shown),
        None,
    )
    if clash is not None:
        raise ScaffoldError(
            clash.message.replace(" cannot become", " would not become", 1),
            clash.location,
            hint="pass --name to give the new operation another name",
        )


# --- drift ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Drifted:
    report: DriftReport
    diagnostics: tuple[Diagnostic, ...] = ()


def drift_report(
    old: LoadedSchema,
    new: LoadedSchema,
    config: Config | None,
    today: date,
    fail_on: str,
) -> Drifted:
    """Compare two schemas, judging each change against our operations when a config says
    where they are."""
    from generator.drift.compare import compare_schemas  # only `diff` and `drift` need it

    operations, diagnostics = _operations_for_drift(old, new, config)
    report = compare_schemas(
        old.schema,
        new.schema,
        old_locations=old.locations,
        old_name=old.name,
        new_name=new.name,
        operations=operations,
        allowances=config.deprecations.allow if config is not None else (),
        forward_compatible=config.features.forward_compatible if config is not None else False,
        today=today,
        fail_on=fail_on,
    )
    return Drifted(report, diagnostics)


def _operations_for_drift(
    old: LoadedSchema, new: LoadedSchema, config: Config | None
) -> tuple[OperationSet | None, tuple[Diagnostic, ...]]:
    if config is None:
        return None, ()
    files = find_operation_files(config.queries, config.relative(config.queries))
    parsed = parse_files((path, config.relative(path)) for path in files)
    operations, diagnostics = validate_operations(old.schema, parsed)
    errors = [d for d in diagnostics if d.is_error]
    if not errors:
        return operations, ()
    files_hit = sorted({d.location.path for d in errors if d.location is not None})
    warning = Diagnostic(
        Severity.WARNING,
        "drift-old-invalid",
        f"our operations do not all validate against {old.name} ({len(errors)} errors in "
        f"{', '.join(files_hit)}): their uses are taken from both schemas",
        Location(old.name),
        hint=f"`rye-codegen check --schema {old.name}` lists the errors",
    )
    return operations, (warning,)


def replace_snapshot(config: Config, new: LoadedSchema) -> bool:
    """Write `new` in canonical form as the snapshot; False when it is already that."""
    with _snapshot_folder_locked(config):
        current = config.schema.read_text("utf-8", "replace") if config.schema.exists() else None
        if current == new.canonical:
            return False
        shown = config.relative(config.schema)
        write_files_together([(config.schema, new.canonical, shown)], locked=True)
        return True


@contextlib.contextmanager
def _snapshot_folder_locked(config: Config) -> Iterator[None]:
    """Compare with the snapshot and replace it as one step: two runs at once (a pull and a
    snapshot, two pulls) take turns, so none judges a snapshot another is replacing and
    leaves a lock that does not match it."""
    folder = config.schema.parent
    finish_interrupted_writes(folder)  # takes the lock itself, so before it is held
    folder.mkdir(parents=True, exist_ok=True)
    with serialised(folder, config.relative(config.schema)):
        yield


# --- live ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pulled:
    wrote_snapshot: bool
    wrote_lock: bool
    drift: Drifted | None  # None when there was no snapshot to compare with


def pull(config: Config, fetched: LoadedSchema, lock_text: str, today: date) -> Pulled:
    """Write the fetched schema and its lock together; touch neither when nothing changed,
    so a scheduled pull makes no churn in git."""
    lock = lock_path(config.schema)
    with _snapshot_folder_locked(config):
        current = _snapshot_if_it_loads(config)
        drifted = drift_report(current, fetched, config, today, "impact") if current else None
        schema_changed = current is None or current.source.body != fetched.canonical
        lock_changed = schema_changed or not _lock_matches(lock, lock_text)
        writes = []
        if schema_changed:
            writes.append((config.schema, fetched.canonical, config.relative(config.schema)))
        if lock_changed:
            writes.append((lock, lock_text, config.relative(lock)))
        write_files_together(writes, locked=True)
    return Pulled(schema_changed, lock_changed, drifted)


def _snapshot_if_it_loads(config: Config) -> LoadedSchema | None:
    """The current snapshot; a missing or broken one is what a pull replaces. (Read under the
    folder's lock, after any interrupted write was finished.)"""
    if not config.schema.is_file():
        return None
    try:
        return load_schema_file(config.schema, config.relative(config.schema))
    except RyeCodegenError:
        return None


def _lock_matches(lock: Path, lock_text: str) -> bool:
    """The same endpoint and schema: the fetch time alone is no change."""
    if not lock.is_file():
        return False
    try:
        current = json.loads(lock.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return False
    wanted = json.loads(lock_text)
    return isinstance(current, dict) and all(
        current.get(key) == wanted[key] for key in ("endpoint", "schema_sha256")
    )
