"""Hypothesis strategies for random rye-codegen projects: a schema, operations on it, and the
responses a server could send for them (tests/test_properties.py).

Schemas hold objects, interfaces, unions, enums and input types, with lists and non-null at
every depth, and names drawn from the kinds that break code generators: Python keywords,
builtins, pydantic `BaseModel` attributes, leading underscores, names that collide once
snake-cased, and the names the generated modules import. Descriptions are hostile text.

Operations select a random part of the schema: variables for arguments, nested selections to
a bounded depth, `__typename` and inline fragments under every union and interface. Every
response name in a selection set is unique (a repeated field gets an alias), so operations are
valid without relying on field merging.

Responses are what graphql-core's executor answers for an operation, with resolvers that
return random values of each field's type.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    GraphQLArgument,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLEnumValue,
    GraphQLField,
    GraphQLFloat,
    GraphQLID,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInt,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLString,
    GraphQLType,
    GraphQLUnionType,
    build_schema,
    execute,
    get_named_type,
    is_leaf_type,
    parse,
    print_schema,
    validate,
)
from hypothesis import strategies as st

KEYWORDS = ["class", "from", "import", "def", "None", "True", "async", "await", "lambda", "match"]
BUILTINS = ["int", "str", "float", "bool", "list", "dict", "type", "id", "bytes", "object"]
PYDANTIC = ["schema", "json", "copy", "model_config", "model_dump", "fields", "validate", "dict_"]
UNDERSCORED = ["_id", "_", "_type", "_value_", "_missing_"]
COLLIDING = ["userId", "user_id", "UserId", "user_Id", "typename", "typename__"]
IMPORTED = ["BaseModel", "Field", "Optional", "List", "Any", "Enum", "Literal", "Union"]
PARAMETERS = ["self", "kwargs", "query", "variables", "operation_name", "input", "gql"]
PLAIN = ["name", "value", "node", "items", "total", "createdAt"]

FIELD_NAMES = KEYWORDS + BUILTINS + PYDANTIC + UNDERSCORED + COLLIDING + IMPORTED + PLAIN
ARGUMENT_NAMES = PARAMETERS + KEYWORDS[:4] + BUILTINS[:8] + COLLIDING[:3] + ["_id", "first"]
ENUM_VALUES = ["A", "None", "True", "mro", "name", "value", "_value_", "upper", "class", "_1"]
TYPE_NAMES = (
    ["Thing", "Item", "Node", "Shape", "Cart", "Order", "Store", "Price", "Error", "Status"]
    + IMPORTED
    + ["str", "int", "type", "schema", "Client", "AsyncClient", "UNSET", "datetime", "Decimal"]
    + ["UserId", "userId", "_Private", "GraphQLClientError", "RequestOptions", "Environment"]
)
# An operation named like a module of the package (`Client`) is refused with a located error
# by design (generator/emit/naming.py), so none is drawn here.
OPERATION_NAMES = ["GetThing", "Thing", "class", "List", "None", "Field", "cancelOrder", "Q_1"]
DESCRIPTIONS = [
    None,
    'Says """ and \\ and "quoted" text',
    "ünïcødé ✓ and emoji 🛒",
    "line one\nline two\n  indented",
    "'''single''' {{ jinja }} ${shell} `code` %0A::error::forged",
    '\\"""',
]
WRAPPERS = ["T", "T!", "[T]", "[T!]", "[T]!", "[T!]!", "[[T!]]"]
SCALARS: list[GraphQLScalarType] = [
    GraphQLInt,
    GraphQLFloat,
    GraphQLString,
    GraphQLBoolean,
    GraphQLID,
]
STRINGS = ["", "text", 'quote " and \\ backslash', "ünïcødé", "line\nbreak", "\u2028", "🛒"]


@dataclass(frozen=True)
class RandomProject:
    """One drawn example, shown as the files a user would write (its repr is the report
    hypothesis prints for a falsifying example)."""

    sdl: str
    operations: dict[str, str]  # file name -> text
    variables: dict[str, dict[str, Any]]  # operation name -> variable values
    seed: int

    def __repr__(self) -> str:
        files = "".join(f"\n# queries/{name}\n{text}" for name, text in self.operations.items())
        return f"RandomProject(seed={self.seed})\n# schema.graphql\n{self.sdl}{files}"


def wrap(named: GraphQLNamedType, wrapper: str) -> GraphQLType:
    """`named` wrapped as the pattern says: `[T!]!` is a non-null list of non-null `named`."""
    if wrapper == "T":
        return named
    if wrapper.endswith("!"):
        return GraphQLNonNull(wrap(named, wrapper[:-1]))  # type: ignore[arg-type]
    assert wrapper.startswith("[") and wrapper.endswith("]")
    return GraphQLList(wrap(named, wrapper[1:-1]))


@dataclass(frozen=True)
class _FieldSpec:
    """A field drawn before the types it names exist (object fields may name any type)."""

    name: str
    type_name: str
    wrapper: str
    arguments: tuple[tuple[str, str, str], ...]  # (name, type name, wrapper)
    description: str | None


@st.composite
def schemas(draw: st.DrawFn) -> GraphQLSchema:
    counts = [
        draw(st.integers(low, high)) for low, high in [(0, 2), (0, 2), (0, 2), (1, 4), (0, 1)]
    ]
    counts[3] = max(counts[3], counts[2])  # an object for each interface to implement
    drawn = draw(
        st.lists(
            st.sampled_from(TYPE_NAMES), min_size=sum(counts), max_size=sum(counts), unique=True
        )
    )
    names: dict[str, list[str]] = {}
    for kind, count in zip(["enum", "input", "interface", "object", "union"], counts, strict=True):
        names[kind], drawn = drawn[:count], drawn[count:]
    types: dict[str, GraphQLNamedType] = {t.name: t for t in SCALARS}
    leaves = [t.name for t in SCALARS] + names["enum"]
    composites = names["object"] + names["interface"] + names["union"]
    describe = st.sampled_from(DESCRIPTIONS)
    for name in names["enum"]:
        values = draw(st.lists(st.sampled_from(ENUM_VALUES), min_size=1, max_size=4, unique=True))
        types[name] = GraphQLEnumType(
            name,
            {v: GraphQLEnumValue(v, description=draw(describe)) for v in values},
            description=draw(describe),
        )
    inputs: list[str] = []
    for name in names["input"]:  # fields of leaves and earlier inputs: no input needs itself
        specs = _field_specs(draw, leaves + inputs, [], arguments=[])
        types[name] = GraphQLInputObjectType(
            name, _input_thunk(types, specs), description=draw(describe)
        )
        inputs.append(name)
    argument_types = leaves + inputs
    interface_fields = {}
    for name in names["interface"]:
        specs = _field_specs(draw, leaves, composites, arguments=[])
        interface_fields[name] = specs
        types[name] = GraphQLInterfaceType(
            name, _output_thunk(types, specs), description=draw(describe)
        )
    for index, name in enumerate(names["object"]):
        # Every interface has an implementation (object i implements interface i; there are
        # at least as many objects), the other objects one interface at random or none.
        implemented = names["interface"][index : index + 1]
        if not implemented and names["interface"] and draw(st.booleans()):
            implemented = [draw(st.sampled_from(names["interface"]))]
        inherited = [spec for i in implemented for spec in interface_fields[i]]
        inherited = list({spec.name: spec for spec in inherited}.values())
        taken = {spec.name for spec in inherited}
        own = _field_specs(draw, leaves, composites, arguments=argument_types, taken=taken)
        types[name] = GraphQLObjectType(
            name,
            _output_thunk(types, inherited + own),
            interfaces=_interfaces_thunk(types, implemented),
            description=draw(describe),
        )
    for name in names["union"]:
        members = draw(
            st.lists(st.sampled_from(names["object"]), min_size=1, max_size=3, unique=True)
        )
        types[name] = GraphQLUnionType(
            name, _members_thunk(types, members), description=draw(describe)
        )
    roots = _field_specs(draw, composites or leaves, [], arguments=argument_types, leaf_first=False)
    query = GraphQLObjectType("Query", _output_thunk(types, roots))
    extra = [t for n, t in types.items() if n not in {s.name for s in SCALARS}]
    # Round-trip through SDL: the schema the tests use is exactly the one the generator reads.
    return build_schema(print_schema(GraphQLSchema(query, types=extra)))


def _field_specs(
    draw: st.DrawFn,
    leaves: list[str],
    composites: list[str],
    *,
    arguments: list[str],
    taken: set[str] | None = None,
    leaf_first: bool = True,
) -> list[_FieldSpec]:
    """1 to 5 fields; the first is a leaf (unless `leaf_first` is off), so a selection can end."""
    pool = [n for n in FIELD_NAMES if n not in (taken or set())]
    names = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=5, unique=True))
    specs = []
    for index, name in enumerate(names):
        candidates = (
            leaves if (index == 0 and leaf_first) or not composites else leaves + composites
        )
        if composites and not leaf_first:
            candidates = composites
        drawn_arguments: tuple[tuple[str, str, str], ...] = ()
        if arguments and draw(st.booleans()):
            argument_names = draw(
                st.lists(st.sampled_from(ARGUMENT_NAMES), min_size=1, max_size=3, unique=True)
            )
            drawn_arguments = tuple(
                (a, draw(st.sampled_from(arguments)), draw(st.sampled_from(WRAPPERS)))
                for a in argument_names
            )
        specs.append(
            _FieldSpec(
                name,
                draw(st.sampled_from(candidates)),
                draw(st.sampled_from(WRAPPERS)),
                drawn_arguments,
                draw(st.sampled_from(DESCRIPTIONS)),
            )
        )
    return specs


def _output_thunk(
    types: dict[str, GraphQLNamedType], specs: list[_FieldSpec]
) -> Callable[[], dict[str, GraphQLField]]:
    def fields() -> dict[str, GraphQLField]:
        return {
            spec.name: GraphQLField(
                wrap(types[spec.type_name], spec.wrapper),  # type: ignore[arg-type]
                {a: GraphQLArgument(wrap(types[t], w)) for a, t, w in spec.arguments},  # type: ignore[arg-type]
                description=spec.description,
            )
            for spec in specs
        }

    return fields


def _input_thunk(
    types: dict[str, GraphQLNamedType], specs: list[_FieldSpec]
) -> Callable[[], dict[str, GraphQLInputField]]:
    def fields() -> dict[str, GraphQLInputField]:
        return {
            spec.name: GraphQLInputField(
                wrap(types[spec.type_name], spec.wrapper), description=spec.description
            )  # type: ignore[arg-type]
            for spec in specs
        }

    return fields


def _interfaces_thunk(
    types: dict[str, GraphQLNamedType], names: list[str]
) -> Callable[[], list[GraphQLInterfaceType]]:
    return lambda: [types[n] for n in names]  # type: ignore[misc]


def _members_thunk(
    types: dict[str, GraphQLNamedType], names: list[str]
) -> Callable[[], list[GraphQLObjectType]]:
    return lambda: [types[n] for n in names]  # type: ignore[misc]


# Operations ----------------------------------------------------------------------------------


@dataclass
class _Operation:
    """An operation being drawn: its variables (name -> type) and the names they took."""

    variables: dict[str, str] = field(default_factory=dict)
    argument_types: dict[str, GraphQLType] = field(default_factory=dict)

    def variable_for(self, argument: str, type_: GraphQLType) -> str:
        name, number = argument, 1
        while name in self.variables:
            number += 1
            name = f"{argument}{number}"
        self.variables[name] = str(type_)
        self.argument_types[name] = type_
        return name


MAX_DEPTH = 3


@st.composite
def operations(
    draw: st.DrawFn, schema: GraphQLSchema
) -> dict[str, tuple[str, dict[str, GraphQLType]]]:
    """1 to 3 queries: operation name -> (text, variable types)."""
    query = schema.query_type
    assert query is not None
    names = draw(
        st.lists(
            st.sampled_from(OPERATION_NAMES), min_size=1, max_size=3, unique_by=lambda n: n.lower()
        )
    )
    drawn = {}
    for name in names:
        operation = _Operation()
        lines = _selection(draw, schema, query, operation, MAX_DEPTH, "  ")
        variables = ", ".join(f"${v}: {t}" for v, t in operation.variables.items())
        header = f"query {name}({variables})" if variables else f"query {name}"
        drawn[name] = (f"{header} {{\n{''.join(lines)}}}\n", operation.argument_types)
    return drawn


def _selection(
    draw: st.DrawFn,
    schema: GraphQLSchema,
    type_: GraphQLNamedType,
    operation: _Operation,
    depth: int,
    indent: str,
    taken: set[str] | None = None,
) -> list[str]:
    """The lines of a selection set on `type_`; `taken` holds the response names already used
    in this selection set (fragments share their parent's)."""
    taken = taken if taken is not None else set()
    lines: list[str] = []
    if isinstance(type_, GraphQLInterfaceType | GraphQLUnionType):
        taken.add("__typename")
        lines.append(f"{indent}__typename\n")
        if isinstance(type_, GraphQLInterfaceType) and draw(st.booleans()):
            lines += _fields_of(draw, schema, type_, operation, depth, indent, taken)
        possible = sorted(schema.get_possible_types(type_), key=lambda t: t.name)
        for member in draw(
            st.lists(st.sampled_from(possible), unique_by=lambda t: t.name, max_size=3)
        ):
            inner = _fields_of(draw, schema, member, operation, depth, indent + "  ", taken)
            lines += [f"{indent}... on {member.name} {{\n", *inner, f"{indent}}}\n"]
        return lines
    assert isinstance(type_, GraphQLObjectType | GraphQLInterfaceType)
    return _fields_of(draw, schema, type_, operation, depth, indent, taken)


def _fields_of(
    draw: st.DrawFn,
    schema: GraphQLSchema,
    type_: GraphQLObjectType | GraphQLInterfaceType,
    operation: _Operation,
    depth: int,
    indent: str,
    taken: set[str],
) -> list[str]:
    names = list(type_.fields)
    chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=len(names), unique=True))
    if depth <= 0:
        chosen = [n for n in chosen if is_leaf_type(get_named_type(type_.fields[n].type))] or [
            names[0]
        ]
    lines = []
    for name in chosen:
        definition = type_.fields[name]
        response_name, number = name, 1
        while response_name in taken:
            number += 1
            response_name = f"{name}{number}"
        taken.add(response_name)
        alias = f"{response_name}: " if response_name != name else ""
        arguments = [
            f"{argument}: ${operation.variable_for(argument, spec.type)}"
            for argument, spec in definition.args.items()
            if isinstance(spec.type, GraphQLNonNull) or draw(st.booleans())
        ]
        call = f"({', '.join(arguments)})" if arguments else ""
        named = get_named_type(definition.type)
        if is_leaf_type(named):
            lines.append(f"{indent}{alias}{name}{call}\n")
            continue
        inner = _selection(draw, schema, named, operation, depth - 1, indent + "  ")
        lines += [f"{indent}{alias}{name}{call} {{\n", *inner, f"{indent}}}\n"]
    return lines


# Responses -----------------------------------------------------------------------------------


def random_value(
    rng: random.Random, schema: GraphQLSchema, type_: GraphQLType, *, top: bool = True
) -> Any:
    """A value of an output type, as a resolver returns it; objects are answered lazily."""
    if isinstance(type_, GraphQLNonNull):
        return random_value(rng, schema, type_.of_type, top=False)
    if top and rng.random() < 0.15:
        return None
    if isinstance(type_, GraphQLList):
        return [random_value(rng, schema, type_.of_type) for _ in range(rng.randint(0, 2))]
    if isinstance(type_, GraphQLScalarType):
        return _scalar(rng, type_.name)
    if isinstance(type_, GraphQLEnumType):
        return rng.choice(sorted(type_.values))
    if isinstance(type_, GraphQLInterfaceType | GraphQLUnionType):
        possible = sorted(schema.get_possible_types(type_), key=lambda t: t.name)
        return {"__typename": rng.choice(possible).name}
    assert isinstance(type_, GraphQLObjectType)
    return {"__typename": type_.name}


def _scalar(rng: random.Random, name: str) -> Any:
    if name == "Int":
        return rng.choice([0, -1, 2**31 - 1, -(2**31), rng.randint(-1000, 1000)])
    if name == "Float":
        return rng.choice([0.0, -1.5, 3.0, 1e300, 2.5e-300, rng.uniform(-1e6, 1e6)])
    if name == "Boolean":
        return rng.random() < 0.5
    return rng.choice(STRINGS)


def random_input(rng: random.Random, type_: GraphQLType) -> Any:
    """A variable value of an input type: required input fields always, optional ones sometimes."""
    if isinstance(type_, GraphQLNonNull):
        return random_input(rng, type_.of_type)
    if isinstance(type_, GraphQLList):
        return [random_input(rng, type_.of_type) for _ in range(rng.randint(0, 2))]
    if isinstance(type_, GraphQLScalarType):
        return _scalar(rng, type_.name)
    if isinstance(type_, GraphQLEnumType):
        return rng.choice(sorted(type_.values))
    assert isinstance(type_, GraphQLInputObjectType)
    return {
        name: random_input(rng, spec.type)
        for name, spec in type_.fields.items()
        if isinstance(spec.type, GraphQLNonNull) or rng.random() < 0.5
    }


def answer(
    schema: GraphQLSchema, text: str, variables: dict[str, Any], seed: int
) -> dict[str, Any]:
    """What graphql-core's executor answers for one operation with random resolvers: the
    `data` of a response, as JSON would carry it."""
    rng = random.Random(seed)

    def resolve(_parent: Any, info: GraphQLResolveInfo, **_arguments: Any) -> Any:
        return random_value(rng, info.schema, info.return_type)

    for named in schema.type_map.values():
        if isinstance(named, GraphQLObjectType) and not named.name.startswith("__"):
            for definition in named.fields.values():
                definition.resolve = resolve
    document = parse(text)
    errors = validate(schema, document)
    assert not errors, errors
    result = execute(schema, document, variable_values=variables)
    assert result.errors is None, result.errors
    assert result.data is not None
    loaded: dict[str, Any] = json.loads(json.dumps(result.data))
    return loaded


@st.composite
def projects(draw: st.DrawFn) -> RandomProject:
    schema = draw(schemas())
    drawn = draw(operations(schema))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = random.Random(seed)
    texts = {f"op_{index}.graphql": text for index, (text, _) in enumerate(drawn.values())}
    variables = {
        name: {v: random_input(rng, t) for v, t in types.items()}
        for name, (_, types) in drawn.items()
    }
    return RandomProject(print_schema(schema), texts, variables, seed)


Check = Callable[[RandomProject], None]
