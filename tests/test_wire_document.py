"""The client sends each operation's string values exactly as written in queries/."""

from __future__ import annotations

import ast
from pathlib import Path

from graphql import FieldNode, OperationDefinitionNode, StringValueNode, parse

from tests.test_cases import CASES, run_case


def hello_arguments(document: str) -> dict[str, str]:
    """Operation name → the value of its `hello(name:)` argument."""
    values = {}
    for definition in parse(document).definitions:
        assert isinstance(definition, OperationDefinitionNode) and definition.name
        [field] = definition.selection_set.selections
        assert isinstance(field, FieldNode)
        [argument] = field.arguments
        assert isinstance(argument.value, StringValueNode)
        values[definition.name.value] = argument.value.value
    return values


def sent_documents(client_source: str) -> str:
    calls = [
        node
        for node in ast.walk(ast.parse(client_source))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "gql"
    ]
    texts = [call.args[0] for call in calls]
    assert all(isinstance(text, ast.Constant) and isinstance(text.value, str) for text in texts)
    return "\n".join(text.value for text in texts if isinstance(text, ast.Constant))


def test_quotes_backslashes_block_strings_and_unicode_survive(tmp_path: Path) -> None:
    exit_code, stderr, files = run_case("string_values", tmp_path / "string_values")
    assert exit_code == 0, stderr

    written = (CASES / "string_values" / "queries" / "strings.graphql").read_text("utf-8")
    sent = sent_documents(files["client.py"])

    assert hello_arguments(sent) == hello_arguments(written)
    assert "it's" in hello_arguments(sent)["A"]
    assert sent.isascii()
