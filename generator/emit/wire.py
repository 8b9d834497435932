"""The document each client method sends: the operation as written, with its fragments, plus
`__typename` wherever the generated models need it to pick a union or interface member.

The models are generated from a flattened copy of the operation (flatten.py), and
ariadne-codegen discriminates every abstract-typed selection on `__typename`; an operation
that does not ask for it would get responses the models cannot parse.

The text is ASCII: string values are printed as plain strings with `\\uXXXX` escapes, so it
can be embedded in Python source without any character changing meaning (see
plugins/wire_document.py).
"""

from __future__ import annotations

from typing import Any

from graphql import (
    DefinitionNode,
    DocumentNode,
    FieldNode,
    GraphQLSchema,
    NameNode,
    SelectionSetNode,
    StringValueNode,
    TypeInfo,
    TypeInfoVisitor,
    is_abstract_type,
    print_ast,
    visit,
)
from graphql.language import Visitor

TYPENAME = "__typename"


class WireDocuments:
    """The wire document of each operation. A fragment is printed once, however many
    operations send it: each definition's text depends on it alone and the schema."""

    def __init__(self, schema: GraphQLSchema) -> None:
        self.schema = schema
        self._printed: dict[int, tuple[DefinitionNode, str]] = {}

    def of(self, document: DocumentNode) -> str:
        text = "\n\n".join(self._definition(d) for d in document.definitions)
        return text if text.isascii() else "".join(_ascii(character) for character in text)

    def _definition(self, definition: DefinitionNode) -> str:
        # Keyed by identity, the node held beside its text so that the id is never reused.
        held = self._printed.get(id(definition))
        if held is None:
            held = self._printed[id(definition)] = (definition, self._print(definition))
        return held[1]

    def _print(self, definition: DefinitionNode) -> str:
        type_info = TypeInfo(self.schema)
        with_typename = visit(definition, TypeInfoVisitor(type_info, _AddTypename(type_info)))
        return print_ast(visit(with_typename, _PlainStrings()))


def _ascii(character: str) -> str:
    """Outside string values a printed document is ASCII already; inside them, `\\u` escapes
    (as UTF-16 surrogate pairs beyond the BMP) mean the same character to a GraphQL server."""
    code = ord(character)
    if code < 0x80:
        return character
    if code <= 0xFFFF:
        return f"\\u{code:04X}"
    high, low = divmod(code - 0x10000, 0x400)
    return f"\\u{0xD800 + high:04X}\\u{0xDC00 + low:04X}"


class _PlainStrings(Visitor):
    """Block strings (`\"\"\"...\"\"\"`) printed as plain strings: same value, no triple quotes."""

    def enter_string_value(self, node: StringValueNode, *_: Any) -> StringValueNode | None:
        return StringValueNode(value=node.value, block=False) if node.block else None


class _AddTypename(Visitor):
    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info

    def enter_selection_set(self, node: SelectionSetNode, *_: Any) -> SelectionSetNode | None:
        parent = self.type_info.get_parent_type()
        if parent is None or not is_abstract_type(parent) or _asks_typename(node):
            return None
        typename = FieldNode(name=NameNode(value=TYPENAME), arguments=(), directives=())
        return SelectionSetNode(selections=(typename, *node.selections))


def _asks_typename(node: SelectionSetNode) -> bool:
    return any(
        isinstance(s, FieldNode)
        and s.name.value == TYPENAME
        and s.alias is None
        and not s.directives
        for s in node.selections
    )
