"""Client-service figures for a period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from dateutil.relativedelta import relativedelta

from cspreport.definitions import (
    CHANNEL_TIME,
    CHANNELS,
    MEASURE_BY_CODE,
    MEASURES,
)
from cspreport.sources.tidy import SourceRef
from cspreport.tables.period import check_period, covers, in_period, sheet_measures


def measures_from_events(events: dict[str, pd.DataFrame], start: dt.date, end: dt.date
                         ) -> dict[str, float]:
    """Every measure of ``MEASURES`` for [start, end], computed from the event logs, each
    channel's events placed in the period by their ``CHANNEL_TIME``:

    - calls_total: incoming and outgoing calls that started in the period, answered or not;
    - call_duration_avg_min: mean talk time of the answered calls among them with a talk time
      above 0 s, in minutes (unanswered calls have no talk time and would pull it down);
    - call_rating_avg / call_ratings: mean and number of the ratings those calls received;
    - emails_answered: e-mails answered in the period (by when the answer was sent);
    - chats_served, chat_rating_avg, chat_ratings: chats started in the period, their ratings;
    - voice_messages_listened: out-of-hours messages listened to in the period;
    - edv_registrations: registration requests submitted in the period.
    An average with nothing to average is NaN, shown as a dash; a count of 0 in one channel
    is a stated zero. (Whether the exports can give the period at all is the tables' to say:
    ``cspreport.tables.period.check_period``.)
    """
    def placed(channel: str) -> pd.DataFrame:
        """The channel's events that their ``CHANNEL_TIME`` places in the period."""
        rows = events[channel]
        return rows[in_period(rows[CHANNEL_TIME[channel]], start, end)]

    calls = placed("calls")
    talk = calls.loc[calls["answered"] & (calls["duration_s"] > 0), "duration_s"]
    call_ratings = calls["rating"].dropna() if "rating" in calls else pd.Series(dtype=float)
    chats = placed("chats")
    chat_ratings = chats["rating"].dropna() if "rating" in chats else pd.Series(dtype=float)

    def count(channel: str) -> float:
        return float(len(placed(channel)))

    values = {
        "calls_total": float(len(calls)),
        "emails_answered": count("emails"),
        "call_duration_avg_min": float(talk.mean()) / 60 if len(talk) else float("nan"),
        "call_rating_avg": float(call_ratings.mean()) if len(call_ratings) else float("nan"),
        "call_ratings": float(len(call_ratings)),
        "edv_registrations": count("edv_registrations"),
        "voice_messages_listened": count("voice_messages"),
        "chats_served": float(len(chats)),
        "chat_rating_avg": float(chat_ratings.mean()) if len(chat_ratings) else float("nan"),
        "chat_ratings": float(len(chat_ratings)),
    }
    return {m.code: values[m.code] for m in MEASURES}


def monthly_counts(events: dict[str, pd.DataFrame], start: dt.date, end: dt.date
                   ) -> pd.DataFrame:
    """Events per calendar month of the period (rows) and channel (columns), each channel
    counted by the time that places it in a period (see ``CHANNEL_TIME``)."""
    months = pd.period_range(pd.Timestamp(start), pd.Timestamp(end), freq="M")
    out = {}
    for channel, time_column in CHANNEL_TIME.items():
        stamps = events[channel][time_column]
        stamps = stamps[in_period(stamps, start, end)]
        out[channel] = stamps.dt.to_period("M").value_counts().reindex(months, fill_value=0)
    return pd.DataFrame(out, index=months).astype(int)


def shift_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later (earlier when negative); 29 February in a year
    without one becomes the 28th. A period end on a month's last day is shifted as a day, not
    as "the last day": 28 February 2021 a year earlier is 28 February 2020."""
    return day + relativedelta(years=years)


def previous_year(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The same period one year earlier (29 February becomes the 28th)."""
    return shift_years(start, -1), shift_years(end, -1)


def change_pct(now: float, before: float) -> float:
    """The change from ``before`` to ``now`` in percent of ``before``: 110 after 100 is 10.0.
    NaN where there is no base to compare with (``before`` 0 or NaN)."""
    return 100 * (now - before) / before if before else float("nan")


# ----------------------------------------------------------------------------- the period's figures


@dataclass(frozen=True)
class PeriodFigures:
    """Every measure of a period, the same period a year earlier when the data covers it, and
    where the figures came from (the exports where they cover the period, else the sheet)."""

    values: dict[str, float]
    previous: dict[str, float] | None
    start: dt.date
    end: dt.date
    sources: tuple[SourceRef, ...]
    warnings: tuple[str, ...] = ()
    from_exports: bool = False

    @property
    def year_before(self) -> tuple[dt.date, dt.date]:
        return previous_year(self.start, self.end)

    def frame(self) -> pd.DataFrame:
        """One row per measure: this period, a year earlier, the change (absolute, %)."""
        rows = []
        for m in MEASURES:
            if m.code not in self.values:
                continue
            now = self.values[m.code]
            before = (self.previous or {}).get(m.code, float("nan"))
            rows.append({"measure": m.code, "period": now, "year_before": before,
                         "change": now - before, "change_pct": change_pct(now, before)})
        return pd.DataFrame(rows).set_index("measure")

    def _repr_html_(self) -> str:
        return self.frame().to_html(float_format=lambda v: f"{v:,.2f}")


def period_figures(tables, start: dt.date, end: dt.date) -> PeriodFigures:
    """The period's measures from the event logs when the edition has them, else from the
    aggregate sheet (``check_period`` says which, and refuses a period neither can give).
    Where both give the period, the exports win and each difference is a warning."""
    before = previous_year(start, end)
    agg_src = tables.sources["service_stats"]
    if check_period(tables, start, end) == "sheet":
        return PeriodFigures(sheet_measures(tables.service_stats, start, end),
                             sheet_measures(tables.service_stats, *before), start, end,
                             (agg_src,))
    refs = tables.sources
    values = measures_from_events(tables.events, start, end)
    previous = (measures_from_events(tables.events, *before)
                if covers(tables.coverage, *before) else None)
    sheet = sheet_measures(tables.service_stats, start, end) or {}
    warnings = []
    for code, given in sheet.items():
        decimals = MEASURE_BY_CODE[code].decimals
        computed = values[code]
        if computed != computed:  # nothing to average in the exports
            warnings.append(f"{code} {start} – {end}: the exports have nothing to average "
                            f"(no rated or answered events); {agg_src} says "
                            f"{given:.{decimals}f}; the exports are used, shown as a dash")
        elif round(given, decimals) != round(computed, decimals):
            warnings.append(f"{code} {start} – {end}: computed from the exports "
                            f"{computed:.{decimals}f}, {agg_src} says "
                            f"{given:.{decimals}f}; the exports are used")
    return PeriodFigures(values, previous, start, end,
                         tuple(refs[f"events.{c}"] for c in CHANNELS), tuple(warnings), True)


@dataclass(frozen=True)
class MonthlySeries:
    """Events per month and channel in the period, and in the same months a year earlier
    (None when the logs do not cover them)."""

    now: pd.DataFrame  # index: months (pandas Period), columns: channels
    before: pd.DataFrame | None

    def frame(self) -> pd.DataFrame:
        """Long form for plotting: channel, month, series ("period" or "year_before"), events.
        ``month`` is the month of the period; a year earlier's row sits beside its month."""
        parts = [self.now.assign(series="period")]
        if self.before is not None:
            parts.append(self.before.set_axis(self.now.index).assign(series="year_before"))
        wide = pd.concat(parts).rename_axis("month").reset_index()
        long = wide.melt(id_vars=["month", "series"], var_name="channel", value_name="events")
        long["month"] = long["month"].dt.to_timestamp()
        return long[["channel", "month", "series", "events"]]

    def _repr_html_(self) -> str:
        return self.frame().pivot_table(index="month", columns=["channel", "series"],
                                        values="events").to_html()


def monthly_series(tables, start: dt.date, end: dt.date) -> MonthlySeries | None:
    """Only where the figures come from the event logs (None otherwise)."""
    if not tables.events:
        return None
    before = previous_year(start, end)
    return MonthlySeries(monthly_counts(tables.events, start, end),
                         monthly_counts(tables.events, *before)
                         if covers(tables.coverage, *before) else None)
