"""`rye-codegen add`: operations scaffolded from real Rye root fields validate, generate,
type-check, and their methods work against a GraphQL server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pydantic
import pytest
from graphql import (
    FieldNode,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    Undefined,
    Visitor,
    build_schema,
    get_named_type,
    is_leaf_type,
    is_non_null_type,
    parse,
    print_ast,
    validate,
    visit,
)

from generator.scaffold import ScaffoldOptions, scaffold
from tests.client_hints import client_hints
from tests.project import Project
from tests.rye_server import SCHEMA_PATH, RyeServer
from tests.sample_data import answer_everything, sample_input
from tests.test_case_exchanges import _without_unset
from tests.test_naming import variables_of

PACKAGE = "added_client"
# (coordinate, --name, the file it writes and the method it gives)
ADDED = [
    ("Query.productByID", "ScaffoldedProduct", "scaffolded_product"),  # an interface
    ("Query.returnByID", None, "return_by_id"),  # a union
    ("Query.orderByID", "ScaffoldedOrder", "scaffolded_order"),
    ("Query.productsByIds", None, "products_by_ids"),
    ("Mutation.requestAmazonProductByURL", "RequestAmazonProduct", "request_amazon_product"),
    ("Query.experimentalAffiliateCommission", None, "experimental_affiliate_commission"),
    (
        "Query.experimentalAffiliateMerchantsConnection",
        None,
        "experimental_affiliate_merchants_connection",
    ),
]


@pytest.fixture(scope="module")
def rye_schema() -> GraphQLSchema:
    return build_schema(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The repository with every operation of ADDED added by `rye-codegen add`, generating
    into generated/added_client (so it imports beside the rye_client under test)."""
    project = Project.copy_of_repo(tmp_path_factory.mktemp("add") / "project")
    project.edit_pyproject(lambda t: t.replace('"generated/rye_client"', f'"generated/{PACKAGE}"'))
    for coordinate, name, file_name in ADDED:
        result = project.run("add", coordinate, *(["--name", name] if name else []))
        assert result.exit_code == 0, result.stderr
        assert f"added queries/{file_name}.graphql" in result.stderr
    return project


@pytest.fixture(scope="module")
def package(project: Project) -> Iterator[ModuleType]:
    sys.path.insert(0, str(project.root / "generated"))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(project.root / "generated"))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def test_each_added_file_is_graphql_cores_own_print(project: Project) -> None:
    for _, _, file_name in ADDED:
        text = (project.root / "queries" / f"{file_name}.graphql").read_text(encoding="utf-8")
        assert print_ast(parse(text)) + "\n" == text


def test_the_project_checks_clean_after_adding(project: Project) -> None:
    result = project.run("check")
    assert result.exit_code == 0, result.stderr
    assert f"{len(ADDED) + 21} operations" in result.stderr


def test_the_added_client_passes_mypy_strict(project: Project) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", PACKAGE],
        cwd=project.root / "generated",
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_every_added_method_round_trips_through_a_real_server(
    package: ModuleType, rye_schema: GraphQLSchema
) -> None:
    server_schema = answer_everything(build_schema(SCHEMA_PATH.read_text(encoding="utf-8")))
    with RyeServer(server_schema) as server:
        for coordinate, _, method in ADDED:
            kwargs = sample_arguments(package, rye_schema, coordinate, method)
            sync, asynchronous = call_both(package, server.url, method, kwargs)
            sync_request, async_request = server.requests[-2:]
            assert sync_request.body == async_request.body, coordinate
            assert "errors" not in sync_request.response, (coordinate, sync_request.response)
            assert sync == asynchronous, coordinate
            dumped = asynchronous.model_dump(by_alias=True, mode="json", exclude_unset=True)
            assert dumped == sync_request.response["data"], coordinate


def sample_arguments(
    package: ModuleType, schema: GraphQLSchema, coordinate: str, method: str
) -> dict[str, Any]:
    """A sample value for each argument of the root field, as the method's parameter."""
    type_name, field_name = coordinate.split(".")
    root = schema.get_type(type_name)
    field = root.fields[field_name]  # type: ignore[union-attr]
    parameters = variables_of(package, method)
    hints = client_hints(package, getattr(package.Client, method))
    kwargs = {}
    for name, argument in field.args.items():
        parameter = parameters[name]
        adapter = pydantic.TypeAdapter(_without_unset(hints[parameter]))
        kwargs[parameter] = adapter.validate_python(sample_input(argument.type))
    return kwargs


def call_both(
    package: ModuleType, url: str, method: str, kwargs: dict[str, Any]
) -> tuple[Any, Any]:
    async def main() -> Any:
        async with package.AsyncClient(url) as client:
            return await getattr(client, method)(**kwargs)

    with package.Client(url) as client:
        sync = getattr(client, method)(**kwargs)
    return sync, asyncio.run(main())


# --- what add refuses, and why --------------------------------------------------------------


def test_a_deprecated_field_is_refused_with_its_reason_and_the_allowance_to_add(
    tmp_path: Path,
) -> None:
    project = Project.copy_of_repo(tmp_path)
    result = project.run("add", "Mutation.returnOrder")
    assert result.exit_code == 2
    assert not (project.root / "queries" / "return_order.graphql").exists()
    assert result.stderr.startswith(
        "error[add]: Mutation.returnOrder is deprecated: Due to Rye requiring Amazon Business"
    )
    assert 'coordinate = "Mutation.returnOrder"' in result.stderr
    assert "--allow-deprecated" in result.stderr

    allowed = project.run("add", "Mutation.returnOrder", "--allow-deprecated", "--no-generate")
    assert allowed.exit_code == 0, allowed.stderr
    assert (project.root / "queries" / "return_order.graphql").exists()
    # Generating it is then up to the policy: no allowance, so the build fails at its line.
    generated = project.run("generate")
    assert generated.exit_code == 1
    assert "queries/return_order.graphql:2:3: error[deprecated-usage]" in generated.stderr


def test_an_unknown_coordinate_gets_a_did_you_mean(tmp_path: Path) -> None:
    project = Project.copy_of_repo(tmp_path)
    result = project.run("add", "Query.orderById")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:2] == [
        "error[add]: 'Query.orderById' is not a query or mutation of the schema",
        "  = hint: did you mean `Query.orderByID` or `Query.returnByID` or `Query.productByID`?",
    ]


def test_an_existing_file_is_not_overwritten_unless_asked(tmp_path: Path) -> None:
    project = Project.copy_of_repo(tmp_path)
    existing = project.root / "queries" / "product_by_id.graphql"
    before = existing.read_text(encoding="utf-8")
    result = project.run("add", "Query.productByID")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "queries/product_by_id.graphql: error[add]: queries/product_by_id.graphql exists"
    )
    assert existing.read_text(encoding="utf-8") == before

    replaced = project.run("add", "Query.productByID", "--overwrite", "--depth", "1")
    assert replaced.exit_code == 0, replaced.stderr
    assert existing.read_text(encoding="utf-8") != before


def test_a_name_another_file_holds_is_refused_at_its_line(tmp_path: Path) -> None:
    project = Project.copy_of_repo(tmp_path)
    result = project.run("add", "Query.productByID", "--name", "ProductDetails")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "queries/fragments.graphql:221:10: error[add]: an operation or fragment named "
        "ProductDetails is already in queries/fragments.graphql"
    )
    assert not (project.root / "queries" / "product_details.graphql").exists()


def test_a_recursive_type_stops_at_the_depth_limit() -> None:
    schema = build_schema(
        """
        type Category { name: String! parent: Category children: [Category!]! }
        type Query { category(id: ID!): Category }
        """
    )
    # Each level selects `name` and, above the last, `parent` and `children` again.
    for depth, names in ((1, 1), (2, 3), (5, 31)):
        text = scaffold(schema, "Query.category", ScaffoldOptions(depth=depth)).text
        assert text.count("name") == names, text


def test_a_deprecated_argument_gets_no_variable_unless_deprecated_parts_are_asked_for() -> None:
    schema = build_schema(
        """
        type Query {
          items(first: Int = 10, legacy: Boolean @deprecated(reason: "ignored")): [String!]!
        }
        """
    )
    plain = scaffold(schema, "Query.items", ScaffoldOptions()).text
    assert plain.splitlines()[:2] == ["query Items($first: Int = 10) {", "  items(first: $first)"]
    asked = scaffold(schema, "Query.items", ScaffoldOptions(include_deprecated=True)).text
    assert asked.splitlines()[0] == "query Items($first: Int = 10, $legacy: Boolean) {"


def test_a_default_holding_deprecated_parts_is_left_to_the_server() -> None:
    """A default naming a deprecated enum value or input field, written into the variable,
    would be a deprecated use: the regeneration after `add` refused the file it wrote."""
    schema = build_schema(
        """
        enum Kind { NEW OLD @deprecated(reason: "old kind") }
        input Filter { n: Int, old: Int @deprecated(reason: "old field") }
        type Query {
          byKind(kind: Kind = OLD): Int
          byFilter(f: Filter = {old: 1}): Int
          byList(ks: [Kind!] = [NEW, OLD]): Int
          fine(k: Kind = NEW): Int
        }
        """
    )
    first_lines = {
        coordinate: scaffold(schema, coordinate, ScaffoldOptions()).text.splitlines()[0]
        for coordinate in ("Query.byKind", "Query.byFilter", "Query.byList", "Query.fine")
    }
    assert first_lines == {
        "Query.byKind": "query ByKind($kind: Kind) {",
        "Query.byFilter": "query ByFilter($f: Filter) {",
        "Query.byList": "query ByList($ks: [Kind!]) {",
        "Query.fine": "query Fine($k: Kind = NEW) {",
    }
    asked = scaffold(schema, "Query.byKind", ScaffoldOptions(include_deprecated=True))
    assert asked.text.splitlines()[0] == "query ByKind($kind: Kind = OLD) {"


# --- fields under a union or an interface ---------------------------------------------------


def _fragments(text: str) -> dict[str, list[tuple[str | None, str]]]:
    """(alias, field name) of each inline fragment's own fields, by its type condition; a
    type met at several places in the document has its fragments' fields put together."""
    found: dict[str, list[tuple[str | None, str]]] = {}

    class Fragments(Visitor):
        def enter_inline_fragment(self, node: InlineFragmentNode, *_: object) -> None:
            assert node.type_condition is not None
            found.setdefault(node.type_condition.name.value, []).extend(
                (s.alias.value if s.alias else None, s.name.value)
                for s in node.selection_set.selections
                if isinstance(s, FieldNode)
            )

    visit(parse(text), Fragments())
    return found


# (coordinate, depth, a member type after the first in sorted order, fields it shares with one)
SHARED = [
    (
        "Query.orderByID",
        3,
        "ShopifyStore",
        {"isShippingRequired", "isSubmitted", "orderId", "shipsToCountries", "store"},
    ),
    ("Query.orderByID", 3, "ShopifyLineItem", {"productId", "quantity"}),
    ("Query.returnByID", 3, "ReturnShopify", {"lineItems", "marketplace", "returnId"}),
    (
        "Query.experimentalAffiliateCommission",
        2,
        "ExperimentalAffiliateCommissionFinalized",
        {"commissionAmount", "orderAmount"},
    ),
    (
        "Query.experimentalAffiliateCommission",
        2,
        "ExperimentalAffiliateCommissionUpdated",
        {"commissionAmount", "orderAmount"},
    ),
]


@pytest.mark.parametrize(("coordinate", "depth", "member", "shared"), SHARED)
def test_a_member_fragment_keeps_the_fields_an_earlier_member_shares(
    rye_schema: GraphQLSchema, coordinate: str, depth: int, member: str, shared: set[str]
) -> None:
    text = scaffold(rye_schema, coordinate, ScaffoldOptions(depth=depth)).text
    assert validate(rye_schema, parse(text)) == []
    fragments = _fragments(text)
    assert member in fragments, text
    assert shared <= {name for _, name in fragments[member]}, text


@pytest.mark.parametrize("coordinate", sorted({c for c, *_ in SHARED} | {"Query.productByID"}))
def test_every_member_fragment_selects_each_leaf_field_not_on_the_interface(
    rye_schema: GraphQLSchema, coordinate: str
) -> None:
    """Leaf fields are selected at any depth, so every non-deprecated one without a required
    argument is either in the member's fragment or selected once above it, on the interface."""
    text = scaffold(rye_schema, coordinate, ScaffoldOptions()).text
    missing: list[str] = []

    class Members(Visitor):
        def enter_inline_fragment(
            self, node: InlineFragmentNode, _key: object, siblings: tuple[Any, ...], *_: object
        ) -> None:
            assert node.type_condition is not None
            member = rye_schema.get_type(node.type_condition.name.value)
            assert isinstance(member, GraphQLObjectType)
            selected = {
                s.name.value
                for s in (*siblings, *node.selection_set.selections)
                if isinstance(s, FieldNode)
            }
            missing.extend(
                f"{member.name}.{name}"
                for name, field in member.fields.items()
                if is_leaf_type(get_named_type(field.type))
                and field.deprecation_reason is None
                and not any(
                    is_non_null_type(a.type) and a.default_value is Undefined
                    for a in field.args.values()
                )
                and name not in selected
            )

    visit(parse(text), Members())
    assert missing == [], text


def test_a_field_of_another_type_in_a_later_member_is_aliased(rye_schema: GraphQLSchema) -> None:
    """`Image.height` is `Int` on AmazonImage and `Int!` on ShopifyImage (the same for
    `position` and `width`): ShopifyImage, after AmazonImage, selects them under an alias."""
    text = scaffold(rye_schema, "Query.productByID", ScaffoldOptions()).text
    assert validate(rye_schema, parse(text)) == []
    assert "shopifyImageHeight: height" in text
    selected = set(_fragments(text)["ShopifyImage"])
    assert {
        ("shopifyImageHeight", "height"),
        ("shopifyImagePosition", "position"),
        ("shopifyImageWidth", "width"),
    } <= selected
    assert (None, "height") in set(_fragments(text)["AmazonImage"])


def test_shared_and_conflicting_member_fields_on_a_small_schema() -> None:
    schema = build_schema(
        """
        interface Node { id: ID! }
        type A implements Node { id: ID! name: String! size: Int }
        type B implements Node { id: ID! name: String! size: Int! }
        type C implements Node { id: ID! name: String! size: Int }
        type Query { node: Node }
        """
    )
    text = scaffold(schema, "Query.node", ScaffoldOptions()).text
    assert validate(schema, parse(text)) == []
    assert _fragments(text) == {
        "A": [(None, "name"), (None, "size")],
        "B": [(None, "name"), ("bSize", "size")],  # Int! beside A's Int
        "C": [(None, "name"), (None, "size")],
    }
    assert text.count("  id\n") == 1  # on the interface, not again in each fragment


def test_scaffolds_with_shared_member_fields_validate_and_generate(
    tmp_path: Path, rye_schema: GraphQLSchema
) -> None:
    project = Project.copy_of_repo(tmp_path)
    for argv, file_name in (
        (("Query.orderByID", "--name", "OrderDetails"), "order_details"),
        (("Query.returnByID",), "return_by_id"),
        (
            ("Query.experimentalAffiliateCommission", "--depth", "2"),
            "experimental_affiliate_commission",
        ),
        (("Query.productByID", "--name", "ProductImages"), "product_images"),
    ):
        result = project.run("add", *argv, "--no-generate")
        assert result.exit_code == 0, result.stderr
        text = (project.root / "queries" / f"{file_name}.graphql").read_text(encoding="utf-8")
        assert validate(rye_schema, parse(text)) == [], file_name
    generated = project.run("generate")
    assert generated.exit_code == 0, generated.stderr


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("GetCart_", "GetCart (queries/get_cart.graphql) already becomes `get_cart`"),
        ("Execute", "its method `execute` would replace the client's own"),
        ("Scalars", "`scalars.py` is a module of the generated package itself"),
    ],
)
def test_a_name_that_would_clash_in_the_package_is_refused_before_writing(
    tmp_path: Path, name: str, why: str
) -> None:
    project = Project.copy_of_repo(tmp_path)
    before = project.tree("queries")
    result = project.run("add", "Query.orderByID", "--name", name, "--no-generate")
    assert result.exit_code == 2
    assert f"error[add]: operation {name} would not become a client method: {why}" in (
        result.stderr
    )
    assert project.tree("queries") == before


def test_add_into_an_empty_queries_folder(tmp_path: Path) -> None:
    project = Project.copy_of_repo(tmp_path)
    for path in (project.root / "queries").iterdir():
        path.unlink()
    result = project.run("add", "Query.shopifyApp", "--no-generate")
    assert result.exit_code == 0, result.stderr
    assert (project.root / "queries" / "shopify_app.graphql").is_file()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["Query.orderByID", "--name", ""], "error[add]: '' is not a GraphQL operation name"),
        (
            ["Query." + "x" * 100_000],
            "error[add]: 'Query." + "x" * 73 + "…' is not a query or mutation of the schema",
        ),
    ],
    ids=["empty-name", "huge-coordinate"],
)
def test_odd_arguments_get_one_short_error(tmp_path: Path, argv: list[str], message: str) -> None:
    project = Project.copy_of_repo(tmp_path)
    result = project.run("add", *argv, "--no-generate")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == message
    assert len(result.stderr) < 1000


def test_overwrite_says_replaced_and_a_refusal_names_what_the_file_holds(tmp_path: Path) -> None:
    project = Project.copy_of_repo(tmp_path)
    refused = project.run("add", "Query.environmentToken", "--name", "GetCart", "--no-generate")
    assert refused.stderr.startswith(
        "queries/get_cart.graphql: error[add]: queries/get_cart.graphql exists (it holds GetCart)"
    )
    replaced = project.run("add", "Query.shopifyApp", "--overwrite", "--no-generate")
    assert replaced.stderr.startswith("replaced queries/shopify_app.graphql: ShopifyApp")


def test_a_machine_format_gets_its_document_without_generating(tmp_path: Path) -> None:
    project = Project.copy_of_repo(tmp_path)
    result = project.run("add", "Query.returnByID", "--no-generate", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["errors"] == 0
