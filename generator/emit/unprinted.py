"""ariadne-codegen prints every operation back to text for its client method; we replace that
text with the document as the user wrote it (plugins/wire_document.py), so while our emit stage
runs the printing is skipped: a deep copy, a visit and a print per operation, a sixth of the
emit stage's time on Rye's 21 operations.

The class `PackageGenerator._add_operation` builds, by its name in ariadne's package module,
becomes a subclass that asks `_SKIPPING` first; outside `operations_unprinted` (ariadne-codegen
driven by anyone else) it prints as before. tests/test_ariadne_internals.py pins what this
relies on.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from contextvars import ContextVar

from ariadne_codegen.client_generators import package, result_types

_SKIPPING: ContextVar[bool] = ContextVar("rye_codegen_operations_unprinted", default=False)
_INSTALLING = threading.Lock()
PATCHED = "ResultTypesGenerator"
_ORIGINAL = result_types.ResultTypesGenerator


class _ResultTypesGenerator(_ORIGINAL):
    def get_operation_as_str(self) -> str:
        if _SKIPPING.get():
            return ""
        return str(super().get_operation_as_str())


@contextlib.contextmanager
def operations_unprinted() -> Iterator[None]:
    """Within this block (in this thread or task only), ariadne-codegen's client methods get
    an empty operation text, for a plugin to fill."""
    with _INSTALLING:
        setattr(package, PATCHED, _ResultTypesGenerator)
    token = _SKIPPING.set(True)
    try:
        yield
    finally:
        _SKIPPING.reset(token)
