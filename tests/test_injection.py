"""Schema text is untrusted: one hostile string, written into a schema's descriptions,
deprecation reasons and default values, is sent through every format that carries schema
text, and in none of them can it run code, forge an annotation or alter the structure.

The string holds each way in: a docstring's end (`\"\"\"`), a newline followed by GitHub
workflow commands (`::error`, `::set-output`), an encoded newline (`%0A`), a `<script>` tag, a
Markdown link and image, a Slack mention, emphasis, a code span, a table pipe, and ANSI escapes.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import json
import re
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.project import Project
from tests.webhook_receiver import WebhookReceiver

HOSTILE = (
    'x"""\n::error file=evil.py,line=1::forged\n::set-output name=a::b %0A::warning::also '
    "<script>alert(1)</script> [link](https://evil.example/x) "
    "![img](https://evil.example/i.png) \x1b[31mred\x1b[0m <!channel> *bold* `code` | cell "
    '__import__("builtins").PWNED = True'
)
OLD = """\
type Query {
  order(id: ID!): Order
}

type Order {
  id: ID!
  status: String
  note(format: String = "plain"): String
}
"""
NEW = f"""\
type Query {{
  order(id: ID!): Order
}}

{json.dumps(HOSTILE)}
type Order {{
  id: ID!
  status: String @deprecated(reason: {json.dumps(HOSTILE)})
  note(format: String = {json.dumps(HOSTILE)}): String
}}
"""
OPERATION = "query Order($id: ID!) {\n  order(id: $id) {\n    id\n    status\n    note\n  }\n}\n"
PYPROJECT = """\
[tool.rye-codegen]
schema = "schema/api.graphql"
queries = "queries"
target = "generated/hostile_client"

[tool.rye-codegen.deprecations]
policy = "warn"
"""
# What a forged GitHub workflow command would start a line with.
WORKFLOW_COMMAND = re.compile(r"^::(error|warning|notice|set-output|add-mask|debug)\b", re.M)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    (tmp_path / "schema").mkdir()
    (tmp_path / "queries").mkdir()
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (tmp_path / "schema" / "api.graphql").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.graphql").write_text(NEW, encoding="utf-8")
    (tmp_path / "queries" / "order.graphql").write_text(OPERATION, encoding="utf-8")
    return Project(tmp_path)


def drift_report(project: Project, output_format: str) -> str:
    result = project.run(
        "drift", "--against", "new.graphql", "--fail-on", "breaking", "--format", output_format
    )
    assert result.exit_code == 0, result.stderr
    assert "Order.status" in result.stdout
    return result.stdout


def assert_no_terminal_control(text: str) -> None:
    assert "\x1b" not in text and "\r" not in text


def test_text_report_keeps_each_change_on_its_lines_and_sends_no_escape(
    project: Project,
) -> None:
    report = drift_report(project, "text")
    assert_no_terminal_control(report)
    assert not WORKFLOW_COMMAND.search(report)
    assert not any(line.startswith("::") for line in report.splitlines())


def test_github_annotations_cannot_be_forged(project: Project) -> None:
    report = drift_report(project, "github")
    annotations = report.splitlines()
    # The summary, then one annotation a change: a line each, and only ours.
    assert len(annotations) == 1 + 3
    assert all(re.match(r"::(error|warning|notice) ", line) for line in annotations)
    assert not any("::set-output" in line.split("::", 2)[1] for line in annotations)
    assert "%250A" in report  # an encoded newline stays text, not a line break
    assert "%0A::error file=evil.py" in report  # a real newline is encoded
    assert_no_terminal_control(report)


def test_diagnostics_as_github_annotations_cannot_be_forged(project: Project) -> None:
    (project.root / "schema" / "api.graphql").write_text(NEW, encoding="utf-8")
    result = project.run("validate", "--format", "github")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines and all(re.match(r"::(error|warning|notice) ", line) for line in lines)
    assert "deprecated-usage" in result.stdout


def test_terminal_diagnostics_send_no_escape_and_forge_no_line(project: Project) -> None:
    (project.root / "schema" / "api.graphql").write_text(NEW, encoding="utf-8")
    result = project.run("validate")
    assert result.exit_code == 0
    assert_no_terminal_control(result.stderr)
    assert not WORKFLOW_COMMAND.search(result.stderr)


def test_markdown_report_renders_no_markup_from_schema_text(project: Project) -> None:
    report = drift_report(project, "markdown")
    html = MarkdownIt("commonmark").enable(["table"]).render(report)
    for forbidden in ("<script", "<a ", "<img", "<em>", "<strong>bold", "<code>code"):
        assert forbidden not in html
    tables = html.split("<table>")[1:]
    assert len(tables) == 3  # our hit, then the dangerous and the safe change
    for table in tables:  # every row has as many cells as the header: no cell was split
        rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
        assert len({len(re.findall(r"<t[hd][ >]", row)) for row in rows}) == 1
    assert_no_terminal_control(report)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_report_holds_only_our_markup(project: Project) -> None:
    report = drift_report(project, "html")
    parsed = _Tags()
    parsed.feed(report)
    ours = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "strong", "code"}
    assert set(parsed.tags) <= ours | {"table", "thead", "tbody", "tr", "th", "td", "br"}
    assert set(parsed.attributes) <= {"lang", "charset", "http-equiv", "content", "class"}
    assert "<script>alert(1)</script>" in "".join(parsed.text)  # shown, as text
    assert_no_terminal_control(report)


@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_json_formats_carry_the_text_exactly_and_stay_json(
    project: Project, output_format: str
) -> None:
    report = drift_report(project, output_format)
    document = json.loads(report)
    assert HOSTILE in json.dumps(document, ensure_ascii=False) or _has_text(document)
    assert "\x1b" not in report  # JSON escapes it: \u001b


def _has_text(document: object) -> bool:
    """Somewhere in the document a string holds the hostile text (as a message part)."""
    if isinstance(document, str):
        return "<script>alert(1)</script>" in document
    if isinstance(document, dict):
        return any(_has_text(value) for value in document.values())
    if isinstance(document, list):
        return any(_has_text(value) for value in document)
    return False


@pytest.fixture
def webhook() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as receiver:
        yield receiver


def test_slack_alert_cannot_mention_link_or_reshape(
    project: Project, webhook: WebhookReceiver
) -> None:
    result = project.run(
        "drift",
        "--against",
        "new.graphql",
        "--fail-on",
        "deprecation",
        "--notify",
        webhook.url("/hook"),
    )
    assert result.exit_code == 1, result.stderr
    (request,) = webhook.requests
    texts = list(_strings(request.body))
    schema_text = [t for t in texts if "alert(1)" in t]
    assert schema_text
    for text in schema_text:
        assert "<script>" not in text and "<!channel>" not in text
        assert "<https://evil.example" not in text  # no Slack link
        assert "\x1b" not in text and "\n::error" not in text


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_generated_python_compiles_and_never_runs_schema_text(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project.root / "schema" / "api.graphql").write_text(NEW, encoding="utf-8")
    result = project.run("generate")
    assert result.exit_code == 0, result.stderr
    package = project.root / "generated" / "hostile_client"
    for module in package.glob("*.py"):
        source = module.read_text(encoding="utf-8")
        compile(source, str(module), "exec")
        assert "\x1b" not in source
    monkeypatch.syspath_prepend(str(package.parent))
    for name in [m for m in sys.modules if m.startswith("hostile_client")]:
        monkeypatch.delitem(sys.modules, name)
    order = importlib.import_module("hostile_client.order")
    assert not hasattr(builtins, "PWNED")
    models = [getattr(order, name) for name in dir(order) if name.startswith("Order")]
    field = next(m.model_fields["status"] for m in models if "status" in m.model_fields)
    assert field.deprecated == f"Order.status is deprecated: {HOSTILE}"


CODE = '""" + str(__import__("builtins").__setattr__("PWNED", True)) + """'
PLACEHOLDER_ATTACK = f"""\
type Query {{
  "RYE_CODEGEN_FIELDDEPRECATION_0 RYE_CODEGEN_DEPRECATION_Thing RYE_CODEGEN_WIRE_Thing"
  thing: Thing @deprecated(reason: {json.dumps(CODE)})
}}

type Thing {{
  "RYE_CODEGEN_FIELDDEPRECATION_0"
  a: String
  old: String @deprecated(reason: {json.dumps(CODE)})
}}
"""


def test_a_description_naming_a_placeholder_stays_text(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Generated code is built with placeholders that are replaced by literals, plugin after
    plugin; a description spelling one must not be replaced by another plugin's literal."""
    (project.root / "schema" / "api.graphql").write_text(PLACEHOLDER_ATTACK, encoding="utf-8")
    (project.root / "queries" / "order.graphql").write_text(
        "query Thing {\n  thing {\n    a\n    old\n  }\n}\n", encoding="utf-8"
    )
    result = project.run("generate")
    assert result.exit_code == 0, result.stderr
    package = project.root / "generated" / "hostile_client"
    monkeypatch.syspath_prepend(str(package.parent))
    for name in [m for m in sys.modules if m.startswith("hostile_client")]:
        monkeypatch.delitem(sys.modules, name)
    thing = importlib.import_module("hostile_client.thing")
    client = importlib.import_module("hostile_client.client")
    assert not hasattr(builtins, "PWNED")
    tree = ast.parse((package / "thing.py").read_text(encoding="utf-8"))
    strings = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    assert "RYE_CODEGEN_FIELDDEPRECATION_0" in strings  # the field's description, as written
    assert thing.ThingThing.model_fields["old"].deprecated.startswith(
        'Thing.old is deprecated: """'
    )
    method = client.Client.thing
    assert method.__doc__.startswith("RYE_CODEGEN_FIELDDEPRECATION_0 RYE_CODEGEN_DEPRECATION_Thing")


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x0b", "\x0c", "\x1c", "\x85"])
def test_an_excerpt_cannot_start_a_line_of_output(project: Project, separator: str) -> None:
    """Python's `splitlines` breaks at more than newlines; an input line holding one of those
    must not print a line of its own, which a CI runner could read as a workflow command."""
    (project.root / "queries" / "order.graphql").write_text(
        f"query Order {{\n  # c{separator}::error file=README.md,line=1::FORGED\n"
        '  order(id: "1") { nope }\n}\n',
        encoding="utf-8",
    )
    result = project.run("validate")
    assert result.exit_code == 1
    assert not any(line.lstrip().startswith("::") for line in result.stderr.split("\n"))
    assert "FORGED" in result.stderr  # shown, on the excerpt's own line


def test_the_generated_readme_renders_no_markup_from_a_deprecation_reason(
    project: Project,
) -> None:
    reason = "old\r\r# Forged heading\r\r[click me](https://evil.example/)\r\r<img src=x onerror=1>"
    (project.root / "schema" / "api.graphql").write_text(
        NEW.replace(
            "order(id: ID!): Order",
            f"order(id: ID!): Order @deprecated(reason: {json.dumps(reason)})",
        ),
        encoding="utf-8",
    )
    result = project.run("generate")
    assert result.exit_code == 0, result.stderr
    readme = (project.root / "generated" / "hostile_client" / "README.md").read_text("utf-8")
    html = MarkdownIt("commonmark").enable(["table"]).render(readme)
    assert "Forged heading</h1>" not in html and "<a " not in html and "<img" not in html
    assert "\r" not in readme and "\x00" not in readme
