"""The deprecation policy: pure functions from deprecated uses, allowances and a date to
diagnostics. No graphql-core here: a cached `check` judges cached uses with today's date
(generator/uptodate.py), so an allowance that expired since is caught without a schema."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from generator.config import Allowance, Deprecations
from generator.diagnostics import Diagnostic, Location, Severity

EXPIRY_WARNING_DAYS = 30


@dataclass(frozen=True)
class DeprecatedUse:
    coordinate: str
    reason: str
    location: Location
    excerpt: str
    operations: frozenset[str]


@dataclass(frozen=True)
class AllowanceTargets:
    """What the schema holds of each allowance's coordinate, to tell a stale allowance from a
    misspelt one: the coordinates it knows, and for the others the closest it has."""

    known: frozenset[str]
    closest: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, allowances: Iterable[Allowance], coordinates: frozenset[str]) -> AllowanceTargets:
        named = {a.coordinate for a in allowances}
        if not coordinates:  # nothing to compare with: call none of them misspelt
            return cls(frozenset(named))
        closest = (
            (name, close[0])
            for name in sorted(named - coordinates)
            if (close := difflib.get_close_matches(name, coordinates, n=1, cutoff=0.9))
        )
        return cls(frozenset(named & coordinates), tuple(closest))


def apply_policy(
    uses: Iterable[DeprecatedUse],
    policy: Deprecations,
    today: date,
    targets: AllowanceTargets | None = None,
) -> tuple[Diagnostic, ...]:
    """Errors and warnings for deprecated uses under the policy and allowances, as of `today`."""
    uses = tuple(uses)
    if policy.policy == "ignore":
        return ()
    diagnostics = [_judge(use, policy, today) for use in uses]
    diagnostics.extend(
        _allowance_warnings(
            uses, policy.allow, today, targets or AllowanceTargets.of(policy.allow, frozenset())
        )
    )
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
    targets: AllowanceTargets,
) -> Iterator[Diagnostic]:
    for allowance in allowances:
        if not any(allowance.covers(use.coordinate, use.operations) for use in uses):
            yield _unused(allowance, targets)
        elif today <= allowance.until and (allowance.until - today).days <= EXPIRY_WARNING_DAYS:
            yield Diagnostic(
                Severity.WARNING,
                "allowance-expiring",
                f"the allowance for {allowance.coordinate} expires on {allowance.until} "
                f"({(allowance.until - today).days} days left)",
                allowance.location,
                hint="move the operations off it, or extend `until` if Rye still serves it",
            )


def _unused(allowance: Allowance, targets: AllowanceTargets) -> Diagnostic:
    if allowance.coordinate in targets.known:
        message = f"the allowance for {allowance.coordinate} matches no deprecated use"
        hint = (
            "the operations no longer use it, or the schema no longer deprecates it: "
            "remove the allowance"
        )
    else:
        message = f"the allowance for {allowance.coordinate} names nothing in the schema"
        close = dict(targets.closest).get(allowance.coordinate)
        hint = f"did you mean {close}?" if close else "the schema may have removed it"
    return Diagnostic(Severity.WARNING, "allowance-unused", message, allowance.location, hint=hint)
