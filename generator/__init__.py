"""rye-codegen: a typed Python client for the Rye GraphQL API, and a build that fails on drift.

The library API (generator/api.py): `load_schema`, `validate`, `generate`, `check`, `diff`.
"""

__version__ = "0.1.0"

from generator.api import (  # noqa: E402 - after __version__, which modules below import
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
