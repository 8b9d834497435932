"""What `rye-codegen add` takes, apart from the scaffolding itself (generator/scaffold.py),
so the command line can name its defaults without importing graphql-core."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_DEPTH = 3


@dataclass(frozen=True)
class ScaffoldOptions:
    depth: int = DEFAULT_DEPTH
    include_deprecated: bool = False
    name: str | None = None
