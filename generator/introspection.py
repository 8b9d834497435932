"""Build a schema from an introspection result: bare, or wrapped in `data`, with `errors` or not."""

from __future__ import annotations

import json
from typing import Any

from graphql import GraphQLSchema, Source, build_client_schema, validate_schema

from generator.diagnostics import Location, excerpt_at
from generator.errors import SchemaError

EXPECTED = 'expected {"__schema": ...} or {"data": {"__schema": ...}}'


def looks_like_json(text: str) -> bool:
    return text.lstrip().startswith(("{", "["))


def schema_from_introspection(source: Source) -> GraphQLSchema:
    result = _introspection_result(_parse_json(source), source.name)
    try:
        schema = build_client_schema(result)  # type: ignore[arg-type]
    except (TypeError, ValueError, KeyError) as error:
        raise SchemaError(
            f"invalid introspection result: {error}", Location(source.name)
        ) from error
    problems = validate_schema(schema)
    if problems:
        raise SchemaError(f"invalid schema: {problems[0].message}", Location(source.name))
    return schema


def _parse_json(source: Source) -> Any:
    try:
        return json.loads(source.body)
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
