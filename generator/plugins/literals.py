"""Python literals for untrusted text, put into generated code after ariadne-codegen has
formatted it (its own string embedding is lossy): placeholders in the AST, then substitution.

Plugins put `placeholder(kind, name)` where a literal belongs; `substitute` replaces it with a
literal that holds the text exactly, and the package is formatted again (emit/engine.py).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable

PREFIX = "RYE_CODEGEN_"
# Placeholders are replaced one plugin after another, so text an earlier plugin put in (a
# description) is still in the code when a later one substitutes: a description spelling a
# placeholder would be replaced by another literal, which could close it early. Every
# literal spells the prefix with an escape instead (`\x5f` is `_` once Python reads it).
_DEFUSED = "RYE_CODEGEN\\x5f"
# What a docstring shows as itself: printable ASCII and newlines; all else is escaped.
_UNPRINTABLE = re.compile(r"[^\x20-\x7e\n]")


def defused(literal: str) -> str:
    """A Python string literal in which no placeholder can be found."""
    return literal.replace(PREFIX, _DEFUSED)


def placeholder(kind: str, name: str) -> ast.Name:
    return ast.Name(id=f"{PREFIX}{kind}_{name}")


def substitute(code: str, kind: str, literal: Callable[[str, str], str]) -> str:
    """Replace every `RYE_CODEGEN_<kind>_<name>` with `literal(name, indent)`."""
    pattern = re.compile(
        rf"^(?P<indent> *)(?P<before>.*?){PREFIX}{kind}_(?P<name>\w+)", re.MULTILINE
    )
    return pattern.sub(lambda m: m["indent"] + m["before"] + literal(m["name"], m["indent"]), code)


def string_literal(text: str) -> str:
    """`ascii` is an exact Python literal for any str, in ASCII: no schema text can put a
    character in the generated source that an editor or a reviewer's terminal shows falsely
    (bidi overrides, look-alikes)."""
    return defused(ascii(text))


def docstring_literal(text: str, indent: str) -> str:
    """A triple-quoted docstring that reads as `text` and can never end early: backslashes,
    triple quotes, a trailing quote, control and non-ASCII characters are escaped (`__doc__`
    still equals `text`)."""
    safe = text.replace("\\", "\\\\")
    if safe.endswith('"'):  # it would merge with the closing quotes
        safe = safe[:-1] + '\\"'
    safe = safe.replace('"""', '\\"\\"\\"')
    safe = _UNPRINTABLE.sub(lambda m: m[0].encode("unicode_escape").decode(), safe)
    lines = safe.split("\n")
    body = "\n".join([lines[0], *((indent + line) if line else "" for line in lines[1:])])
    closing = f"\n{indent}" if len(lines) > 1 else ""
    return defused(f'"""{body}{closing}"""')
