"""Build a schema from an introspection result: bare, or wrapped in `data`, with `errors` or not."""

from __future__ import annotations

import json
import re
from typing import Any

from graphql import (
    DirectiveLocation,
    GraphQLError,
    GraphQLSchema,
    Source,
    build_client_schema,
    specified_directives,
    validate_schema,
)

from generator.diagnostics import Location, excerpt_at
from generator.errors import SchemaError
from generator.wrappers import refuse_overwrapped

EXPECTED = 'expected {"__schema": ...} or {"data": {"__schema": ...}}'


_KNOWN_LOCATIONS = frozenset(location.name for location in DirectiveLocation)
_JSON_SCALARS = re.compile(r"null|true|false|-?\d[\d.eE+-]*")


def looks_like_json(text: str) -> bool:
    """SDL never starts with `{` or `[`, nor is it a bare JSON scalar."""
    stripped = text.strip()
    return stripped.startswith(("{", "[")) or bool(_JSON_SCALARS.fullmatch(stripped))


def schema_from_introspection(source: Source) -> GraphQLSchema:
    result = _known_directive_locations(_introspection_result(_parse_json(source), source.name))
    try:
        schema = _with_specified_directives(build_client_schema(result))  # type: ignore[arg-type]
    except RecursionError as error:
        raise SchemaError(
            "invalid introspection result: types nest too deeply", Location(source.name)
        ) from error
    except Exception as error:  # any shape of bad JSON: graphql-core checks little of it
        raise SchemaError(
            f"invalid introspection result: {_describe(error)}", Location(source.name)
        ) from error
    try:
        problems = validate_schema(schema)
    except (TypeError, RecursionError) as error:  # graphql-core resolves fields lazily
        raise SchemaError(
            f"invalid schema: {first_sentence(error)}", Location(source.name)
        ) from error
    if problems:
        raise SchemaError(f"invalid schema: {problems[0].message}", Location(source.name))
    refuse_overwrapped(schema, source)
    return schema


def first_sentence(error: BaseException) -> str:
    """graphql-core repeats "X fields cannot be resolved." once per level it recursed."""
    return str(error).split(". ", 1)[0].rstrip(".") + "."


def _known_directive_locations(result: dict[str, Any]) -> dict[str, Any]:
    """Newer servers list directive locations graphql-core 3.2 does not know (for example
    FRAGMENT_VARIABLE_DEFINITION); building would fail on them. A client never sends those
    directives, so the unknown locations are dropped, and a directive left with none too."""
    schema = result.get("__schema")
    if not isinstance(schema, dict) or not isinstance(schema.get("directives"), list):
        return result
    directives: list[Any] = schema["directives"]
    kept = []
    for directive in directives:
        if isinstance(directive, dict) and isinstance(directive.get("locations"), list):
            locations = [loc for loc in directive["locations"] if loc in _KNOWN_LOCATIONS]
            if not locations:
                continue
            directive = {**directive, "locations": locations}
        kept.append(directive)
    return {**result, "__schema": {**schema, "directives": kept}}


def _with_specified_directives(schema: GraphQLSchema) -> GraphQLSchema:
    """A server that lists no directives still executes @include and @skip: assume the
    specified ones, as graphql-js does, so operations using them validate."""
    if schema.directives:
        return schema
    kwargs = schema.to_kwargs()
    kwargs["directives"] = tuple(specified_directives)
    return GraphQLSchema(**kwargs)


def _describe(error: Exception) -> str:
    """graphql-core's own messages where it has them; Python's are shown with their kind."""
    if isinstance(error, GraphQLError | TypeError):
        return str(error).splitlines()[0]
    return f"{type(error).__name__}: {error}"


def _parse_json(source: Source) -> Any:
    try:
        document = json.loads(source.body)
        # `"\ud83d"` alone parses, but is no Unicode text: the snapshot could not be written.
        json.dumps(document, ensure_ascii=False).encode("utf-8")
        return document
    except UnicodeEncodeError as error:
        raise SchemaError(
            "invalid JSON text: it holds a lone UTF-16 surrogate escape (like \\ud83d), "
            "which is no Unicode character",
            Location(source.name),
        ) from error
    except RecursionError as error:
        raise SchemaError("invalid JSON: nested too deeply", Location(source.name)) from error
    except json.JSONDecodeError as error:
        raise SchemaError(
            f"invalid JSON: {error.msg}",
            Location(source.name, error.lineno, error.colno),
            excerpt=excerpt_at(source, error.lineno, error.colno),
        ) from error


def _introspection_result(document: Any, shown_as: str) -> dict[str, Any]:
    if not isinstance(document, dict):
        raise SchemaError(f"not an introspection result: {EXPECTED}", Location(shown_as))
    if "__schema" in document:
        return document
    data = document.get("data")
    if isinstance(data, dict) and "__schema" in data:
        return data
    errors = document.get("errors")
    if isinstance(errors, list) and errors:
        first = errors[0].get("message") if isinstance(errors[0], dict) else errors[0]
        raise SchemaError(f"the introspection query failed: {first}", Location(shown_as))
    raise SchemaError(f"not an introspection result: {EXPECTED}", Location(shown_as))
