"""Names ariadne-codegen will give each operation, and the clashes that would break the package.

Two operations whose names snake-case alike (`GetCart`, `getCart`), or an operation named like
one of the package's own modules (`Client`, `Enums`, `BaseModel`), would overwrite each other's
module; ariadne-codegen only fails mid-way. We report them as located findings instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ariadne_codegen.utils import process_name

from generator.diagnostics import Diagnostic, Location, Severity, excerpt_at
from generator.operations import Operation

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
    node = operation.node.name
    assert node is not None and node.loc is not None
    source = node.loc.source
    position = source.get_location(node.loc.start)
    return Diagnostic(
        Severity.ERROR,
        "op-name-clash",
        f"operation {operation.name} cannot become a client method: {why}",
        Location(source.name, position.line, position.column),
        excerpt_at(source, position.line, position.column),
        hint="rename the operation",
    )
