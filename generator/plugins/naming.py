"""Python names for every name a schema and its operations can hold: all the naming rules.

ariadne-codegen snake-cases names and appends `_` to keywords, builtin type names and pydantic
`BaseModel` attributes. That is kept (renaming what already works would churn `generated/`);
this plugin fixes what it still gets wrong, each rule at the hook where the name is made:

- fields of one result model or input type that map to one name (`userId` and `user_id`, `id`
  and `_id`, `type` and `type_`) would silently overwrite each other: the one already spelled
  as its GraphQL name keeps it, the others get `_2`, `_3`, ... in document order (a suffix that
  survives PascalCase, so the models nested under them stay distinct too);
- variables become parameters: `self`, `kwargs` and `gql` (what every method body uses) get a
  `_`, and variables that map to one name are numbered as fields are;
- enum members: Python's `Enum` refuses `mro` and `_sunder_` names, and a member named like a
  `str` method (`upper`) fails mypy: they get a `_`; members that map to one name are numbered.
  Values keep their GraphQL spelling;
- enum and input types named like a keyword, a builtin type, or a name the generated modules
  import or the package exports (`BaseModel`, `Field`, `Optional`, `Any`, `Enum`, `Client`, an
  operation's result model, a configured scalar's type such as `Decimal`, ...) get a `_`, in
  every module that names them;
- an operation whose result model would be named like a keyword or such a name (`None`,
  `Optional`) gets a `_` on the model, everywhere it is named;
- stutter-free result models (`short_names = true` in [tool.rye-codegen], the default): a
  model is named by its path of segments (operation, field, and the member type under an
  abstract field) as ariadne names it, except that a segment repeating the one just before
  it is dropped (`CancelOrder` > `cancelOrder` > `result` gives `CancelOrderResult...`, not
  `CancelOrderCancelOrderResult...`).
  The operation's own model keeps its name, a model that would then be named like its parent
  keeps the segment (`CancelOrderCancelOrder`), and a shortened name that collides with any
  other name in the package (an enum or input type included) falls back to ariadne's full
  name. ariadne's full names are made distinct beforehand, in the emit stage
  (generator/emit/model_names.py numbers a model whose name is taken: `QUserAddressCity2`);
  `names_models_yield_to` says which names a nested model never takes.

The result modules are renamed in place once every operation is in: ariadne unparses them only
in `generate()`, after it has built the input types module (tests/test_ariadne_internals.py).
"""

from __future__ import annotations

import ast
import builtins
import keyword
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from ariadne_codegen.utils import process_name as ariadne_name
from ariadne_codegen.utils import str_to_pascal_case
from graphql import (
    FieldNode,
    GraphQLEnumType,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    Node,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableDefinitionNode,
    get_named_type,
)
from pydantic import BaseModel

from generator.config import ScalarMapping
from generator.plugins.context_plugin import ContextPlugin
from generator.plugins.exports import reindex, type_checking_imports
from generator.plugins.lazy_package import LAZY_PACKAGE_NAMES
from generator.plugins.runtime_clients import CLIENT_NAMES

# Names the generated modules import or the package exports besides the schema's own.
PACKAGE_NAMES = frozenset(
    {
        "Annotated",
        "Any",
        "AsyncBaseClient",
        "AsyncIterator",
        "BaseModel",
        "BeforeValidator",
        "Client",
        "Enum",
        "Field",
        "ForwardCompatibleEnum",
        "GraphQLClientError",
        "GraphQLClientGraphQLError",
        "GraphQLClientGraphQLMultiError",
        "GraphQLClientHttpError",
        "GraphQLClientInvalidMessageFormat",
        "GraphQLClientInvalidResponseError",
        "Literal",
        "Optional",
        "UNSET",
        "Union",
        "UnsetType",
        "Upload",
        "deprecated",
        "gql",
        "logging",
        *CLIENT_NAMES,
        *LAZY_PACKAGE_NAMES,
        "Tag",
        "UnknownType",
        "UNKNOWN_TAG",
        "by_typename",
    }
)
# pydantic warns about a field named like any attribute its models have (`mro` included);
# ariadne appends `_` to those `dir(BaseModel)` lists, this adds the rest.
MODEL_ATTRIBUTES = frozenset(
    name for name in dir(type(BaseModel)) if not name.startswith("_") and hasattr(BaseModel, name)
) - frozenset(dir(BaseModel))
# What the body of every generated client method names besides its parameters (and
# `serialize_scalar`, which a method with a serialized scalar variable calls: see
# plugins/scalar_variables.py). ariadne renames its own locals (`query`, `variables`,
# `response`, `data`) when a parameter takes their name.
METHOD_NAMES = frozenset({"self", "kwargs", "gql", "serialize_scalar"})


# `Enum` refuses `mro`; members named like `str` attributes shadow them and fail mypy.
ENUM_MEMBER_NAMES = frozenset({"mro", *(n for n in dir(str) if not n.startswith("__"))})
TYPE_MODULES = frozenset({"enums", "input_types"})
# The class methods generated code calls on result models.
MODEL_CLASS_METHODS = ("model_rebuild", "model_validate")


class NamingPlugin(ContextPlugin):
    def __init__(self, schema: GraphQLSchema, config_dict: dict[str, Any]) -> None:
        super().__init__(schema, config_dict)
        self.tops = operation_model_names(self.context.operations)
        self.types = type_names(
            schema, {*self.tops.keys(), *self.tops.values()}, scalar_imports(self.context.scalars)
        )
        self.tops = {top: name for top, name in self.tops.items() if top != name}
        self.taken = names_models_yield_to(schema, self.context.operations, self.context.scalars)
        self.input_fields = input_field_names(schema)
        self.members = {
            enum.name: enum_member_names(enum.values)
            for enum in schema.type_map.values()
            if isinstance(enum, GraphQLEnumType)
        }
        self.names: dict[int, str] = {}  # id(FieldNode | VariableDefinitionNode) -> name
        self.field_types: dict[int, str] = {}  # id(FieldNode) -> its named type
        self.operations: list[OperationDefinitionNode] = []  # keeps those ids alive
        self.result_modules: list[tuple[str, ast.Module]] = []
        self.classes: dict[str, str] = {}  # result model renames, package-wide

    # --- names as ariadne makes them ---------------------------------------------------

    def process_name(self, name: str, node: Node | None = None) -> str:
        if isinstance(node, OperationDefinitionNode):
            # The method name is asked for first, before any of the operation's other names.
            self._index_operation(node)
        elif isinstance(node, FieldNode | VariableDefinitionNode):
            return self.names.get(id(node), name)
        elif isinstance(node, GraphQLInputField):
            return self.input_fields.get(id(node), name)
        return name

    def _index_operation(self, operation: OperationDefinitionNode) -> None:
        self.operations.append(operation)
        variables = operation.variable_definitions or ()
        bases = [ariadne_name(v.variable.name.value, True) for v in variables]
        keys = [v.variable.name.value for v in variables]
        names = unique_names(keys, [b + "_" if _shadows(b) else b for b in bases])
        self.names.update((id(v), n) for v, n in zip(variables, names, strict=True))
        root = self.schema.get_root_type(operation.operation)
        if root is not None:
            self._index_selection(operation.selection_set, root.name, set())

    def _index_selection(
        self, selection: SelectionSetNode, type_name: str, taken: set[str]
    ) -> None:
        """Name the fields of one model: those selected directly, then, for each inline
        fragment, its own fields beside them (the model of that member type has both)."""
        fields = [s for s in selection.selections if isinstance(s, FieldNode)]
        shared = self._name_fields(fields, type_name, set(taken))
        for fragment in selection.selections:
            if isinstance(fragment, InlineFragmentNode):
                condition = fragment.type_condition
                self._index_selection(
                    fragment.selection_set, condition.name.value if condition else type_name, shared
                )

    def _name_fields(
        self, fields: Sequence[FieldNode], type_name: str, taken: set[str]
    ) -> set[str]:
        parent = self.schema.type_map[type_name]
        keys = [(f.alias or f.name).value for f in fields]
        names = unique_names(keys, model_field_bases(keys), taken)
        for field, name in zip(fields, names, strict=True):
            self.names[id(field)] = name
            definition = getattr(parent, "fields", {}).get(field.name.value)
            if definition is None:
                continue  # __typename
            named = get_named_type(definition.type)
            self.field_types[id(field)] = named.name
            if field.selection_set is not None:
                self._index_selection(field.selection_set, named.name, set())
        return {*taken, *names}

    def generate_enum(self, class_def: ast.ClassDef, enum_type: GraphQLEnumType) -> ast.ClassDef:
        members = self.members[enum_type.name].values()
        assigns = [s for s in class_def.body if isinstance(s, ast.Assign)]
        for statement, member in zip(assigns, members, strict=True):  # both in schema order
            statement.targets = [ast.Name(id=member)]
        return class_def

    # --- type names, where ariadne writes them -------------------------------------------

    def generate_result_field(
        self,
        field_implementation: ast.AnnAssign,
        operation_definition: Any,
        field: FieldNode,
    ) -> ast.AnnAssign:
        named = self.field_types.get(id(field))
        if named in self.types:
            rename_annotation(field_implementation.annotation, {named: self.types[named]})
        return field_implementation

    def generate_input_field(
        self,
        field_implementation: ast.AnnAssign,
        input_field: GraphQLInputField,
        field_name: str,
    ) -> ast.AnnAssign:
        named = get_named_type(input_field.type).name
        safe = self.types.get(named, named)
        rename_annotation(field_implementation.annotation, {named: safe})
        # ariadne writes an enum default as one Name, `Enum.mro`, with its own member name.
        members = {
            f"{named}.{ariadne_name(value, False)}": f"{safe}.{member}"
            for value, member in self.members.get(named, {}).items()
        }
        for node in ast.walk(field_implementation):
            if isinstance(node, ast.Name):
                node.id = members.get(node.id, node.id)
        return field_implementation

    def generate_arguments(
        self,
        arguments: ast.arguments,
        variable_definitions: Any,
    ) -> ast.arguments:
        parameters = {self.names.get(id(v)): v for v in variable_definitions}
        for argument in arguments.args:
            variable = parameters.get(argument.arg)
            if variable is None or argument.annotation is None:
                continue  # self
            named = _type_name(variable.type)
            if named in self.types:
                rename_argument_annotation(argument.annotation, {named: self.types[named]})
        return arguments

    def generate_client_import(self, import_: ast.ImportFrom) -> ast.ImportFrom:
        self._rename_import(import_)
        return import_

    def generate_client_method(self, method_def: Any, operation_definition: Any) -> Any:
        top = str_to_pascal_case(operation_definition.name.value)
        if top in self.tops:
            rename_class_uses(method_def, {top: self.tops[top]})
        return method_def

    def generate_enums_module(self, module: ast.Module) -> ast.Module:
        return self._rename_type_module(module)

    def generate_inputs_module(self, module: ast.Module) -> ast.Module:
        self._finish_result_modules()  # every operation is in: see the module docstring
        return self._rename_type_module(module)

    def generate_result_types_module(
        self, module: ast.Module, operation_definition: Any
    ) -> ast.Module:
        for node in module.body:
            if isinstance(node, ast.ImportFrom):
                self._rename_import(node)
        self.result_modules.append((str_to_pascal_case(operation_definition.name.value), module))
        return module

    def generate_init_module(self, module: ast.Module) -> ast.Module:
        for node in type_checking_imports(module):
            if isinstance(node, ast.ImportFrom):
                self._rename_import(node)
        reindex(module)
        return module

    def _rename_type_module(self, module: ast.Module) -> ast.Module:
        """Class statements and `Model.model_rebuild()`; field annotations were renamed field
        by field, where the type each one names is known."""
        for node in module.body:
            if isinstance(node, ast.ImportFrom):
                self._rename_import(node)
            elif isinstance(node, ast.ClassDef):
                node.name = self.types.get(node.name, node.name)
            elif isinstance(node, ast.Expr):
                rename_class_uses(node, self.types)
        return module

    def _rename_import(self, import_: ast.ImportFrom) -> None:
        if import_.level != 1:
            return
        renames = self.types if import_.module in TYPE_MODULES else {**self.tops, **self.classes}
        for alias in import_.names:
            alias.name = renames.get(alias.name, alias.name)

    def _finish_result_modules(self) -> None:
        if self.classes:
            return
        shortened: dict[str, str] = {}
        if self.context.features.short_names:
            for top, module in self.result_modules:
                shortened.update(short_class_names(module, top))
        defined = {c.name for _, m in self.result_modules for c in _classes(m)}
        taken = defined | self.taken
        claims: dict[str, int] = {}
        for short in shortened.values():
            claims[short] = claims.get(short, 0) + 1
        self.classes = {
            full: short
            for full, short in shortened.items()
            if short not in taken and not is_reserved(short) and claims[short] == 1
        }
        self.classes.update(self.tops)
        for _, module in self.result_modules:
            rename_class_uses(module, self.classes)


# --- the rules ---------------------------------------------------------------------------


def is_reserved(name: str) -> bool:
    """Names a generated class or module-level name cannot take."""
    return keyword.iskeyword(name) or name in PACKAGE_NAMES or _is_builtin_type(name)


def safe_name(name: str, taken: set[str]) -> str:
    while name in taken or is_reserved(name):
        name += "_"
    return name


def operation_model_names(operations: Iterable[str]) -> dict[str, str]:
    """{ariadne's name for an operation's own model: the name it gets}: a reserved one gets
    a `_`."""
    tops = [str_to_pascal_case(name) for name in operations]
    return {top: safe_name(top, {*tops}) if is_reserved(top) else top for top in tops}


def names_models_yield_to(
    schema: GraphQLSchema, operations: Iterable[str], scalars: Mapping[str, ScalarMapping]
) -> frozenset[str]:
    """Names a nested result model must not take, because the package or one of its modules
    already holds them: every operation's own model, every enum and input type (under its
    GraphQL and its Python name), what the configured scalars import and the names the
    generated modules import or the package exports. (`is_reserved` adds keywords and
    builtins.)"""
    tops = operation_model_names(operations)
    imported = scalar_imports(scalars)
    types = type_names(schema, {*tops, *tops.values()}, imported)
    schema_types = {
        name
        for name, type_ in schema.type_map.items()
        if isinstance(type_, GraphQLEnumType | GraphQLInputObjectType)
    }
    return frozenset(
        {*tops, *tops.values(), *schema_types, *types.values(), *imported, *PACKAGE_NAMES}
    )


def type_names(
    schema: GraphQLSchema, result_models: set[str], imported: frozenset[str] = frozenset()
) -> dict[str, str]:
    """Enum and input types that need another Python name: {GraphQL name: Python name}.
    `imported` are the names the configured scalars import into the same modules."""
    taken = set(schema.type_map) | result_models | imported
    renamed: dict[str, str] = {}
    for name, type_ in sorted(schema.type_map.items()):
        if (
            isinstance(type_, GraphQLEnumType | GraphQLInputObjectType)
            and not name.startswith("__")
            and (
                is_reserved(name)
                or name in result_models
                or name in imported
                or _could_name_a_field(name)
            )
        ):
            renamed[name] = safe_name(_class_base(name), taken)
            taken.add(renamed[name])  # two renamed types never meet on one name
    return renamed


def _could_name_a_field(name: str) -> bool:
    """Fields are snake_case: a type named without a capital (`status`) can share its name
    with a field of a model that uses it (`status: Optional[status] = None`). In a class body
    the field's default then shadows the type in its own annotation (`NoneType`), or in a
    later field's, or a string annotation names the field: pydantic validates nothing."""
    return not any(character.isupper() for character in name)


def _class_base(name: str) -> str:
    """The name to start from: capitalised when a field could share it (`status` →
    `Status`), no field name can then be it."""
    return name[:1].upper() + name[1:] if _could_name_a_field(name) else name


def scalar_imports(scalars: Mapping[str, ScalarMapping]) -> frozenset[str]:
    """`Decimal` for `decimal.Decimal`: what a custom scalar's type, parse and serialize
    functions are imported as in the modules that use them."""
    paths = (p for m in scalars.values() for p in (m.type, m.parse, m.serialize) if p)
    return frozenset(path.rpartition(".")[2] for path in paths)


def input_field_names(schema: GraphQLSchema) -> dict[int, str]:
    names: dict[int, str] = {}
    for type_ in schema.type_map.values():
        if isinstance(type_, GraphQLInputObjectType):
            keys = list(type_.fields)
            for key, name in zip(keys, unique_names(keys, model_field_bases(keys)), strict=True):
                names[id(type_.fields[key])] = name
    return names


def model_field_bases(keys: Iterable[str]) -> list[str]:
    """ariadne's name for each field of a model, with `_` on the model attributes it misses."""
    bases = [
        ariadne_name(
            k, True, trim_leading_underscore=True, handle_pydantic_resrved_field_names=True
        )
        for k in keys
    ]
    return [_attribute(b) for b in bases]


def _attribute(base: str) -> str:
    """`_2` loses its leading underscore to ariadne (pydantic keeps `_x` private) and would
    be `2`: such a name gets a word in front."""
    if not base.isidentifier():
        return f"field_{base}"
    return base + "_" if base in MODEL_ATTRIBUTES else base


def enum_member_names(values: Mapping[str, Any]) -> dict[str, str]:
    """{GraphQL value: member name}."""
    keys = list(values)
    bases = [ariadne_name(k, False) for k in keys]
    bases = [_member_base(b) for b in bases]
    return dict(zip(keys, unique_names(keys, bases), strict=True))


def _member_base(base: str) -> str:
    """`_internal_` loses its leading underscores: a name that starts and ends with one is no
    member to mypy (nor to `Enum`, for a sunder), even with a `_` added."""
    if len(base) > 1 and base.startswith("_") and base.endswith("_"):
        base = base.lstrip("_")
    return base + "_" if base in ENUM_MEMBER_NAMES or _is_sunder(base) else base


def unique_names(keys: Sequence[str], bases: Sequence[str], taken: Iterable[str] = ()) -> list[str]:
    """One distinct name per key: a base spelled exactly as its key keeps it, then the rest in
    order; a base already taken gets `_2`, `_3`, ..."""
    used = set(taken)
    names: list[str | None] = [None] * len(keys)
    first = sorted(range(len(keys)), key=lambda i: keys[i] != bases[i])
    for i in first:
        name, n = bases[i], 2
        stem = bases[i].rstrip("_") or bases[i]  # `id_` numbers on as `id_2`, not `id__2`
        while name in used:
            name, n = f"{stem}_{n}", n + 1
        names[i] = name
        used.add(name)
    return [n for n in names if n is not None]


def short_class_names(module: ast.Module, top: str) -> dict[str, str]:
    """{ariadne's name: the stutter-free name} for the result models of one operation."""
    classes = {c.name: c for c in _classes(module)}
    shortened: dict[str, str] = {}

    def visit(name: str, path: list[str], short: str) -> None:
        for field, refs in _field_refs(classes[name]):
            segment = str_to_pascal_case(field)
            for ref in refs:
                if ref not in classes or not ref.startswith(name + segment):
                    continue
                own = [segment, ref[len(name + segment) :]]
                child_path = [*path, *(s for s in own if s)]
                child = "".join(_drop_repeats(child_path))
                if child == short:  # it would be named like its parent: keep the segment
                    child = short + "".join(own)
                if child != ref:
                    shortened[ref] = child
                visit(ref, child_path, child)

    if top in classes:
        visit(top, [top], top)
    return shortened


def _drop_repeats(segments: Sequence[str]) -> Iterator[str]:
    """Case aside: `ProductByID` > `productById` repeats itself as much as `CancelOrder` >
    `cancelOrder` does, and the first spelling, the operation's, is kept."""
    previous: str | None = None
    for segment in segments:
        if previous is None or segment.lower() != previous.lower():
            yield segment
            previous = segment


# --- renaming inside the AST -------------------------------------------------------------


def rename_annotation(node: ast.expr | None, renames: Mapping[str, str]) -> None:
    """Rename the types an annotation names (its leaves and string forward references), never
    the typing constructs around them nor the values of a `Literal`."""
    if isinstance(node, ast.Name):  # ariadne writes a forward reference as a Name `"Model"`
        name = node.id.strip('"')
        node.id = node.id.replace(name, renames.get(name, name))
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        node.value = renames.get(node.value, node.value)
    elif isinstance(node, ast.Subscript):
        if not (isinstance(node.value, ast.Name) and node.value.id == "Literal"):
            rename_annotation(node.slice, renames)
    elif isinstance(node, ast.Tuple):
        for element in node.elts:
            rename_annotation(element, renames)


def rename_argument_annotation(node: ast.expr, renames: Mapping[str, str]) -> None:
    """An optional parameter is `Union[<type>, UnsetType]`: `UnsetType` is never the type."""
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and node.value.id == "Union"
        and isinstance(node.slice, ast.Tuple)
    ):
        for element in node.slice.elts[:-1]:
            rename_annotation(element, renames)
    else:
        rename_annotation(node, renames)


def rename_class_uses(tree: ast.AST, renames: Mapping[str, str]) -> None:
    """Rename result models where generated code names them: class statements, annotations,
    and `Model.model_rebuild()` / `Model.model_validate(...)`."""
    if not renames:
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            node.name = renames.get(node.name, node.name)
        elif isinstance(node, ast.AnnAssign):
            rename_annotation(node.annotation, renames)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            rename_annotation(node.returns, renames)
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in MODEL_CLASS_METHODS
            and isinstance(node.value, ast.Name)
        ):
            node.value.id = renames.get(node.value.id, node.value.id)


def _field_refs(class_def: ast.ClassDef) -> Iterator[tuple[str, list[str]]]:
    for statement in class_def.body:
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            yield statement.target.id, list(_names_in(statement.annotation))


def _names_in(node: ast.expr) -> Iterator[str]:
    """The names an annotation refers to, not inside a `Literal[...]`: those are values (a
    union's `__typename`s, a hundred or more under some of GitHub's interfaces)."""
    if isinstance(node, ast.Name):
        yield node.id.strip('"')
    elif isinstance(node, ast.Constant):
        yield str(node.value)
    elif isinstance(node, ast.Subscript):
        if not (isinstance(node.value, ast.Name) and node.value.id == "Literal"):
            yield from _names_in(node.value)
            yield from _names_in(node.slice)
        else:
            yield "Literal"
    else:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                yield from _names_in(child)


def _classes(module: ast.Module) -> list[ast.ClassDef]:
    return [node for node in module.body if isinstance(node, ast.ClassDef)]


def _type_name(node: Any) -> str:
    while not hasattr(node, "name"):
        node = node.type
    return str(node.name.value)


def _is_builtin_type(name: str) -> bool:
    return isinstance(getattr(builtins, name, None), type)


def _is_sunder(name: str) -> bool:
    """`_missing_`: names Python's `Enum` keeps for itself."""
    return len(name) > 2 and name[0] == name[-1] == "_" and name[1] != "_" and name[-2] != "_"


# A parameter named like a builtin (`input`, `id`, `type`) shadows it in the method (ruff A002).
def _shadows(name: str) -> bool:
    return name in METHOD_NAMES or hasattr(builtins, name)
