"""Forward-compatible enums: a value the client does not know parses instead of failing.

Rye adds enum values often (17 between 2024-02 and late 2024); a strict client breaks on each.
Every generated enum derives from `ForwardCompatibleEnum`, whose `_missing_` (which pydantic
calls too) makes a member of the same enum that keeps the raw string, and logs a warning once
per value. `forward_compatible = false` in [tool.rye-codegen] keeps strict enums.
"""

from __future__ import annotations

import ast

from graphql import GraphQLEnumType

from generator.plugins.context_plugin import ContextPlugin

BASE_NAME = "ForwardCompatibleEnum"

BASE_SOURCE = f'''
import logging
from typing import Any

_logger = logging.getLogger(__name__)


class {BASE_NAME}(str, Enum):
    """A GraphQL enum that parses values this client does not know yet.

    An unknown value becomes a member of the same enum that keeps the raw string (its
    `.value` and `.name`), so a response still parses; a warning is logged once per value.
    Known values are the usual members, equal to their strings.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        cls._value2member_map_[value] = member  # the warning below is said once per value
        _logger.warning(
            "%s has no value %r in this client; keeping it as an unknown member "
            "(regenerate the client to know it)",
            cls.__name__,
            value,
        )
        return member
'''


class ForwardCompatibleEnumPlugin(ContextPlugin):
    def generate_enum(self, class_def: ast.ClassDef, enum_type: GraphQLEnumType) -> ast.ClassDef:
        if self.context.features.forward_compatible:
            class_def.bases = [ast.Name(id=BASE_NAME)]
        return class_def

    def generate_enums_module(self, module: ast.Module) -> ast.Module:
        if not self.context.features.forward_compatible or not any(
            isinstance(n, ast.ClassDef) for n in module.body
        ):
            return module  # no enums, no enums module
        imports = [node for node in module.body if isinstance(node, ast.ImportFrom | ast.Import)]
        rest = [node for node in module.body if node not in imports]
        module.body = [*imports, *ast.parse(BASE_SOURCE).body, *rest]
        return module
