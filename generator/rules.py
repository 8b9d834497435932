"""Deprecated-usage detection (a TypeInfo visitor, as graphql-core's NoDeprecatedCustomRule)
and the deprecation policy: pure functions from uses, allowances and a date to diagnostics."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from graphql import (
    ArgumentNode,
    EnumValueNode,
    FieldNode,
    GraphQLSchema,
    Node,
    ObjectFieldNode,
    TypeInfo,
    TypeInfoVisitor,
    get_named_type,
    visit,
)
from graphql.language import Visitor

from generator.config import Allowance, Deprecations
from generator.diagnostics import Diagnostic, Location, Severity, excerpt_at
from generator.operations import OperationSet

EXPIRY_WARNING_DAYS = 30


@dataclass(frozen=True)
class DeprecatedUse:
    coordinate: str
    reason: str
    location: Location
    excerpt: str
    operations: frozenset[str]


def find_deprecated_uses(
    schema: GraphQLSchema, operations: OperationSet
) -> tuple[DeprecatedUse, ...]:
    """Every use of a deprecated field, argument, input field or enum value, once per place,
    with every operation that reaches it (a use inside a fragment has several)."""
    found: dict[tuple[Location, str], tuple[str, str, set[str]]] = {}
    for operation in operations.operations:
        type_info = TypeInfo(schema)
        collector = _DeprecationCollector(type_info)
        visit(operations.document(operation), TypeInfoVisitor(type_info, collector))
        for coordinate, reason, node in collector.found:
            location, excerpt = _place(node)
            entry = found.setdefault((location, coordinate), (reason, excerpt, set()))
            entry[2].add(operation.name)
    return tuple(
        DeprecatedUse(coordinate, reason, location, excerpt, frozenset(users))
        for (location, coordinate), (reason, excerpt, users) in sorted(found.items())
    )


def _place(node: Node) -> tuple[Location, str]:
    assert node.loc is not None
    source = node.loc.source
    position = source.get_location(node.loc.start)
    return (
        Location(source.name, position.line, position.column),
        excerpt_at(source, position.line, position.column),
    )


class _DeprecationCollector(Visitor):
    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.found: list[tuple[str, str, Node]] = []

    def enter_field(self, node: FieldNode, *_: object) -> None:
        field, parent = self.type_info.get_field_def(), self.type_info.get_parent_type()
        if field is not None and parent is not None and field.deprecation_reason is not None:
            self.found.append((f"{parent.name}.{node.name.value}", field.deprecation_reason, node))

    def enter_argument(
        self,
        node: ArgumentNode,
        _key: object,
        _parent: object,
        _path: object,
        ancestors: list[Node],
    ) -> None:
        argument = self.type_info.get_argument()
        if argument is None or argument.deprecation_reason is None:
            return
        directive, owner_node = self.type_info.get_directive(), ancestors[-1]
        if directive is not None:
            owner = f"@{directive.name}"
        elif isinstance(owner_node, FieldNode):
            parent = self.type_info.get_parent_type()
            owner = f"{getattr(parent, 'name', '?')}.{owner_node.name.value}"
        else:
            return
        self.found.append((f"{owner}({node.name.value}:)", argument.deprecation_reason, node))

    def enter_object_field(self, node: ObjectFieldNode, *_: object) -> None:
        parent = get_named_type(self.type_info.get_parent_input_type())
        fields = getattr(parent, "fields", None) or {}
        field = fields.get(node.name.value)
        if parent is not None and field is not None and field.deprecation_reason is not None:
            self.found.append((f"{parent.name}.{node.name.value}", field.deprecation_reason, node))

    def enter_enum_value(self, node: EnumValueNode, *_: object) -> None:
        value = self.type_info.get_enum_value()
        enum = get_named_type(self.type_info.get_input_type())
        if value is not None and enum is not None and value.deprecation_reason is not None:
            self.found.append((f"{enum.name}.{node.value}", value.deprecation_reason, node))


def apply_policy(
    uses: Iterable[DeprecatedUse],
    policy: Deprecations,
    today: date,
    coordinates: frozenset[str] = frozenset(),
) -> tuple[Diagnostic, ...]:
    """Errors and warnings for deprecated uses under the policy and allowances, as of `today`.
    `coordinates` are the schema's, to tell a stale allowance from a misspelt one."""
    uses = tuple(uses)
    if policy.policy == "ignore":
        return ()
    diagnostics = [_judge(use, policy, today) for use in uses]
    diagnostics.extend(_allowance_warnings(uses, policy.allow, today, coordinates))
    return tuple(diagnostics)


def _judge(use: DeprecatedUse, policy: Deprecations, today: date) -> Diagnostic:
    allowance = next((a for a in policy.allow if a.covers(use.coordinate, use.operations)), None)
    message = f"{use.coordinate} is deprecated: {use.reason}"
    if allowance is not None and today <= allowance.until:
        return _diagnostic(
            Severity.WARNING,
            "deprecated-allowed",
            use,
            f"{message} (allowed until {allowance.until}: {allowance.reason})",
            hint=f"{(allowance.until - today).days} days left to move off it",
        )
    if allowance is not None:
        return _diagnostic(
            Severity.ERROR,
            "deprecated-usage",
            use,
            f"{message} (the allowance expired on {allowance.until}: {allowance.reason})",
            hint="move off it, or extend `until` of its allowance in pyproject.toml",
        )
    severity = Severity.ERROR if policy.policy == "error" else Severity.WARNING
    return _diagnostic(severity, "deprecated-usage", use, message, hint=_allow_hint(use))


def _diagnostic(
    severity: Severity, code: str, use: DeprecatedUse, message: str, hint: str
) -> Diagnostic:
    users = ", ".join(sorted(use.operations))
    return Diagnostic(
        severity, code, f"{message} [used by {users}]", use.location, use.excerpt, hint
    )


def _allow_hint(use: DeprecatedUse) -> str:
    operations = ", ".join(f'"{name}"' for name in sorted(use.operations))
    return (
        "move off it as the reason says, or allow it for a while in pyproject.toml:\n"
        "[[tool.rye-codegen.deprecations.allow]]\n"
        f'coordinate = "{use.coordinate}"\n'
        'until = "YYYY-MM-DD"\n'
        'reason = "why we still use it"\n'
        f"operations = [{operations}]"
    )


def _allowance_warnings(
    uses: tuple[DeprecatedUse, ...],
    allowances: Iterable[Allowance],
    today: date,
    coordinates: frozenset[str],
) -> Iterator[Diagnostic]:
    for allowance in allowances:
        if not any(allowance.covers(use.coordinate, use.operations) for use in uses):
            yield _unused(allowance, coordinates)
        elif today <= allowance.until and (allowance.until - today).days <= EXPIRY_WARNING_DAYS:
            yield Diagnostic(
                Severity.WARNING,
                "allowance-expiring",
                f"the allowance for {allowance.coordinate} expires on {allowance.until} "
                f"({(allowance.until - today).days} days left)",
                allowance.location,
                hint="move the operations off it, or extend `until` if Rye still serves it",
            )


def _unused(allowance: Allowance, coordinates: frozenset[str]) -> Diagnostic:
    if not coordinates or allowance.coordinate in coordinates:
        message = f"the allowance for {allowance.coordinate} matches no deprecated use"
        hint = (
            "the operations no longer use it, or the schema no longer deprecates it: "
            "remove the allowance"
        )
    else:
        message = f"the allowance for {allowance.coordinate} names nothing in the schema"
        close = difflib.get_close_matches(allowance.coordinate, coordinates, n=1, cutoff=0.9)
        hint = f"did you mean {close[0]}?" if close else "the schema may have removed it"
    return Diagnostic(Severity.WARNING, "allowance-unused", message, allowance.location, hint=hint)
