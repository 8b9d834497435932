"""The argument parser: every command, flag and exit code the CLI documents."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from generator import __version__
from generator.scaffold_options import DEFAULT_DEPTH

EPILOG = """exit codes:
  0  clean
  1  findings to act on: an invalid operation, a denied deprecated use,
     a generated/ that differs from what would be generated (check), or
     drift at or above --fail-on (diff, drift)
  2  could not run: bad usage or config, a missing or unreadable file,
     a failed alert, an internal error
"""

# The drift-report formats; kept equal to generator.report.FORMATS by a test (this module
# must not import the renderers: `--help` stays fast).
FORMATS = ("text", "json", "markdown", "html", "sarif", "github")
# Likewise generator.drift.FAIL_ON and generator.report.diagnostics.DIAGNOSTIC_FORMATS.
FAIL_ON = ("impact", "breaking", "dangerous", "deprecation", "any", "none")
DIAGNOSTIC_FORMATS = ("text", "json", "sarif", "github")


# scheme://userinfo@host/path?query: usage errors echo the arguments, and a webhook URL is a
# secret; only the scheme and host may be shown.
_URL = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<authority>[^/\s'\"]*)[^\s'\"]*")


def redact_urls(text: str) -> str:
    def origin(match: re.Match[str]) -> str:
        host = match["authority"].rsplit("@", 1)[-1]
        return f"{match['scheme']}{host}/…"

    return _URL.sub(origin, text)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """One diagnostic line, as every other error, then where to read more: not argparse's
        usage block (the top-level one, for a subcommand's unknown flag)."""
        self.exit(
            2,
            f"error[usage]: {redact_urls(message)}\n  = hint: see `{self.prog} --help`\n",
        )

    def parse_command_line(self, argv: Sequence[str] | None) -> argparse.Namespace:
        """As `parse_args`, but an unknown flag is reported by its command's parser, whose
        help lists the flags it does take."""
        args, extra = self.parse_known_args(argv)
        if extra:
            commands = next(a for a in self._actions if isinstance(a, argparse._SubParsersAction))
            commands.choices[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
        return args


def build_parser(argv: Sequence[str] = ()) -> _Parser:
    """The parser for `argv`: its command's parser in full (every one without `argv`)."""
    parser = _Parser(
        prog="rye-codegen",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Generate a typed Python client for the Rye GraphQL API from schema/ and "
        "queries/, and fail the build when the schema drifts under them.",
    )
    parser.add_argument("--version", action="version", version=f"rye-codegen {__version__}")
    action = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands = _Commands(action, next((a for a in argv if not a.startswith("-")), None))
    _codegen_commands(commands)
    _drift_commands(commands)
    return parser


def _common() -> _Parser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--config",
        type=Path,
        help="pyproject.toml to read (default: the nearest one with [tool.rye-codegen], "
        "walking up)",
    )
    common.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    return common


def _paths() -> _Parser:
    paths = _Parser(add_help=False, parents=[_no_cache()])
    paths.add_argument(
        "--schema",
        type=Path,
        help="schema: SDL file, folder of SDL files or introspection JSON (overrides the config)",
    )
    paths.add_argument("--queries", type=Path, help="operations folder (overrides the config)")
    paths.add_argument(
        "--target", type=Path, help="generated package folder (overrides the config)"
    )
    return paths


def _no_cache() -> _Parser:
    no_cache = _Parser(add_help=False)
    no_cache.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write the cache folder (`cache` in the config)",
    )
    return no_cache


def _terse_output() -> _Parser:
    return _output(with_verbose=False)


def _output(with_verbose: bool = True) -> _Parser:
    output = _Parser(add_help=False)
    output.add_argument(
        "--format",
        choices=DIAGNOSTIC_FORMATS,
        default="text",
        help="diagnostics as text on stderr (default), or as json, sarif or github "
        "workflow commands on stdout",
    )
    output.add_argument("--quiet", "-q", action="store_true", help="print errors only")
    if with_verbose:
        output.add_argument(
            "--verbose",
            "-v",
            action="store_true",
            help="also print the effective configuration (secrets masked)",
        )
    return output


def _live() -> _Parser:
    live = _Parser(add_help=False)
    live.add_argument("--url", help="the GraphQL endpoint to introspect (overrides the config)")
    live.add_argument(
        "--env", choices=("production", "staging"), help="Rye's production or staging endpoint"
    )
    live.add_argument(
        "--header",
        action="append",
        default=[],
        metavar="'NAME: VALUE'",
        help="a request header (repeatable); values may use ${VAR}",
    )
    live.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="say more: the effective configuration and what is requested, with every "
        "secret masked",
    )
    return live


def _report() -> _Parser:
    report = _Parser(add_help=False)
    report.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default="impact",
        help="exit 1 when a change hits our operations (impact, the default), or any change "
        "at or above a severity, any change at all, or never",
    )
    report.add_argument("--format", choices=FORMATS, default="text", help="report format")
    report.add_argument("--output", type=Path, help="write the report here instead of stdout")
    report.add_argument(
        "--notify",
        metavar="URL",
        help="post the report to this webhook (may be ${VAR}: webhook URLs are secrets)",
    )
    report.add_argument("--notify-format", choices=("slack", "json"), default="slack")
    report.add_argument(
        "--notify-always",
        action="store_true",
        help="post even when nothing is at or above --fail-on",
    )
    return report


class _Commands:
    """The subcommands. Only the one being run is built in full, flags and all: building every
    command's parser cost a cached `check` a tenth of its time. The others are listed by name
    and help, which is all `--help` and an unknown command's error show of them."""

    def __init__(self, action: argparse._SubParsersAction[_Parser], running: str | None):
        self.action, self.running = action, running

    def add(self, name: str, help_text: str, parents: Sequence[Callable[[], _Parser]]) -> _Parser:
        if self.running is not None and name != self.running:
            self.action.add_parser(name, help=help_text, add_help=False)
            return _Parser(add_help=False)  # what the caller adds to it is not needed
        return self.action.add_parser(
            name,
            parents=[parent() for parent in parents],
            epilog=EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
            help=help_text,
            description=help_text,
        )


def _codegen_commands(commands: _Commands) -> None:
    commands.add(
        "validate",
        "load the schema and validate the operations, nothing more: for editors and pre-commit",
        [_common, _paths, _output],
    )
    generate = commands.add(
        "generate",
        "validate the operations and (re)write the generated package",
        [_common, _paths, _output],
    )
    generate.add_argument(
        "--watch",
        action="store_true",
        help="then regenerate whenever the schema, the operations or the config change "
        "(Ctrl-C stops)",
    )
    check = commands.add(
        "check",
        "like generate, but write nothing; exit 1 when generated/ is stale (for CI)",
        [_common, _paths, _live, _terse_output],
    )
    check.add_argument(
        "--live",
        action="store_true",
        help="check against the schema the endpoint serves now, not the snapshot",
    )
    check.add_argument(
        "--diff",
        action="store_true",
        help="print a unified diff of what generate would change to stdout",
    )
    _add_command(commands)
    _init_command(commands)


def _init_command(commands: _Commands) -> None:
    init = commands.add(
        "init",
        "set rye-codegen up in a repository: the [tool.rye-codegen] table, schema/ from a "
        "file or a URL, an example operation and a CI workflow; then generate",
        [_live, _terse_output],
    )
    init.add_argument(
        "directory", nargs="?", type=Path, default=Path("."), help="the repository (default: .)"
    )
    init.add_argument(
        "--from",
        dest="source",
        type=Path,
        metavar="FILE",
        help="the schema: SDL or introspection JSON (or give --url or --env to introspect)",
    )
    init.add_argument(
        "--install",
        metavar="REQUIREMENT",
        help="what the CI workflow pip-installs; rye-codegen is not on PyPI, so give yours, "
        "e.g. 'rye-codegen @ git+https://github.com/<you>/rye-codegen@<rev>' (without it "
        "the install step is a marked placeholder that fails the job until it is set)",
    )
    init.add_argument("--no-generate", action="store_true", help="write the files only")
    init.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")


def _add_command(commands: _Commands) -> None:
    add = commands.add(
        "add",
        "write queries/<name>.graphql for a root field (Query.x or Mutation.x), then generate",
        [_common, _paths, _output],
    )
    add.add_argument("coordinate", metavar="COORDINATE", help="e.g. Query.productByID")
    add.add_argument("--name", help="the operation's name (default: the field's, capitalised)")
    add.add_argument(
        "--depth",
        type=int,
        default=DEFAULT_DEPTH,
        help=f"how many levels of objects to select (default {DEFAULT_DEPTH})",
    )
    add.add_argument(
        "--include-deprecated",
        action="store_true",
        help="select deprecated fields too (they are left out by default)",
    )
    add.add_argument(
        "--allow-deprecated",
        action="store_true",
        help="scaffold a deprecated root field (generating it then needs an allowance)",
    )
    add.add_argument("--overwrite", action="store_true", help="replace an existing file")
    add.add_argument("--no-generate", action="store_true", help="write the operation file only")


def _drift_commands(commands: _Commands) -> None:
    diff = commands.add(
        "diff",
        "classify every change from OLD to NEW (SDL or introspection JSON) and what it "
        "does to our operations",
        [_common, _report, _no_cache],
    )
    diff.add_argument("old", type=Path, metavar="OLD")
    diff.add_argument("new", type=Path, metavar="NEW")
    drift = commands.add(
        "drift",
        "compare the committed snapshot with another schema, or with the live one",
        [_common, _report, _live, _no_cache],
    )
    other = drift.add_mutually_exclusive_group(required=True)
    other.add_argument(
        "--against",
        type=Path,
        metavar="FILE",
        help="the other schema: SDL or introspection JSON",
    )
    other.add_argument(
        "--live",
        action="store_true",
        help="introspect the endpoint: the scheduled schema-change alert",
    )
    commands.add(
        "pull",
        "introspect the endpoint and write schema/rye.graphql and schema/rye.lock.json "
        "(nothing when nothing changed)",
        [_common, _live],
    )
    snapshot = commands.add(
        "snapshot",
        "replace the snapshot with the canonical form of another schema, and print "
        "the drift it brings",
        [_common],
    )
    snapshot.add_argument(
        "--from",
        dest="source",
        type=Path,
        required=True,
        metavar="FILE",
        help="the new schema: SDL or introspection JSON",
    )
