"""What each change does to *our* operations and generated client: breaks, deprecated, none.

One rule per kind, each a small function from the change and our usage to the uses it hits
and a verdict. The rules read the generated client's behaviour: its enums reject unknown
values and its union and interface models know only the members they were generated with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date

from generator.config import Allowance
from generator.drift.model import Change, Impact, Use
from generator.drift.usage import Index, Usage, operations_of

Verdict = tuple[Impact, tuple[Use, ...], str]
Rule = Callable[[Change, Usage], Verdict]

NONE: Verdict = (Impact.NONE, (), "")


def assess(
    changes: Iterable[Change],
    usage: Usage,
    allowances: Iterable[Allowance],
    today: date,
    forward_compatible: bool = False,
) -> tuple[Change, ...]:
    """`forward_compatible`: the generated client keeps enum values it does not know."""
    allowances = tuple(allowances)
    assessed = (_assess(change, usage) for change in changes)
    if forward_compatible:
        assessed = (_tolerated(change) for change in assessed)
    return tuple(_allow(change, allowances, today) for change in assessed)


def _tolerated(change: Change) -> Change:
    if change.kind != "VALUE_ADDED_TO_ENUM" or change.impact is not Impact.BREAKS:
        return change
    enum = _parent(change.coordinate)
    return replace(
        change,
        impact=Impact.NONE,
        impact_reason=f"our models read {enum}, and the forward-compatible client "
        "keeps a value it does not know",
    )


def _assess(change: Change, usage: Usage) -> Change:
    rule = RULES.get(change.kind) or _deprecation_rule(change.kind) or _touches
    impact, uses, reason = rule(change, usage)
    return replace(change, impact=impact, used_by=uses, impact_reason=reason)


def _touches(change: Change, usage: Usage) -> Verdict:
    """Kinds that cannot hurt us still say where we use what they touch."""
    uses = _uses_of_coordinate(change.coordinate, usage)
    return (Impact.NONE, uses, "we use it, and the change is safe for us" if uses else "")


def _allow(change: Change, allowances: tuple[Allowance, ...], today: date) -> Change:
    """Deprecated uses that unexpired allowances cover all of are `allowed`, with the date."""
    if change.impact is not Impact.DEPRECATED:
        return change
    operations = operations_of(change.used_by)
    covering = [
        a for a in allowances if a.covers(change.coordinate, operations) and today <= a.until
    ]
    if not covering:
        return change
    until = min(a.until for a in covering)
    return replace(
        change,
        impact=Impact.ALLOWED,
        allowed_until=until,
        impact_reason=f"{change.impact_reason}; the allowance says: {covering[0].reason}",
    )


def _breaks_if(uses: tuple[Use, ...], reason: str) -> Verdict:
    return (Impact.BREAKS, uses, reason) if uses else NONE


def _parent(coordinate: str) -> str:
    return coordinate.split(".", 1)[0]


def _field(coordinate: str) -> str:
    return coordinate.split("(", 1)[0]


# --- one rule per kind ----------------------------------------------------------------------


def _type_removed(change: Change, usage: Usage) -> Verdict:
    name = change.coordinate
    uses = (
        *usage.of(usage.read_types, name),
        *usage.of(usage.sent_types, name),
        *usage.of(usage.conditions, name),
    )
    return _breaks_if(
        tuple(sorted(set(uses))),
        f"our operations use the type {name}, which would no longer validate",
    )


def _field_removed(change: Change, usage: Usage) -> Verdict:
    read = usage.of(usage.fields, change.coordinate)
    if read:
        return _breaks_if(read, "our operations select it: they would no longer validate")
    sent = usage.of(usage.sent_fields, change.coordinate)
    return _breaks_if(
        sent, "our generated input model still sends it, which the server would reject"
    )


def _field_changed_kind(change: Change, usage: Usage) -> Verdict:
    read = usage.of(usage.fields, change.coordinate)
    if not read and _int_to_float(change):
        sent = usage.of(usage.sent_fields, change.coordinate)
        return (
            Impact.NONE,
            sent,
            "an Int is a valid Float input: what we send still fits" if sent else "",
        )
    if read:
        return _breaks_if(
            read,
            f"our models expect {change.old}; a {change.new} answer fails "
            "to parse or no longer validates",
        )
    sent = usage.of(usage.sent_fields, change.coordinate)
    return _breaks_if(
        sent, f"our input models send it as {change.old}, the server now requires {change.new}"
    )


def _int_to_float(change: Change) -> bool:
    """GraphQL coerces an Int input to Float: widening an input from Int to Float (with the
    same list and non-null wrapping) cannot reject what we send."""
    old, new = change.old or "", change.new or ""
    return old.replace("Int", "Float", 1) == new and "Int" in old


def _required_input_field_added(change: Change, usage: Usage) -> Verdict:
    return _breaks_if(
        usage.of(usage.sent_types, _parent(change.coordinate)),
        "our input model does not send the new required field",
    )


def _required_arg_added(change: Change, usage: Usage) -> Verdict:
    return _breaks_if(
        usage.of(usage.fields, _field(change.coordinate)),
        "our operations select the field without the new required argument",
    )


def _argument_used(change: Change, usage: Usage) -> Verdict:
    return _breaks_if(
        usage.of(usage.arguments, change.coordinate),
        "our operations pass this argument: they would no longer validate",
    )


def _argument_changed_kind(change: Change, usage: Usage) -> Verdict:
    """Made required, our selections without it break too; passed, its value may no longer
    fit (a nullable variable into a non-null argument)."""
    uses = set(usage.of(usage.arguments, change.coordinate))
    if (change.new or "").endswith("!"):
        uses |= set(usage.of(usage.fields, _field(change.coordinate)))
    return _breaks_if(
        tuple(sorted(uses)),
        f"the argument changed from {change.old} to {change.new}: our operations would no "
        "longer validate",
    )


def _enum_value_removed(change: Change, usage: Usage) -> Verdict:
    enum = _parent(change.coordinate)
    uses = (*usage.of(usage.enum_values, change.coordinate), *usage.of(usage.sent_types, enum))
    return _breaks_if(
        tuple(sorted(set(uses))),
        f"our operations may send {change.coordinate}, which the server would reject",
    )


def _enum_value_added(change: Change, usage: Usage) -> Verdict:
    enum = _parent(change.coordinate)
    read = usage.of(usage.read_types, enum)
    if read:
        return (Impact.BREAKS, read, f"our models read {enum} and reject a value they do not know")
    sent = usage.of(usage.sent_types, enum)
    return (
        Impact.NONE,
        sent,
        f"we only send {enum}: a new value never reaches our models" if sent else "",
    )


def _member_added(change: Change, usage: Usage) -> Verdict:
    abstract = change.coordinate
    return _breaks_if(
        usage.of(usage.read_types, abstract),
        f"our models select from {abstract} and reject a __typename they do not "
        f"know ({change.new})",
    )


def _interface_added_to_type(change: Change, usage: Usage) -> Verdict:
    interface = change.new or ""
    return _breaks_if(
        usage.of(usage.read_types, interface),
        f"our models select from {interface} and reject a __typename they do not "
        f"know ({change.coordinate})",
    )


def _member_removed(change: Change, usage: Usage) -> Verdict:
    member = change.old or ""
    return _breaks_if(
        usage.of(usage.conditions, member),
        f"our operations spread on {member} where it is no longer possible",
    )


def _type_no_longer_implements(change: Change, usage: Usage) -> Verdict:
    return _breaks_if(
        usage.of(usage.conditions, change.coordinate),
        f"our operations spread on {change.coordinate} inside {change.old}",
    )


def _default_changed(change: Change, usage: Usage) -> Verdict:
    """Nothing fails, but answers may differ: listed so the reader can judge."""
    if "(" in change.coordinate:
        uses = usage.of(usage.fields, _field(change.coordinate))  # passed or not, maybe unset
    else:
        uses = usage.of(usage.sent_fields, change.coordinate)
    return (
        Impact.NONE,
        uses,
        "nothing fails, but answers may change where our operations leave it to the default"
        if uses
        else "",
    )


def _deprecation_rule(kind: str) -> Rule | None:
    if not kind.endswith("_DEPRECATION_ADDED"):
        return None

    def rule(change: Change, usage: Usage) -> Verdict:
        if kind == "INPUT_FIELD_DEPRECATION_ADDED":
            # As `check` judges it: written in an operation, not merely reachable through a
            # variable's input type (the generated model carries every field of it).
            written = usage.of(usage.literal_fields, change.coordinate)
            if written:
                return (Impact.DEPRECATED, written, "our operations write it")
            sent = usage.of(usage.sent_fields, change.coordinate)
            return (
                Impact.NONE,
                sent,
                "our input models can carry it, but no operation writes it" if sent else "",
            )
        uses = _uses_of_coordinate(change.coordinate, usage)
        return (Impact.DEPRECATED, uses, "our operations use it") if uses else NONE

    return rule


def _uses_of_coordinate(coordinate: str, usage: Usage) -> tuple[Use, ...]:
    if "." not in coordinate and not coordinate.startswith("@"):  # a type
        indexes: tuple[Index, ...] = (usage.read_types, usage.sent_types, usage.conditions)
    else:
        indexes = (usage.fields, usage.arguments, usage.sent_fields, usage.enum_values)
    return tuple(sorted({use for index in indexes for use in usage.of(index, coordinate)}))


RULES: dict[str, Rule] = {
    "TYPE_REMOVED": _type_removed,
    "TYPE_CHANGED_KIND": _type_removed,
    "FIELD_REMOVED": _field_removed,
    "FIELD_CHANGED_KIND": _field_changed_kind,
    "REQUIRED_INPUT_FIELD_ADDED": _required_input_field_added,
    "REQUIRED_ARG_ADDED": _required_arg_added,
    "ARG_REMOVED": _argument_used,
    "ARG_CHANGED_KIND": _argument_changed_kind,
    "VALUE_REMOVED_FROM_ENUM": _enum_value_removed,
    "VALUE_ADDED_TO_ENUM": _enum_value_added,
    "TYPE_ADDED_TO_UNION": _member_added,
    "INTERFACE_IMPLEMENTATION_ADDED": _member_added,
    "IMPLEMENTED_INTERFACE_ADDED": _interface_added_to_type,
    "TYPE_REMOVED_FROM_UNION": _member_removed,
    "IMPLEMENTED_INTERFACE_REMOVED": _type_no_longer_implements,
    "ARG_DEFAULT_VALUE_CHANGE": _default_changed,
    "ARG_DEFAULT_VALUE_ADDED": _default_changed,
    "INPUT_FIELD_DEFAULT_VALUE_CHANGED": _default_changed,
}
