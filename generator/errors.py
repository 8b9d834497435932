"""Errors that stop a run before it can judge the operations (exit code 2).

    RyeCodegenError          anything the user can fix; carries an optional Location
    ├── ConfigError          pyproject.toml or command-line flags
    │   └── UsageError       flags that cannot go together
    ├── InputError           a file or folder that is missing or unreadable
    ├── SchemaError          a schema that does not parse or build
    ├── TargetNotOursError   a target folder rye-codegen did not write (output.py)
    └── AlertError           a webhook that would not take the alert (alert.py)
    EmitError                the emit engine failed on a valid input (a bug of ours or its)

Findings about the operations themselves (invalid, deprecated, stale output) are not
exceptions: they are `Diagnostic` values, and only the CLI turns them into exit code 1.
"""

from __future__ import annotations

from generator.diagnostics import Diagnostic, Location, Severity


class RyeCodegenError(Exception):
    """A user-fixable reason the run could not go on."""

    code = "error"

    def __init__(
        self,
        message: str,
        location: Location | None = None,
        hint: str | None = None,
        excerpt: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint
        self.excerpt = excerpt

    def as_diagnostic(self, severity: Severity = Severity.ERROR) -> Diagnostic:
        return Diagnostic(severity, self.code, self.message, self.location, self.excerpt, self.hint)


class ConfigError(RyeCodegenError):
    code = "config"


class UsageError(ConfigError):
    """Flags that cannot go together: the command line, not the file, is to be fixed."""

    code = "usage"


class InputError(RyeCodegenError):
    code = "input"


class SchemaError(RyeCodegenError):
    code = "schema-syntax"


class EmitError(Exception):
    """The emit engine failed on input that validated; never a user error."""
