"""A generated package that costs little to import: nothing runs until it is used.

ariadne-codegen does half of it (emit/engine.py turns both on): `defer_model_build` gives the
models `defer_build=True` and drops their `model_rebuild()` calls, so pydantic builds a model's
validator when it first validates, not at import; `lazy_imports` writes an `__init__` that
imports each module the first time one of its names is asked for (PEP 562).

This plugin does the rest:
- the client module. ariadne-codegen's `ClientForwardRefsPlugin` looks for
  `return Model.model_validate(data)`, which our methods no longer have (they call
  `self.validate_result(Model, data)`: plugins/runtime_clients.py). Here a model, input type
  or enum the client names only in annotations is imported under `if TYPE_CHECKING:`
  (annotations are not evaluated: `from __future__ import annotations`), and a result model
  is imported inside the methods that validate into it. Importing the client then loads no
  operation's models, no input types and no enums; the runtime's names stay imported.
- the `__init__`'s `__getattr__` and `__dir__`, which ariadne-codegen writes unannotated
  (mypy --strict rejects them; `_GETATTR` says what else changes). `__getattr__` is also kept
  from type checkers: one that sees a module `__getattr__` accepts every misspelled import
  from the package.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator

from ariadne_codegen.client_generators.constants import LAZY_IMPORTS_MAP_NAME, TYPE_CHECKING_FLAG

from generator.plugins.context_plugin import ContextPlugin
from generator.plugins.runtime_clients import RUNTIME

# The package's runtime, which the client imports at run time anyway (its base client): names
# from it stay imported, so `typing.get_type_hints` needs only the package's exports.
RUNTIME_SOURCES = frozenset(
    {path.stem for path in RUNTIME.glob("*.py")}
    | {"base_model", "base_client", "async_base_client"}
)
# Names the lazy package binds in its modules besides the schema's: the naming plugin keeps
# schema names off them.
LAZY_PACKAGE_NAMES = frozenset({TYPE_CHECKING_FLAG, "annotations", "importlib", "_LAZY_IMPORTS"})


# ariadne-codegen's `__getattr__`, typed, and with two fixes: `importlib` is imported inside
# it (a module-level name is replaced by the package's own submodule of that name, which an
# operation named `Importlib` makes), and a submodule is found on first use as an eager
# package found it (`package.enums` after a bare `import package`).
_GETATTR = f"""
def __getattr__(name: str) -> object:
    \"\"\"Import the module a generated name lives in, the first time it is used.\"\"\"
    import importlib

    module_name = {LAZY_IMPORTS_MAP_NAME}.get(name)
    if module_name is None:
        if "." + name not in {LAZY_IMPORTS_MAP_NAME}.values():
            raise AttributeError(f"module {{__name__!r}} has no attribute {{name!r}}")
        return importlib.import_module("." + name, __name__)
    value = getattr(importlib.import_module(module_name, __name__), name)
    globals()[name] = value
    return value
"""


class LazyPackagePlugin(ContextPlugin):
    def generate_init_module(self, module: ast.Module) -> ast.Module:
        for index, node in enumerate(module.body):
            if isinstance(node, ast.FunctionDef) and node.name == "__getattr__":
                module.body[index] = ast.If(
                    ast.UnaryOp(ast.Not(), ast.Name(TYPE_CHECKING_FLAG)),
                    ast.parse(_GETATTR).body,
                    [],
                )
            elif isinstance(node, ast.FunctionDef) and node.name == "__dir__":
                node.returns = ast.Subscript(ast.Name("list"), ast.Name("str"))
        return module

    def generate_client_module(self, module: ast.Module) -> ast.Module:
        sources = _package_imports(module)
        uses = _Uses.of(module)
        for_type_checkers: dict[str, list[str]] = defaultdict(list)
        for name, source in sorted(sources.items()):
            if name in uses.at_run_time or source in RUNTIME_SOURCES:
                continue
            if name in uses.validated:
                for method in uses.validated[name]:
                    _import_before_use(method, name, source)
            if name in uses.in_annotations or name in uses.validated:
                for_type_checkers[source].append(name)
        moved = {name for names in for_type_checkers.values() for name in names}
        if moved:
            _remove_imports(module, moved)
            after_imports = max(
                (
                    i + 1
                    for i, n in enumerate(module.body)
                    if isinstance(n, ast.Import | ast.ImportFrom)
                ),
                default=0,
            )
            module.body.insert(
                after_imports,
                ast.If(
                    ast.Name(TYPE_CHECKING_FLAG),
                    [
                        ast.ImportFrom(source, [ast.alias(n) for n in names], 1)
                        for source, names in sorted(for_type_checkers.items())
                    ],
                    [],
                ),
            )
            module.body[:0] = [
                ast.ImportFrom("__future__", [ast.alias("annotations")], 0),
                ast.ImportFrom("typing", [ast.alias(TYPE_CHECKING_FLAG)], 0),
            ]
        return module


Method = ast.FunctionDef | ast.AsyncFunctionDef


class _Uses:
    """Where the client module uses each name: in annotations; as the model a method returns
    `self.validate_result(...)` into; anywhere else (evaluated at run time)."""

    def __init__(self) -> None:
        self.in_annotations: set[str] = set()
        self.validated: dict[str, list[Method]] = defaultdict(list)
        self.at_run_time: set[str] = set()

    @classmethod
    def of(cls, module: ast.Module) -> _Uses:
        uses = cls()
        seen: set[int] = set()
        names: list[ast.Name] = []
        for node in ast.walk(module):  # once: the client of a large schema is large
            if isinstance(node, ast.Name):
                names.append(node)
            for annotation in _annotations_of(node):
                for inner in ast.walk(annotation):
                    seen.add(id(inner))
                    if isinstance(inner, ast.Name):
                        uses.in_annotations.add(inner.id)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for model in _returned_models(node):
                    seen.add(id(model))
                    uses.validated[model.id].append(node)
        uses.at_run_time = {name.id for name in names if id(name) not in seen}
        return uses


def _annotations_of(node: ast.AST) -> Iterator[ast.expr]:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        arguments = node.args
        every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
        every += [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
        yield from (a.annotation for a in every if a.annotation is not None)
        if node.returns is not None:
            yield node.returns
    elif isinstance(node, ast.AnnAssign):
        yield node.annotation


def _returned_models(method: Method) -> Iterator[ast.Name]:
    """The model of each `return self.validate_result(Model, ...)` of the method's body (where
    plugins/runtime_clients.py puts it), once each."""
    found: set[str] = set()
    for statement in method.body:
        call = statement.value if isinstance(statement, ast.Return) else None
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "validate_result"
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id == "self"
            and call.args
            and isinstance(call.args[0], ast.Name)
            and call.args[0].id not in found
        ):
            found.add(call.args[0].id)
            yield call.args[0]


def _package_imports(module: ast.Module) -> dict[str, str]:
    """Each name the module imports from its own package (`from .x import name`) → x."""
    return {
        alias.asname or alias.name: node.module
        for node in module.body
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module
        for alias in node.names
    }


def _import_before_use(method: Method, name: str, source: str) -> None:
    """`from .<source> import <name>` just before the first statement of `method` naming it."""
    for index, statement in enumerate(method.body):
        if any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(statement)):
            method.body.insert(index, ast.ImportFrom(source, [ast.alias(name)], 1))
            return


def _remove_imports(module: ast.Module, names: set[str]) -> None:
    kept: list[ast.stmt] = []
    for node in module.body:
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            node.names = [a for a in node.names if (a.asname or a.name) not in names]
            if not node.names:
                continue
        kept.append(node)
    module.body = kept
