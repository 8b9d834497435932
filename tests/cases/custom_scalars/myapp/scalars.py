"""A project's scalar functions, as [tool.rye-codegen.scalars] names them: `Date` travels as
an ISO 8601 string and is a `datetime.date` in Python."""

from __future__ import annotations

from datetime import date


def parse_date(value: object) -> date:
    """Only an ISO string: pydantic's own `date` would also take a Unix timestamp."""
    if not isinstance(value, str):
        raise ValueError(f"a Date is an ISO 8601 string, not {value!r}")
    return date.fromisoformat(value)


def dump_date(value: date) -> str:
    # A method call, as a user's function would make: it fails on anything but a date.
    return value.isoformat()
