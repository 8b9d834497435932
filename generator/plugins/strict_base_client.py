"""Make ariadne-codegen's async base client pass `mypy --strict`.

Its fallback for a missing `websockets` package defines `ws_connect` without annotations and
with a bare `# type: ignore` that mypy reports as unused. We replace exactly that block; if an
upgrade changes it, `patch_base_client` raises and tests/test_ariadne_internals.py fails.
"""

from __future__ import annotations

from ariadne_codegen.plugins.base import Plugin

UNTYPED_FALLBACK = """    @asynccontextmanager  # type: ignore
    async def ws_connect(*args, **kwargs):
        raise NotImplementedError("Subscriptions require 'websockets' package.")
        yield
"""

TYPED_FALLBACK = """    @asynccontextmanager  # type: ignore[no-redef,unused-ignore]
    async def ws_connect(*args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        raise NotImplementedError("Subscriptions require 'websockets' package.")
        yield
"""

ASYNC_BASE_CLIENT_MARKER = "class AsyncBaseClient"


class BaseClientPatchError(RuntimeError):
    """The copied base client no longer has the block this plugin fixes."""


def patch_base_client(code: str) -> str:
    if ASYNC_BASE_CLIENT_MARKER not in code:
        return code
    if UNTYPED_FALLBACK not in code:
        raise BaseClientPatchError(
            "ariadne-codegen's async base client changed: the untyped ws_connect fallback is "
            "gone, so generator/plugins/strict_base_client.py needs revisiting"
        )
    return code.replace(UNTYPED_FALLBACK, TYPED_FALLBACK)


class StrictBaseClientPlugin(Plugin):
    def copy_code(self, copied_code: str) -> str:
        return patch_base_client(copied_code)
