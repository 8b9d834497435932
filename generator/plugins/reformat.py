"""Format the client module once more, after our literals went in: the last plugin."""

from __future__ import annotations

from ariadne_codegen.plugins.base import Plugin
from ariadne_codegen.utils import format_code


class ReformatPlugin(Plugin):
    def generate_client_code(self, generated_code: str) -> str:
        return format_code(generated_code, remove_unused_imports=False)
