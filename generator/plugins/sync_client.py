"""A sync `Client` beside the async `AsyncClient`, from one parse, sharing every model.

ariadne-codegen writes one client, sync or async. We let it write the async one and derive the
sync one from its finished code, token by token: `async def` becomes `def`, `await` goes, and
the async names become their sync twins. Only NAME tokens change, so no docstring or query
text can be touched. `sync_client` / `async_client` in [tool.rye-codegen] choose which ship.
"""

from __future__ import annotations

import ast
import io
import itertools
import tokenize
from collections.abc import Iterator

from generator.plugins.context_plugin import ContextPlugin
from generator.plugins.exports import export, unexport

SYNC_FILE = "client.py"
ASYNC_FILE = "async_client.py"
ASYNC_MODULES = frozenset({"async_client", "async_base_client"})
RENAMES = {
    "AsyncClient": "Client",
    "AsyncBaseClient": "BaseClient",
    "async_base_client": "base_client",
}


class SyncClientPlugin(ContextPlugin):
    def generate_init_module(self, module: ast.Module) -> ast.Module:
        if self.context.features.sync_client:
            export(module, "client", ["Client"])
            export(module, "base_client", ["BaseClient"])
        if not self.context.features.async_client:
            unexport(module, ASYNC_MODULES)
        return module

    def generate_client_code(self, generated_code: str) -> str:
        if self.context.features.sync_client:
            # Formatted with the rest of the package (emit/engine.py).
            self.context.extra_files[SYNC_FILE] = unasync(generated_code)
        return generated_code


def unasync(code: str) -> str:
    """The sync twin of an async client module, put together in one pass (the tokens come in
    order, and do not overlap)."""
    starts = [0]
    for line in code.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    pieces: list[str] = []
    done = 0
    for (row, column), (end_row, end_column), replacement in _edits(code):
        begin, end = starts[row - 1] + column, starts[end_row - 1] + end_column
        pieces += [code[done:begin], replacement]
        done = end
    pieces.append(code[done:])
    return "".join(pieces)


Position = tuple[int, int]


def _edits(code: str) -> Iterator[tuple[Position, Position, str]]:
    # Token by token: the client of a thousand operations is half a million tokens.
    tokens = tokenize.generate_tokens(io.StringIO(code).readline)
    for token, following in itertools.pairwise(tokens):
        if token.type != tokenize.NAME:
            continue
        if token.string == "async" and following.string in {"def", "with", "for"}:
            yield token.start, following.start, ""  # the keyword and the space after it
        elif token.string == "await":
            yield token.start, following.start, ""
        elif token.string in RENAMES:
            yield token.start, token.end, RENAMES[token.string]
