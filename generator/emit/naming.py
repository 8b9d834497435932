"""Names ariadne-codegen will give each operation, and the clashes that would break the package.

Two operations whose names snake-case alike (`GetCart`, `getCart`), or an operation named like
one of the package's own modules (`Client`, `Enums`, `BaseModel`), would overwrite each other's
module; ariadne-codegen only fails mid-way. We report them as located findings instead.
"""

from __future__ import annotations

import keyword
from collections.abc import Iterable, Iterator

from ariadne_codegen.utils import process_name, str_to_pascal_case
from graphql import Node

from generator.diagnostics import Diagnostic, Location, Severity, excerpt_at
from generator.operations import Operation

# Names every generated module imports or the package exports besides the operations'.
PACKAGE_NAMES = frozenset(
    {
        "Annotated",
        "Any",
        "AsyncBaseClient",
        "BaseModel",
        "BeforeValidator",
        "Client",
        "Field",
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
    }
)
METHOD_NAMES = frozenset({"self", "kwargs"})
PACKAGE_MODULES = frozenset(
    {
        "__init__",
        "client",
        "async_base_client",
        "base_model",
        "enums",
        "input_types",
        "fragments",
        "exceptions",
    }
)


def module_name(operation_name: str) -> str:
    """The client method and module name ariadne-codegen gives an operation."""
    return process_name(operation_name, convert_to_snake_case=True)


def naming_diagnostics(operations: Iterable[Operation]) -> Iterator[Diagnostic]:
    operations = tuple(operations)
    module_clashes = list(_module_clashes(operations))
    yield from module_clashes
    clashing = {d.location for d in module_clashes}
    for operation in operations:
        class_clashes = list(_class_name_clash(operation))
        yield from (d for d in class_clashes if d.location not in clashing)
        yield from _variable_clashes(operation)


def _class_name_clash(operation: Operation) -> Iterator[Diagnostic]:
    name = str_to_pascal_case(operation.name)
    if not name.isidentifier() or keyword.iskeyword(name):
        yield _clash(operation, f"its result model would be named `{name}`")
    elif name in PACKAGE_NAMES:
        yield _clash(operation, f"`{name}` is already a name in the generated package")


def _variable_clashes(operation: Operation) -> Iterator[Diagnostic]:
    """Variables become keyword parameters of the method: they must stay distinct."""
    seen: dict[str, str] = {}
    for definition in operation.node.variable_definitions or ():
        variable = definition.variable.name.value
        parameter = module_name(variable)
        why = None
        if parameter in METHOD_NAMES:
            why = f"`{parameter}` is already a parameter of every client method"
        elif parameter in seen:
            why = f"${seen[parameter]} already becomes the parameter `{parameter}`"
        seen.setdefault(parameter, variable)
        if why is not None:
            yield _located(
                definition.variable,
                f"variable ${variable} of {operation.name} cannot become a method parameter: {why}",
                "rename the variable",
            )


def _module_clashes(operations: Iterable[Operation]) -> Iterator[Diagnostic]:
    seen: dict[str, Operation] = {}
    for operation in operations:
        name = module_name(operation.name)
        if name in PACKAGE_MODULES:
            yield _clash(operation, f"`{name}.py` is a module of the generated package itself")
        elif not name.isidentifier():
            yield _clash(operation, f"it gives no usable Python name (`{name}`)")
        elif name in seen and seen[name].name == operation.name:
            continue  # the spec rule UniqueOperationNames reports this one
        elif name in seen:
            yield _clash(
                operation, f"{seen[name].name} ({seen[name].path}) already becomes `{name}`"
            )
        else:
            seen[name] = operation


def _clash(operation: Operation, why: str) -> Diagnostic:
    assert operation.node.name is not None
    return _located(
        operation.node.name,
        f"operation {operation.name} cannot become a client method: {why}",
        "rename the operation",
    )


def _located(node: Node, message: str, hint: str) -> Diagnostic:
    assert node.loc is not None
    source = node.loc.source
    position = source.get_location(node.loc.start)
    return Diagnostic(
        Severity.ERROR,
        "op-name-clash",
        message,
        Location(source.name, position.line, position.column),
        excerpt_at(source, position.line, position.column),
        hint=hint,
    )
