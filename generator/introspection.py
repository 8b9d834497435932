"""Build a schema from an introspection result: bare, or wrapped in `data`, with `errors` or not."""

from __future__ import annotations

import json
import re
from typing import Any

from graphql import GraphQLError, GraphQLSchema, Source, build_client_schema, validate_schema

from generator.diagnostics import Location, excerpt_at
from generator.errors import SchemaError

EXPECTED = 'expected {"__schema": ...} or {"data": {"__schema": ...}}'


_JSON_SCALARS = re.compile(r"null|true|false|-?\d[\d.eE+-]*")


def looks_like_json(text: str) -> bool:
    """SDL never starts with `{` or `[`, nor is it a bare JSON scalar."""
    stripped = text.strip()
    return stripped.startswith(("{", "[")) or bool(_JSON_SCALARS.fullmatch(stripped))


def schema_from_introspection(source: Source) -> GraphQLSchema:
    result = _introspection_result(_parse_json(source), source.name)
    try:
        schema = build_client_schema(result)  # type: ignore[arg-type]
    except RecursionError as error:
        raise SchemaError(
            "invalid introspection result: types nest too deeply", Location(source.name)
        ) from error
    except Exception as error:  # any shape of bad JSON: graphql-core checks little of it
        raise SchemaError(
            f"invalid introspection result: {_describe(error)}", Location(source.name)
        ) from error
    problems = validate_schema(schema)
    if problems:
        raise SchemaError(f"invalid schema: {problems[0].message}", Location(source.name))
    return schema


def _describe(error: Exception) -> str:
    """graphql-core's own messages where it has them; Python's are shown with their kind."""
    if isinstance(error, GraphQLError | TypeError):
        return str(error).splitlines()[0]
    return f"{type(error).__name__}: {error}"


def _parse_json(source: Source) -> Any:
    try:
        return json.loads(source.body)
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
