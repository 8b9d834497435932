"""Compare two schemas: what changed, and what each change does to our operations.

find_changes (changes.py)  old + new schema → every change, rated on the schema alone
find_usage (usage.py)      our operations → every coordinate they use, and where
assess (impact.py)         change × usage × allowances → impact on us
failing_changes (policy.py) --fail-on → the changes that fail the run
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from graphql import GraphQLSchema

from generator.config import Allowance
from generator.diagnostics import Location
from generator.drift.changes import find_changes
from generator.drift.impact import assess
from generator.drift.model import DriftReport
from generator.drift.policy import failing_changes
from generator.drift.usage import find_usage
from generator.operations import OperationSet
from generator.schema_locations import definition_location


def compare_schemas(
    old: GraphQLSchema,
    new: GraphQLSchema,
    *,
    old_locations: Mapping[str, Location],
    old_name: str,
    new_name: str,
    operations: OperationSet | None,
    allowances: tuple[Allowance, ...],
    forward_compatible: bool = False,
    today: date,
    fail_on: str,
) -> DriftReport:
    usage = None
    if operations is not None:
        usage = find_usage(old, operations).merged(find_usage(new, operations))
    changes = find_changes(old, new)
    if usage is not None:
        changes = assess(changes, usage, allowances, today, forward_compatible)
    located = tuple(
        replace(c, schema_location=definition_location(old_locations, c.coordinate))
        for c in changes
    )
    return DriftReport(old_name, new_name, located, fail_on, failing_changes(located, fail_on))
