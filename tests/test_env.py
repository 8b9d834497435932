"""`${VAR}` expansion: values from the environment, errors that name variables, not values."""

from __future__ import annotations

import pytest

from generator.env import expand, is_secret_reference, referenced_names
from generator.errors import ConfigError

SECRET = "https://hooks.slack.com/services/T000/B000/XXXXSECRET"


@pytest.mark.parametrize(
    ("value", "environ", "expected"),
    [
        ("${HOOK}", {"HOOK": SECRET}, SECRET),
        (
            "https://${HOST}/hooks/${ID}",
            {"HOST": "example.com", "ID": "7"},
            "https://example.com/hooks/7",
        ),
        ("${HOOK:-https://fallback}", {}, "https://fallback"),
        ("${HOOK:-https://fallback}", {"HOOK": "https://set"}, "https://set"),
        ("${HOOK:-https://fallback}", {"HOOK": ""}, "https://fallback"),  # empty, as in shells
        ("${HOOK:-}", {}, ""),
        ("${HOOK}", {"HOOK": ""}, ""),  # set but empty is still set
        ("no references", {}, "no references"),
        ("costs $5 or $HOME or a lone $", {}, "costs $5 or $HOME or a lone $"),
        ("$${A}", {"A": "x"}, "$x"),  # `$$` is not an escape
        ("${A}${B}", {"A": "1", "B": "2"}, "12"),
        ("${_lower_9}", {"_lower_9": "ok"}, "ok"),
    ],
)
def test_expand_replaces_references(value: str, environ: dict[str, str], expected: str) -> None:
    assert expand(value, environ) == expected


def test_substituted_text_is_not_expanded_again() -> None:
    assert expand("${A}", {"A": "${B}", "B": "no"}) == "${B}"


def test_a_missing_variable_is_named_and_no_value_is_shown() -> None:
    with pytest.raises(ConfigError) as raised:
        expand("https://user:${PASSWORD}@example.com/${HOOK_URL}", {"PASSWORD": "hunter2"})
    error = raised.value
    assert error.message == "environment variable HOOK_URL is not set"
    assert error.code == "config"
    assert "hunter2" not in str(error) + (error.hint or "")
    assert "${HOOK_URL:-" in (error.hint or "")


def test_every_missing_variable_is_named_once() -> None:
    with pytest.raises(ConfigError, match=r"^environment variables A, B are not set$"):
        expand("${A}/${B}/${A}", {})


def test_a_default_covers_a_missing_variable_before_it_is_checked() -> None:
    assert expand("${A:-x}/${B:-y}", {}) == "x/y"


@pytest.mark.parametrize("value", ["${", "x${HOOK", "${1ABC}", "${A-b}", "${A B}", "${}"])
def test_a_malformed_reference_is_an_error_that_shows_its_position(value: str) -> None:
    with pytest.raises(ConfigError, match=r"^malformed variable reference at character \d+"):
        expand(value, {"HOOK": "x", "A": "x"})


def test_a_malformed_reference_is_reported_even_after_a_good_one() -> None:
    with pytest.raises(ConfigError, match="at character 8:"):
        expand("${A}/x/${", {"A": "secret-value"})


def test_referenced_names_in_order_without_repeats() -> None:
    assert referenced_names("${B}${A:-x}${B}$C") == ("B", "A")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("${HOOK_URL}", True), ("https://x/${ID:-1}", True), ("https://x/$ID", False), ("", False)],
)
def test_is_secret_reference(value: str, expected: bool) -> None:
    assert is_secret_reference(value) is expected
