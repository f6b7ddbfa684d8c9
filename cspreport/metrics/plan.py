"""Action-plan indicators: target, actual (given, or taken from another table) and status."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Indicator:
    code: str
    target: float
    unit: str
    actual: float | None
    actual_from: str | None

    @property
    def status(self) -> str | None:
        """'met' when the actual reaches the target (higher is better), None without actual."""
        if self.actual is None:
            return None
        return "met" if self.actual >= self.target else "not_met"


def indicators(table: pd.DataFrame, resolve: Callable[[str], float]) -> list[Indicator]:
    """Indicators in sheet order; ``resolve`` turns an ``actual_from`` reference into a value.

    A value typed in ``actual`` wins over ``actual_from``: the analyst's entry is deliberate.
    """
    out = []
    for row in table.itertuples(index=False):
        actual = None if _missing(row.actual) else float(row.actual)
        ref = None if _missing(row.actual_from) else str(row.actual_from)
        if actual is None and ref is not None:
            actual = resolve(ref)
        out.append(Indicator(str(row.code), float(row.target), str(row.unit), actual, ref))
    return out


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
