"""`[tool.rye-codegen]` in pyproject.toml plus command-line overrides, as a frozen `Config`."""

from __future__ import annotations

import keyword
import os
import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, cast

from generator.cache import DEFAULT_FOLDER as DEFAULT_CACHE_FOLDER
from generator.diagnostics import Location
from generator.errors import ConfigError

TABLE = "tool.rye-codegen"
Policy = Literal["error", "warn", "ignore"]
POLICIES: tuple[Policy, ...] = ("error", "warn", "ignore")

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TABLE_HEADER = re.compile(r"^\s*\[\[?\s*tool\.[\"']?rye-codegen\b", re.MULTILINE)
_TOP_KEYS = ("schema", "queries", "target", "cache", "deprecations", "endpoint", "scalars")
_ENDPOINT_KEYS = ("url", "headers", "timeout", "retries", "verify", "ca_bundle", "max_megabytes")
_DEPRECATION_KEYS = ("policy", "allow")
_ALLOW_KEYS = ("coordinate", "until", "reason", "operations")


@dataclass(frozen=True)
class Allowance:
    """Permission to use one deprecated schema coordinate until a date (inclusive, UTC)."""

    coordinate: str
    until: date
    reason: str
    operations: tuple[str, ...] = ()
    location: Location | None = None

    def covers(self, coordinate: str, operations: frozenset[str]) -> bool:
        if coordinate != self.coordinate:
            return False
        return not self.operations or operations <= set(self.operations)


@dataclass(frozen=True)
class Deprecations:
    policy: Policy = "error"
    allow: tuple[Allowance, ...] = ()


@dataclass(frozen=True)
class EndpointConfig:
    """Where the live schema is introspected. Values are templates: `${VAR}` and
    `${VAR:-default}` are read from the environment when a request is made, so secrets stay
    out of the file."""

    url: str | None = None
    headers: tuple[tuple[str, str], ...] | None = None  # None: Rye's default Authorization
    timeout: float = 10.0
    retries: int = 3
    verify: bool = True
    ca_bundle: Path | None = None
    # Rye's introspection is about 250 KB: an answer this large is refused, unread.
    max_megabytes: int = 50


@dataclass(frozen=True)
class ScalarMapping:
    """The Python type a custom GraphQL scalar becomes, by import path (`decimal.Decimal`;
    a leading dot for a module of the generated package), with optional `parse` (JSON value
    → type) and `serialize` (type → JSON value) functions, also by import path."""

    type: str
    parse: str | None = None
    serialize: str | None = None
    location: Location | None = None


# Rye's scalars, mapped to the types the generated package ships (generator/runtime/scalars.py):
# `Time` keeps RFC 3339 nanoseconds exactly, `URL` the URL byte for byte, `Percentage` an int.
DEFAULT_SCALARS: Mapping[str, ScalarMapping] = MappingProxyType(
    {name: ScalarMapping(f".scalars.{name}") for name in ("Percentage", "Time", "URL")}
)
_SCALAR_KEYS = ("type", "parse", "serialize")
_IMPORT_PATH = re.compile(r"\.?[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")


@dataclass(frozen=True)
class Features:
    """What the generated client does beyond ariadne-codegen's defaults: each flag is one
    concern, one plugin in generator/plugins/, and one top-level key in [tool.rye-codegen]."""

    # Enums and unions keep values the client does not know yet instead of failing to parse.
    forward_compatible: bool = True
    docstrings: bool = True  # from the schema's descriptions
    deprecation_markers: bool = True  # PEP 702 on methods, pydantic `deprecated` on fields
    short_names: bool = True  # result classes without repeated words
    sync_client: bool = True  # `Client`
    async_client: bool = True  # `AsyncClient`


FEATURE_FLAGS = tuple(f.name for f in fields(Features))


@dataclass(frozen=True)
class Config:
    root: Path
    schema: Path
    queries: Path
    target: Path
    deprecations: Deprecations = field(default_factory=Deprecations)
    config_file: Path | None = None
    endpoint: EndpointConfig = field(default_factory=EndpointConfig)
    features: Features = field(default_factory=Features)
    scalars: Mapping[str, ScalarMapping] = field(default_factory=lambda: DEFAULT_SCALARS)
    cache: Path | None = None  # the cache folder; None: no cache

    def relative(self, path: Path) -> str:
        """A path as diagnostics show it: relative to the project root, with `/`."""
        # relpath, not an absolute fallback: what is shown also lands in generated headers,
        # which must be the same in every checkout.
        # A link inside the project is shown by its own name, not by where it points.
        shown = os.path.relpath(os.path.abspath(path), os.path.abspath(self.root))
        if shown.startswith(".."):  # one of the two came through a link: compare real paths
            shown = os.path.relpath(path.resolve(), self.root.resolve())
        return Path(shown).as_posix()


@dataclass(frozen=True)
class Overrides:
    """Command-line flags, which win over the file."""

    config: Path | None = None
    schema: Path | None = None
    queries: Path | None = None
    target: Path | None = None
    no_cache: bool = False


def config_keys() -> tuple[str, ...]:
    """Every key [tool.rye-codegen] takes, dotted as docs/configuration.md names them."""
    return (
        *_TOP_KEYS,
        *FEATURE_FLAGS,
        *(f"deprecations.{key}" for key in _DEPRECATION_KEYS),
        *(f"deprecations.allow.{key}" for key in _ALLOW_KEYS),
        *(f"endpoint.{key}" for key in _ENDPOINT_KEYS),
        *(f"scalars.NAME.{key}" for key in _SCALAR_KEYS),
    )


def has_rye_table(pyproject_text: str) -> bool:
    """Whether a pyproject.toml's text declares [tool.rye-codegen] (or a table below it)."""
    return _TABLE_HEADER.search(pyproject_text) is not None


def find_config_file(start: Path) -> Path | None:
    """The nearest pyproject.toml with a `[tool.rye-codegen]` table, walking up from `start`."""
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and has_rye_table(_read(candidate)):
            return candidate
    return None


def load_config(overrides: Overrides, cwd: Path) -> Config:
    config_file = overrides.config or find_config_file(cwd)
    if config_file is None:
        return _config_without_file(overrides, cwd)
    text = _read(config_file)
    table = _rye_table(config_file, text)
    root = config_file.parent
    _check_keys(table, (*_TOP_KEYS, *FEATURE_FLAGS), "", config_file, text)

    def path_of(key: str, flag: Path | None) -> Path:
        if flag is not None:
            return cwd / flag
        value = table.get(key)
        if not isinstance(value, str) or not value or "\x00" in value:
            raise _error(config_file, text, key, f"`{key}` must be a non-empty path string")
        return root / value

    config = Config(
        root=root,
        schema=path_of("schema", overrides.schema),
        queries=path_of("queries", overrides.queries),
        target=path_of("target", overrides.target),
        deprecations=_deprecations(table.get("deprecations", {}), config_file, text),
        config_file=config_file,
        endpoint=_endpoint(table.get("endpoint", {}), root, config_file, text),
        scalars=_scalars(table.get("scalars", {}), config_file, text),
        features=Features(
            **{flag: _top_flag(table, flag, config_file, text) for flag in FEATURE_FLAGS}
        ),
        cache=None if overrides.no_cache else _cache(table, root, config_file, text),
    )
    if not (config.features.sync_client or config.features.async_client):
        raise _error(
            config_file,
            text,
            "sync_client",
            "at least one of sync_client and async_client must be true",
        )
    location = None if overrides.target else _locate(config_file, text, "target")
    return _checked_cache(_checked_target(config, location), _locate(config_file, text, "cache"))


def _checked_cache(config: Config, location: Location | None) -> Config:
    """A folder of the cache's own. Every file under the operations folder is an input (a
    cache there would change them), and the cache writes a `.gitignore` of `*` into its
    folder. (One inside the target is refused by `_checked_target`, which runs first.)"""
    if config.cache is None:
        return config
    shown = config.relative(config.cache)
    if within(config.cache, config.queries):
        raise ConfigError(
            f"the cache folder {shown} is inside the operations folder "
            f"{config.relative(config.queries)}",
            location,
            hint=_CACHE_HINT,
        )
    holds = {
        "the project": config.root,
        "the schema": config.schema,
        "the operations folder": config.queries,
        "the target": config.target,
    }
    for what, path in holds.items():
        if within(path, config.cache):
            raise ConfigError(f"the cache folder {shown} holds {what}", location, hint=_CACHE_HINT)
    return config


def within(path: Path, folder: Path) -> bool:
    """`path` is `folder` or below it, links resolved."""
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


_CACHE_HINT = 'point `cache` at a folder of its own, e.g. ".rye-codegen-cache", or set it to false'


def _checked_target(config: Config, location: Location | None) -> Config:
    """`generate` replaces the whole target folder: it must be a package folder of its own."""
    target = config.target.resolve()
    if not _is_package_name(target.name):
        raise ConfigError(
            f"the target folder's name `{target.name}` is the generated package's import "
            "name, so it must be a Python identifier",
            location,
        )
    guarded = {
        "the project": config.root,
        "the schema": config.schema,
        "the operations": config.queries,
    }
    if config.config_file is not None:
        guarded["the config file"] = config.config_file
    if config.cache is not None:
        guarded["the cache folder"] = config.cache
    for what, path in guarded.items():
        resolved = path.resolve()
        if resolved == target or target in resolved.parents:
            raise ConfigError(
                f"the target {config.relative(config.target)} holds {what}; generate replaces "
                "the whole target folder, so it must be a folder of its own",
                location,
                hint='point `target` at a new folder, e.g. "generated/rye_client"',
            )
    if config.root.resolve() not in target.parents:
        raise ConfigError(
            f"the target {config.relative(config.target)} is "
            f"{'a link to a folder ' if config.target.is_symlink() else ''}outside the project "
            "folder; "
            "generate replaces the whole target folder, so it must be one of the project's own",
            location,
            hint='point `target` at a new folder inside the project, e.g. "generated/rye_client"',
        )
    return config


def _shown(path: Path) -> str:
    """A config file as locations show it: relative to the working directory."""
    return Path(os.path.relpath(path)).as_posix()


def _is_package_name(name: str) -> bool:
    # Python reads `ﬁx` as `fix` (identifiers are NFKC-normalised), so `import ﬁx` would look
    # for a folder that is not there.
    normal = unicodedata.normalize("NFKC", name) == name
    return name.isidentifier() and normal and not keyword.iskeyword(name)


def _config_without_file(overrides: Overrides, cwd: Path) -> Config:
    if overrides.schema and overrides.queries and overrides.target:
        config = Config(
            root=cwd,
            schema=cwd / overrides.schema,
            queries=cwd / overrides.queries,
            target=cwd / overrides.target,
            cache=None if overrides.no_cache else cwd / DEFAULT_CACHE_FOLDER,
        )
        return _checked_target(config, None)
    raise ConfigError(
        f"no pyproject.toml with a [{TABLE}] table in {cwd} or any parent",
        hint="run from your project or pass --config PATH (validate, generate, check and add "
        "also take --schema, --queries and --target instead)",
    )


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        why = "it is a folder" if path.is_dir() else exc.strerror
        raise ConfigError(f"cannot read {_shown(path)}: {why}", Location(_shown(path))) from exc
    return _decoded(path, data)


def parse_pyproject(path: Path, data: bytes) -> dict[str, Any]:
    """A pyproject.toml's document; what is not UTF-8 or not TOML is a ConfigError at its place,
    so a caller about to change the file can refuse as `load_config` would after."""
    return _toml_document(path, _decoded(path, data))


def _decoded(path: Path, data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(data, exc.start)
        raise ConfigError(
            f"not UTF-8 text: byte {data[exc.start]:#04x}", Location(_shown(path), line, column)
        ) from exc
    return text.removeprefix("\ufeff")


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters, as an editor counts) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def _toml_document(config_file: Path, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, column = _toml_error_position(str(exc), text)
        raise ConfigError(
            f"invalid TOML: {exc}", Location(_shown(config_file), line, column)
        ) from exc


def _rye_table(config_file: Path, text: str) -> Mapping[str, Any]:
    document = _toml_document(config_file, text)
    table = document.get("tool", {}).get("rye-codegen")
    if not isinstance(table, dict):
        raise ConfigError(f"no [{TABLE}] table", Location(_shown(config_file)))
    return table


def _toml_error_position(message: str, text: str) -> tuple[int, int]:
    match = re.search(r"line (\d+), column (\d+)", message)
    if match:
        return int(match.group(1)), int(match.group(2))
    if "end of document" in message:  # where the file stops, as an editor counts
        lines = text.split("\n")
        return len(lines), len(lines[-1]) + 1
    return 0, 0


def _deprecations(raw: object, config_file: Path, text: str) -> Deprecations:
    if not isinstance(raw, dict):
        raise _error(config_file, text, "deprecations", "[deprecations] must be a table")
    _check_keys(raw, _DEPRECATION_KEYS, "deprecations.", config_file, text)
    policy = raw.get("policy", "error")
    if policy not in POLICIES:
        raise _error(
            config_file,
            text,
            "policy",
            f"deprecations.policy must be one of {', '.join(POLICIES)}, not {policy!r}",
        )
    items = raw.get("allow", [])
    if not isinstance(items, list):
        raise _error(config_file, text, "allow", "deprecations.allow must be an array of tables")
    allow = tuple(
        _allowance(item, _allow_header(config_file, text, index), config_file, text)
        for index, item in enumerate(items)
    )
    return Deprecations(policy=cast(Policy, policy), allow=allow)


def _endpoint(raw: object, root: Path, config_file: Path, text: str) -> EndpointConfig:
    if not isinstance(raw, dict):
        raise _error(config_file, text, "endpoint", "[endpoint] must be a table")
    _check_keys(raw, _ENDPOINT_KEYS, "endpoint.", config_file, text)
    url, headers = raw.get("url"), raw.get("headers")
    if url is not None and (not isinstance(url, str) or not url):
        raise _error(config_file, text, "url", "endpoint.url must be a URL string")
    if (
        headers is not None
        and not isinstance(headers, dict)
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in (headers or {}).items())
    ):
        raise _error(
            config_file,
            text,
            "headers",
            "endpoint.headers must be a table of strings, e.g. { Authorization = "
            '"Basic ${RYE_API_KEY}" }',
        )
    ca_bundle = raw.get("ca_bundle")
    if ca_bundle is not None and (not isinstance(ca_bundle, str) or not ca_bundle):
        raise _error(config_file, text, "ca_bundle", "endpoint.ca_bundle must be a path")
    return EndpointConfig(
        url=url,
        headers=None if headers is None else tuple(sorted(headers.items())),
        timeout=_number(raw, "timeout", 10.0, 600.0, config_file, text),
        retries=_whole(raw, "retries", 3, 10, config_file, text),
        verify=_flag(raw, "verify", config_file, text),
        ca_bundle=root / ca_bundle if ca_bundle else None,
        max_megabytes=_whole(raw, "max_megabytes", 50, 1024, config_file, text),
    )


def _cache(table: Mapping[str, Any], root: Path, config_file: Path, text: str) -> Path | None:
    value = table.get("cache", DEFAULT_CACHE_FOLDER)
    if value is False:
        return None
    if value is True:  # on, where it goes by default
        value = DEFAULT_CACHE_FOLDER
    if not isinstance(value, str) or not value or "\x00" in value:
        raise _error(config_file, text, "cache", "`cache` must be a folder path, true or false")
    return root / value


def _top_flag(table: Mapping[str, Any], key: str, config_file: Path, text: str) -> bool:
    value = table.get(key, True)
    if not isinstance(value, bool):
        raise _error(config_file, text, key, f"`{key}` must be true or false")
    return value


def _number(
    raw: dict[str, Any], key: str, default: float, most: float, config_file: Path, text: str
) -> float:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= most:
        raise _error(
            config_file, text, key, f"endpoint.{key} must be a number above 0 and at most {most:g}"
        )
    return float(value)


def _whole(
    raw: dict[str, Any], key: str, default: int, most: int, config_file: Path, text: str
) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= most:
        raise _error(
            config_file, text, key, f"endpoint.{key} must be a whole number from 1 to {most}"
        )
    return value


def _flag(raw: dict[str, Any], key: str, config_file: Path, text: str) -> bool:
    value = raw.get(key, True)
    if not isinstance(value, bool):
        raise _error(config_file, text, key, f"endpoint.{key} must be true or false")
    return value


def _scalars(raw: object, config_file: Path, text: str) -> Mapping[str, ScalarMapping]:
    if not isinstance(raw, dict):
        raise _error(config_file, text, "scalars", "`scalars` must be a table of scalar names")
    scalars = dict(DEFAULT_SCALARS)
    for name, value in raw.items():
        location = _locate(config_file, text, name)
        entry = {"type": value} if isinstance(value, str) else value
        if not isinstance(entry, dict):
            raise ConfigError(
                f"scalars.{name} must be an import path or a table with `type`", location
            )
        _check_keys(entry, _SCALAR_KEYS, f"scalars.{name}.", config_file, text)
        paths = {key: entry.get(key) for key in _SCALAR_KEYS}
        for key, path in paths.items():
            if (key == "type" or path is not None) and not (
                isinstance(path, str) and _IMPORT_PATH.fullmatch(path)
            ):
                raise ConfigError(
                    f"scalars.{name}.{key} must be an import path like"
                    ' "decimal.Decimal" or ".scalars.Time"',
                    location,
                )
        scalars[name] = ScalarMapping(
            str(paths["type"]), paths["parse"], paths["serialize"], location
        )
    return MappingProxyType(scalars)


def _allow_header(config_file: Path, text: str, index: int) -> Location:
    """Where the `index`-th `[[tool.rye-codegen.deprecations.allow]]` table starts."""
    headers = [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if re.match(r"\s*\[\[\s*tool\.rye-codegen\.deprecations\.allow\s*\]\]", line)
    ]
    line = headers[index] if index < len(headers) else 0
    return Location(_shown(config_file), line, 1 if line else 0)


def _allowance(item: object, header: Location, config_file: Path, text: str) -> Allowance:
    if not isinstance(item, dict):
        raise ConfigError("each deprecations.allow entry must be a table", header)
    _check_keys(item, _ALLOW_KEYS, "deprecations.allow.", config_file, text)
    coordinate = item.get("coordinate")
    if not isinstance(coordinate, str) or not coordinate:
        raise ConfigError('an allowance needs a `coordinate`, like "Mutation.cancelOrder"', header)
    # Searched from the table's own header: two allowances may name one coordinate.
    location = _locate(config_file, text, "coordinate", coordinate, after=header.line)
    reason = item.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise ConfigError(f"the allowance for {coordinate} needs a `reason`", location)
    operations = item.get("operations", [])
    if not isinstance(operations, list) or not all(isinstance(o, str) for o in operations):
        raise ConfigError(
            f"`operations` of the allowance for {coordinate} must be a list of operation names",
            location,
        )
    until_location = _locate(config_file, text, "until", str(item.get("until")), after=header.line)
    return Allowance(
        coordinate=coordinate,
        until=_date(item.get("until"), coordinate, until_location),
        reason=reason.strip(),
        operations=tuple(operations),
        location=location,
    )


def _date(value: object, coordinate: str, location: Location) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ConfigError(
        f'the allowance for {coordinate} needs `until` as a date like "2027-03-31", not {value!r}',
        location,
    )


def _check_keys(
    table: Mapping[str, Any], known: tuple[str, ...], prefix: str, config_file: Path, text: str
) -> None:
    for key in table:
        if key in known:
            continue
        import difflib  # only for a key it does not know

        close = difflib.get_close_matches(key, known, n=1)
        hint = (
            f"did you mean `{prefix}{close[0]}`?"
            if close
            else (f"known keys: {', '.join(prefix + k for k in known)}")
        )
        raise ConfigError(
            f"unknown key `{prefix}{key}` in [{TABLE}]", _locate(config_file, text, key), hint=hint
        )


def _error(config_file: Path, text: str, key: str, message: str) -> ConfigError:
    return ConfigError(message, _locate(config_file, text, key))


def _locate(
    config_file: Path, text: str, key: str, value: str | None = None, after: int = 0
) -> Location:
    """The line and column of `key = ...` inside our table, on a line past `after` (TOML
    parsers keep no positions)."""
    key_pattern = re.compile(
        r"^\s*(?:[\"']?"
        + re.escape(key)
        + r"[\"']?\s*[=.]|\[\[?[^\]]*\."
        + re.escape(key)
        + r"\]\]?)"
    )
    inside = False
    for number, line in enumerate(text.splitlines(), start=1):
        inside = inside or "rye-codegen" in line
        if number <= after:
            continue
        if inside and key_pattern.match(line) and (value is None or value in line):
            return Location(_shown(config_file), number, len(line) - len(line.lstrip()) + 1)
    return Location(_shown(config_file))
