"""Action-plan indicators: target, actual (given, or taken from another table) and status."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class SurveyWave:
    """The survey wave an actual was taken from, and when it was fielded (the first and last
    day a respondent submitted answers; None when the wave is known only as published
    figures)."""

    wave: int
    fieldwork: tuple[dt.date, dt.date] | None = None

    def timing(self, start: dt.date, end: dt.date) -> str:
        """When the wave was fielded against the period ``start``–``end``: "within",
        "after" or "before" it, or "partly_after" / "partly_before" when its fieldwork
        crosses the period's end or start; "unknown" without fieldwork dates."""
        if self.fieldwork is None:
            return "unknown"
        first, last = self.fieldwork
        if first > end:
            return "after"
        if last < start:
            return "before"
        if last > end:
            return "partly_after"
        return "partly_before" if first < start else "within"


def fieldwork(responses: pd.DataFrame | None, wave: int) -> tuple[dt.date, dt.date] | None:
    """The first and last day on which respondents of ``wave`` submitted their answers (the
    export's ``submitted_at``); None when the wave has no respondent rows."""
    if responses is None:
        return None
    days = responses.loc[responses["wave"] == wave, "submitted_at"].dropna()
    if days.empty:
        return None
    return days.min().date(), days.max().date()


@dataclass(frozen=True)
class Indicator:
    code: str
    target: float
    unit: str
    actual: float | None
    actual_from: str | None
    interval: tuple[float, float] | None = None  # 95% interval of an actual from a sample
    survey: SurveyWave | None = None  # the survey wave the actual was taken from

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


Resolved = tuple[float, tuple[float, float] | None, SurveyWave | None]


def indicators(table: pd.DataFrame, resolve: Callable[[str], Resolved]) -> list[Indicator]:
    """Indicators in sheet order; ``resolve`` turns an ``actual_from`` reference into a value,
    its 95% interval (None when exact) and the survey wave it comes from (None when not from
    a survey).

    A value typed in ``actual`` wins over ``actual_from``: the analyst's entry is deliberate.
    """
    out = []
    for row in table.itertuples(index=False):
        actual = None if _missing(row.actual) else float(row.actual)
        ref = None if _missing(row.actual_from) else str(row.actual_from)
        interval = wave = None
        if actual is None and ref is not None:
            actual, interval, wave = resolve(ref)
        out.append(Indicator(str(row.code), float(row.target), str(row.unit), actual, ref,
                             interval, wave))
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
        "actual_from": i.actual_from, "status": i.status,
        "fieldwork_first": i.survey.fieldwork[0] if i.survey and i.survey.fieldwork else None,
        "fieldwork_last": i.survey.fieldwork[1] if i.survey and i.survey.fieldwork else None,
    } for i in items]).set_index("code")
