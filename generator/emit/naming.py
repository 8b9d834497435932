"""Names ariadne-codegen will give each operation, and the clashes no name can fix.

Two operations whose names snake-case alike (`GetCart`, `getCart`), or an operation named like
one of the package's own modules (`Client`, `Enums`, `BaseModel`), would overwrite each other's
module; ariadne-codegen only fails mid-way. Two whose names PascalCase alike (`A_B`, `AB`)
would export two result models of one name. We report them as located findings instead. Every
other hard name is given a working Python name by generator/plugins/naming.py.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from pathlib import Path

from ariadne_codegen.utils import process_name, str_to_pascal_case
from graphql import Node

from generator.diagnostics import Diagnostic, Severity, place_of
from generator.operations import Operation

RUNTIME = Path(__file__).parent.parent / "runtime"
# The runtime we ship into every package (generator/runtime/), by module name.
RUNTIME_MODULES = frozenset(path.stem for path in RUNTIME.glob("*.py"))


def _runtime_names() -> tuple[frozenset[str], frozenset[str]]:
    """(the runtime's module-level names, the members of its client classes), read from its
    source so a name added there is covered here too."""
    module_names: set[str] = set()
    members: set[str] = set()
    for path in RUNTIME.glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef | ast.FunctionDef):
                module_names.add(node.name)
            if isinstance(node, ast.ClassDef) and node.name.endswith("BaseClient"):
                members |= _class_members(node)
    return frozenset(module_names), frozenset(members)


def _class_members(node: ast.ClassDef) -> set[str]:
    """Methods, and attributes set on `self`: a generated method of that name overrides one."""
    names = {n.name for n in node.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
    stored = (n for n in ast.walk(node) if isinstance(n, ast.Attribute))
    return names | {
        n.attr
        for n in stored
        if isinstance(n.ctx, ast.Store) and isinstance(n.value, ast.Name) and n.value.id == "self"
    }


_RUNTIME_MODULE_NAMES, CLIENT_MEMBERS = _runtime_names()
# ariadne-codegen's base_model.py, which the package ships beside ours.
RUNTIME_NAMES = _RUNTIME_MODULE_NAMES | {"UnsetType", "UNSET", "Upload"}
# Used in the client class body itself (a decorator): a method of that name would replace it
# for every method defined after it.
CLASS_BODY_NAMES = frozenset({"deprecated"})
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
    models: dict[str, Operation] = {}  # result model name -> the operation it is the model of
    for operation in operations:
        name = module_name(operation.name)
        model = str_to_pascal_case(operation.name)
        if name in PACKAGE_MODULES:
            yield _clash(operation, f"`{name}.py` is a module of the generated package itself")
        elif name in CLIENT_MEMBERS | CLASS_BODY_NAMES:
            yield _clash(operation, f"its method `{name}` would replace the client's own")
        elif model in RUNTIME_NAMES:
            yield _clash(operation, f"its result model would be named like the runtime's `{model}`")
        elif not model:
            yield _clash(operation, "it gives no name for its result model")
        elif not name.isidentifier():
            yield _clash(operation, f"it gives no usable Python name (`{name}`)")
        elif name in seen and seen[name].name == operation.name:
            continue  # the spec rule UniqueOperationNames reports this one
        elif name in seen:
            yield _clash(
                operation, f"{seen[name].name} ({seen[name].path}) already becomes `{name}`"
            )
        elif model in models:  # `A_B` and `AB`: two modules, one model name in the package
            yield _clash(
                operation,
                f"{models[model].name} ({models[model].path}) already names its result model"
                f" `{model}`",
            )
        else:
            seen[name] = operation
            models[model] = operation


def _clash(operation: Operation, why: str) -> Diagnostic:
    assert operation.node.name is not None
    return _located(
        operation.node.name,
        f"operation {operation.name} cannot become a client method: {why}",
        "rename the operation",
    )


def _located(node: Node, message: str, hint: str) -> Diagnostic:
    assert node.loc is not None
    return Diagnostic(
        Severity.ERROR,
        "op-name-clash",
        message,
        *place_of(node.loc),
        hint=hint,
    )
