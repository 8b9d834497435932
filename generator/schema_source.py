"""Load a schema from an SDL file into a `LoadedSchema`; its errors carry path:line:col."""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from graphql import (
    DefinitionNode,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    Source,
    build_ast_schema,
    parse,
    validate_schema,
)
from graphql.validation.validate import validate_sdl

from generator import heap
from generator.diagnostics import Location, excerpt_at, place_of
from generator.errors import InputError, SchemaError
from generator.introspection import first_sentence, looks_like_json, schema_from_introspection
from generator.schema_locations import location_index
from generator.snapshot import canonical_sdl, sha256_of
from generator.wrappers import refuse_invalid_defaults, refuse_overwrapped


@dataclass(frozen=True)
class LoadedSchema:
    schema: GraphQLSchema
    source: Source
    # Read back from the cache with the schema, which then has no definition nodes.
    cached_locations: Mapping[str, Location] | None = None

    @cached_property
    def locations(self) -> Mapping[str, Location]:
        """Where each type, member, argument and directive is defined: drift reports point
        there (generator/schema_locations.py)."""
        if self.cached_locations is not None:
            return self.cached_locations
        return location_index(self.schema)

    @cached_property
    def canonical(self) -> str:
        """Sorted and printed: what the snapshot holds. Costly, so only when asked for."""
        try:
            return canonical_sdl(self.schema)
        except (TypeError, GraphQLError) as error:  # a default graphql-core cannot print
            raise SchemaError(
                f"cannot print the schema in canonical form: {first_sentence(error)}",
                Location(self.name),
                hint="a default value graphql-core cannot write back, such as an object "
                "for a custom scalar or a float beyond range",
            ) from error

    @cached_property
    def sha256(self) -> str:
        return sha256_of(self.canonical)

    @property
    def name(self) -> str:
        return self.source.name


def files_below(folder: Path, shown_as: str, suffixes: Sequence[str]) -> list[Path]:
    """The files below `folder` with one of `suffixes`, sorted; a folder that cannot be listed
    is an `InputError` (`Path.rglob` skips it without a word: its files would go missing)."""

    def refuse(error: OSError) -> None:
        where = Path(error.filename or folder)
        below = where.relative_to(folder).as_posix() if where != folder else ""
        shown = f"{shown_as}/{below}" if below else shown_as
        raise InputError(f"cannot read {shown}: {error.strerror}", Location(shown))

    found = [
        Path(root, name)
        for root, _, names in os.walk(folder, onerror=refuse)
        for name in names
        if Path(name).suffix in suffixes
    ]
    return sorted(path for path in found if path.is_file())


def read_text(path: Path, shown_as: str) -> str:
    """A UTF-8 text file with any BOM removed; unreadable input is an `InputError`."""
    if path.is_dir():
        raise InputError(f"{shown_as} is a folder, expected a file", Location(shown_as))
    if path.exists() and not path.is_file():  # /dev/zero, a FIFO: reading may never end
        raise InputError(f"{shown_as} is not a regular file", Location(shown_as))
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError(f"{shown_as} does not exist", Location(shown_as)) from exc
    except OSError as exc:
        raise InputError(f"cannot read {shown_as}: {exc.strerror}", Location(shown_as)) from exc
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{shown_as} is not UTF-8 text (byte {exc.start})", Location(shown_as)
        ) from exc


SDL_SUFFIXES = (".graphql", ".graphqls", ".gql")


def load_schema_file(path: Path, shown_as: str) -> LoadedSchema:
    """An SDL file, a folder of SDL files, or an introspection result (JSON), told apart by
    their content."""
    if path.is_dir():
        return _load_sdl_folder(path, shown_as)
    source = Source(read_text(path, shown_as), shown_as)
    if not source.body.strip():
        raise SchemaError("the schema file is empty", Location(shown_as))
    if looks_like_json(source.body):
        with collector_paused():
            schema = schema_from_introspection(source)
    else:
        schema = build_schema_source(source)
    return LoadedSchema(schema=schema, source=source)


def _load_sdl_folder(folder: Path, shown_as: str) -> LoadedSchema:
    """Every SDL file below `folder`, each parsed as its own Source so errors name it."""
    files = files_below(folder, shown_as, SDL_SUFFIXES)
    if not files:
        raise InputError(f"{shown_as} holds no .graphql files", Location(shown_as))
    sources = [
        Source(
            read_text(p, f"{shown_as}/{p.relative_to(folder).as_posix()}"),
            f"{shown_as}/{p.relative_to(folder).as_posix()}",
        )
        for p in files
    ]
    schema = build_schema_sources(sources)
    return LoadedSchema(schema=schema, source=Source("\n".join(s.body for s in sources), shown_as))


def build_schema_source(source: Source) -> GraphQLSchema:
    """Parse, check and build; the first problem found becomes a located `SchemaError`."""
    return build_schema_sources([source])


def build_schema_sources(sources: Sequence[Source]) -> GraphQLSchema:
    """One schema from several SDL sources: types may be split over files."""
    with collector_paused():
        return _build_schema_sources(sources)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Parsing a schema makes millions of objects and no garbage: the cyclic collector's
    passes over them are wasted work (about a third of parsing a 10 MB schema). Inside a run
    they are frozen before it resumes (generator/heap.py): its first passes would otherwise
    go over every one of them, the schema being the youngest of all."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        heap.settled()
        if enabled:
            gc.enable()


def _build_schema_sources(sources: Sequence[Source]) -> GraphQLSchema:
    definitions: list[DefinitionNode] = []
    for source in sources:
        try:
            definitions.extend(parse(source).definitions)
        except GraphQLError as error:
            raise _schema_error([error], source) from error
    document = DocumentNode(definitions=tuple(definitions))
    source = sources[0]
    sdl_errors = validate_sdl(document)
    if sdl_errors:
        raise _schema_error(sdl_errors, source)
    try:
        schema = build_ast_schema(document, assume_valid_sdl=True)
        schema_errors = validate_schema(schema)
    except (TypeError, RecursionError) as error:  # graphql-core resolves fields lazily
        raise _unbuildable(error, document, source) from error
    if schema_errors:
        raise _schema_error(schema_errors, source)
    refuse_overwrapped(schema, source)
    refuse_invalid_defaults(schema, source)
    return schema


def _unbuildable(error: BaseException, document: DocumentNode, fallback: Source) -> SchemaError:
    """A schema graphql-core fails on while building (an input type whose default value refers
    to itself), at the type it names."""
    message = first_sentence(error)
    named = message.split(" ", 1)[0]
    for definition in document.definitions:
        name = getattr(definition, "name", None)
        if name is not None and name.value == named and definition.loc is not None:
            location, excerpt = place_of(definition.loc)
            return SchemaError(
                f"cannot build the schema: {message}",
                location,
                excerpt=excerpt,
                hint="an input type whose default value refers to the type itself?",
            )
    return SchemaError(f"cannot build the schema: {message}", Location(fallback.name))


def _schema_error(errors: Sequence[GraphQLError], fallback: Source) -> SchemaError:
    error = errors[0]
    # The error's own file, when the schema is split over several.
    source = next(
        (n.loc.source for n in error.nodes or () if n.loc is not None), error.source or fallback
    )
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    if not error.locations:
        return SchemaError(f"invalid schema: {error.message}{more}", Location(source.name))
    first = error.locations[0]
    return SchemaError(
        error.message + more,
        Location(source.name, first.line, first.column),
        excerpt=excerpt_at(source, first.line, first.column),
    )
