"""Forward-compatible parsing, the default: what Rye adds after generation parses.

- Every generated enum derives from `ForwardCompatibleEnum` (runtime/forward_compatible.py):
  an unknown value becomes a member that keeps the raw string.
- A union or interface selection split by `__typename` gets a callable discriminator: known
  typenames go to their models, any other to `UnknownType`, which keeps the raw data.
- A `typename__: Literal[...]` of an abstract type outside such a union widens to `str`.

`forward_compatible = false` in [tool.rye-codegen] keeps ariadne-codegen's strict models.
"""

from __future__ import annotations

import ast
from pathlib import Path

from graphql import (
    GraphQLEnumType,
    GraphQLNamedType,
    GraphQLSchema,
    OperationDefinitionNode,
    is_abstract_type,
)

from generator.plugins.context_plugin import ContextPlugin
from generator.plugins.exports import export

RUNTIME_MODULE = "forward_compatible"
RUNTIME_FILE = Path(__file__).parent.parent / "runtime" / f"{RUNTIME_MODULE}.py"
ENUM_BASE = "ForwardCompatibleEnum"
FALLBACK_MODEL = "UnknownType"
UNKNOWN_TAG = "UNKNOWN_TAG"
DISCRIMINATOR = "by_typename"


class ForwardCompatiblePlugin(ContextPlugin):
    def generate_enum(self, class_def: ast.ClassDef, enum_type: GraphQLEnumType) -> ast.ClassDef:
        if self.context.features.forward_compatible:
            class_def.bases = [ast.Name(id=ENUM_BASE)]
        return class_def

    def generate_enums_module(self, module: ast.Module) -> ast.Module:
        if self.context.features.forward_compatible:
            module.body.insert(0, _runtime_import(ENUM_BASE))
        return module

    def generate_init_module(self, module: ast.Module) -> ast.Module:
        if self.context.features.forward_compatible:
            export(module, RUNTIME_MODULE, [ENUM_BASE, FALLBACK_MODEL])
        return module

    def generate_result_types_module(
        self, module: ast.Module, operation_definition: object
    ) -> ast.Module:
        if not self.context.features.forward_compatible or not isinstance(
            operation_definition, OperationDefinitionNode
        ):
            return module
        classes = {node.name: node for node in module.body if isinstance(node, ast.ClassDef)}
        rewriter = _UnionRewriter(classes)
        for class_def in classes.values():
            for statement in class_def.body:
                if isinstance(statement, ast.AnnAssign):
                    _move_discriminator_into_annotation(statement)
            rewriter.visit(class_def)
        for name, class_def in classes.items():
            if name not in rewriter.members:
                _widen_typename(class_def, self.schema)
        if rewriter.rewritten:
            module.body.insert(0, _runtime_import(FALLBACK_MODEL, UNKNOWN_TAG, DISCRIMINATOR))
            module.body.insert(0, ast.ImportFrom("pydantic", [ast.alias("Tag")], 0))
        return module


def _runtime_import(*names: str) -> ast.ImportFrom:
    return ast.ImportFrom(RUNTIME_MODULE, [ast.alias(name) for name in names], 1)


class _UnionRewriter(ast.NodeTransformer):
    """`Annotated[Union[A, B], Field(discriminator="typename__")]` becomes
    `Annotated[Union[Annotated[A, Tag("A")], …, Annotated[UnknownType, Tag(UNKNOWN_TAG)]],
    by_typename({typename: "A", …})]`."""

    def __init__(self, classes: dict[str, ast.ClassDef]) -> None:
        self.classes = classes
        self.members: set[str] = set()
        self.rewritten = False

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:  # noqa: N802 (ast's naming)
        self.generic_visit(node)
        members = _discriminated_members(node)
        if members is None:
            return node
        routes: dict[str, str] = {}
        for member in members:
            for typename in _typenames(self.classes.get(member)):
                routes.setdefault(typename, member)
        if not routes:
            return node
        self.members.update(members)
        self.rewritten = True
        tagged: list[ast.expr] = [_tagged(ast.Constant(member), member) for member in members]
        tagged.append(_tagged(ast.Name(FALLBACK_MODEL), None))
        discriminator = ast.Call(
            ast.Name(DISCRIMINATOR),
            [
                ast.Dict(
                    [ast.Constant(t) for t in sorted(routes)],
                    [ast.Constant(routes[t]) for t in sorted(routes)],
                )
            ],
            [],
        )
        union = ast.Subscript(ast.Name("Union"), ast.Tuple(tagged))
        return ast.Subscript(ast.Name("Annotated"), ast.Tuple([union, discriminator]))


def _move_discriminator_into_annotation(field: ast.AnnAssign) -> None:
    """ariadne-codegen spells a required union field `x: Union[A, B] = Field(discriminator=…)`:
    bring it to the `Annotated[Union[A, B], Field(discriminator=…)]` form used elsewhere."""
    value = field.value
    if not (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id == "Field"
        and isinstance(field.annotation, ast.Subscript)
        and isinstance(field.annotation.value, ast.Name)
        and field.annotation.value.id == "Union"
    ):
        return
    marker = [k for k in value.keywords if k.arg == "discriminator"]
    if not marker:
        return
    value.keywords = [k for k in value.keywords if k.arg != "discriminator"]
    if not value.keywords and not value.args:
        field.value = None
    field.annotation = ast.Subscript(
        ast.Name("Annotated"),
        ast.Tuple([field.annotation, ast.Call(ast.Name("Field"), [], marker)]),
    )


def _discriminated_members(node: ast.Subscript) -> list[str] | None:
    """The member class names of ariadne-codegen's discriminated union, if `node` is one."""
    if not (
        isinstance(node.value, ast.Name)
        and node.value.id == "Annotated"
        and isinstance(node.slice, ast.Tuple)
        and len(node.slice.elts) == 2
    ):
        return None
    union, marker = node.slice.elts
    if not (
        isinstance(marker, ast.Call)
        and isinstance(marker.func, ast.Name)
        and marker.func.id == "Field"
        and any(
            k.arg == "discriminator"
            and isinstance(k.value, ast.Constant)
            and k.value.value == "typename__"
            for k in marker.keywords
        )
        and isinstance(union, ast.Subscript)
        and isinstance(union.value, ast.Name)
        and union.value.id == "Union"
    ):
        return None
    elements = union.slice.elts if isinstance(union.slice, ast.Tuple) else [union.slice]
    names = [_string(e) for e in elements]
    return None if None in names else [str(n) for n in names]


def _string(node: ast.expr) -> str | None:
    """A string in ariadne-codegen's AST: a constant, or a forward reference it spells as a
    `Name` whose id carries the quotes."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name) and len(node.id) > 1 and node.id[0] == node.id[-1] == '"':
        return node.id[1:-1]
    return None


def _tagged(model: ast.expr, tag: str | None) -> ast.Subscript:
    value: ast.expr = ast.Constant(tag) if tag is not None else ast.Name(UNKNOWN_TAG)
    return ast.Subscript(
        ast.Name("Annotated"), ast.Tuple([model, ast.Call(ast.Name("Tag"), [value], [])])
    )


def _typename_field(class_def: ast.ClassDef | None) -> ast.AnnAssign | None:
    for statement in class_def.body if class_def is not None else ():
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and statement.target.id == "typename__"
        ):
            return statement
    return None


def _typenames(class_def: ast.ClassDef | None) -> list[str]:
    """The values of the class's `typename__: Literal[...]`."""
    field = _typename_field(class_def)
    if field is None or not (
        isinstance(field.annotation, ast.Subscript)
        and isinstance(field.annotation.value, ast.Name)
        and field.annotation.value.id == "Literal"
    ):
        return []
    literal = field.annotation.slice
    elements = literal.elts if isinstance(literal, ast.Tuple) else [literal]
    return [name for name in map(_string, elements) if name is not None]


def _widen_typename(class_def: ast.ClassDef, schema: GraphQLSchema) -> None:
    """An abstract type's `typename__` outside a union may be a type Rye adds later."""
    names = _typenames(class_def)
    abstract = len(names) > 1 or any(_is_abstract(schema.get_type(name)) for name in names)
    field = _typename_field(class_def)
    if abstract and field is not None:
        field.annotation = ast.Name("str")


def _is_abstract(named: GraphQLNamedType | None) -> bool:
    return named is not None and is_abstract_type(named)
