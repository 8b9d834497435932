"""The literals that put untrusted schema text into generated code always read back exactly."""

from __future__ import annotations

import ast
import inspect
import random

import pytest

from generator.plugins.literals import docstring_literal, string_literal

NASTY = [
    "",
    '"',
    '""',
    '"""',
    '""""',
    "ends with a backslash \\",
    'ends with an escaped quote \\"',
    "''' single triple quotes '''",
    'a """ b """ c',
    "two\nlines",
    "trailing newline\n",
    "\n leading newline",
    "tab\tNUL\x00 escape\x1b CR\r LS\u2028 end",
    'code: """; __import__("os").system("echo pwned"); """',
    "Café ☕",
]
ALPHABET = ['"', "'", "\\", "\n", "\t", " ", "x", "\x00", "é", "\r"]


def read_back_docstring(text: str, indent: str) -> str | None:
    source = f"class C:\n{indent}{docstring_literal(text, indent)}\n{indent}x = 1\n"
    tree = ast.parse(source)
    return ast.get_docstring(tree.body[0], clean=False)  # type: ignore[arg-type]


def expected_raw(text: str, indent: str) -> str:
    """What the literal holds: `text`, with its continuation lines indented like the code."""
    lines = text.split("\n")
    raw = "\n".join([lines[0], *((indent + line) if line else "" for line in lines[1:])])
    return raw + (f"\n{indent}" if len(lines) > 1 else "")


@pytest.mark.parametrize("text", NASTY)
def test_docstring_literal_reads_back_exactly(text: str) -> None:
    assert read_back_docstring(text, "    ") == expected_raw(text, "    ")
    assert string_literal(text) and ast.literal_eval(string_literal(text)) == text


def test_docstring_literal_reads_back_random_texts() -> None:
    generator = random.Random(20261203)
    for _ in range(2000):
        text = "".join(generator.choices(ALPHABET, k=generator.randint(0, 12)))
        assert read_back_docstring(text, "    ") == expected_raw(text, "    "), repr(text)


def test_cleaned_docstring_is_the_description() -> None:
    text = "First line\nsecond line\n\n  indented third"
    raw = read_back_docstring(text, "        ")
    assert raw is not None and inspect.cleandoc(raw) == inspect.cleandoc(text)
