"""The build fails when Rye's real schema drifts under our operations (issue 2, item 4)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.project import Project, without_allowances

CANCEL_ORDER_AT = "queries/cancel_order.graphql:2:3:"
RYE_REASON = "this mutation has been deprecated and will be removed in the future"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project.copy_of_repo(tmp_path / "project")


@pytest.mark.parametrize("command", ["generate", "check"])
def test_removed_cancel_order_fails_at_the_operation_line(project: Project, command: str) -> None:
    project.use_schema("rye-cancelorder-removed.graphql")
    before = project.tree()

    result = project.run(command)

    assert result.exit_code == 1
    assert (
        f"{CANCEL_ORDER_AT} error[op-invalid]: Cannot query field 'cancelOrder' on type "
        "'Mutation'." in result.stderr
    )
    assert project.tree() == before


def test_pruned_schema_reports_every_error_of_the_operation_at_once(project: Project) -> None:
    project.use_schema("rye-cancelorder-removed-pruned.graphql")

    result = project.run("generate")

    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": error[" in line]
    assert len(errors) == 4
    assert all(line.startswith("queries/cancel_order.graphql:") for line in errors)
    assert "Unknown type 'CancelOrderInput'." in result.stderr
    assert result.stderr.rstrip().endswith("4 errors, 2 warnings in 3 files")
    # With cancelOrder gone, its allowance is stale: said, not an error of its own.
    assert (
        "warning[allowance-unused]: the allowance for Mutation.cancelOrder names nothing in "
        "the schema" in result.stderr
    )


@pytest.mark.parametrize("command", ["generate", "check"])
def test_deprecated_cancel_order_without_allowance_is_an_error(
    project: Project, command: str
) -> None:
    project.edit_pyproject(without_allowances)

    result = project.run(command)

    assert result.exit_code == 1
    line = next(x for x in result.stderr.splitlines() if x.startswith(CANCEL_ORDER_AT))
    assert "error[deprecated-usage]: Mutation.cancelOrder is deprecated:" in line
    assert RYE_REASON in line
    assert 'coordinate = "Mutation.cancelOrder"' in result.stderr  # the hint shows the fix


@pytest.mark.parametrize("command", ["generate", "check"])
def test_expired_allowance_is_an_error_again(project: Project, command: str) -> None:
    result = project.run(command, today=date(2027, 4, 1))

    assert result.exit_code == 1
    line = next(x for x in result.stderr.splitlines() if x.startswith(CANCEL_ORDER_AT))
    assert "error[deprecated-usage]" in line
    assert "the allowance expired on 2027-03-31" in line


def test_allowance_is_inclusive_of_its_last_day(project: Project) -> None:
    result = project.run("check", today=date(2027, 3, 31))

    assert result.exit_code == 0, result.stderr
    assert "allowed until 2027-03-31" in result.stderr
    assert (
        "warning[allowance-expiring]: the allowance for Mutation.cancelOrder expires on "
        "2027-03-31 (0 days left)" in result.stderr
    )


def test_allowed_use_warns_with_both_reasons_and_the_date(project: Project) -> None:
    result = project.run("check")

    assert result.exit_code == 0, result.stderr
    line = next(x for x in result.stderr.splitlines() if x.startswith(CANCEL_ORDER_AT))
    assert "warning[deprecated-allowed]" in line
    assert RYE_REASON in line
    assert "cancellations move to the Amazon Business account" in line
    assert "2027-03-31" in line


def test_allowance_limited_to_other_operations_does_not_cover(project: Project) -> None:
    project.edit_pyproject(
        lambda text: text.replace('operations = ["CancelOrder"]', 'operations = ["SomethingElse"]')
    )

    result = project.run("check")

    assert result.exit_code == 1
    assert f"{CANCEL_ORDER_AT} error[deprecated-usage]" in result.stderr
    assert "warning[allowance-unused]: the allowance for Mutation.cancelOrder" in result.stderr


def test_sdk_1_4_2_schema_generates_and_flags_the_allowance_that_matches_nothing(
    project: Project,
) -> None:
    project.use_schema("rye-sdk-1.4.2.graphql")

    result = project.run("generate")

    assert result.exit_code == 0, result.stderr
    assert "pyproject.toml:" in result.stderr
    assert (
        "warning[allowance-unused]: the allowance for Mutation.cancelOrder matches no "
        "deprecated use" in result.stderr
    )
    assert "error[" not in result.stderr


def test_2024_02_schema_reports_each_operation_using_a_newer_field(project: Project) -> None:
    project.use_schema("rye-2024-02.graphql")
    before = project.tree()

    result = project.run("generate")

    assert result.exit_code == 1
    assert project.tree() == before
    stderr = result.stderr
    for located in (
        "queries/fragments.graphql:180:9: error[op-invalid]: Cannot query field 'orderId' on "
        "type 'AmazonStore'.",
        "queries/checkout_by_cart_id.graphql:33:11: error[op-invalid]",
        "queries/integrated_shopify_store.graphql:16:5: error[op-invalid]",
        "queries/request_store_by_url.graphql:",
        "queries/submit_cart.graphql:",
    ):
        assert located in stderr
    # An error inside a fragment names the operations it reaches.
    assert "in fragment Cart, used by AddCartItems, CreateCart, DeleteCartItems, GetCart" in stderr


def test_misspelt_allowance_gets_a_did_you_mean(project: Project) -> None:
    project.edit_pyproject(
        lambda t: t.replace(
            'coordinate = "Mutation.cancelOrder"', 'coordinate = "Mutation.cancelOrdr"'
        )
    )

    result = project.run("check")

    assert result.exit_code == 1
    assert "the allowance for Mutation.cancelOrdr names nothing in the schema" in result.stderr
    assert "did you mean Mutation.cancelOrder?" in result.stderr


def test_deprecated_use_is_reported_beside_an_invalid_operation(project: Project) -> None:
    project.edit_pyproject(without_allowances)
    (project.root / "queries" / "broken.graphql").write_text(
        "query Broken {\n  environmentToken { tokn }\n}\n", encoding="utf-8"
    )

    result = project.run("check")

    assert result.exit_code == 1
    assert "queries/broken.graphql:2:22: error[op-invalid]" in result.stderr
    assert f"{CANCEL_ORDER_AT} error[deprecated-usage]" in result.stderr


def test_two_allowances_for_one_coordinate_are_each_located_at_their_own_table(
    project: Project,
) -> None:
    project.edit_pyproject(
        lambda text: (
            text
            + '\n[[tool.rye-codegen.deprecations.allow]]\ncoordinate = "Mutation.cancelOrder"\n'
            'until = "2027-01-01"\nreason = "a second team\'s allowance"\n'
        )
    )
    lines = (project.root / "pyproject.toml").read_text(encoding="utf-8").splitlines()
    second = max(i for i, line in enumerate(lines, 1) if "Mutation.cancelOrder" in line)
    result = project.run("check", today=date(2026, 12, 20))
    assert (
        f"pyproject.toml:{second}:1: warning[allowance-expiring]: the allowance for "
        "Mutation.cancelOrder expires on 2027-01-01 (12 days left)"
    ) in result.stderr
