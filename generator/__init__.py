"""rye-codegen: a typed Python client for the Rye GraphQL API, and a build that fails on drift.

The library API (generator/api.py): `load_schema`, `validate`, `generate`, `check`, `diff`.
They are imported on first use (PEP 562), so `import generator.cli` and the command's
start pay only for what a command needs, and a Ctrl-C while starting is caught
(generator/entry.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from generator.api import (
        Generation,
        Validation,
        check,
        diff,
        generate,
        load_schema,
        project_config,
        validate,
    )

__all__ = [
    "Generation",
    "Validation",
    "__version__",
    "check",
    "diff",
    "generate",
    "load_schema",
    "project_config",
    "validate",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from generator import api

        return getattr(api, name)
    raise AttributeError(f"module 'generator' has no attribute {name!r}")
