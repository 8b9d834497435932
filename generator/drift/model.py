"""The change model: immutable values every drift stage and report shares.

A `Change` is rated twice. `severity` judges the schema alone (graphql-core's rating for the
kinds it classifies, graphql-inspector's for the rest). `impact` judges it against *our*
operations and generated client: does it break them, deprecate something they use, or not
touch them at all.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

from generator.diagnostics import Location


class Severity(enum.Enum):
    """Ordered from most to least severe; `--fail-on` compares by `rank`."""

    BREAKING = "breaking"
    DANGEROUS = "dangerous"
    DEPRECATION = "deprecation"
    SAFE = "safe"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


class Impact(enum.Enum):
    BREAKS = "breaks"
    DEPRECATED = "deprecated"
    ALLOWED = "allowed"  # only deprecated uses that an unexpired allowance covers
    NONE = "none"


@dataclass(frozen=True, order=True)
class Use:
    """One place in queries/ where an operation uses a schema coordinate."""

    location: Location
    operation: str


@dataclass(frozen=True)
class Change:
    kind: str  # e.g. "FIELD_REMOVED", "VALUE_ADDED_TO_ENUM", "FIELD_DEPRECATION_ADDED"
    coordinate: str  # schema coordinate: "Mutation.cancelOrder", "Query.user(id:)", "E.VALUE"
    severity: Severity
    message: str
    old: str | None = None
    new: str | None = None
    impact: Impact = Impact.NONE
    used_by: tuple[Use, ...] = ()
    impact_reason: str = ""  # why the impact is what it is, in a sentence
    allowed_until: date | None = None
    schema_location: Location | None = None  # where the coordinate is defined in the snapshot

    @property
    def operations(self) -> tuple[str, ...]:
        return tuple(sorted({use.operation for use in self.used_by}))


@dataclass(frozen=True)
class DriftReport:
    old_name: str  # how the old schema is shown, e.g. "schema/rye.graphql"
    new_name: str
    changes: tuple[Change, ...] = field(default_factory=tuple)
    fail_on: str = "impact"
    failing: tuple[Change, ...] = ()  # the changes at or above `fail_on`

    @property
    def failed(self) -> bool:
        return bool(self.failing)
