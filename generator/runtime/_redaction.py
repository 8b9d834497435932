"""Which HTTP headers are secret, and how they are shown: `Basic ***`, never the value.

Exceptions, reprs and log lines go through here, so a credential cannot reach a traceback, a
log aggregator or a pasted issue report.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

MASK = "***"
SECRET_HEADER_NAMES = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"}
)
# Any header whose name contains one of these is treated as secret too (`X-Rye-Token`, ...).
SECRET_NAME_PARTS = ("token", "secret", "key", "auth")
# These values start with an auth scheme (RFC 9110, 11.4): it tells how, not what, so it stays.
_SCHEME_HEADERS = frozenset({"authorization", "proxy-authorization"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*) +(\S.*)", re.DOTALL)
# Scrubbing a shorter fragment out of a body would mangle ordinary words and hide nothing real.
_MIN_SCRUBBED_LENGTH = 4
# How many objects and lists deep `scrub_json` keeps a value; deeper ones become TOO_DEEP.
MAX_SCRUBBED_DEPTH = 32
TOO_DEEP = "<nested too deep>"


def is_secret_header(name: str) -> bool:
    lowered = name.lower()
    return lowered in SECRET_HEADER_NAMES or any(part in lowered for part in SECRET_NAME_PARTS)


def mask_header_value(name: str, value: str) -> str:
    """`value` itself for an ordinary header; `***`, or `Basic ***`, for a secret one."""
    if not is_secret_header(name):
        return value
    scheme = _SCHEME.fullmatch(value) if name.lower() in _SCHEME_HEADERS else None
    return f"{scheme.group(1)} {MASK}" if scheme else MASK


def mask_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {name: mask_header_value(name, value) for name, value in headers.items()}


def mask_url(url: str) -> str:
    """The URL with any `user:password@` replaced by `***@`."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{MASK}@{host}"))


def scrub_secrets(text: str, headers: Mapping[str, str]) -> str:
    """`text` (a response body, say) with every secret the request `headers` carried masked.

    A proxy or a debugging endpoint may echo the request back; its body must not carry the
    credential into an exception message.
    """
    return _masked(text, _secrets_of(headers))


def scrub_json(value: Any, headers: Mapping[str, str]) -> Any:
    """A parsed JSON value (a response's `errors`, say) with `scrub_secrets` applied to every
    string in it, object keys included.

    What lies deeper than `MAX_SCRUBBED_DEPTH` objects and lists is replaced by `TOO_DEEP`:
    no GraphQL error needs more, and a value nested hundreds deep would otherwise exhaust the
    stack here, or later in the caller's `repr` or `==` of it.
    """
    return _scrubbed(value, _secrets_of(headers), 0)


def _scrubbed(value: Any, secrets: list[str], depth: int) -> Any:
    if isinstance(value, str):
        return _masked(value, secrets)
    if not isinstance(value, list | dict):
        return value
    if depth >= MAX_SCRUBBED_DEPTH:
        return TOO_DEEP
    if isinstance(value, list):
        return [_scrubbed(item, secrets, depth + 1) for item in value]
    # A key is a string or another scalar: never nested, masked like any string.
    return {
        _scrubbed(k, secrets, depth): _scrubbed(v, secrets, depth + 1) for k, v in value.items()
    }


def _secrets_of(headers: Mapping[str, str]) -> list[str]:
    """The fragments `_masked` hides, longest first so that none is masked only in part."""
    fragments = {
        fragment
        for name, value in headers.items()
        if is_secret_header(name)
        for fragment in _secret_fragments(value)
        if len(fragment) >= _MIN_SCRUBBED_LENGTH
    }
    return sorted(fragments, key=len, reverse=True)


def _masked(text: str, secrets: list[str]) -> str:
    for fragment in secrets:
        text = text.replace(fragment, MASK)
    return text


def _secret_fragments(value: str) -> Iterator[str]:
    """The value, its credentials after any scheme, and for Basic the decoded user and password."""
    yield value
    scheme = _SCHEME.fullmatch(value)
    if scheme is None:
        return
    credentials = scheme.group(2).strip()
    yield credentials
    if scheme.group(1).lower() == "basic":
        try:
            decoded = base64.b64decode(credentials, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return
        yield decoded
        yield from decoded.split(":", 1)
