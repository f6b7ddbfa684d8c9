"""The period of a report against the tables: which events fall in it, and whether the edition
can give its figures at all.

A period's figures come from the systems' exports when the edition has them — then the period
must lie inside every export's coverage and hold at least one event — or else from the
aggregate sheet, which must hold exactly that period with a row for every measure.
``check_period`` says which, or refuses the period with an error at the file and sheet that
cannot give it; the metrics (``cspreport.metrics.service``) then compute, and the build checks
a period without computing its figures.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from cspreport.definitions import CHANNEL_TIME, MEASURES, OPTIONAL_MEASURES
from cspreport.errors import InputError, Location
from cspreport.params import Params
from cspreport.sources.tidy import EditionTables


def in_period(stamps: pd.Series, start: dt.date | Params, end: dt.date | None = None
              ) -> pd.Series:
    """Events whose local time falls on a day from ``start`` to ``end``, both included: up to
    the end of the last day, not its first moment (``between(start, end)`` would stop there).
    ``start`` may be the run's ``Params``: ``calls[in_period(calls["start"], params)]``."""
    if isinstance(start, Params):
        start, end = start.period_start, start.period_end
    return (stamps >= pd.Timestamp(start)) & (stamps < pd.Timestamp(end + dt.timedelta(days=1)))


def covers(coverage: dict[str, tuple[dt.date, dt.date]], start: dt.date, end: dt.date) -> bool:
    """Every export covers the period."""
    return all(first <= start and end <= last for first, last in coverage.values())


def available_periods(stats: pd.DataFrame) -> list[tuple[dt.date, dt.date]]:
    """The periods the aggregate sheet has, in order."""
    pairs = stats[["period_start", "period_end"]].drop_duplicates().sort_values(
        ["period_start", "period_end"])
    return [(s.date(), e.date()) for s, e in pairs.itertuples(index=False)]


def sheet_measures(stats: pd.DataFrame, start: dt.date, end: dt.date) -> dict[str, float] | None:
    """The aggregate sheet's value of every measure for exactly the period [start, end], or
    None when the sheet does not hold that period."""
    rows = stats[(stats["period_start"] == pd.Timestamp(start))
                 & (stats["period_end"] == pd.Timestamp(end))]
    if rows.empty:
        return None
    values = dict(zip(rows["measure"], rows["value"].astype(float), strict=True))
    return {m.code: values[m.code] for m in MEASURES if m.code in values}


def check_period(tables: EditionTables, start: dt.date, end: dt.date) -> str:
    """Where the figures of [start, end] come from: "exports" or "sheet". Raises InputError,
    at the file and sheet, when neither can give them: the period outside an export's
    coverage (each export said), no event of any channel in it, or — without exports — a
    period the sheet does not hold (the error lists those it does) or holds without a row for
    some measure."""
    if tables.events:
        problems = []
        for channel, (first, last) in tables.coverage.items():
            if start < first or end > last:
                ref = tables.sources[f"events.{channel}"]
                problems.append((Location(ref.file, ref.sheet),
                                 f"the period {start} – {end} is outside the coverage of the "
                                 f"{channel} export: {first} – {last}"))
        if problems:
            raise InputError(problems)
        if not any(in_period(rows[CHANNEL_TIME[channel]], start, end).any()
                   for channel, rows in tables.events.items()):
            where = ", ".join(tables.sources[f"events.{c}"].file for c in tables.events)
            raise InputError([(Location(where), f"no events in the period {start} – {end}")])
        return "exports"
    source = tables.sources["service_stats"]
    values = sheet_measures(tables.service_stats, start, end)
    if values is None:
        have = "; ".join(f"{s} – {e}" for s, e in available_periods(tables.service_stats))
        raise InputError([(Location(source.file, source.sheet),
                           f"no service statistics for the period {start} – {end}; "
                           f"the sheet has the periods: {have or 'none'}")])
    missing = [m.code for m in MEASURES if m.code not in values and m.code not in OPTIONAL_MEASURES]
    if missing:
        raise InputError([(Location(source.file, source.sheet, None, "measure"),
                           f"the period {start} – {end} has no row for: {', '.join(missing)}")])
    return "sheet"


__all__ = ["available_periods", "check_period", "covers", "in_period", "sheet_measures"]
