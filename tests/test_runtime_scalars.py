"""Rye's custom scalars keep the server's exact value through parse and dump, and refuse junk."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pydantic
import pytest

from generator.runtime.scalars import URL, Percentage, Time


class Event(pydantic.BaseModel):
    created_at: Time = pydantic.Field(alias="createdAt")
    url: URL
    margin: Percentage


def round_trip(created_at: str, url: str, margin: object) -> Event:
    """The value parsed from JSON and dumped both ways, each dump equal to the input."""
    raw = json.dumps({"createdAt": created_at, "url": url, "margin": margin})
    event = Event.model_validate_json(raw)
    assert event.model_dump_json(by_alias=True) == raw.replace(": ", ":").replace(", ", ",")
    assert event.model_dump(mode="json", by_alias=True) == json.loads(raw)
    assert Event.model_validate(event.model_dump(by_alias=True)) == event  # Python mode too
    return event


def tz(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))


@pytest.mark.parametrize(
    ("text", "expected", "nanosecond"),
    [
        ("2022-09-18T23:12:23-06:00", datetime(2022, 9, 18, 23, 12, 23, tzinfo=tz(-360)), 0),
        ("2024-05-01T12:00:00.123456789Z", datetime(2024, 5, 1, 12, 0, 0, 123456, UTC), 123456789),
        ("2024-05-01T12:00:00.5+05:30", datetime(2024, 5, 1, 12, 0, 0, 500000, tz(330)), 500000000),
        ("2024-05-01T12:00:00.000000001Z", datetime(2024, 5, 1, 12, 0, 0, 0, UTC), 1),
        ("2024-05-01T12:00:00.100Z", datetime(2024, 5, 1, 12, 0, 0, 100000, UTC), 100000000),
        ("2024-02-29t23:59:59z", datetime(2024, 2, 29, 23, 59, 59, tzinfo=UTC), 0),
        ("2024-05-01T12:00:00-00:00", datetime(2024, 5, 1, 12, tzinfo=UTC), 0),
    ],
)
def test_time_round_trips_exactly(text: str, expected: datetime, nanosecond: int) -> None:
    created_at = round_trip(text, "https://example.com", 5).created_at
    assert isinstance(created_at, Time)
    assert created_at == text  # the very string, trailing zeros and offset included
    assert created_at.nanosecond == nanosecond
    moment = created_at.to_datetime()
    assert moment == expected
    assert moment.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "text",
    [
        "2022-09-18",
        "2022-09-18 23:12:23Z",  # RFC 3339 allows the space only by agreement; Go does not
        "2022-09-18T23:12:23",  # no offset
        "2022-09-18T23:12:23.Z",
        "2022-09-18T23:12:23.1234567890Z",  # beyond nanoseconds
        "2022-13-18T23:12:23Z",
        "2023-02-29T23:12:23Z",
        "2022-09-18T24:00:00Z",
        "2022-09-18T23:12:60Z",  # a leap second: Go refuses it too
        "2022-09-18T23:12:23+24:00",
        "2022-09-18T23:12:23+05:60",
        "2022-09-18T23:12:23+0600",
        " 2022-09-18T23:12:23Z",
        "２０２２-09-18T23:12:23Z",  # full-width digits
    ],
)
def test_time_refuses_what_is_not_rfc_3339(text: str) -> None:
    with pytest.raises(pydantic.ValidationError, match="RFC 3339"):
        Event.model_validate({"createdAt": text, "url": "https://example.com", "margin": 1})
    with pytest.raises(ValueError, match="RFC 3339"):
        Time(text)


def test_time_refuses_what_is_not_a_string() -> None:
    moment = datetime(2024, 1, 1, tzinfo=UTC)
    for value in (moment, 1714564800, b"2024-05-01T12:00:00Z"):
        with pytest.raises(pydantic.ValidationError):
            Event.model_validate({"createdAt": value, "url": "https://e.com", "margin": 1})


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com",  # no trailing slash added
        "HTTPS://Example.COM/Path/",  # no case folded
        "http://example.com:8080/a/../b?q=1&q=2#frag",  # no path resolved
        "https://www.amazon.com/dp/B0CHX1W1XY?th=1&psc=1",
        "https://example.com/%7Euser/caf%C3%A9",  # escapes kept as sent
        "https://user@[2001:db8::1]:443/",
    ],
)
def test_url_round_trips_byte_for_byte(url: str) -> None:
    parsed = round_trip("2024-05-01T12:00:00Z", url, 5).url
    assert isinstance(parsed, URL)
    assert parsed == url


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("ftp://example.com/file", "http or https"),
        ("mailto:someone@example.com", "http or https"),
        ("example.com/path", "http or https"),
        ("/relative/path", "http or https"),
        ("https://", "no host"),
        ("https:///path", "no host"),
        ("https://example.com:99999/", "Port out of range"),
        ("https://exa mple.com/", "spaces or control characters"),
        ("https://example.com/\n", "spaces or control characters"),
        ("", "http or https"),
    ],
)
def test_url_refuses_what_is_not_an_absolute_http_url(url: str, why: str) -> None:
    with pytest.raises(pydantic.ValidationError, match=why):
        Event.model_validate({"createdAt": "2024-05-01T12:00:00Z", "url": url, "margin": 1})


@pytest.mark.parametrize("value", [0, 5, 100, 250, -15])
def test_percentage_round_trips(value: int) -> None:
    margin = round_trip("2024-05-01T12:00:00Z", "https://example.com", value).margin
    assert isinstance(margin, Percentage)
    assert margin == value
    assert repr(margin) == f"Percentage({value})"


@pytest.mark.parametrize("value", [True, False, 5.0, 5.5, "5", None])
def test_percentage_refuses_bools_and_non_integers(value: object) -> None:
    raw = json.dumps({"createdAt": "2024-05-01T12:00:00Z", "url": "https://e.com", "margin": value})
    with pytest.raises(pydantic.ValidationError):
        Event.model_validate_json(raw)
    with pytest.raises(pydantic.ValidationError):
        Event.model_validate(
            {"createdAt": "2024-05-01T12:00:00Z", "url": "https://e.com", "margin": value}
        )


def test_validated_values_are_the_scalar_types_and_reprs_say_so() -> None:
    event = Event.model_validate(
        {"createdAt": Time("2024-05-01T12:00:00Z"), "url": "https://e.com", "margin": Percentage(3)}
    )
    assert repr(event.created_at) == "Time('2024-05-01T12:00:00Z')"
    assert repr(event.url) == "URL('https://e.com')"
    assert type(event.margin) is Percentage
