"""Names ariadne-codegen will give each operation, and the clashes no name can fix.

Two operations whose names snake-case alike (`GetCart`, `getCart`), or an operation named like
one of the package's own modules (`Client`, `Enums`, `BaseModel`), would overwrite each other's
module; ariadne-codegen only fails mid-way. We report them as located findings instead. Every
other hard name is given a working Python name by generator/plugins/naming.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ariadne_codegen.utils import process_name
from graphql import Node

from generator.diagnostics import Diagnostic, Location, Severity, excerpt_at
from generator.operations import Operation

# The runtime we ship into every package (generator/runtime/), by module name.
RUNTIME_MODULES = frozenset(
    path.stem for path in (Path(__file__).parent.parent / "runtime").glob("*.py")
)
PACKAGE_MODULES = RUNTIME_MODULES | {
    "client",
    "async_client",
    "async_base_client",
    "base_model",
    "enums",
    "input_types",
    "fragments",
    "exceptions",
}


def module_name(operation_name: str) -> str:
    """The client method and module name ariadne-codegen gives an operation."""
    return process_name(operation_name, convert_to_snake_case=True)


def naming_diagnostics(operations: Iterable[Operation]) -> Iterator[Diagnostic]:
    yield from _module_clashes(operations)


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
