"""Python types for Rye's custom scalars. Each keeps the server's value exactly: parsing a
response and dumping it again (`model_dump(mode="json")`, `model_dump_json()`) gives back the
identical string or number, which pydantic's own datetime and URL types do not promise.

- `Time`: RFC 3339 with up to nanoseconds, as Go's RFC3339Nano writes it.
- `URL`: an absolute http or https URL, byte for byte (no trailing slash added, no case folded).
- `Percentage`: an integer, 5 meaning 5%.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Self
from urllib.parse import urlsplit

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

_TIME = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[Tt]"
    r"(?P<clock>[0-9]{2}:[0-9]{2}:[0-9]{2})(?:\.(?P<fraction>[0-9]{1,9}))?"
    r"(?:(?P<utc>[Zz])|(?P<sign>[+-])(?P<offset_hours>[0-9]{2}):(?P<offset_minutes>[0-9]{2}))"
)
# Control characters and spaces never belong in a URL's text, however lenient the parser.
_URL_FORBIDDEN = re.compile(r"[\x00-\x20\x7f]")


class Time(str):
    """A date with time, RFC 3339 with up to nanosecond precision (Rye's example:
    '2022-09-18T23:12:23-06:00'). The string is kept exactly as received.

    `to_datetime()` gives an aware datetime, which holds microseconds: further digits are
    truncated there and only `nanosecond` keeps them. A leap second (:60) is refused, as Go's
    time package, which writes Rye's values, refuses it.
    """

    __slots__ = ()

    def __new__(cls, value: str) -> Self:
        _parse_time(value)
        return super().__new__(cls, value)

    @property
    def nanosecond(self) -> int:
        """The fraction of the second, 0 to 999,999,999."""
        return int((_match_time(self).group("fraction") or "").ljust(9, "0"))

    def to_datetime(self) -> datetime:
        return _parse_time(self)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str.__repr__(self)})"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source_type: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return _str_schema(cls)


class URL(str):
    """A URL with a scheme of http or https and a host, kept byte for byte: pydantic's AnyUrl
    would normalise it (a trailing slash added, the host lower-cased) and so change it."""

    __slots__ = ()

    def __new__(cls, value: str) -> Self:
        _check_url(value)
        return super().__new__(cls, value)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str.__repr__(self)})"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source_type: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return _str_schema(cls)


class Percentage(int):
    """A percentage represented as an integer. Example: 5 represents 5%. Booleans, floats
    (5.0 too) and numeric strings are refused."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({int.__repr__(self)})"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source_type: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        # Strict: only a real int (JSON integer) passes, so true, 5.0 and "5" do not.
        return core_schema.no_info_after_validator_function(
            lambda value: value if type(value) is cls else cls(value),
            core_schema.int_schema(strict=True),
        )


def _str_schema(cls: type[Time] | type[URL]) -> core_schema.CoreSchema:
    """A JSON string validated by `cls`'s constructor; strict, so bytes are not decoded."""
    return core_schema.no_info_after_validator_function(
        lambda value: value if type(value) is cls else cls(value),
        core_schema.str_schema(strict=True),
    )


def _match_time(value: str) -> re.Match[str]:
    match = _TIME.fullmatch(value)
    if match is None:
        raise ValueError(
            f"{value!r} is not an RFC 3339 date-time such as '2022-09-18T23:12:23-06:00' "
            "or '2024-05-01T12:00:00.123456789Z'"
        )
    return match


def _parse_time(value: str) -> datetime:
    match = _match_time(value)
    try:
        moment = datetime.fromisoformat(f"{match.group('date')}T{match.group('clock')}")
        if match.group("utc"):
            zone = UTC
        else:
            sign = -1 if match.group("sign") == "-" else 1
            hours, minutes = int(match.group("offset_hours")), int(match.group("offset_minutes"))
            if minutes > 59:
                raise ValueError("offset minutes must be 0..59")
            zone = timezone(sign * timedelta(hours=hours, minutes=minutes))
    except ValueError as error:  # a 13th month, a 25th hour, a 24-hour offset, ...
        raise ValueError(f"{value!r} is not a valid RFC 3339 date-time: {error}") from None
    microsecond = int((match.group("fraction") or "").ljust(9, "0")) // 1000
    return moment.replace(microsecond=microsecond, tzinfo=zone)


def _check_url(value: str) -> None:
    if _URL_FORBIDDEN.search(value):
        raise ValueError(f"{value!r} is not a URL: it contains spaces or control characters")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - reading it validates it
    except ValueError as error:
        raise ValueError(f"{value!r} is not a URL: {error}") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"{value!r} is not an http or https URL")
    if not parts.hostname:
        raise ValueError(f"{value!r} has no host")
