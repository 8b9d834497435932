"""Every hard name a schema can hold becomes a working Python name (generator/plugins/naming.py).

The golden case tests/cases/hard_names holds them all. Each row below names one: its kind, its
GraphQL spelling, and the Python name it must get in that generated package, which is checked
there (it compiles and imports; tests/test_generated_quality.py runs mypy --strict and ruff on
it). Then operations run against a real GraphQL server on 127.0.0.1, and what the server
answered must round-trip through the generated models.
"""

from __future__ import annotations

import ast
import asyncio
import decimal
import importlib
import inspect
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

import pytest
from graphql import GraphQLObjectType, build_schema

from tests.project import Project
from tests.rye_server import RyeServer
from tests.test_cases import CASES, default_pyproject, run_case

CASE = "hard_names"
T = TypeVar("T")

# (kind, where, GraphQL name, Python name)
ROWS = [
    # result fields of Thing.thing (model ThingThing)
    ("field", "ThingThing", "class", "class_"),
    ("field", "ThingThing", "from", "from_"),
    ("field", "ThingThing", "import", "import_"),
    ("field", "ThingThing", "def", "def_"),
    ("field", "ThingThing", "None", "none"),
    ("field", "ThingThing", "True", "true"),
    ("field", "ThingThing", "async", "async_"),
    ("field", "ThingThing", "await", "await_"),
    ("field", "ThingThing", "match", "match"),  # a soft keyword is a valid name
    ("field", "ThingThing", "lambda", "lambda_"),
    ("field", "ThingThing", "int", "int_"),
    ("field", "ThingThing", "str", "str_"),
    ("field", "ThingThing", "float", "float_"),
    ("field", "ThingThing", "bool", "bool_"),
    ("field", "ThingThing", "dict", "dict_"),
    ("field", "ThingThing", "list_", "list_"),  # spelled as its GraphQL name: keeps it
    ("field", "ThingThing", "list", "list_2"),
    ("field", "ThingThing", "type_", "type_"),
    ("field", "ThingThing", "type", "type_2"),
    ("field", "ThingThing", "id", "id"),
    ("field", "ThingThing", "_id", "id_2"),
    ("field", "ThingThing", "user_id", "user_id"),
    ("field", "ThingThing", "userId", "user_id_2"),
    ("field", "ThingThing", "schema", "schema_"),
    ("field", "ThingThing", "json", "json_"),
    ("field", "ThingThing", "copy", "copy_"),
    ("field", "ThingThing", "model_config", "model_config_"),
    ("field", "ThingThing", "model_dump", "model_dump_"),
    ("field", "ThingThing", "model_fields", "model_fields_"),
    ("field", "ThingThing", "model_anything", "model_anything"),
    ("field", "ThingThing", "fields", "fields"),
    ("field", "ThingThing", "validate", "validate_"),
    ("field", "ThingThing", "construct", "construct_"),
    ("field", "ThingThing", "mro", "mro_"),  # an alias; pydantic warns on `mro`
    ("field", "ThingThing", "self", "self"),
    ("field", "ThingThing", "kwargs", "kwargs"),
    ("field", "ThingThing", "child", "child"),
    ("field", "ThingThing", "Child", "child_2"),
    ("field", "ThingChild", "_id", "id_2"),
    ("field", "GetCartShapeSquare", "_id", "id_2"),  # a member type's own field
    # input fields
    ("input field", "BaseModel_", "class", "class_"),
    ("input field", "BaseModel_", "str", "str_"),
    ("input field", "BaseModel_", "_id", "id_2"),
    ("input field", "BaseModel_", "userId", "user_id_2"),
    ("input field", "BaseModel_", "model_config", "model_config_"),
    ("input field", "Field_", "filter", "filter_"),
    # enum values keep their GraphQL spelling as values
    ("enum value", "Enum_", "class", "class_2"),
    ("enum value", "Enum_", "class_", "class_"),
    ("enum value", "Enum_", "None", "None_"),
    ("enum value", "Enum_", "True", "True_"),
    ("enum value", "Enum_", "mro", "mro_"),
    ("enum value", "Enum_", "upper", "upper_"),
    ("enum value", "Enum_", "_missing_", "missing_"),  # `_x_` is no member to mypy
    ("enum value", "Enum_", "_value_", "value_"),
    ("enum value", "Enum_", "name", "name"),
    ("enum value", "Enum_", "self", "self"),
    # variables become method parameters
    ("variable", "thing", "class", "class_"),
    ("variable", "thing", "from", "from_"),
    ("variable", "thing", "self", "self_"),
    ("variable", "thing", "kwargs", "kwargs_"),
    ("variable", "search", "query", "query"),  # ariadne renames its own local instead
    ("variable", "search", "variables", "variables"),
    ("variable", "search", "response", "response"),
    ("variable", "search", "data", "data"),
    ("variable", "search", "gql", "gql_"),
    ("variable", "search", "user_id", "user_id"),
    ("variable", "search", "userId", "user_id_2"),
    ("variable", "search", "id", "id_"),  # a builtin: it would shadow it in the method
    ("variable", "search", "_id", "id_2"),
    ("variable", "search", "input", "input_"),
    ("variable", "search", "str", "str_"),
    # enum and input type names
    ("type", "enums", "Enum", "Enum_"),
    ("type", "enums", "Optional", "Optional__"),  # `Optional_` is the operation's model
    ("type", "enums", "Literal", "Literal_"),
    ("type", "enums", "Any", "Any_"),
    ("type", "enums", "Union", "Union_"),
    ("type", "enums", "Annotated", "Annotated_"),
    ("type", "enums", "List", "List"),  # nothing generated imports `List`
    ("type", "input_types", "BaseModel", "BaseModel_"),
    ("type", "input_types", "Field", "Field_"),
    # operations: method and result model
    ("operation", "class_", "class", "Class"),
    ("operation", "none", "None", "None_"),
    ("operation", "optional", "Optional", "Optional_"),
    # stutter-free result models: (ariadne's name, ours)
    ("model", "cancel_order", "CancelOrderCancelOrder", "CancelOrderCancelOrder"),
    (
        "model",
        "cancel_order",
        "CancelOrderCancelOrderResultCancelAmazonOrderResult",
        "CancelOrderResultCancelAmazonOrderResult",
    ),
    ("model", "get_cart", "GetCartGetCartCart", "GetCartCart"),
    ("model", "get_cart", "GetCartGetCartCartCart", "GetCartCartCart"),
    ("model", "get_cart", "GetCartShapeShape", "GetCartShape"),
    ("model", "thing", "ThingThingChild", "ThingChild"),
    # a repeat that differs in case only: `CartByID` > `cartById`
    ("model", "cart_by_id", "CartByIDCartByIdCart", "CartByIDCart"),
]


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The hard_names case generated in full and imported as `hard_names`."""
    destination = tmp_path_factory.mktemp("naming") / CASE
    exit_code, stderr, files = run_case(CASE, destination)
    assert exit_code == 0, stderr
    for path, text in files.items():
        if path.endswith(".py"):
            compile(text, path, "exec")
    sys.path.insert(0, str(destination / "out"))
    try:
        yield importlib.import_module(CASE)
    finally:
        sys.path.remove(str(destination / "out"))
        for name in [n for n in sys.modules if n == CASE or n.startswith(f"{CASE}.")]:
            del sys.modules[name]


def module(package: ModuleType, name: str) -> ModuleType:
    return importlib.import_module(f"{package.__name__}.{name}")


def variables_of(package: ModuleType, method: str) -> dict[str, str]:
    """{GraphQL variable: parameter} as the method sends them."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(getattr(package.Client, method))))
    for node in ast.walk(tree):
        if isinstance(node, ast.AnnAssign) and isinstance(node.value, ast.Dict):
            return {
                str(key.value): value.id
                for key, value in zip(node.value.keys, node.value.values, strict=True)
                if isinstance(key, ast.Constant) and isinstance(value, ast.Name)
            }
    raise AssertionError(f"no variables dict in {method}")


@pytest.mark.parametrize(("kind", "where", "graphql", "python"), ROWS)
def test_hard_name(package: ModuleType, kind: str, where: str, graphql: str, python: str) -> None:
    if kind in {"field", "input field"}:
        fields = getattr(package, where).model_fields
        assert python in fields, sorted(fields)
        assert (fields[python].alias or python) == graphql
    elif kind == "enum value":
        member = getattr(package, where)[python]
        assert isinstance(member, Enum) and member.value == graphql
    elif kind == "variable":
        assert python in inspect.signature(getattr(package.Client, where)).parameters
        assert variables_of(package, where)[graphql] == python
    elif kind == "type":
        assert python in vars(module(package, where))
        assert python in package.__all__
    elif kind == "operation":
        method = getattr(package.Client, where)
        assert inspect.signature(method).return_annotation in {python, getattr(package, python)}
        assert python in package.__all__
    else:
        assert python in vars(module(package, where)) and python in package.__all__
        assert graphql == python or graphql not in package.__all__


def test_every_model_name_is_exported_once(package: ModuleType) -> None:
    assert len(package.__all__) == len(set(package.__all__))
    for name in package.__all__:
        assert getattr(package, name) is not None


# --- round trip through a real server ----------------------------------------------------

THING: dict[str, Any] = {
    name: "x" for name in ("class", "from", "import", "def", "None", "True", "async", "await")
} | {
    "match": "m",
    "lambda": "l",
    "int": 1,
    "str": "s",
    "list": ["a"],
    "type": "t",
    "type_": "t_",
    "id": "i",
    "_id": "_i",
    "float": 1.5,
    "bool": True,
    "dict": "d",
    "schema": "sc",
    "json": "j",
    "copy": "c",
    "model_config": "mc",
    "model_dump": "md",
    "model_validate_json": "mvj",
    "model_anything": "ma",
    "fields": "f",
    "model_fields": "mf",
    "validate": "v",
    "construct": "co",
    "userId": "camel",
    "user_id": "snake",
    "self": "me",
    "kwargs": "kw",
    "kind": "mro",
    "optional": "A",
    "literal": "B",
    "any": "C",
    "union": "D",
    "annotated": "E",
    "list_": "F",
}
THING["child"] = {**THING, "_id": "child"}
THING["Child"] = {**THING, "str": "Child"}


def hard_names_server() -> RyeServer:
    schema = build_schema((CASES / CASE / "schema.graphql").read_text(encoding="utf-8"))
    query = schema.query_type
    assert isinstance(query, GraphQLObjectType)
    query.fields["thing"].resolve = lambda *_, **__: THING
    query.fields["search"].resolve = lambda *_, **args: [{**THING, "id": str(sorted(args))}]
    square = {"__typename": "Square", "id": "s", "_id": "_s", "side": 2.0}
    query.fields["shape"].resolve = lambda *_, **__: square
    query.fields["getCart"].resolve = lambda *_, **__: {"id": "c", "cart": {"id": "d"}}
    shape = schema.get_type("Shape")
    shape.resolve_type = lambda value, *_: value["__typename"]  # type: ignore[union-attr]
    return RyeServer(schema)


def call(url: str, package: ModuleType, operation: Callable[[Any], Any]) -> Any:
    """One client call, as an application makes it (the only place that knows the client),
    through the sync and then the async client: their results must be equal."""

    async def main() -> Any:
        async with package.AsyncClient(url) as client:
            return await operation(client)

    with package.Client(url) as client:
        sync = operation(client)
    asynchronous = asyncio.run(main())
    assert sync == asynchronous
    return asynchronous


def test_every_hard_name_round_trips_through_a_real_server(package: ModuleType) -> None:
    enum = package.Enum_
    with hard_names_server() as server:
        thing = call(server.url, package, lambda c: c.thing(class_="c", self_=1, kwargs_="k"))
        search = call(
            server.url,
            package,
            lambda c: c.search(
                query="q",
                data="d",
                gql_="g",
                user_id_2="camel",
                user_id="snake",
                id_2="_i",
                str_="s",
                input_="i",
                kind=enum.mro_,
                filter_=package.BaseModel_(class_="c", id_2="x", user_id_2="y", kind=enum.name),
            ),
        )
        cart = call(server.url, package, lambda c: c.get_cart(id_="c"))
        requests = server.requests[::2]  # each call went through both clients

    for result, request in zip((thing, search, cart), requests, strict=True):
        assert "errors" not in request.response, request.response
        assert result.model_dump(by_alias=True, mode="json") == request.response["data"]
    assert requests[0].body["variables"] == {"class": "c", "self": 1, "kwargs": "k"}
    assert requests[1].body["variables"] == {
        "query": "q",
        "data": "d",
        "gql": "g",
        "userId": "camel",
        "user_id": "snake",
        "_id": "_i",
        "str": "s",
        "input": "i",
        "kind": "mro",
        "filter": {"class": "c", "_id": "x", "userId": "y", "kind": "name"},
    }
    assert thing.thing.kind is enum.mro_ and thing.thing.id_2 == "_i"
    assert isinstance(cart.shape, package.GetCartShapeSquare) and cart.shape.id_2 == "_s"


def test_the_case_keeps_every_hard_name() -> None:
    """The rows above are all in the golden case's schema and operations."""
    text = "\n".join(
        p.read_text(encoding="utf-8") for p in sorted((CASES / CASE).rglob("*.graphql"))
    )
    for kind, _, graphql, _ in ROWS:
        if kind != "model":
            assert graphql in text, graphql


def test_the_stutter_rule_can_be_switched_off(tmp_path: Path) -> None:
    """`short_names = false` keeps ariadne-codegen's full names."""
    destination = tmp_path / CASE
    shutil.copytree(CASES / CASE, destination)
    (destination / "pyproject.toml").write_text(
        default_pyproject(CASE) + "short_names = false\n", encoding="utf-8"
    )
    result = Project(destination).run("generate")
    assert result.exit_code == 0, result.stderr
    package = destination / "out" / CASE
    files = {p.name: p.read_text(encoding="utf-8") for p in package.glob("*.py")}
    assert "class CancelOrderCancelOrderResultCancelAmazonOrderResult(" in files["cancel_order.py"]
    assert "class GetCartGetCartCart(" in files["get_cart.py"]
    assert "class None_(" in files["none.py"]  # the other rules still apply


def _package_modules() -> list[str]:
    """Every module of the committed package that is not an operation's own, by the name an
    operation would need to land on it (ariadne drops leading underscores: `_transport` is
    safe as an operation name)."""
    package = Path(__file__).resolve().parents[1] / "generated" / "rye_client"
    return sorted(
        p.stem
        for p in package.glob("*.py")
        if not p.stem.startswith("_") and '"""The data of operation' not in p.read_text("utf-8")
    )


@pytest.mark.parametrize("module", _package_modules())
def test_an_operation_named_like_a_package_module_is_a_located_finding(
    tmp_path: Path, module: str
) -> None:
    """`query Scalars` would overwrite the runtime's scalars.py: a finding at its name, never
    an internal error from ariadne-codegen half-way through."""
    assert_name_clash(
        tmp_path, module, f"`{module}.py` is a module of the generated package itself", "generate"
    )


def assert_name_clash(tmp_path: Path, name: str, why: str, command: str = "validate") -> None:
    project = Project.copy_of_repo(tmp_path)
    (project.root / "queries" / "clash.graphql").write_text(
        f"query {name} {{\n  environmentToken {{\n    token\n  }}\n}}\n", encoding="utf-8"
    )
    result = project.run(command)
    assert result.exit_code == 1, result.stderr
    assert (
        f"queries/clash.graphql:1:7: error[op-name-clash]: operation {name} cannot become a "
        f"client method: {why}"
    ) in result.stderr


def test_an_enum_named_like_a_configured_scalar_type_is_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`Money = "decimal.Decimal"` imports `Decimal` where an `enum Decimal` also lives: the
    enum gets another name, so a Money value never parses as the enum."""
    (tmp_path / "queries").mkdir()
    (tmp_path / "schema.graphql").write_text(
        "scalar Money\nenum Decimal { NEW OLD }\n"
        "type Query { price: Money!  kind: Decimal!  byKind(kind: Decimal!): Money }\n",
        encoding="utf-8",
    )
    (tmp_path / "queries" / "price.graphql").write_text(
        "query Price($kind: Decimal!) { price kind byKind(kind: $kind) }\n", encoding="utf-8"
    )
    (tmp_path / "pyproject.toml").write_text(
        '[tool.rye-codegen]\nschema = "schema.graphql"\nqueries = "queries"\n'
        'target = "out/scalar_clash"\n\n[tool.rye-codegen.scalars]\nMoney = "decimal.Decimal"\n',
        encoding="utf-8",
    )
    result = Project(tmp_path).run("generate")
    assert result.exit_code == 0, result.stderr
    monkeypatch.syspath_prepend(str(tmp_path / "out"))
    price = importlib.import_module("scalar_clash.price")
    parsed = price.Price.model_validate({"price": "1.5", "kind": "NEW", "byKind": None})
    assert type(parsed.price) is decimal.Decimal and parsed.price == decimal.Decimal("1.5")
    assert isinstance(parsed.kind, Enum) and parsed.kind.value == "NEW"


@pytest.mark.parametrize(
    ("name", "why"),
    [
        *(
            (n, f"its method `{m}` would replace the client's own")
            for n, m in [
                ("Execute", "execute"),
                ("GetData", "get_data"),
                ("ValidateResult", "validate_result"),
                ("Close", "close"),
                ("Aclose", "aclose"),
                ("Url", "url"),
                ("Headers", "headers"),
                ("HttpClient", "http_client"),
                ("Retry", "retry"),
                ("Deprecated", "deprecated"),
                ("URL", "url"),
            ]
        ),
        *(
            (n, f"its result model would be named like the runtime's `{n}`")
            for n in [
                "UnknownType",
                "Time",
                "UnsetType",
            ]
        ),
        ("_", "it gives no name for its result model"),
    ],
)
def test_an_operation_named_like_the_runtime_is_a_located_finding(
    tmp_path: Path, name: str, why: str
) -> None:
    """Such a method would override the client's own (`execute`), or its model shadow a runtime
    class (`UnknownType`): the package would not import, or fail at run time."""
    assert_name_clash(tmp_path, name, why)


@pytest.mark.parametrize(
    "selection",
    ["kind: __typename token", "__typename: token", "__typename __typename: token"],
)
def test_an_aliased_typename_is_a_located_finding(tmp_path: Path, selection: str) -> None:
    """The models of a union or interface read `__typename` by its name; aliasing it (or
    aliasing something to it) would break them, so it is refused where it is written."""
    project = Project.copy_of_repo(tmp_path)
    (project.root / "queries" / "alias.graphql").write_text(
        f"query Alias {{\n  environmentToken {{ {selection} }}\n}}\n", encoding="utf-8"
    )
    result = project.run("generate")
    assert result.exit_code == 1
    column = 22 + selection.index(":") - len(selection.split(":")[0].split()[-1])
    assert f"queries/alias.graphql:2:{column}: error[op-invalid]: `" in result.stderr
    assert "`__typename` cannot be aliased, nor be an alias" in result.stderr


# --- result models whose ariadne names collide -------------------------------------------
#
# ariadne-codegen names a nested model by concatenation (parent + PascalCase(field) [+ member
# type]) and keeps only the first class of each name, so two paths that spell alike share one
# model, and a model may take the name of an enum, an input type, another operation's model
# or a name the modules import. Each row generates a client that must import, pass mypy
# --strict and round-trip the response through its models.

CLASH_SCHEMA = """
type Query {
  userAddress: Address
  user: User
  search: [SearchResult!]!
  searchProduct(id: ID!): Product
  order(id: ID!): Order
  model: Thing
  cart: Cart
  r(filter: SearchR): Thing
}
type User { addressCity: City }
type Address { city: City }
type City { name: String  zip: String }
union SearchResult = Product | Store
type Product { id: ID!  title: String  price: Float }
type Store { name: String }
enum OrderStatus { PLACED SHIPPED }
type Order { id: ID!  status: StatusInfo! }
type StatusInfo { code: OrderStatus! }
type Thing { id: ID! }
type Cart { id: ID! }
input SearchR { text: String }
"""

# (case, operations, the operation's module and model, a response to it)
CLASHES: list[tuple[str, str, str, str, dict[str, Any]]] = [
    (
        "two_paths",
        "query Q { userAddress { city { name } } user { addressCity { zip } } }",
        "q",
        "Q",
        {"userAddress": {"city": {"name": "Oslo"}}, "user": {"addressCity": {"zip": "0150"}}},
    ),
    (
        "union_member",
        "query Find($id: ID!) {\n  search { ... on Product { title } ... on Store { name } }\n"
        "  searchProduct(id: $id) { id price }\n}",
        "find",
        "Find",
        {
            "search": [
                {"__typename": "Product", "title": "Tea"},
                {"__typename": "Store", "name": "Shop"},
            ],
            "searchProduct": {"id": "p1", "price": 2.5},
        },
    ),
    (
        "enum",
        "query Order($id: ID!) { order(id: $id) { id status { code } } }",
        "order",
        "Order",
        {"order": {"id": "o1", "status": {"code": "SHIPPED"}}},
    ),
    (
        "base_model",
        "query Base { model { id } }",
        "base",
        "Base",
        {"model": {"id": "m1"}},
    ),
    (
        "operation_export",
        "query Get { cart { id } }\nquery GetCart { cart { id } }",
        "get",
        "Get",
        {"cart": {"id": "c1"}},
    ),
    (
        "input_export",
        "query Search($filter: SearchR) { r(filter: $filter) { id } }",
        "search",
        "Search",
        {"r": {"id": "t1"}},
    ),
]


@pytest.fixture(scope="module")
def clash_packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each row's project, generated: {case: the project folder}."""
    projects = {}
    for case, operations, *_ in CLASHES:
        root = tmp_path_factory.mktemp("clash") / case
        (root / "schema").mkdir(parents=True)
        (root / "queries").mkdir()
        (root / "schema" / "s.graphql").write_text(CLASH_SCHEMA, encoding="utf-8")
        (root / "queries" / "x.graphql").write_text(operations + "\n", encoding="utf-8")
        (root / "pyproject.toml").write_text(
            '[tool.rye-codegen]\nschema = "schema/s.graphql"\nqueries = "queries"\n'
            f'target = "generated/clash_{case}"\n',
            encoding="utf-8",
        )
        result = Project(root).run("generate")
        assert result.exit_code == 0, result.stderr
        projects[case] = root
    return projects


@pytest.mark.parametrize(
    ("case", "module_name", "model", "response"),
    [pytest.param(c, m, n, r, id=c) for c, _, m, n, r in CLASHES],
)
def test_colliding_models_get_distinct_names_and_round_trip(
    clash_packages: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    case: str,
    module_name: str,
    model: str,
    response: dict[str, Any],
) -> None:
    package_name = f"clash_{case}"
    package_folder = clash_packages[case] / "generated" / package_name
    for path in package_folder.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        classes = [n.name for n in tree.body if isinstance(n, ast.ClassDef)]
        imported = [
            a.asname or a.name for n in tree.body if isinstance(n, ast.ImportFrom) for a in n.names
        ]
        assert len(classes) == len(set(classes)), (path.name, classes)
        assert not set(classes) & set(imported), (path.name, set(classes) & set(imported))
    monkeypatch.syspath_prepend(str(package_folder.parent))
    try:
        package = importlib.import_module(package_name)
        assert len(package.__all__) == len(set(package.__all__)), package.__all__
        for name in package.__all__:  # each name is exported from the module defining it
            value = getattr(package, name)
            home = getattr(value, "__module__", package_name).rpartition(".")[2]
            if home in {"enums", "input_types", module_name, "get_cart"}:
                assert getattr(module(package, home), name) is value, name
        parsed = getattr(module(package, module_name), model).model_validate(response)
        assert parsed.model_dump(by_alias=True, mode="json") == response
    finally:
        for name in [n for n in sys.modules if n.split(".")[0] == package_name]:
            del sys.modules[name]


def test_colliding_models_pass_mypy_strict(clash_packages: dict[str, Path]) -> None:
    roots = [str(root / "generated") for root in clash_packages.values()]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--python-version",
            "3.11",
            *(arg for case in clash_packages for arg in ("-p", f"clash_{case}")),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "MYPYPATH": os.pathsep.join(roots)},
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_operations_whose_models_would_share_a_name_are_a_located_finding(tmp_path: Path) -> None:
    """`AB` and `A_B` become two modules (`ab.py`, `a_b.py`) but one result model name, `AB`,
    which the client and the package would import twice: a finding at the second name."""
    (tmp_path / "queries").mkdir()
    (tmp_path / "schema.graphql").write_text(
        "type Query { cart: Cart }\ntype Cart { id: ID! }\n", encoding="utf-8"
    )
    (tmp_path / "queries" / "a.graphql").write_text("query AB { cart { id } }\n", "utf-8")
    (tmp_path / "queries" / "b.graphql").write_text("query A_B { cart { id } }\n", "utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.rye-codegen]\nschema = "schema.graphql"\nqueries = "queries"\ntarget = "out/ab"\n',
        encoding="utf-8",
    )
    result = Project(tmp_path).run("generate")
    assert result.exit_code == 1, result.stderr
    assert (
        "queries/b.graphql:1:7: error[op-name-clash]: operation A_B cannot become a client "
        "method: AB (queries/a.graphql) already names its result model `AB`"
    ) in result.stderr
    assert not (tmp_path / "out").exists()


def test_types_named_like_their_fields_still_validate(tmp_path: Path) -> None:
    """`input list { type: type }` once became `type_: Optional["type_"]`, a string that named
    the field itself, so anything validated; `status: Optional[status] = None` took `None`'s
    type. Types without a capital letter are capitalised (tests/cases/lowercase_type_names)."""
    from tests.test_cases import run_case

    code, stderr, _ = run_case("lowercase_type_names", tmp_path / "case")
    assert code == 0, stderr
    check = (
        "import pydantic\n"
        "from lowercase_type_names import Filter, List, Status\n"
        "assert Filter.model_validate({'status': 'OK'}).status is Status.OK\n"
        "try:\n"
        "    List.model_validate({'type': 12345})\n"
        "except pydantic.ValidationError:\n"
        "    print('refused')\n"
    )
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", check],
        cwd=tmp_path / "case" / "out",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, "refused\n"), done.stderr
