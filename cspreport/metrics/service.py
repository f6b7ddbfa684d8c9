"""Client-service figures for a period."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from cspreport.definitions import MEASURES
from cspreport.errors import InputError, Location
from cspreport.tables import SourceRef


def available_periods(stats: pd.DataFrame) -> list[tuple[dt.date, dt.date]]:
    pairs = stats[["period_start", "period_end"]].drop_duplicates().sort_values(
        ["period_start", "period_end"])
    return [(s.date(), e.date()) for s, e in pairs.itertuples(index=False)]


def period_measures(stats: pd.DataFrame, start: dt.date, end: dt.date,
                    source: SourceRef) -> dict[str, float]:
    """The value of every measure for exactly the period [start, end].

    The aggregate sheet holds figures for whole periods, so the period must be one the sheet
    has; the error lists those it has.
    """
    rows = stats[(stats["period_start"] == pd.Timestamp(start))
                 & (stats["period_end"] == pd.Timestamp(end))]
    if rows.empty:
        have = "; ".join(f"{s} – {e}" for s, e in available_periods(stats)) or "none"
        raise InputError([(Location(source.file, source.sheet),
                           f"no service statistics for the period {start} – {end}; "
                           f"the sheet has the periods: {have}")])
    values = dict(zip(rows["measure"], rows["value"].astype(float), strict=True))
    missing = [m.code for m in MEASURES if m.code not in values]
    if missing:
        raise InputError([(Location(source.file, source.sheet, None, "measure"),
                           f"the period {start} – {end} has no row for: {', '.join(missing)}")])
    return {m.code: values[m.code] for m in MEASURES}
