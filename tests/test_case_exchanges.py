"""Golden cases, run: each case with an `exchanges.toml` is generated, imported, and called
over HTTP through both its `Client` and its `AsyncClient`.

The server is graphql-core on 127.0.0.1 answering from the case's `server.graphql` (what the
API serves now; the case's `schema.graphql` when there is none) with the exchange's `root`
value. Each exchange names the method to `call` and its `arguments` (keyed by the Python
parameter, `id_` for `$id`; JSON values validated into the parameter types, so input objects
are written with their GraphQL field names), then either

- round-trips: the result dumped by alias equals the `data` the server sent, and each
  `[exchange.types]` entry (`"dotted.path" = "ClassName"`) holds; or
- `raises` the named exception of the generated package.

Both clients must send the same request and come back with equal results or errors. An
exchange may also give the variables the request `sends` (as JSON), and say that the call
`warns` (a warning class name, e.g. DeprecationWarning). `arguments` and `sends` may be written
as JSON text instead of a table, for what TOML cannot hold: null. A `types` class name with a
dot (`datetime.date`) is imported; without one it is the generated package's.

The case folder is on `sys.path` while its package is imported, as a project's root is: the
functions its [tool.rye-codegen.scalars] name may live in a module of its own there.
"""

from __future__ import annotations

import asyncio
import builtins
import importlib
import json
import sys
import tomllib
import warnings
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Union, get_args, get_origin

import pydantic
import pytest
from graphql import GraphQLObjectType, build_schema

from tests.client_hints import client_hints
from tests.rye_server import RyeServer
from tests.test_cases import CASES, case_names, run_case

JSON = dict[str, Any]


@dataclass(frozen=True)
class Exchange:
    call: str
    arguments: JSON = field(default_factory=dict)
    root: JSON = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    sends: JSON | None = None
    raises: str | None = None
    warns: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What one client made of one call: a result, or the error it raised."""

    result: Any = None
    error: BaseException | None = None

    def describe(self) -> tuple[Any, ...]:
        if self.error is not None:
            return (type(self.error).__name__, str(self.error))
        return ("result", self.result)


def exchanges_of(name: str) -> list[Exchange]:
    path = CASES / name / "exchanges.toml"
    return [Exchange(**_decoded(entry)) for entry in tomllib.loads(path.read_text())["exchange"]]


def _decoded(entry: JSON) -> JSON:
    """The entry with `arguments` and `sends` written as JSON text read into values."""
    return {
        key: json.loads(value)
        if key in {"arguments", "sends"} and isinstance(value, str)
        else value
        for key, value in entry.items()
    }


def cases_with_exchanges() -> list[str]:
    return [name for name in case_names() if (CASES / name / "exchanges.toml").exists()]


@pytest.fixture
def generated(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ModuleType]:
    """The case generated in full and imported under its own name."""
    name: str = request.param
    project = tmp_path / name
    exit_code, stderr, _ = run_case(name, project)
    assert exit_code == 0, stderr
    paths = [str(project / "out"), str(project)]
    sys.path[:0] = paths
    try:
        yield importlib.import_module(name)
    finally:
        for path in paths:
            sys.path.remove(path)
        for module in [m for m, v in sys.modules.items() if _loaded_from(v, project)]:
            del sys.modules[module]


def _loaded_from(module: ModuleType, folder: Path) -> bool:
    file = getattr(module, "__file__", None)
    return file is not None and Path(file).is_relative_to(folder)


@pytest.mark.parametrize("generated", cases_with_exchanges(), indirect=True)
def test_every_exchange_behaves_the_same_through_both_clients(generated: ModuleType) -> None:
    exchanges = exchanges_of(generated.__name__)
    assert exchanges, "an exchanges.toml needs at least one [[exchange]]"
    for number, exchange in enumerate(exchanges, start=1):
        with exchange_server(generated.__name__, exchange.root) as server:
            outcomes = [
                run_sync(generated, exchange, server.url),
                run_async(generated, exchange, server.url),
            ]
            assert len(server.requests) == 2, [o.describe() for o in outcomes]
            sync_request, async_request = server.requests
        where = f"exchange {number} ({exchange.call})"
        assert sync_request.body == async_request.body, where
        if exchange.sends is not None:
            assert sync_request.body.get("variables") == exchange.sends, where
        assert outcomes[0].describe() == outcomes[1].describe(), where
        check(generated, exchange, outcomes[1], sync_request.response, where)


def exchange_server(case: str, root: JSON) -> RyeServer:
    """The case's API on 127.0.0.1, answering each root field from `root`."""
    served = CASES / case / "server.graphql"
    if not served.exists():
        served = CASES / case / "schema.graphql"
    schema = build_schema(served.read_text(encoding="utf-8-sig"))
    for operation_type in (schema.query_type, schema.mutation_type):
        if isinstance(operation_type, GraphQLObjectType):
            for name, root_field in operation_type.fields.items():
                root_field.resolve = _answer(root.get(name))
    return RyeServer(schema)


def _answer(value: Any) -> Callable[..., Any]:
    return lambda *_, **__: value


def run_sync(package: ModuleType, exchange: Exchange, url: str) -> Outcome:
    with package.Client(url) as client:
        method = getattr(client, exchange.call)
        with expected_warning(exchange):
            return attempt(lambda: method(**arguments_for(package, exchange)))


def run_async(package: ModuleType, exchange: Exchange, url: str) -> Outcome:
    async def main() -> Outcome:
        async with package.AsyncClient(url) as client:
            method = getattr(client, exchange.call)
            with expected_warning(exchange):
                try:
                    return Outcome(result=await method(**arguments_for(package, exchange)))
                except Exception as error:  # noqa: BLE001 - compared with the sync client's
                    return Outcome(error=error)

    return asyncio.run(main())


def attempt(call: Callable[[], Any]) -> Outcome:
    try:
        return Outcome(result=call())
    except Exception as error:  # noqa: BLE001 - compared with the async client's
        return Outcome(error=error)


def expected_warning(exchange: Exchange) -> AbstractContextManager[Any]:
    if exchange.warns is None:
        return warnings.catch_warnings(action="error", category=DeprecationWarning)
    category = getattr(builtins, exchange.warns)
    assert issubclass(category, Warning), exchange.warns
    return pytest.warns(category)


def arguments_for(package: ModuleType, exchange: Exchange) -> JSON:
    """The exchange's JSON arguments as the values the method's annotations ask for."""
    method = getattr(package.Client, exchange.call)
    hints = client_hints(package, method)
    unknown = exchange.arguments.keys() - hints.keys()
    assert not unknown, f"{exchange.call} has no parameters {sorted(unknown)}"
    return {
        name: pydantic.TypeAdapter(_without_unset(hints[name])).validate_python(value)
        for name, value in exchange.arguments.items()
    }


def _without_unset(hint: Any) -> Any:
    """`Union[Optional[bool], UnsetType]`, an optional variable's type, as `Optional[bool]`:
    pydantic has no schema for ariadne-codegen's UNSET marker, and a given value is never it."""
    if get_origin(hint) is not Union:
        return hint
    kept = tuple(arg for arg in get_args(hint) if getattr(arg, "__name__", "") != "UnsetType")
    return Union[kept]  # noqa: UP007 - built at run time from a tuple


def check(
    package: ModuleType, exchange: Exchange, outcome: Outcome, response: JSON, where: str
) -> None:
    if exchange.raises is not None:
        assert isinstance(outcome.error, getattr(package, exchange.raises)), (where, outcome)
        return
    assert outcome.error is None, (where, outcome.error)
    assert "errors" not in response, (where, response)
    dumped = outcome.result.model_dump(by_alias=True, mode="json", exclude_unset=True)
    assert dumped == response["data"], where
    for path, class_name in exchange.types.items():
        value = _follow(outcome.result, path)
        assert isinstance(value, _class_named(package, class_name)), (where, path, type(value))


def _class_named(package: ModuleType, name: str) -> type:
    if "." in name:
        module, _, attribute = name.rpartition(".")
        return getattr(importlib.import_module(module), attribute)
    return getattr(package, name)


def _follow(value: Any, path: str) -> Any:
    for step in path.split("."):
        value = value[int(step)] if step.isdigit() else getattr(value, step)
    return value
