"""Diagnostics as data: collected by every stage, sorted by location, rendered once."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.printable import printable

if TYPE_CHECKING:
    from graphql import Source
    from graphql.language import Location as NodeLocation


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file: a path relative to the project root, 1-based line and column."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{self.column}"


def start_of(loc: NodeLocation) -> Location:
    """Where a parsed node starts. Its first token knows its line and column; graphql-core's
    `Source.get_location` scans the text from its top on every call (seconds, over the few
    hundred changes a diff of a large schema locates)."""
    token = loc.start_token
    if token.line == 0:  # the start-of-file token a whole document begins with
        return Location(loc.source.name, 1, 1)
    return Location(loc.source.name, token.line, token.column)


@dataclass(frozen=True)
class Diagnostic:
    severity: Severity
    code: str
    message: str
    location: Location | None = None
    excerpt: str | None = None
    hint: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[Location, str, str]:
        return (self.location or Location(""), self.code, self.message)


def place_of(loc: NodeLocation) -> tuple[Location, str]:
    """Where a parsed node starts, and the excerpt of its source there."""
    start = start_of(loc)
    return start, excerpt_at(loc.source, start.line, start.column)


def excerpt_at(source: Source, line: int, column: int) -> str:
    """The source lines around a position with a caret, as graphql-core prints them.

    Its first line repeats `name:line:col`, which our header line already shows. A tab is
    shown as one space: it is one column, and the caret below counts it so.
    """
    from graphql import Source, print_source_location  # not at import: `check` may not need it
    from graphql.language import SourceLocation

    shown = Source(source.body.replace("\t", " "), source.name) if "\t" in source.body else source
    printed = print_source_location(shown, SourceLocation(line, column))
    return printed.split("\n", 1)[1] if "\n" in printed else ""


def render(diagnostic: Diagnostic) -> str:
    """Messages and excerpts quote input files and servers: every line is made printable, so
    none can drive the terminal or pass for a CI workflow command."""
    head = f"{diagnostic.severity.value}[{diagnostic.code}]: {printable(diagnostic.message)}"
    if diagnostic.location is not None:
        head = f"{printable(str(diagnostic.location))}: {head}"
    lines = [head]
    if diagnostic.excerpt:
        # Split on "\n" alone: `splitlines` also breaks at U+2028, \x0b, \x1c and the like,
        # which would let a line of the input start a line of ours (`::error ...`);
        # `printable` spells those out instead.
        lines.extend("  " + printable(line) for line in diagnostic.excerpt.split("\n"))
    if diagnostic.hint:
        first, *rest = diagnostic.hint.split("\n")
        lines.append(f"  = hint: {printable(first)}")
        lines.extend(f"      {printable(line)}" for line in rest)
    return "\n".join(lines)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    return tuple(sorted(diagnostics, key=Diagnostic.sort_key))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(diagnostics: Iterable[Diagnostic]) -> str:
    """`2 errors, 1 warning in 3 files`."""
    items = list(diagnostics)
    errors = sum(1 for d in items if d.is_error)
    warnings = len(items) - errors
    files = {d.location.path for d in items if d.location is not None}
    text = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    if files:
        text += f" in {_plural(len(files), 'file')}"
    return text
