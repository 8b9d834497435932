"""Untrusted text made safe to show on one line of a terminal, a log or a report."""

from __future__ import annotations


def printable(text: str, keep: str = "") -> str:
    """Text with its control and invisible characters spelled out (`\\n`, `\\x1b`, `\\u202e`),
    but those in `keep`: schema text or a server's message cannot send escape sequences to a
    terminal, reorder what it shows, or start a line of its own (a CI workflow command)."""
    return "".join(char if char.isprintable() or char in keep else _escaped(char) for char in text)


def _escaped(char: str) -> str:
    return char.encode("unicode_escape").decode("ascii")
