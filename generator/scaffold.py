"""`rye-codegen add`: a new operation file built from one root field of the schema.

The operation is a graphql-core document printed by graphql-core, never a template: one
variable per argument (with its type and default), every scalar and enum field down to a
depth, and `__typename` plus one inline fragment per possible type under a union or an
interface. The depth limit is what stops a recursive type.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from graphql import (
    ArgumentNode,
    DocumentNode,
    EnumValueNode,
    FieldNode,
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    ListTypeNode,
    ListValueNode,
    NamedTypeNode,
    NameNode,
    NonNullTypeNode,
    ObjectValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionNode,
    SelectionSetNode,
    TypeNode,
    Undefined,
    ValueNode,
    VariableDefinitionNode,
    VariableNode,
    ast_from_value,
    get_named_type,
    is_abstract_type,
    is_leaf_type,
    is_non_null_type,
    print_ast,
    validate,
)

from generator.errors import RyeCodegenError
from generator.scaffold_options import DEFAULT_DEPTH, ScaffoldOptions

__all__ = ["DEFAULT_DEPTH", "Scaffold", "ScaffoldError", "ScaffoldOptions", "scaffold"]
_COORDINATE = re.compile(r"(?P<type>[_A-Za-z][_0-9A-Za-z]*)\.(?P<field>[_A-Za-z][_0-9A-Za-z]*)")
_OPERATION_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")
_TYPENAME = FieldNode(name=NameNode(value="__typename"), arguments=(), directives=())


class ScaffoldError(RyeCodegenError):
    code = "add"


@dataclass(frozen=True)
class Scaffold:
    """A new operation: its name, the file name it wants, and its text."""

    coordinate: str
    operation_name: str
    file_name: str
    text: str
    deprecation_reason: str | None


def scaffold(schema: GraphQLSchema, coordinate: str, options: ScaffoldOptions) -> Scaffold:
    """The operation for the root field `Query.x` or `Mutation.x`, validated against `schema`."""
    if options.depth < 1:
        raise ScaffoldError(f"--depth must be 1 or more, not {options.depth}")
    kind, field_name, field = _root_field(schema, coordinate)
    name = field_name[:1].upper() + field_name[1:] if options.name is None else options.name
    if not _OPERATION_NAME.fullmatch(name):
        raise ScaffoldError(f"{_clipped(name)!r} is not a GraphQL operation name")
    selection = _Selector(schema, options).selection_set(field.type, options.depth)
    arguments = _arguments_to_pass(field, options)
    operation = OperationDefinitionNode(
        operation=kind,
        name=NameNode(value=name),
        variable_definitions=tuple(
            _variable(arg_name, arg, options.include_deprecated) for arg_name, arg in arguments
        ),
        directives=(),
        selection_set=SelectionSetNode(
            selections=(
                FieldNode(
                    name=NameNode(value=field_name),
                    arguments=tuple(_argument(arg_name) for arg_name, _ in arguments),
                    directives=(),
                    selection_set=selection,
                ),
            )
        ),
    )
    document = DocumentNode(definitions=(operation,))
    errors = validate(schema, document)
    if errors:  # a bug of ours: what we build from the schema must validate against it
        raise ScaffoldError(f"the scaffolded operation does not validate: {errors[0].message}")
    return Scaffold(
        coordinate=f"{_root_name(schema, kind)}.{field_name}",
        operation_name=name,
        file_name=f"{snake_case(name)}.graphql",
        text=print_ast(document) + "\n",
        deprecation_reason=field.deprecation_reason,
    )


def snake_case(name: str) -> str:
    """`ProductsByIds` -> `products_by_ids`, `RequestAmazonProductByURL` ->
    `request_amazon_product_by_url`, as the repository's own query files are named."""
    spaced = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", spaced)
    return spaced.lower()


def _root_field(schema: GraphQLSchema, coordinate: str) -> tuple[OperationType, str, GraphQLField]:
    roots = {
        OperationType.QUERY: schema.query_type,
        OperationType.MUTATION: schema.mutation_type,
    }
    match = _COORDINATE.fullmatch(coordinate.strip())
    if match:
        for kind, root in roots.items():
            if root is not None and root.name == match["type"]:
                field = root.fields.get(match["field"])
                if field is not None:
                    return kind, match["field"], field
    known = [
        f"{root.name}.{name}" for root in roots.values() if root is not None for name in root.fields
    ]
    raise ScaffoldError(
        f"{_clipped(coordinate)!r} is not a query or mutation of the schema",
        hint=_did_you_mean(coordinate, known),
    )


def _clipped(text: str, most: int = 80) -> str:
    """What the user typed, as an error quotes it: a pasted page need not come back whole."""
    return text if len(text) <= most else text[: most - 1] + "…"


def _did_you_mean(coordinate: str, known: list[str]) -> str:
    by_lower = {k.lower(): k for k in known}
    close = difflib.get_close_matches(coordinate.strip().lower()[:200], by_lower, n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(f"`{by_lower[c]}`" for c in close) + "?"
    return "a coordinate names a root field, like `Query.productByID` or `Mutation.createCart`"


def _root_name(schema: GraphQLSchema, kind: OperationType) -> str:
    root = schema.get_root_type(kind)
    assert root is not None
    return root.name


def _variable(name: str, arg: GraphQLArgument, include_deprecated: bool) -> VariableDefinitionNode:
    """`$name: Type = default`. The argument's default is left out when it uses a deprecated
    enum value or input field (the server applies it anyway; written here it would be a
    deprecated use the policy refuses) or when graphql-core cannot write it back."""
    default = None
    if arg.default_value is not Undefined:
        try:
            default = ast_from_value(arg.default_value, arg.type)
        except (TypeError, GraphQLError):
            default = None
        if default is not None and not include_deprecated and _deprecated_in(default, arg.type):
            default = None
    return VariableDefinitionNode(
        variable=VariableNode(name=NameNode(value=name)),
        type=_type_node(arg.type),
        default_value=default,
        directives=(),
    )


def _deprecated_in(value: ValueNode, type_: GraphQLInputType) -> bool:
    named = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
    if isinstance(named, GraphQLList):
        items = value.values if isinstance(value, ListValueNode) else (value,)
        return any(_deprecated_in(item, named.of_type) for item in items)
    if isinstance(named, GraphQLEnumType) and isinstance(value, EnumValueNode):
        known = named.values.get(value.value)
        return known is not None and known.deprecation_reason is not None
    if isinstance(named, GraphQLInputObjectType) and isinstance(value, ObjectValueNode):
        for field in value.fields:
            definition = named.fields.get(field.name.value)
            if definition is not None and (
                definition.deprecation_reason is not None
                or _deprecated_in(field.value, definition.type)
            ):
                return True
    return False


def _arguments_to_pass(
    field: GraphQLField, options: ScaffoldOptions
) -> list[tuple[str, GraphQLArgument]]:
    """Every argument, but a deprecated one only with --include-deprecated: passing it would be
    a deprecated use the policy refuses. (A required argument cannot be deprecated.)"""
    return [
        (name, arg)
        for name, arg in field.args.items()
        if arg.deprecation_reason is None or options.include_deprecated
    ]


def _argument(name: str) -> ArgumentNode:
    return ArgumentNode(name=NameNode(value=name), value=VariableNode(name=NameNode(value=name)))


def _type_node(type_: GraphQLInputType) -> TypeNode:
    if isinstance(type_, GraphQLNonNull):
        inner = _type_node(type_.of_type)
        assert isinstance(inner, NamedTypeNode | ListTypeNode)
        return NonNullTypeNode(type=inner)
    if isinstance(type_, GraphQLList):
        return ListTypeNode(type=_type_node(type_.of_type))
    assert isinstance(type_, GraphQLNamedType)
    return NamedTypeNode(name=NameNode(value=type_.name))


@dataclass(frozen=True)
class _Selector:
    schema: GraphQLSchema
    options: ScaffoldOptions

    def selection_set(self, type_: GraphQLOutputType, depth: int) -> SelectionSetNode | None:
        """What to select of a field of `type_`, `depth` levels deep at most; None for a leaf."""
        named = get_named_type(type_)
        if is_leaf_type(named):
            return None
        if is_abstract_type(named):
            return SelectionSetNode(selections=self._abstract(named, depth))
        assert isinstance(named, GraphQLObjectType)
        return SelectionSetNode(selections=self._fields(named, depth) or (_TYPENAME,))

    def _abstract(self, named: GraphQLNamedType, depth: int) -> tuple[SelectionNode, ...]:
        shared: tuple[FieldNode, ...] = ()
        if isinstance(named, GraphQLInterfaceType):
            shared = self._fields(named, depth)
        # A member skips only what the interface level already selects. `types_of` fills up
        # as the fragments are built and is only for spotting conflicts between members:
        # filtering on it too would drop a name from every member after the first to use it.
        on_interface = {s.name.value for s in shared}
        types_of: dict[str, str] = {}
        branches: list[SelectionNode] = []
        for possible in sorted(self.schema.get_possible_types(named), key=lambda t: t.name):  # type: ignore[arg-type]
            own = tuple(
                _aliased_on_conflict(s, possible, types_of)
                for s in self._fields(possible, depth)
                if s.name.value not in on_interface  # selected once, above the fragments
            )
            if own:
                branches.append(
                    InlineFragmentNode(
                        type_condition=NamedTypeNode(name=NameNode(value=possible.name)),
                        directives=(),
                        selection_set=SelectionSetNode(selections=own),
                    )
                )
        return (_TYPENAME, *shared, *branches)

    def _fields(
        self, named: GraphQLObjectType | GraphQLInterfaceType, depth: int
    ) -> tuple[FieldNode, ...]:
        selected = []
        for name, field in named.fields.items():
            if field.deprecation_reason is not None and not self.options.include_deprecated:
                continue
            if any(
                is_non_null_type(arg.type) and arg.default_value is Undefined
                for arg in field.args.values()
            ):
                continue  # a required argument has no value to give here
            if is_leaf_type(get_named_type(field.type)):
                selected.append(_field(name))
            elif depth > 1:
                inner = self.selection_set(field.type, depth - 1)
                if inner is not None and _selects_data(inner):
                    selected.append(_field(name, inner))
        return tuple(selected)


def _aliased_on_conflict(
    field: FieldNode, parent: GraphQLObjectType, types_of: dict[str, str]
) -> FieldNode:
    """`height` is `Int` on one member type and `Int!` on another: two fields of one response
    key must have one type, so the later one is selected as `<member><Field>: height`.

    `types_of` maps each response key taken so far by a member fragment to the type it was
    taken with; the first member to select a name records it here."""
    name = field.name.value
    type_ = str(parent.fields[name].type)
    if types_of.setdefault(name, type_) == type_:
        return field
    alias = parent.name[:1].lower() + parent.name[1:] + name[:1].upper() + name[1:]
    return FieldNode(
        alias=NameNode(value=alias),
        name=field.name,
        arguments=field.arguments,
        directives=field.directives,
        selection_set=field.selection_set,
    )


def _field(name: str, selection_set: SelectionSetNode | None = None) -> FieldNode:
    return FieldNode(
        name=NameNode(value=name), arguments=(), directives=(), selection_set=selection_set
    )


def _selects_data(selection_set: SelectionSetNode) -> bool:
    """More than `__typename` alone: an object that gives nothing at this depth is left out."""
    return any(s is not _TYPENAME for s in selection_set.selections)
