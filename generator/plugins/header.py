"""Put rye-codegen's header, naming the command that regenerates it, on every emitted module."""

from __future__ import annotations

from generator.plugins.context_plugin import ContextPlugin


class HeaderPlugin(ContextPlugin):
    def get_file_comment(self, comment: str, code: str, source: str | None = None) -> str:
        return self.context.python_header()
