"""Adding names to, and taking them from, the generated package's lazy `__init__`.

ariadne-codegen writes it with `lazy_imports` on: the imports sit under `if TYPE_CHECKING:`
(for type checkers), a map `_LAZY_IMPORTS` names each exported name's module (for the
`__getattr__` that imports it on first use), and `__all__` lists them. A name is added to all
three or to none.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Sequence
from typing import TypeVar

from ariadne_codegen.client_generators.constants import (
    ALL_NAME,
    LAZY_IMPORTS_MAP_NAME,
    TYPE_CHECKING_FLAG,
)


def export(module: ast.Module, from_module: str, names: Sequence[str]) -> None:
    """`from .<from_module> import <names>` in the package `__init__`, listed in `__all__`."""
    type_checking_imports(module).append(
        ast.ImportFrom(from_module, [ast.alias(n) for n in names], 1)
    )
    reindex(module)


def unexport(module: ast.Module, from_modules: Collection[str]) -> None:
    """Every name the package `__init__` exports from `from_modules`, gone from it."""
    block = _type_checking_block(module)
    block.body = [
        node
        for node in block.body
        if not (isinstance(node, ast.ImportFrom) and node.module in from_modules)
    ]
    reindex(module)


def type_checking_imports(module: ast.Module) -> list[ast.stmt]:
    """The imports of the package `__init__` (under `if TYPE_CHECKING:`), to edit in place;
    `reindex` after."""
    return _type_checking_block(module).body


def reindex(module: ast.Module) -> None:
    """`_LAZY_IMPORTS` and `__all__` made again from the imports, whose every name is
    exported."""
    modules = {
        alias.name: "." * node.level + (node.module or "")
        for node in type_checking_imports(module)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    lazy = _assigned(module, LAZY_IMPORTS_MAP_NAME, ast.Dict)
    lazy.keys = [ast.Constant(name) for name in sorted(modules)]
    lazy.values = [ast.Constant(modules[name]) for name in sorted(modules)]
    _assigned(module, ALL_NAME, ast.List).elts = [ast.Constant(n) for n in sorted(modules)]


def _type_checking_block(module: ast.Module) -> ast.If:
    for node in module.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == TYPE_CHECKING_FLAG:
            return node
    raise ValueError("the package __init__ has no `if TYPE_CHECKING:` block of imports")


T = TypeVar("T", bound=ast.expr)


def _assigned(module: ast.Module, name: str, kind: type[T]) -> T:
    for node in module.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
            and isinstance(node.value, kind)
        ):
            return node.value
    raise ValueError(f"the package __init__ assigns no {name}")
