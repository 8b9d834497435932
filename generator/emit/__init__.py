"""Emit stage: schema + validated operations → `GeneratedFiles`, in memory, nothing on disk."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from graphql import GraphQLScalarType, GraphQLSchema

from generator.config import Config
from generator.diagnostics import Diagnostic, Severity
from generator.emit.context import EmitContext
from generator.emit.facts import OperationFacts, operation_facts
from generator.emit.flatten import Flattener
from generator.emit.naming import module_name, naming_diagnostics
from generator.emit.wire import WireDocuments
from generator.operations import OperationSet
from generator.policy import DeprecatedUse
from generator.report.markdown import markdown_code, markdown_literal
from generator.schema_source import LoadedSchema
from generator.templating import render_template

GeneratedFiles = Mapping[str, str]

__all__ = ["GeneratedFiles", "emit", "naming_diagnostics", "scalar_diagnostics"]


@dataclass(frozen=True)
class OperationDoc:
    method: str
    name: str
    kind: str
    path: str
    note: str


def emit(
    loaded: LoadedSchema,
    operations: OperationSet,
    config: Config,
    uses: Sequence[DeprecatedUse],
) -> GeneratedFiles:
    """`uses`: the deprecated elements `operations` use, as validation found them."""
    # Here, not at import: `validate` shares this module and never runs ariadne-codegen.
    from generator.emit.engine import run_ariadne

    facts = operation_facts(loaded.schema, operations, uses)
    wire = WireDocuments(loaded.schema)
    context = EmitContext(
        schema_shown=config.relative(config.schema),
        queries_shown=config.relative(config.queries),
        wire_documents={op.name: wire.of(operations.document(op)) for op in operations.operations},
        operations=facts,
        features=config.features,
        scalars=config.scalars,  # checked against the schema by validate_project
    )
    flattener = Flattener(loaded.schema, operations.fragments)
    flat = [flattener.operation(op.node) for op in operations.operations]
    files = run_ariadne(loaded.schema, flat, context, config.target.name)
    files["py.typed"] = context.python_header() + "\n"
    files["README.md"] = render_template(
        "package_readme.md.j2",
        header_lines=context.header_lines(),
        package=config.target.name,
        schema=context.schema_shown,
        queries=context.queries_shown,
        operations=[_document(facts[op.name]) for op in operations.operations],
        sync=config.features.sync_client,
        asynchronous=config.features.async_client,
    )
    return MappingProxyType({path: _normalise(text) for path, text in sorted(files.items())})


def scalar_diagnostics(schema: GraphQLSchema, config: Config) -> list[Diagnostic]:
    """Each configured scalar the schema lacks (a typo, or another schema's example), at its
    config line: found by `validate` too, and all at once."""
    known = [n for n, t in schema.type_map.items() if isinstance(t, GraphQLScalarType)]
    return [
        Diagnostic(
            Severity.ERROR,
            "config",
            f"scalars.{name}: the schema has no scalar `{name}`",
            mapping.location,
            hint=_did_you_mean(name, known),
        )
        for name, mapping in sorted(config.scalars.items())
        if mapping.location is not None and not isinstance(schema.get_type(name), GraphQLScalarType)
    ]


def _did_you_mean(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f"did you mean `{close[0]}`?" if close else f"its scalars: {', '.join(sorted(known))}"


def _document(facts: OperationFacts) -> OperationDoc:
    """The README's row: schema text (a deprecation reason) and file names made inert
    Markdown, as in the drift report, so none can add a heading, a link or HTML."""
    notes = [
        f"deprecated {markdown_code(coordinate)}: {markdown_literal(reason)}"
        for coordinate, reason in facts.deprecated_root
    ]
    return OperationDoc(
        module_name(facts.name), facts.name, facts.kind, markdown_code(facts.path), "; ".join(notes)
    )


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n")
    return text if text.endswith("\n") else text + "\n"
