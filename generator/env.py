"""`${VAR}` references in configuration values, expanded from an environment.

Values that are secrets (a webhook URL: Slack's path is the credential) belong in the
environment, not in pyproject.toml or a CI log, so flags and config may name them instead:
`--notify '${SLACK_WEBHOOK_URL}'`. Errors name the variable, never a value: a value may be
the secret itself.

Supported, as in POSIX shells: `${NAME}`, and `${NAME:-default}` (the default when NAME is
unset or empty). Not supported: `$NAME`, `$$`, nesting; a `$` not followed by `{` is kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from generator.errors import ConfigError

# `(?P<malformed>)` matches the empty string after any `${` the good form does not fit, so
# one scan finds both the references and the broken ones.
_REFERENCE = re.compile(
    r"\$\{(?:(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?P<default>[^}]*))?\}|(?P<malformed>))"
)
_FORMS = "${NAME} or ${NAME:-default}"


def is_secret_reference(value: str) -> bool:
    """Whether `value` takes (part of) its text from the environment."""
    return "${" in value


def referenced_names(value: str) -> tuple[str, ...]:
    """The variables `value` refers to, in order of first reference."""
    names = (match["name"] for match in _REFERENCE.finditer(value) if match["name"])
    return tuple(dict.fromkeys(names))


def expand(value: str, environ: Mapping[str, str]) -> str:
    """`value` with every `${NAME}` and `${NAME:-default}` replaced from `environ`.

    Raises ConfigError naming every referenced variable that is unset and has no default,
    or the position of a `${` that is not one of the two forms. Substituted text is not
    scanned again, so a value that itself contains `${` is kept as it is.
    """
    _check_references(value, environ)
    return _REFERENCE.sub(lambda match: _substitute(match, environ), value)


def _check_references(value: str, environ: Mapping[str, str]) -> None:
    """Raise for a malformed reference first, then for all missing variables at once."""
    missing: list[str] = []
    for match in _REFERENCE.finditer(value):
        if match["malformed"] is not None:
            raise ConfigError(
                f"malformed variable reference at character {match.start() + 1}: expected {_FORMS}"
            )
        name = match["name"]
        if match["default"] is None and name not in environ and name not in missing:
            missing.append(name)
    if missing:
        raise _missing_error(missing)


def _missing_error(names: list[str]) -> ConfigError:
    if len(names) == 1:
        message, them = f"environment variable {names[0]} is not set", "it"
    else:
        message, them = f"environment variables {', '.join(names)} are not set", "them"
    return ConfigError(message, hint=f"set {them}, or give a default: ${{{names[0]}:-...}}")


def _substitute(match: re.Match[str], environ: Mapping[str, str]) -> str:
    value = environ.get(match["name"], "")
    default = match["default"]
    # `:-` as in shells: an empty variable takes the default too (CI systems often set a
    # secret that is unavailable, e.g. on forks, to the empty string).
    if default is not None and not value:
        return default
    return value
