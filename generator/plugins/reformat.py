"""Format the modules once more, after our literals went in: the last plugin."""

from __future__ import annotations

from ariadne_codegen.plugins.base import Plugin
from ariadne_codegen.utils import format_code


def _reformat(code: str) -> str:
    return format_code(code, remove_unused_imports=False)


class ReformatPlugin(Plugin):
    def generate_client_code(self, generated_code: str) -> str:
        return _reformat(generated_code)

    def generate_result_types_code(self, generated_code: str) -> str:
        return _reformat(generated_code)

    def generate_enums_code(self, generated_code: str) -> str:
        return _reformat(generated_code)

    def generate_inputs_code(self, generated_code: str) -> str:
        return _reformat(generated_code)

    def copy_code(self, copied_code: str) -> str:
        # Our runtime modules follow this repository's line length, the package ruff's default.
        return _reformat(copied_code)
