"""Find, parse and validate the operation files; every file is its own named `Source`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from graphql import (
    DefinitionNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    Node,
    OperationDefinitionNode,
    Source,
    parse,
    specified_rules,
    validate,
    visit,
)
from graphql.language import Visitor
from graphql.validation import (
    ASTValidationRule,
    ExecutableDefinitionsRule,
    LoneAnonymousOperationRule,
    NoUnusedFragmentsRule,
    UniqueFragmentNamesRule,
    UniqueOperationNamesRule,
)
from graphql.validation.validate import ValidationAbortedError

from generator.cache import digest
from generator.depth import too_deep
from generator.diagnostics import Diagnostic, Location, Severity, excerpt_at, place_of, start_of
from generator.errors import InputError
from generator.schema_source import files_below, read_text

OPERATION_SUFFIXES = (".graphql", ".gql")
# graphql-core's rules that look across definitions; the others judge each operation with its
# fragments alone (and each fragment and definition nobody uses), so a known-valid one can be
# left out of them (generator/validation_cache.py).
ACROSS_DEFINITIONS: tuple[type[ASTValidationRule], ...] = (
    ExecutableDefinitionsRule,
    UniqueOperationNamesRule,
    LoneAnonymousOperationRule,
    UniqueFragmentNamesRule,
    NoUnusedFragmentsRule,
)
ONE_OPERATION = tuple(rule for rule in specified_rules if rule not in ACROSS_DEFINITIONS)
MAX_ERRORS = 1000  # graphql-core stops at 100 by default, with an unlocated "aborted" error
ANONYMOUS_NOT_ALONE = "This anonymous operation must be the only defined operation."


@dataclass(frozen=True)
class Operation:
    name: str
    node: OperationDefinitionNode
    path: str
    fragments: tuple[str, ...]

    @property
    def kind(self) -> str:
        return self.node.operation.value


@dataclass(frozen=True)
class OperationSet:
    sources: tuple[Source, ...]
    operations: tuple[Operation, ...]
    fragments: Mapping[str, FragmentDefinitionNode]

    def document(self, operation: Operation) -> DocumentNode:
        fragments = tuple(self.fragments[name] for name in operation.fragments)
        return DocumentNode(definitions=(operation.node, *fragments))

    def operations_using_fragment(self, fragment: str) -> tuple[str, ...]:
        return tuple(op.name for op in self.operations if fragment in op.fragments)

    def unit(self, operation: Operation) -> str:
        """A digest of the operation's text and its fragments' (generator/validation_cache.py)."""
        return _unit(operation, self.fragments)


def _unit(operation: Operation, fragments: Mapping[str, FragmentDefinitionNode]) -> str:
    nodes = (operation.node, *(fragments[name] for name in operation.fragments))
    return digest(*(_text(node) for node in nodes))


def _text(node: Node) -> str:
    assert node.loc is not None
    return node.loc.source.body[node.loc.start : node.loc.end]


@dataclass(frozen=True)
class ParsedFiles:
    sources: tuple[Source, ...]
    documents: tuple[DocumentNode, ...]
    diagnostics: tuple[Diagnostic, ...]


def find_operation_files(queries: Path, shown_as: str) -> list[Path]:
    if not queries.exists():
        raise InputError(
            "the operations folder does not exist",
            Location(shown_as),
            hint="create it, or point `queries` in [tool.rye-codegen] at your operations",
        )
    if not queries.is_dir():
        raise InputError("the operations folder is a file, not a folder", Location(shown_as))
    files = files_below(queries, shown_as, OPERATION_SUFFIXES)
    if not files:
        raise InputError(
            "the operations folder holds no .graphql files",
            Location(shown_as),
            hint="add an operation, e.g. queries/get_cart.graphql",
        )
    return files


def parse_files(files: Iterable[tuple[Path, str]]) -> ParsedFiles:
    sources: list[Source] = []
    documents: list[DocumentNode] = []
    diagnostics: list[Diagnostic] = []
    for path, shown_as in files:
        source = Source(read_text(path, shown_as), shown_as)
        sources.append(source)
        if not source.body.strip() or _only_comments(source.body):
            diagnostics.append(
                Diagnostic(
                    Severity.ERROR,
                    "op-empty",
                    "the file holds no operation or fragment",
                    Location(shown_as, 1, 1),
                    hint="delete the file, or write an operation in it",
                )
            )
            continue
        try:
            documents.append(parse(source))
        except GraphQLError as error:
            diagnostics.append(graphql_diagnostic(error, "op-syntax"))
    return ParsedFiles(tuple(sources), tuple(documents), tuple(diagnostics))


@dataclass(frozen=True)
class Named:
    """An operation or fragment definition's name, and where it stands."""

    name: str
    is_operation: bool
    location: Location


def named_definitions(parsed: ParsedFiles) -> tuple[Named, ...]:
    return tuple(
        Named(
            definition.name.value,
            isinstance(definition, OperationDefinitionNode),
            start_of(definition.name.loc),
        )
        for document in parsed.documents
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode | FragmentDefinitionNode)
        and definition.name is not None
        and definition.name.loc is not None
    )


def _only_comments(body: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in body.splitlines())


def validate_operations(
    schema: GraphQLSchema, parsed: ParsedFiles, known_valid: frozenset[str] = frozenset()
) -> tuple[OperationSet, tuple[Diagnostic, ...]]:
    """Validate every definition of every file together, so fragments may live anywhere.
    `known_valid`: the units (`OperationSet.unit`) found valid against this schema before,
    which graphql-core's rules for one operation need not check again."""
    definitions = tuple(d for doc in parsed.documents for d in doc.definitions)
    fragments = {d.name.value: d for d in definitions if isinstance(d, FragmentDefinitionNode)}
    spreads = {name: _spread_names(node) for name, node in fragments.items()}
    operations = tuple(
        _operation(node, fragments, spreads)
        for node in definitions
        if isinstance(node, OperationDefinitionNode) and node.name
    )
    operation_set = OperationSet(parsed.sources, operations, fragments)
    diagnostics = list(parsed.diagnostics)
    diagnostics.extend(_anonymous(definitions))
    diagnostics.extend(_aliased_typenames(definitions))
    diagnostics.extend(_without_root_type(schema, definitions))
    deep = list(too_deep(definitions))
    errors = deep + [
        _located_abort(schema, error, operations, fragments) if _aborted(error) else error
        for error in _spec_errors(schema, definitions, operations, fragments, known_valid)
        if not error.message.startswith(ANONYMOUS_NOT_ALONE)  # op-anonymous says more
        and not (deep and _aborted(error))  # the depth errors say where and why
    ]
    diagnostics.extend(
        _with_users(graphql_diagnostic(e, "op-invalid"), e, definitions, operation_set)
        for e in errors
    )
    return operation_set, tuple(diagnostics)


def _spec_errors(
    schema: GraphQLSchema,
    definitions: tuple[DefinitionNode, ...],
    operations: tuple[Operation, ...],
    fragments: Mapping[str, FragmentDefinitionNode],
    known_valid: frozenset[str],
) -> list[GraphQLError]:
    """graphql-core's rules: those across definitions over all of them, the others over the
    definitions no known-valid unit covers (a fragment only they use is checked with them)."""
    known = {id(op.node): op for op in operations if _unit(op, fragments) in known_valid}
    if not known:
        document = DocumentNode(definitions=definitions)
        return validate(schema, document, specified_rules, max_errors=MAX_ERRORS)
    unknown = [op for op in operations if id(op.node) not in known]
    needed = {id(fragments[name]) for op in unknown for name in op.fragments}
    covered = set(known) | {id(fragments[name]) for op in known.values() for name in op.fragments}
    rest = tuple(d for d in definitions if id(d) not in covered or id(d) in needed)
    everything = DocumentNode(definitions=definitions)
    across = validate(schema, everything, ACROSS_DEFINITIONS, max_errors=MAX_ERRORS)
    alone = validate(schema, DocumentNode(definitions=rest), ONE_OPERATION, max_errors=MAX_ERRORS)
    return across + alone


def _aborted(error: GraphQLError) -> bool:
    return isinstance(error, ValidationAbortedError) and not error.nodes


def _located_abort(
    schema: GraphQLSchema,
    error: GraphQLError,
    operations: Iterable[Operation],
    fragments: Mapping[str, FragmentDefinitionNode],
) -> GraphQLError:
    """graphql-core gives up, without a place, on what is too large for its work budgets (a
    selection of very many fields, fragments spread very often) or its recursion limit. The
    operation that does it alone is found by validating each on its own, in this rare case."""
    for operation in operations:
        alone = DocumentNode(
            definitions=(operation.node, *(fragments[name] for name in operation.fragments))
        )
        if any(_aborted(e) for e in validate(schema, alone, specified_rules)):
            return GraphQLError(
                f"Operation '{operation.name}' is too large for graphql-core to validate "
                "(very many fields in one selection, or fragments spread very often).",
                operation.node.name or operation.node,
            )
    return error


def _operation(
    node: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    spreads: Mapping[str, frozenset[str]],
) -> Operation:
    assert node.name is not None and node.loc is not None
    used = sorted(_transitive(_spread_names(node), spreads) & fragments.keys())
    return Operation(node.name.value, node, node.loc.source.name, tuple(used))


def _transitive(start: frozenset[str], spreads: Mapping[str, frozenset[str]]) -> set[str]:
    seen: set[str] = set()
    pending = list(start)
    while pending:
        name = pending.pop()
        if name not in seen:
            seen.add(name)
            pending.extend(spreads.get(name, ()))
    return seen


def _spread_names(node: DefinitionNode) -> frozenset[str]:
    names: set[str] = set()

    class Spreads(Visitor):
        def enter_fragment_spread(self, spread: FragmentSpreadNode, *_: object) -> None:
            names.add(spread.name.value)

    visit(node, Spreads())
    return frozenset(names)


def _at(node: Node, code: str, message: str, hint: str) -> Diagnostic:
    """An error at where `node` starts, with the excerpt there."""
    assert node.loc is not None
    return Diagnostic(Severity.ERROR, code, message, *place_of(node.loc), hint=hint)


def _anonymous(definitions: Iterable[DefinitionNode]) -> Iterator[Diagnostic]:
    for node in definitions:
        if isinstance(node, OperationDefinitionNode) and node.name is None and node.loc:
            yield _at(
                node,
                "op-anonymous",
                f"anonymous {node.operation.value}: every operation needs a name, which "
                "becomes its client method and result model",
                f"name it, e.g. `{node.operation.value} GetCart(...)`",
            )


def _aliased_typenames(definitions: Iterable[DefinitionNode]) -> Iterator[Diagnostic]:
    """The models tell the members of a union or an interface apart by `__typename`, under
    that name: `kind: __typename` leaves them without it, and `__typename: id` sends a field
    that conflicts with the one the client adds."""
    found: list[FieldNode] = []

    class Aliases(Visitor):
        def enter_field(self, node: FieldNode, *_: object) -> None:
            if node.alias and "__typename" in (node.name.value, node.alias.value):
                found.append(node)

    for definition in definitions:
        visit(definition, Aliases())
    for node in found:
        assert node.alias is not None
        yield _at(
            node,
            "op-invalid",
            f"`{node.alias.value}: {node.name.value}`: `__typename` cannot be aliased, nor be "
            "an alias; the generated models read it under its own name",
            "select `__typename` without an alias, and give the other field another alias",
        )


def _without_root_type(
    schema: GraphQLSchema, definitions: Iterable[DefinitionNode]
) -> Iterator[Diagnostic]:
    """graphql-core 3.2 validates a mutation against a schema without Mutation type."""
    for node in definitions:
        if (
            isinstance(node, OperationDefinitionNode)
            and node.loc is not None
            and schema.get_root_type(node.operation) is None
        ):
            yield Diagnostic(
                Severity.ERROR,
                "op-invalid",
                f"the schema has no {node.operation.value} type",
                *place_of(node.loc),
            )


def graphql_diagnostic(error: GraphQLError, code: str) -> Diagnostic:
    places = _places(error)
    if not places:
        return Diagnostic(Severity.ERROR, code, error.message)
    (source, line, column), others = places[0], places[1:]
    hint = (
        "also at " + ", ".join(f"{s.name}:{ln}:{col}" for s, ln, col in others) if others else None
    )
    return Diagnostic(
        Severity.ERROR,
        code,
        error.message,
        Location(source.name, line, column),
        excerpt_at(source, line, column),
        hint,
    )


def _places(error: GraphQLError) -> list[tuple[Source, int, int]]:
    """Every (source, line, column) an error points at, across files."""
    nodes = [node for node in error.nodes or () if node.loc is not None]
    if nodes:
        places = []
        for node in nodes:
            assert node.loc is not None
            start = start_of(node.loc)
            places.append((node.loc.source, start.line, start.column))
        return places
    source = error.source or _node_source(error)
    if source is None or not error.locations:
        return []
    return [(source, location.line, location.column) for location in error.locations]


def _node_source(error: GraphQLError) -> Source | None:
    for node in error.nodes or ():
        if node.loc is not None:
            return node.loc.source
    return None


def _with_users(
    diagnostic: Diagnostic,
    error: GraphQLError,
    definitions: Iterable[DefinitionNode],
    operations: OperationSet,
) -> Diagnostic:
    """An error inside a fragment names the operations that spread it."""
    node = next((n for n in error.nodes or () if n.loc is not None), None)
    if node is None or node.loc is None:
        return diagnostic
    for definition in definitions:
        if isinstance(definition, FragmentDefinitionNode) and _contains(definition, node):
            users = operations.operations_using_fragment(definition.name.value)
            if users:
                hint = f"in fragment {definition.name.value}, used by {', '.join(users)}"
                return Diagnostic(
                    diagnostic.severity,
                    diagnostic.code,
                    diagnostic.message,
                    diagnostic.location,
                    diagnostic.excerpt,
                    hint,
                )
    return diagnostic


def _contains(outer: DefinitionNode, inner: object) -> bool:
    loc = getattr(inner, "loc", None)
    return (
        outer.loc is not None
        and loc is not None
        and outer.loc.source is loc.source
        and outer.loc.start <= loc.start < outer.loc.end
    )
