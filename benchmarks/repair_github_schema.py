"""Remove the fields that GitHub's published SDL defines twice, so graphql-core accepts it.

The `schema.graphql` of npm's `@octokit/graphql-schema` (15.26.1 at the time of writing)
defines `EnterpriseOwnerInfo.repositoryDeployKeySetting` and
`EnterpriseOwnerInfo.repositoryDeployKeySettingOrganizations` twice; graphql-core's
`build_schema` refuses a field defined more than once. This keeps the first definition of
each field (of any object, interface or input type, not only those two) and cuts the later
ones out of the text, with their descriptions, leaving every other byte as it was.

    python benchmarks/repair_github_schema.py IN.graphql OUT.graphql
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graphql import build_schema, parse
from graphql.language import (
    FieldDefinitionNode,
    InputObjectTypeDefinitionNode,
    InputObjectTypeExtensionNode,
    InputValueDefinitionNode,
    InterfaceTypeDefinitionNode,
    InterfaceTypeExtensionNode,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
)

_WITH_FIELDS = (
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    InterfaceTypeDefinitionNode,
    InterfaceTypeExtensionNode,
    InputObjectTypeDefinitionNode,
    InputObjectTypeExtensionNode,
)


def repair(sdl: str) -> tuple[str, list[str]]:
    """The SDL without repeated fields, and the coordinates (`Type.field`) removed."""
    document = parse(sdl)
    seen: dict[str, set[str]] = {}
    spans: list[tuple[int, int]] = []
    removed: list[str] = []
    for definition in document.definitions:
        if not isinstance(definition, _WITH_FIELDS):
            continue
        names = seen.setdefault(definition.name.value, set())
        fields: tuple[FieldDefinitionNode | InputValueDefinitionNode, ...] = tuple(
            definition.fields or ()
        )
        for field in fields:
            if field.name.value not in names:
                names.add(field.name.value)
                continue
            assert field.loc is not None
            spans.append(_whole_lines(sdl, field.loc.start, field.loc.end))
            removed.append(f"{definition.name.value}.{field.name.value}")
    for start, end in sorted(spans, reverse=True):
        sdl = sdl[:start] + sdl[end:]
    return sdl, removed


def _whole_lines(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to the indentation before it and the line break after it."""
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    if text.startswith("\r\n", end):
        end += 2
    elif text.startswith("\n", end):
        end += 1
    return start, end


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    args = parser.parse_args(argv)
    repaired, removed = repair(args.source.read_text(encoding="utf-8"))
    build_schema(repaired)  # raises if anything else is wrong with it
    args.target.parent.mkdir(parents=True, exist_ok=True)
    args.target.write_text(repaired, encoding="utf-8")
    for coordinate in removed:
        print(f"removed a second definition of {coordinate}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
