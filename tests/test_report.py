"""The drift report formats, on a small report built by hand.

The report holds one change of each shape a renderer must handle: a breaking change with two
uses, an enum value added (used and unused), a deprecation allowed until a date, a deprecation
used without allowance, untouched changes with and without a schema location, and messages
written to break every format (`|`, backticks, newlines, HTML, `%`, `@`, an escape sequence).
"""

from __future__ import annotations

import dataclasses
import json
import random
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from markdown_it import MarkdownIt

from generator.cli.parser import FORMATS as CLI_FORMATS
from generator.diagnostics import Location
from generator.drift import FAIL_ON
from generator.drift.model import Change, DriftReport, Impact, Severity, Use
from generator.report import (
    FORMATS,
    render_github,
    render_html,
    render_json,
    render_markdown,
    render_sarif,
    render_text,
    summary_line,
)
from generator.report.github import escape_data
from generator.report.markdown import markdown_literal

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "report_data"
REPORT_SCHEMA = REPO / "docs" / "drift-report.schema.json"
SARIF_SCHEMA = DATA / "sarif-schema-2.1.0.json"

HOSTILE = "Use `orderId` | see <b>docs</b>\nnext line 100% done <script>x</script> @deprecated"
ANSI = "\x1b[31mred\x1b[0m"


def use(path: str, line: int, column: int, operation: str) -> Use:
    return Use(Location(path, line, column), operation)


CANCEL_ORDER_REMOVED = Change(
    kind="FIELD_REMOVED",
    coordinate="Mutation.cancelOrder",
    severity=Severity.BREAKING,
    message="Field Mutation.cancelOrder was removed.",
    impact=Impact.BREAKS,
    impact_reason="CancelOrder selects it",
    # Out of order on purpose: every format sorts uses.
    used_by=(
        use("queries/cancel_order.graphql", 9, 5, "CancelOrder"),
        use("queries/cancel_order.graphql", 2, 3, "CancelOrder"),
    ),
)
LEGACY_TYPE_REMOVED = Change(
    kind="TYPE_REMOVED",
    coordinate="LegacyThing",
    severity=Severity.BREAKING,
    message=f"LegacyThing was removed. {ANSI}",
    impact_reason="no operation uses it",
)
REFUNDED_ADDED = Change(
    kind="VALUE_ADDED_TO_ENUM",
    coordinate="OrderStatus.REFUNDED",
    severity=Severity.DANGEROUS,
    message="REFUNDED was added to enum type OrderStatus.",
    impact=Impact.BREAKS,
    impact_reason="the generated OrderStatus enum rejects it",
    # A fragment selects it: one place, two operations.
    used_by=(
        use("queries/order_by_id.graphql", 4, 7, "OrderById"),
        use("queries/fragments.graphql", 216, 5, "GetCart"),
        use("queries/fragments.graphql", 216, 5, "CreateCart"),
    ),
)
PARTIAL_ADDED = Change(
    kind="VALUE_ADDED_TO_ENUM",
    coordinate="CancelOrderStatus.PARTIAL",
    severity=Severity.DANGEROUS,
    message="PARTIAL was added to enum type CancelOrderStatus.",
    schema_location=Location("schema/rye.graphql", 605, 1),
)
REMOVE_CART_DEPRECATED = Change(
    kind="FIELD_DEPRECATION_ADDED",
    coordinate="Mutation.removeCart",
    severity=Severity.DEPRECATION,
    message="Mutation.removeCart is deprecated.",
    impact=Impact.ALLOWED,
    impact_reason="Rye names no replacement",
    used_by=(use("queries/remove_cart.graphql", 2, 3, "RemoveCart"),),
    allowed_until=date(2027, 6, 30),
)
ORDER_BY_ID_ARG_DEPRECATED = Change(
    kind="ARG_DEPRECATION_ADDED",
    coordinate="Query.orderById(id:)",
    severity=Severity.DEPRECATION,
    message=HOSTILE,
    old=None,
    new="Use `orderId` | or else",
    impact=Impact.DEPRECATED,
    impact_reason="OrderById passes it, and no allowance covers it",
    used_by=(use("queries/order_by_id.graphql", 2, 13, "OrderById"),),
)
CART_DESCRIPTION_CHANGED = Change(
    kind="DESCRIPTION_CHANGED",
    coordinate="Query.cart",
    severity=Severity.SAFE,
    message=f"Description for Query.cart changed: {HOSTILE} {ANSI}",
    old="The cart.",
    new=f"The cart | {ANSI}",
    schema_location=Location("schema/rye.graphql", 3001, 3),
)
FIELDS_ADDED = tuple(
    Change(
        kind="FIELD_ADDED",
        coordinate=f"AmazonOffer.{name}",
        severity=Severity.SAFE,
        message=f"Field AmazonOffer.{name} was added.",
    )
    for name in ("delta", "alpha", "gamma", "beta")
)

CHANGES = (
    PARTIAL_ADDED,
    CART_DESCRIPTION_CHANGED,
    *FIELDS_ADDED,
    REMOVE_CART_DEPRECATED,
    LEGACY_TYPE_REMOVED,
    ORDER_BY_ID_ARG_DEPRECATED,
    REFUNDED_ADDED,
    CANCEL_ORDER_REMOVED,
)
FAILING = (CANCEL_ORDER_REMOVED, REFUNDED_ADDED, ORDER_BY_ID_ARG_DEPRECATED)
REPORT = DriftReport(
    old_name="schema/rye.graphql",
    new_name="tests/schemas/rye-2025.graphql",
    changes=CHANGES,
    fail_on="impact",
    failing=FAILING,
)
PASSING = dataclasses.replace(REPORT, changes=(CART_DESCRIPTION_CHANGED,), failing=())
EMPTY = DriftReport(old_name="a.graphql", new_name="b.graphql")

SUMMARY = (
    "2 breaking, 2 dangerous, 2 deprecations, 5 safe; "
    "4 changes hit our operations (2 break, 1 deprecated, 1 allowed); fails on impact"
)


def shuffled(report: DriftReport, seed: int) -> DriftReport:
    """The same report with its changes and each change's uses in another order."""
    rng = random.Random(seed)
    changes = [
        dataclasses.replace(c, used_by=tuple(rng.sample(c.used_by, len(c.used_by))))
        for c in report.changes
    ]
    rng.shuffle(changes)
    return dataclasses.replace(report, changes=tuple(changes))


# --- every format -------------------------------------------------------------------------


def test_formats_name_every_renderer() -> None:
    assert dict(FORMATS) == {
        "text": render_text,
        "json": render_json,
        "markdown": render_markdown,
        "html": render_html,
        "sarif": render_sarif,
        "github": render_github,
    }


def test_the_cli_offers_every_format() -> None:
    """The parser keeps its own copies, so that `--help` imports no renderer."""
    from generator.cli import parser
    from generator.drift import FAIL_ON
    from generator.report.diagnostics import DIAGNOSTIC_FORMATS

    assert tuple(FORMATS) == CLI_FORMATS
    assert parser.FAIL_ON == FAIL_ON
    assert parser.DIAGNOSTIC_FORMATS == DIAGNOSTIC_FORMATS


@pytest.mark.parametrize("name", sorted(FORMATS))
@pytest.mark.parametrize("report", [REPORT, PASSING, EMPTY], ids=["mixed", "passing", "empty"])
def test_output_ends_in_one_newline_with_lf_only(name: str, report: DriftReport) -> None:
    output = FORMATS[name](report)
    assert output.endswith("\n") and not output.endswith("\n\n")
    assert "\r" not in output


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_output_does_not_depend_on_the_order_of_changes_or_uses(name: str) -> None:
    render = FORMATS[name]
    assert {render(shuffled(REPORT, seed)) for seed in range(5)} == {render(REPORT)}


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_carries_the_summary_line(name: str) -> None:
    output = FORMATS[name](REPORT)
    assert SUMMARY in output or json.dumps(SUMMARY) in output


def test_output_is_the_same_under_different_hash_seeds() -> None:
    script = (
        "import sys\n"
        "from tests.test_report import REPORT\n"
        "from generator.report import FORMATS\n"
        "sys.stdout.write(''.join(FORMATS[name](REPORT) for name in sorted(FORMATS)))\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=REPO,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            capture_output=True,
            check=True,
        ).stdout
        for seed in ("0", "1", "4242")
    }
    assert len(outputs) == 1


# --- summary line --------------------------------------------------------------------------


def test_summary_line_counts_severities_hits_and_gives_the_verdict() -> None:
    assert summary_line(REPORT) == SUMMARY


def test_summary_line_of_a_passing_report_with_nothing_hit() -> None:
    assert summary_line(PASSING) == (
        "0 breaking, 0 dangerous, 0 deprecations, 1 safe; "
        "no change hits our operations; passes on impact"
    )


def test_summary_line_is_singular_for_one() -> None:
    one = dataclasses.replace(REPORT, changes=(REMOVE_CART_DEPRECATED,), failing=())
    assert summary_line(one) == (
        "0 breaking, 0 dangerous, 1 deprecation, 0 safe; "
        "1 change hits our operations (1 allowed); passes on impact"
    )


# --- text ----------------------------------------------------------------------------------


def text_lines() -> list[str]:
    return render_text(REPORT).splitlines()


def head_index(lines: list[str], head: str) -> int:
    return next(i for i, line in enumerate(lines) if line.startswith(head))


def test_text_puts_our_hits_first_and_groups_each_part_by_severity() -> None:
    lines = text_lines()
    heads = [
        "== changes that hit our operations (4) ==",
        "breaking  FIELD_REMOVED  Mutation.cancelOrder: ",
        "dangerous  VALUE_ADDED_TO_ENUM  OrderStatus.REFUNDED: ",
        "deprecation  ARG_DEPRECATION_ADDED  Query.orderById(id:): ",
        "deprecation  FIELD_DEPRECATION_ADDED  Mutation.removeCart: ",
        "== other changes (7) ==",
        "breaking  TYPE_REMOVED  LegacyThing: ",
        "dangerous  VALUE_ADDED_TO_ENUM  CancelOrderStatus.PARTIAL: ",
        "safe  DESCRIPTION_CHANGED  1 untouched: Query.cart",
        "safe  FIELD_ADDED  4 untouched: ",
    ]
    positions = [head_index(lines, head) for head in heads]
    assert positions == sorted(positions)


def test_text_shows_impact_and_every_use_under_the_change() -> None:
    lines = text_lines()
    at = head_index(lines, "breaking  FIELD_REMOVED  Mutation.cancelOrder: ")
    assert lines[at : at + 4] == [
        "breaking  FIELD_REMOVED  Mutation.cancelOrder: Field Mutation.cancelOrder was removed.",
        "  impact: breaks (CancelOrder selects it)",
        "  queries/cancel_order.graphql:2:3 (CancelOrder)",
        "  queries/cancel_order.graphql:9:5 (CancelOrder)",
    ]


def test_text_names_every_operation_that_reaches_a_place_once() -> None:
    lines = text_lines()
    at = head_index(lines, "dangerous  VALUE_ADDED_TO_ENUM  OrderStatus.REFUNDED: ")
    assert lines[at + 2 : at + 4] == [
        "  queries/fragments.graphql:216:5 (CreateCart, GetCart)",
        "  queries/order_by_id.graphql:4:7 (OrderById)",
    ]


def test_text_shows_the_date_an_allowance_runs_out() -> None:
    lines = text_lines()
    at = head_index(lines, "deprecation  FIELD_DEPRECATION_ADDED  Mutation.removeCart: ")
    assert lines[at + 1] == "  impact: allowed until 2027-06-30 (Rye names no replacement)"
    assert lines[at + 2] == "  queries/remove_cart.graphql:2:3 (RemoveCart)"


def test_text_summarises_untouched_safe_changes_per_kind() -> None:
    lines = text_lines()
    assert (
        "safe  FIELD_ADDED  4 untouched: AmazonOffer.alpha, AmazonOffer.beta, "
        "AmazonOffer.delta and 1 more" in lines
    )
    assert not any("AmazonOffer.gamma" in line for line in lines)


def test_text_ends_with_the_summary_line_after_a_blank_line() -> None:
    lines = text_lines()
    assert lines[-2:] == ["", SUMMARY]


def test_text_keeps_schema_text_on_one_line_and_off_the_terminal() -> None:
    text = render_text(REPORT)
    assert "\x1b" not in text
    assert "\\x1b[31mred\\x1b[0m" in text
    assert not any(line.startswith("next line") for line in text.splitlines())
    assert "see <b>docs</b>\\nnext line 100% done" in text


def test_text_of_an_empty_report() -> None:
    assert render_text(EMPTY) == (
        "drift from a.graphql to b.graphql\n\nno changes\n\n"
        "0 breaking, 0 dangerous, 0 deprecations, 0 safe; "
        "no change hits our operations; passes on impact\n"
    )


# --- JSON ----------------------------------------------------------------------------------


def report_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(REPORT_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def validate_report(document: object) -> None:
    validator = jsonschema.Draft202012Validator(
        report_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    validator.validate(document)


@pytest.mark.parametrize("report", [REPORT, PASSING, EMPTY], ids=["mixed", "passing", "empty"])
def test_json_validates_against_the_documented_schema(report: DriftReport) -> None:
    validate_report(json.loads(render_json(report)))


@pytest.mark.parametrize(
    "spoil",
    [
        lambda d: d.update(extra=1),
        lambda d: d["changes"][0].update(severity="fatal"),
        lambda d: d["changes"][0].update(impact="maybe"),
        lambda d: d["changes"][0].pop("old"),
        lambda d: d["changes"][0]["used_by"][0].update(file="x"),
        lambda d: d["changes"][0].update(allowed_until="next year"),
        lambda d: d["summary"]["severity"].pop("safe"),
    ],
    ids=["extra-key", "severity", "impact", "missing-key", "use-key", "date", "summary"],
)
def test_json_schema_rejects_what_the_format_does_not_allow(spoil: Any) -> None:
    document = json.loads(render_json(REPORT))
    spoil(document)
    with pytest.raises(jsonschema.ValidationError):
        validate_report(document)


def test_json_schema_names_every_fail_on_the_cli_accepts() -> None:
    assert report_schema()["properties"]["fail_on"]["enum"] == list(FAIL_ON)


def test_json_is_sorted_indented_by_two_and_ends_in_a_newline() -> None:
    output = render_json(REPORT)
    assert output == json.dumps(json.loads(output), indent=2, sort_keys=True) + "\n"


def test_json_top_level() -> None:
    document = json.loads(render_json(REPORT))
    assert {k: v for k, v in document.items() if k not in ("changes", "summary")} == {
        "version": 1,
        "old": "schema/rye.graphql",
        "new": "tests/schemas/rye-2025.graphql",
        "fail_on": "impact",
        "failed": True,
    }
    assert document["summary"] == {
        "line": SUMMARY,
        "total": 11,
        "failing": 3,
        "severity": {"breaking": 2, "dangerous": 2, "deprecation": 2, "safe": 5},
        "impact": {"breaks": 2, "deprecated": 1, "allowed": 1, "none": 7},
    }


def change_from_json(item: dict[str, Any]) -> Change:
    location = item["schema_location"]
    until = item["allowed_until"]
    return Change(
        kind=item["kind"],
        coordinate=item["coordinate"],
        severity=Severity(item["severity"]),
        message=item["message"],
        old=item["old"],
        new=item["new"],
        impact=Impact(item["impact"]),
        used_by=tuple(
            use(u["path"], u["line"], u["column"], u["operation"]) for u in item["used_by"]
        ),
        impact_reason=item["impact_reason"],
        allowed_until=date.fromisoformat(until) if until else None,
        schema_location=Location(**location) if location else None,
    )


def test_json_round_trips_every_field_of_every_change() -> None:
    items = json.loads(render_json(REPORT))["changes"]
    expected = {dataclasses.replace(c, used_by=tuple(sorted(c.used_by))) for c in CHANGES}
    assert [change_from_json(item) for item in items] != []
    assert {change_from_json(item) for item in items} == expected
    assert len(items) == len(CHANGES)


def test_json_lists_changes_in_report_order_and_marks_the_failing_ones() -> None:
    items = json.loads(render_json(REPORT))["changes"]
    assert [item["coordinate"] for item in items[:3]] == [
        "Mutation.cancelOrder",
        "LegacyThing",
        "OrderStatus.REFUNDED",
    ]
    failing = {item["coordinate"] for item in items if item["failing"]}
    assert failing == {"Mutation.cancelOrder", "OrderStatus.REFUNDED", "Query.orderById(id:)"}


# --- Markdown ------------------------------------------------------------------------------


def rendered(markdown: str) -> str:
    """HTML as a CommonMark renderer with GitHub's table and strikethrough extensions shows it."""
    html: str = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)
    return html


def markdown_html() -> str:
    return rendered(render_markdown(REPORT))


def tables(html: str) -> list[list[list[str]]]:
    """Each table's body rows, each row's cells as raw HTML."""
    found = []
    for table in re.findall(r"<table>(.*?)</table>", html, re.S):
        body = re.search(r"<tbody>(.*?)</tbody>", table, re.S)
        rows = re.findall(r"<tr>(.*?)</tr>", body.group(1) if body else "", re.S)
        found.append([re.findall(r"<td>(.*?)</td>", row, re.S) for row in rows])
    return found


def test_markdown_headline_gives_the_verdict_and_the_summary() -> None:
    lines = render_markdown(REPORT).splitlines()
    assert lines[0] == "<!-- rye-codegen drift report -->"
    assert lines[1] == (
        "### Schema drift from `schema/rye.graphql` to `tests/schemas/rye-2025.graphql`"
    )
    assert "**Fails:** 3 changes are at or above `--fail-on impact`." in lines
    assert SUMMARY in lines
    passing = render_markdown(PASSING)
    assert "**Passes:** no change is at or above `--fail-on impact`." in passing
    assert "No change hits our operations." in passing
    assert "<summary>1 change that hits none of our operations</summary>" in passing


def test_markdown_tables_the_changes_that_hit_us_with_their_operations() -> None:
    hits = tables(markdown_html())[0]
    assert [row[3] for row in hits] == [
        "<code>Mutation.cancelOrder</code>",
        "<code>OrderStatus.REFUNDED</code>",
        "<code>Query.orderById(id:)</code>",
        "<code>Mutation.removeCart</code>",
    ]
    assert all(len(row) == 6 for row in hits)
    assert hits[0][:3] == ["breaking", "breaks (CancelOrder selects it)", "FIELD_REMOVED"]
    assert hits[0][5] == (
        "queries/cancel_order.graphql:2 (CancelOrder)<br>"
        "queries/cancel_order.graphql:9 (CancelOrder)"
    )
    assert hits[1][5] == (
        "queries/fragments.graphql:216 (CreateCart, GetCart)<br>"
        "queries/order_by_id.graphql:4 (OrderById)"
    )
    assert hits[3][1] == "allowed until 2027-06-30 (Rye names no replacement)"


def test_markdown_cells_show_hostile_schema_text_as_text() -> None:
    html = markdown_html()
    hostile_row = tables(html)[0][2]
    assert len(hostile_row) == 6  # the `|` did not add a cell
    assert hostile_row[4] == (
        "Use `orderId` | see &lt;b&gt;docs&lt;/b&gt; next line 100% done "
        "&lt;script&gt;x&lt;/script&gt; @\u2060deprecated"
    )
    for tag in ("<b>", "<script>", "<code>orderId"):
        assert tag not in html


def test_markdown_source_has_no_angle_bracket_but_our_own_markup() -> None:
    ours = r"<!-- rye-codegen drift report -->|</?details>|</?summary>|<br>"
    assert not re.search("[<>]", re.sub(ours, "", render_markdown(REPORT)))


def test_markdown_folds_untouched_changes_by_severity_in_details() -> None:
    markdown = render_markdown(REPORT)
    details = markdown[markdown.index("<details>") : markdown.index("</details>")]
    assert "<summary>7 changes that hit none of our operations</summary>" in details
    headings = re.findall(r"^#### (\w+) \((\d+)\)$", details, re.M)
    assert headings == [("breaking", "1"), ("dangerous", "1"), ("safe", "5")]
    assert "`Mutation.cancelOrder`" not in details
    assert "`AmazonOffer.gamma`" in details
    untouched = tables(markdown_html())[1:]
    assert [len(table) for table in untouched] == [1, 1, 5]
    assert all(len(row) == 4 for table in untouched for row in table)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a | b", "a | b"),
        ("`code`", "`code`"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("[link](javascript:alert(1))", "[link](javascript:alert(1))"),
        ("**bold** _em_ ~~gone~~", "**bold** _em_ ~~gone~~"),
        ("back\\slash \\| end\\", "back\\slash \\| end\\"),
        ("&lt; stays", "&amp;lt; stays"),
        ("one\r\ntwo\rthree\nfour", "one two three four"),
        ("FIELD_REMOVED __typename", "FIELD_REMOVED __typename"),
        ("$x^2$ <http://a.example> <!-- c -->", "$x^2$ &lt;http://a.example&gt; &lt;!-- c --&gt;"),
        ("right\u202eto left", "right\\u202eto left"),
    ],
)
def test_markdown_cell_renders_as_the_text_itself(text: str, shown: str) -> None:
    change = dataclasses.replace(CART_DESCRIPTION_CHANGED, message=text)
    report = dataclasses.replace(PASSING, changes=(change,))
    html = rendered(render_markdown(report))
    [[[kind, coordinate, message, operations]]] = tables(html)
    assert (kind, coordinate, operations) == ("DESCRIPTION_CHANGED", "<code>Query.cart</code>", "-")
    assert message == shown


def test_markdown_literal_breaks_mentions_and_edge_underscores_only() -> None:
    assert markdown_literal("@rye-team _x_ A_B") == "@&#8288;rye-team &#95;x&#95; A_B"


# --- SARIF ---------------------------------------------------------------------------------


def sarif_log(report: DriftReport = REPORT) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(render_sarif(report))
    return log


def validate_sarif(log: object) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    validator.validate(log)


@pytest.mark.parametrize("report", [REPORT, PASSING, EMPTY], ids=["mixed", "passing", "empty"])
def test_sarif_validates_against_the_official_schema(report: DriftReport) -> None:
    validate_sarif(sarif_log(report))


@pytest.mark.parametrize(
    "spoil",
    [
        lambda log: log.update(version="2.0.0"),
        lambda log: log["runs"][0]["results"][0].update(level="fatal"),
        lambda log: log["runs"][0]["results"][0].pop("message"),
        lambda log: log["runs"][0]["tool"]["driver"].pop("name"),
        lambda log: log["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
            "region"
        ].update(startLine=0),
    ],
    ids=["version", "level", "message", "driver-name", "start-line"],
)
def test_the_official_sarif_schema_is_live(spoil: Any) -> None:
    log = sarif_log()
    spoil(log)
    with pytest.raises(jsonschema.ValidationError):
        validate_sarif(log)


def test_sarif_header_and_one_rule_per_kind() -> None:
    log = sarif_log()
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "rye-codegen"
    rules = {rule["id"]: rule for rule in driver["rules"]}
    alerts = [c for c in CHANGES if not (c.severity is Severity.SAFE and not c.used_by)]
    assert list(rules) == sorted({change.kind for change in alerts})
    assert "FIELD_ADDED" not in rules  # safe and untouched: no alert, no rule
    assert rules["FIELD_REMOVED"]["defaultConfiguration"] == {"level": "error"}
    assert rules["FIELD_REMOVED"]["shortDescription"] == {"text": "Field removed."}
    assert rules["VALUE_ADDED_TO_ENUM"]["defaultConfiguration"] == {"level": "warning"}
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def results_for(coordinate: str) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = sarif_log()["runs"][0]["results"]
    return [r for r in results if r["properties"]["coordinate"] == coordinate]


def region_of(result: dict[str, Any]) -> tuple[str, str, int, int]:
    [location] = result["locations"]
    physical = location["physicalLocation"]
    artifact, region = physical["artifactLocation"], physical["region"]
    return artifact["uri"], artifact["uriBaseId"], region["startLine"], region["startColumn"]


def test_sarif_has_one_error_per_use_of_a_broken_coordinate() -> None:
    results = results_for("Mutation.cancelOrder")
    assert [region_of(r) for r in results] == [
        ("queries/cancel_order.graphql", "%SRCROOT%", 2, 3),
        ("queries/cancel_order.graphql", "%SRCROOT%", 9, 5),
    ]
    assert {r["level"] for r in results} == {"error"}
    assert results[0]["message"]["text"] == (
        "Field Mutation.cancelOrder was removed. Impact: breaks (CancelOrder selects it). "
        "Used by CancelOrder."
    )
    assert results[0]["properties"] == {
        "severity": "breaking",
        "impact": "breaks",
        "coordinate": "Mutation.cancelOrder",
        "operations": ["CancelOrder"],
    }


@pytest.mark.parametrize(
    ("coordinate", "level"),
    [
        ("OrderStatus.REFUNDED", "error"),
        ("Query.orderById(id:)", "warning"),
        ("Mutation.removeCart", "note"),
        ("LegacyThing", "note"),
    ],
)
def test_sarif_level_follows_the_impact(coordinate: str, level: str) -> None:
    assert {r["level"] for r in results_for(coordinate)} == {level}


def test_sarif_has_one_result_per_place_naming_every_operation() -> None:
    results = results_for("OrderStatus.REFUNDED")
    assert [region_of(r)[0::2] for r in results] == [
        ("queries/fragments.graphql", 216),
        ("queries/order_by_id.graphql", 4),
    ]
    assert results[0]["properties"]["operations"] == ["CreateCart", "GetCart"]
    assert results[0]["message"]["text"].endswith(" Used by CreateCart, GetCart.")


def test_sarif_puts_an_untouched_change_at_its_definition_or_the_old_schema() -> None:
    [partial] = results_for("CancelOrderStatus.PARTIAL")
    assert region_of(partial) == ("schema/rye.graphql", "%SRCROOT%", 605, 1)
    # GitHub code scanning rejects a whole upload when one result has no location.
    [legacy] = results_for("LegacyThing")
    assert region_of(legacy) == (REPORT.old_name, "%SRCROOT%", 1, 1)


def test_sarif_leaves_out_safe_changes_that_touch_nothing() -> None:
    assert results_for("Query.cart") == []
    assert all("locations" in result for result in sarif_log()["runs"][0]["results"])


def test_sarif_allowed_result_carries_its_date() -> None:
    [allowed] = results_for("Mutation.removeCart")
    assert allowed["properties"]["allowedUntil"] == "2027-06-30"
    assert "allowed until 2027-06-30" in allowed["message"]["text"]


def test_sarif_percent_encodes_paths() -> None:
    change = dataclasses.replace(
        CANCEL_ORDER_REMOVED, used_by=(use("queries/my orders#1.graphql", 1, 1, "X"),)
    )
    log = sarif_log(dataclasses.replace(REPORT, changes=(change,), failing=()))
    validate_sarif(log)
    [result] = log["runs"][0]["results"]
    assert region_of(result)[0] == "queries/my%20orders%231.graphql"


# --- GitHub --------------------------------------------------------------------------------


COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def unescape(text: str) -> str:
    for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, char)
    return text


def parsed_commands() -> list[tuple[str, dict[str, str], str]]:
    """Each line as GitHub's runner reads it: level, properties, message, unescaped."""
    commands = []
    for line in render_github(REPORT).splitlines():
        match = COMMAND.match(line)
        assert match, line
        level, listed, message = match.groups()
        properties = dict(item.split("=", 1) for item in listed.split(","))
        commands.append((level, {k: unescape(v) for k, v in properties.items()}, unescape(message)))
    return commands


def test_github_annotates_each_use_of_a_broken_coordinate() -> None:
    lines = render_github(REPORT).splitlines()
    assert (
        "::error file=queries/cancel_order.graphql,line=2,col=3,title=FIELD_REMOVED "
        "Mutation.cancelOrder::Field Mutation.cancelOrder was removed. Impact: breaks "
        "(CancelOrder selects it). Used by CancelOrder."
    ) in lines
    assert any(
        line.startswith("::error file=queries/cancel_order.graphql,line=9,col=5,") for line in lines
    )


def test_github_starts_with_the_summary_then_errors_warnings_notices() -> None:
    commands = parsed_commands()
    assert commands[0] == ("notice", {"title": "rye-codegen drift"}, SUMMARY)
    levels = [level for level, _, _ in commands[1:]]
    assert levels == sorted(levels, key=["error", "warning", "notice"].index)
    assert levels.count("error") == 4
    assert (
        "::error file=queries/fragments.graphql,line=216,col=5,title=VALUE_ADDED_TO_ENUM "
        "OrderStatus.REFUNDED::REFUNDED was added to enum type OrderStatus. Impact: breaks "
        "(the generated OrderStatus enum rejects it). Used by CreateCart, GetCart."
    ) in render_github(REPORT).splitlines()


def test_github_escapes_messages_and_properties_and_round_trips() -> None:
    lines = render_github(REPORT).splitlines()
    hostile = next(line for line in lines if "ARG_DEPRECATION_ADDED" in line)
    assert hostile.startswith(
        "::warning file=queries/order_by_id.graphql,line=2,col=13,"
        "title=ARG_DEPRECATION_ADDED Query.orderById(id%3A)::"
    )
    assert "%0Anext line 100%25 done" in hostile
    [(_, properties, message)] = [c for c in parsed_commands() if "orderById" in c[1]["title"]]
    assert properties["title"] == "ARG_DEPRECATION_ADDED Query.orderById(id:)"
    assert message.startswith(HOSTILE + " Impact: deprecated (")


def test_github_levels_for_allowed_and_untouched_changes() -> None:
    commands = {props["title"]: (level, props) for level, props, _ in parsed_commands()}
    assert commands["FIELD_DEPRECATION_ADDED Mutation.removeCart"][0] == "notice"
    level, props = commands["TYPE_REMOVED LegacyThing"]
    assert (level, "file" in props) == ("warning", False)
    level, props = commands["VALUE_ADDED_TO_ENUM CancelOrderStatus.PARTIAL"]
    assert (level, props["file"], props["line"], props["col"]) == (
        "notice",
        "schema/rye.graphql",
        "605",
        "1",
    )


def test_escape_sequences_are_spelled_out_not_sent() -> None:
    github, markdown = render_github(REPORT), render_markdown(REPORT)
    assert "\x1b" not in github + markdown
    assert "LegacyThing was removed. \\x1b[31mred\\x1b[0m Impact: none" in github
    assert "LegacyThing was removed. \\x1b[31mred\\x1b[0m</td>" in markdown_html()


def test_github_escape_data_matches_the_toolkit() -> None:
    assert escape_data("100%\r\n:,") == "100%25%0D%0A:,"
