"""Adding names to the generated package's `__init__`: its imports and its `__all__`."""

from __future__ import annotations

import ast
from collections.abc import Sequence


def export(module: ast.Module, from_module: str, names: Sequence[str]) -> None:
    """`from .<from_module> import <names>` in the package `__init__`, listed in `__all__`."""
    position = max(
        (i + 1 for i, node in enumerate(module.body) if isinstance(node, ast.ImportFrom)),
        default=0,
    )
    module.body.insert(position, ast.ImportFrom(from_module, [ast.alias(n) for n in names], 1))
    for node in module.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
            and isinstance(node.value, ast.List)
        ):
            listed = {e.value for e in node.value.elts if isinstance(e, ast.Constant)}
            node.value.elts.extend(ast.Constant(n) for n in names if n not in listed)
            node.value.elts.sort(key=lambda e: str(e.value) if isinstance(e, ast.Constant) else "")
