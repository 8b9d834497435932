"""The generated package's runtime: our base clients and one exception tree, in place of
ariadne-codegen's (generator/runtime/, copied verbatim).

ariadne-codegen's base client has no retries, no timeout of its own, no Rye headers and shows
headers in its errors; its exceptions are four unrelated families. Ours (see runtime/) are
wired in through its `base_client_*` settings and `files_to_include`. This plugin makes each
method validate through the client, so a response that does not fit raises
`ResponseValidationError` from the same tree; types its `**kwargs` as the per-call
`RequestOptions` (headers, timeout) instead of `Any`; and exports the runtime's public names.
"""

from __future__ import annotations

import ast
from pathlib import Path

from graphql import OperationDefinitionNode

from generator.config import Features
from generator.plugins.context_plugin import ContextPlugin
from generator.plugins.exports import export

RUNTIME = Path(__file__).parent.parent / "runtime"
ASYNC_BASE_CLIENT = RUNTIME / "async_base_client.py"
SYNC_BASE_CLIENT = RUNTIME / "base_client.py"
FORWARD_COMPATIBLE = RUNTIME / "forward_compatible.py"

# What the package `__init__` exports from the runtime, by module.
EXPORTS: dict[str, tuple[str, ...]] = {
    "exceptions": (
        "GraphQLErrorDetail",
        "GraphQLResponseError",
        "HTTPStatusError",
        "InvalidResponseError",
        "ResponseValidationError",
        "RyeClientError",
        "TransportError",
    ),
    "_transport": ("RequestOptions", "RetryPolicy"),
    "scalars": ("Percentage", "Time", "URL"),
}
# Names the client modules define or import besides the schema's: the naming plugin keeps
# schema names off them.
CLIENT_NAMES = frozenset(
    {
        "AsyncBaseClient",
        "AsyncClient",
        "BaseClient",
        "Client",
        "Unpack",
        "serialize_scalar",  # plugins/scalar_variables.py
        *sum(EXPORTS.values(), ()),
    }
)


def runtime_files(features: Features) -> list[Path]:
    """Our modules the package ships besides the async base client ariadne-codegen copies."""
    skipped = {ASYNC_BASE_CLIENT, RUNTIME / "__init__.py"}
    if not features.sync_client:
        skipped.add(SYNC_BASE_CLIENT)
    if not features.forward_compatible:
        skipped.add(FORWARD_COMPATIBLE)
    return sorted(path for path in RUNTIME.glob("*.py") if path not in skipped)


class RuntimeClientPlugin(ContextPlugin):
    def generate_client_method(
        self,
        method_def: ast.FunctionDef | ast.AsyncFunctionDef,
        operation_definition: OperationDefinitionNode,
    ) -> ast.FunctionDef | ast.AsyncFunctionDef:
        for node in ast.walk(method_def):
            if isinstance(node, ast.Return) and _is_model_validate(node.value):
                assert isinstance(node.value, ast.Call)
                assert isinstance(node.value.func, ast.Attribute)
                model = node.value.func.value
                node.value = ast.Call(
                    ast.Attribute(ast.Name("self"), "validate_result"),
                    [model, *node.value.args],
                    [],
                )
        if method_def.args.kwarg is not None:
            method_def.args.kwarg.annotation = ast.Subscript(
                ast.Name("Unpack"), ast.Name("RequestOptions")
            )
        return method_def

    def generate_client_module(self, module: ast.Module) -> ast.Module:
        module.body[:0] = [
            ast.ImportFrom("typing_extensions", [ast.alias("Unpack")], 0),
            ast.ImportFrom("_transport", [ast.alias("RequestOptions")], 1),
        ]
        return module

    def generate_init_module(self, module: ast.Module) -> ast.Module:
        for module_name, names in EXPORTS.items():
            export(module, module_name, names)
        return module


def _is_model_validate(value: ast.expr | None) -> bool:
    return (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr == "model_validate"
        and len(value.args) == 1
    )
