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
    interval: tuple[float, float] | None = None  # 95% interval of an actual from a sample

    @property
    def status(self) -> str | None:
        """'met' when the actual reaches the target (higher is better), None without actual.

        An actual estimated from a survey is judged by its 95% interval: 'met' when even its
        lower end reaches the target, 'not_met' when even its upper end falls short, and
        'uncertain' (cannot tell at 95%) when the target lies inside the interval."""
        if self.actual is None:
            return None
        if self.interval is not None:
            low, high = self.interval
            if low >= self.target:
                return "met"
            return "not_met" if high < self.target else "uncertain"
        return "met" if self.actual >= self.target else "not_met"


def indicators(table: pd.DataFrame,
               resolve: Callable[[str], tuple[float, tuple[float, float] | None]]
               ) -> list[Indicator]:
    """Indicators in sheet order; ``resolve`` turns an ``actual_from`` reference into a value
    and its 95% interval (None when exact).

    A value typed in ``actual`` wins over ``actual_from``: the analyst's entry is deliberate.
    """
    out = []
    for row in table.itertuples(index=False):
        actual = None if _missing(row.actual) else float(row.actual)
        ref = None if _missing(row.actual_from) else str(row.actual_from)
        interval = None
        if actual is None and ref is not None:
            actual, interval = resolve(ref)
        out.append(Indicator(str(row.code), float(row.target), str(row.unit), actual, ref,
                             interval))
    return out


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def indicators_frame(items: list[Indicator]) -> pd.DataFrame:
    """The indicators as a table: target, actual, its 95% interval (when from a sample) and
    whether the target was met."""
    return pd.DataFrame([{
        "code": i.code, "target": i.target, "unit": i.unit, "actual": i.actual,
        "low": i.interval[0] if i.interval else None,
        "high": i.interval[1] if i.interval else None,
        "actual_from": i.actual_from, "status": i.status} for i in items]).set_index("code")
