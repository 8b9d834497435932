"""Drift over Rye's real schema history, judged against the repository's own operations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from graphql import build_schema

from generator.drift.compat import find_breaking_changes, find_dangerous_changes
from tests.project import SCHEMAS, Project, without_allowances

OLD_2024 = SCHEMAS / "rye-2024-02.graphql"
SDK_142 = SCHEMAS / "rye-sdk-1.4.2.graphql"
REMOVED = SCHEMAS / "rye-cancelorder-removed.graphql"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project.copy_of_repo(tmp_path / "project")


def diff_json(
    project: Project, old: Path | str, new: Path | str, *flags: str
) -> tuple[int, dict[str, Any]]:
    result = project.run("diff", str(old), str(new), "--format", "json", *flags)
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, json.loads(result.stdout)


def by_severity(report: dict[str, Any], severity: str) -> list[dict[str, Any]]:
    return [c for c in report["changes"] if c["severity"] == severity]


def test_2024_02_to_sdk_1_4_2_reports_everything_graphql_core_finds(project: Project) -> None:
    _, report = diff_json(project, OLD_2024, SDK_142)
    old, new = build_schema(OLD_2024.read_text()), build_schema(SDK_142.read_text())

    breaking = by_severity(report, "breaking")
    assert sorted(c["message"] for c in breaking) == sorted(
        c.description for c in find_breaking_changes(old, new)
    )
    assert len(breaking) == 6
    dangerous = {c["message"] for c in by_severity(report, "dangerous")}
    graphql_core_dangerous = {c.description for c in find_dangerous_changes(old, new)}
    assert len(graphql_core_dangerous) == 24
    assert graphql_core_dangerous <= dangerous
    # What graphql-core misses: new types implementing an existing interface.
    extra = [
        c for c in by_severity(report, "dangerous") if c["message"] not in graphql_core_dangerous
    ]
    assert {c["kind"] for c in extra} == {"INTERFACE_IMPLEMENTATION_ADDED"}

    changes = {c["coordinate"]: c for c in breaking}
    assert changes["Query.order"]["kind"] == "FIELD_REMOVED"
    weight = changes["ShopifyVariant.weight"]
    assert (weight["kind"], weight["old"], weight["new"]) == (
        "FIELD_CHANGED_KIND",
        "Int!",
        "Float!",
    )


def test_2024_02_to_sdk_1_4_2_rates_the_impact_on_our_operations(project: Project) -> None:
    code, report = diff_json(project, OLD_2024, SDK_142)
    hits = [c for c in report["changes"] if c["used_by"]]

    assert code == 1
    # removeCart's deprecation is covered by the repository's allowance.
    assert {c["impact"] for c in report["changes"]} == {"breaks", "allowed", "none"}
    # New values in enums our models read: the forward-compatible client keeps them, so the
    # impact is none, but each use is still located in queries/.
    order_status = next(c for c in report["changes"] if c["coordinate"].startswith("OrderStatus."))
    assert order_status["impact"] == "none"
    assert "forward-compatible client keeps a value" in order_status["impact_reason"]
    assert {u["operation"] for u in order_status["used_by"]} == {"CheckoutByCartID", "OrderById"}
    assert all(u["path"].startswith("queries/") and u["line"] > 0 for u in order_status["used_by"])
    # New implementations of OrderEvent reach the `events` our operations read.
    events = [c for c in hits if c["kind"] == "INTERFACE_IMPLEMENTATION_ADDED"]
    assert events and all(c["impact"] == "breaks" for c in events)


def test_sdk_1_4_2_to_current_is_two_deprecations_and_safe_descriptions(project: Project) -> None:
    project.edit_pyproject(without_allowances)
    code, report = diff_json(project, SDK_142, "schema/rye.graphql")

    assert code == 1
    deprecations = by_severity(report, "deprecation")
    assert sorted(c["coordinate"] for c in deprecations) == [
        "Mutation.cancelOrder",
        "Mutation.returnOrder",
    ]
    cancel = next(c for c in deprecations if c["coordinate"] == "Mutation.cancelOrder")
    assert cancel["new"].startswith("Due to Rye requiring Amazon Business accounts")
    assert cancel["impact"] == "deprecated"
    assert [(u["path"], u["line"], u["column"]) for u in cancel["used_by"]] == [
        ("queries/cancel_order.graphql", 2, 3)
    ]
    return_order = next(c for c in deprecations if c["coordinate"] == "Mutation.returnOrder")
    assert return_order["impact"] == "none" and return_order["used_by"] == []
    others = [c for c in report["changes"] if c["severity"] != "deprecation"]
    assert {(c["kind"], c["severity"]) for c in others} == {("DESCRIPTION_CHANGED", "safe")}
    assert len(others) == 11


def test_sdk_1_4_2_to_current_passes_with_the_repository_allowance(project: Project) -> None:
    code, report = diff_json(project, SDK_142, "schema/rye.graphql")

    assert code == 0
    cancel = next(c for c in report["changes"] if c["coordinate"] == "Mutation.cancelOrder")
    assert cancel["impact"] == "allowed"
    assert cancel["allowed_until"] == "2027-03-31"


def test_current_to_cancel_order_removed_is_one_breaking_change(project: Project) -> None:
    result = project.run("drift", "--against", str(REMOVED))

    assert result.exit_code == 1
    assert "FIELD_REMOVED" in result.stdout and "Mutation.cancelOrder" in result.stdout
    code, report = diff_json(project, "schema/rye.graphql", REMOVED)
    assert code == 1
    [change] = report["changes"]
    assert (change["kind"], change["severity"], change["impact"]) == (
        "FIELD_REMOVED",
        "breaking",
        "breaks",
    )
    assert [(u["path"], u["line"], u["column"], u["operation"]) for u in change["used_by"]] == [
        ("queries/cancel_order.graphql", 2, 3, "CancelOrder")
    ]


@pytest.mark.parametrize(
    ("fail_on", "expected"),
    [("none", 0), ("any", 1), ("breaking", 1), ("dangerous", 1), ("deprecation", 1)],
)
def test_fail_on_levels(project: Project, fail_on: str, expected: int) -> None:
    code, report = diff_json(project, SDK_142, "schema/rye.graphql", "--fail-on", fail_on)
    # 1.4.2 → current holds deprecations and safe changes only.
    if fail_on in ("breaking", "dangerous"):
        expected = 0
    assert code == expected
    assert report["fail_on"] == fail_on


def test_introspection_json_wrapped_in_data_just_works(project: Project, tmp_path: Path) -> None:
    from graphql import introspection_from_schema

    schema = build_schema((project.root / "schema" / "rye.graphql").read_text())
    wrapped = tmp_path / "live.json"
    wrapped.write_text(json.dumps({"data": introspection_from_schema(schema), "errors": []}))
    code, report = diff_json(project, "schema/rye.graphql", wrapped)
    assert code == 0
    assert report["changes"] == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("type Query {\n  a: \n}\n", "new.graphql:3:1: error[schema-syntax]: Syntax Error"),
        ('{"data": {"__schema": ', "new.graphql:1:23: error[schema-syntax]: invalid JSON"),
        ("", "new.graphql: error[schema-syntax]: the schema file is empty"),
        (
            '{"data": null, "errors": [{"message": "not allowed"}]}',
            "new.graphql: error[schema-syntax]: the introspection query failed: not allowed",
        ),
        ("[1, 2]", "error[schema-syntax]: not an introspection result"),
    ],
)
def test_bad_schema_inputs_exit_2_with_a_clear_error(
    project: Project, content: str, message: str
) -> None:
    (project.root / "new.graphql").write_text(content, encoding="utf-8")
    result = project.run("diff", "schema/rye.graphql", "new.graphql")
    assert result.exit_code == 2
    assert message in result.stderr.splitlines()[0]
    assert "Traceback" not in result.stderr


def test_snapshot_replaces_the_schema_canonically_and_prints_its_drift(project: Project) -> None:
    snapshot = project.root / "schema" / "rye.graphql"
    result = project.run("snapshot", "--from", str(REMOVED))

    assert result.exit_code == 0, result.stderr
    assert "Mutation.cancelOrder" in result.stdout and "FIELD_REMOVED" in result.stdout
    assert snapshot.read_text(encoding="utf-8") == REMOVED.read_text(encoding="utf-8")
    again = project.run("snapshot", "--from", str(REMOVED))
    assert "schema/rye.graphql is already this schema" in again.stderr


def test_a_bad_snapshot_source_leaves_the_snapshot_untouched(project: Project) -> None:
    snapshot = project.root / "schema" / "rye.graphql"
    before = snapshot.read_bytes()
    (project.root / "broken.json").write_text('{"data": {"__schema": {"types": 3}}}')
    result = project.run("snapshot", "--from", "broken.json")
    assert result.exit_code == 2
    assert result.stderr.startswith("broken.json: error[schema-syntax]")
    assert snapshot.read_bytes() == before
    assert sorted(p.name for p in snapshot.parent.iterdir()) == ["rye.graphql"]


def test_operations_invalid_against_old_are_indexed_against_new_and_said_so(
    project: Project,
) -> None:
    result = project.run("diff", str(OLD_2024), str(SDK_142), "--format", "json")
    report = json.loads(result.stdout)
    assert "warning[drift-old-invalid]: our operations do not all validate against" in (
        result.stderr
    )
    order_id = next(c for c in report["changes"] if c["coordinate"] == "AmazonStore.orderId")
    assert order_id["kind"] == "FIELD_ADDED"
    assert {u["path"] for u in order_id["used_by"]} == {
        "queries/checkout_by_cart_id.graphql",
        "queries/fragments.graphql",
    }
