"""One name per result model, package-wide: one of our two patches of ariadne-codegen's internals
(the other is emit/unprinted.py).

ariadne-codegen names a nested result model by concatenation: the parent model's name, then
the PascalCase of the field's Python name, then, under an abstract field, the member type's
name. Different paths can spell the same name (`userAddress { city }` and `user {
addressCity }` both give `QUserAddressCity`; a union member `search` > `Product` and a field
`searchProduct` both give `FindSearchProduct`), and its `ResultTypesGenerator` writes only the
first class of a name, so the second field silently parses as the first one's model. A nested
name can also be one the package already holds: an enum or input type (`OrderStatus`), another
operation's model (`Get` > `cart` against operation `GetCart`), or a name its modules import
(`Base` > `model` gives `BaseModel`).

So while the emit stage runs ariadne-codegen, `parse_operation_field` (which makes the field's
annotation and the names of the models under it, as `related_classes`) is wrapped: when any of
the names it makes is already claimed, in document order across every operation, or is one
the package holds, the field's model name gets `2`, `3`, ... until all are free, and the
models nested under it follow (they start with its name). The first path to claim a name keeps
it, so a client whose names never collided keeps every name. tests/test_ariadne_internals.py
pins what this relies on.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from ariadne_codegen.client_generators import result_fields, result_types

from generator.emit.naming import RUNTIME_NAMES
from generator.plugins.naming import is_reserved

ParseField = Callable[..., tuple[Any, Any, Any]]


class ModelNames:
    """The model names claimed so far in one run of ariadne-codegen."""

    def __init__(self, held: Iterable[str]) -> None:
        self.held = frozenset(held) | RUNTIME_NAMES
        self.claimed: set[str] = set()

    def free(self, names: Iterable[str]) -> bool:
        return not any(
            name in self.claimed or name in self.held or is_reserved(name) for name in names
        )

    def parse_field(self, parse: ParseField, **arguments: Any) -> tuple[Any, Any, Any]:
        base = arguments.get("class_name", "")
        result = parse(**arguments)
        number = 1
        while not self.free(_model_names(result)):
            number += 1
            result = parse(**{**arguments, "class_name": f"{base}{number}"})
        self.claimed.update(_model_names(result))
        return result


def _model_names(result: tuple[Any, Any, Any]) -> list[str]:
    """The models a field's annotation names (a union names one per member type), once each."""
    return list(dict.fromkeys(related.class_name for related in result[2].related_classes))


_ACTIVE: ContextVar[ModelNames | None] = ContextVar("rye_codegen_model_names", default=None)
# The function `ResultTypesGenerator._parse_type_definition` calls, by its name in that module.
PATCHED = "parse_operation_field"
_ORIGINAL: ParseField = result_fields.parse_operation_field
_INSTALLING = threading.Lock()


def _parse_operation_field(**arguments: Any) -> tuple[Any, Any, Any]:
    names = _ACTIVE.get()
    if names is None:  # ariadne-codegen driven by anyone else: as it was
        return _ORIGINAL(**arguments)
    return names.parse_field(_ORIGINAL, **arguments)


@contextlib.contextmanager
def distinct_model_names(held: Iterable[str]) -> Iterator[ModelNames]:
    """Within this block (in this thread or task only), ariadne-codegen gives every nested
    result model a name no other model and none of `held` has."""
    with _INSTALLING:
        setattr(result_types, PATCHED, _parse_operation_field)
    names = ModelNames(held)
    token = _ACTIVE.set(names)
    try:
        yield names
    finally:
        _ACTIVE.reset(token)
