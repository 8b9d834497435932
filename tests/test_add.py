"""`rye-codegen add`: operations scaffolded from real Rye root fields validate, generate,
type-check, and their methods work against a GraphQL server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import importlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pydantic
import pytest
from graphql import GraphQLSchema, build_schema, parse, print_ast

from generator.scaffold import ScaffoldOptions, scaffold
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
    hints = getattr(package.Client, method).__annotations__
    module = importlib.import_module(f"{PACKAGE}.client")
    kwargs = {}
    for name, argument in field.args.items():
        parameter = parameters[name]
        hint = hints[parameter]
        if isinstance(hint, str):
            hint = eval(hint, vars(module))  # noqa: S307 - an annotation of our generated code
        adapter = pydantic.TypeAdapter(_without_unset(hint))
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
