"""Drift: what changed between two schemas, and what each change does to our operations.

compare.py    old + new schema + our operations → a `DriftReport`
changes.py    every change, rated on the schema alone
usage.py      our operations → every coordinate they use, and where
impact.py     change × usage × allowances → impact on us
policy.py     --fail-on → the changes that fail the run

The data model and the policy are imported at once; `compare_schemas`, which needs
graphql-core, on first use (PEP 562), so the CLI's parser can read `FAIL_ON` cheaply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.drift.model import Change, DriftReport, Impact, Severity, Use
from generator.drift.policy import FAIL_ON

if TYPE_CHECKING:
    from generator.drift.compare import compare_schemas

__all__ = ["FAIL_ON", "Change", "DriftReport", "Impact", "Severity", "Use", "compare_schemas"]


def __getattr__(name: str) -> Any:
    if name == "compare_schemas":
        from generator.drift.compare import compare_schemas

        return compare_schemas
    raise AttributeError(f"module 'generator.drift' has no attribute {name!r}")
