"""Forward-compatible parsing: what Rye adds after this client was generated still parses.

Rye adds enum values and object types often (17 enum values between 2024-02 and late 2024).
A strict client fails on each; this one keeps what it does not know, typed, and says so once
in the log. Generated with `forward_compatible = false`, a client does not use this module.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Discriminator, Field

_logger = logging.getLogger(__name__)
_reported: set[tuple[str, str]] = set()

UNKNOWN_TAG = "__unknown__"


class ForwardCompatibleEnum(str, Enum):  # noqa: UP042 - behaves like the strict enums
    """A GraphQL enum that parses values this client does not know yet.

    An unknown value becomes a member of the same enum that keeps the raw string (its
    `.value` and `.name`), so a response still parses; a warning is logged once per value.
    Known values are the usual members, equal to their strings.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        cls._value2member_map_[value] = member  # so the warning below is said once per value
        _report(cls.__name__, value)
        return member


class UnknownType(BaseModel):
    """An object of a type this client does not know yet, in a union or interface selection.

    `typename__` is the type Rye sent; the other fields it sent are kept as they came, in
    `model_extra` and `raw`. Regenerate the client to get a model for the type.
    """

    model_config = ConfigDict(extra="allow", populate_by_name=True, protected_namespaces=())

    typename__: str = Field(alias="__typename")

    @property
    def raw(self) -> dict[str, Any]:
        """The object as Rye sent it."""
        return {"__typename": self.typename__, **(self.model_extra or {})}


def by_typename(models: Mapping[str, str]) -> Discriminator:
    """Route an object to the model tagged for its `__typename`, or to `UnknownType`."""

    def tag(value: Any) -> str:
        typename: object = (
            value.get("__typename")
            if isinstance(value, dict)
            else getattr(value, "typename__", None)
        )
        if not isinstance(typename, str):
            return UNKNOWN_TAG  # and UnknownType says what is missing
        if typename not in models:
            _report("__typename", typename)
        return models.get(typename, UNKNOWN_TAG)

    return Discriminator(tag)


def _report(what: str, value: str) -> None:
    if (what, value) not in _reported:
        _reported.add((what, value))
        _logger.warning(
            "%s has no value %r in this client; keeping it as unknown "
            "(regenerate the client to know it)",
            what,
            value,
        )


__all__ = ["UNKNOWN_TAG", "ForwardCompatibleEnum", "UnknownType", "by_typename"]
