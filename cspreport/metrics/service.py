"""Client-service figures for a period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from dateutil.relativedelta import relativedelta

from cspreport.definitions import (
    CHANNEL_TIME,
    CHANNELS,
    MEASURE_BY_CODE,
    MEASURES,
    Measure,
    tiles_shown,
)
from cspreport.sources.tidy import SourceRef
from cspreport.tables.period import (
    available_periods,
    check_period,
    covers,
    in_period,
    sheet_measures,
)


def not_supplied(events: dict[str, pd.DataFrame]) -> tuple[str, ...]:
    """The measures the exports cannot supply: those computed from an optional column
    (``Measure.needs``) that the channel's export does not give, as the table's
    ``attrs["not_supplied"]`` says (or the column's absence, where attrs were lost) — e.g. a
    call rating from Asterisk, an average on 1–9 from LiveChat's good/bad ratings."""
    out = []  # in the order of MEASURES: a notebook shows it, and must show it the same
    for m in MEASURES:
        if not m.needs:
            continue
        rows = events.get(m.channel)
        if rows is None or m.needs not in rows.columns \
                or m.needs in rows.attrs.get("not_supplied", ()):
            out.append(m.code)
    return tuple(out)


def measures_from_events(events: dict[str, pd.DataFrame], start: dt.date, end: dt.date
                         ) -> dict[str, float]:
    """Every measure of ``MEASURES`` for [start, end], computed from the event logs, each
    channel's events placed in the period by their ``CHANNEL_TIME``:

    - calls_total: incoming and outgoing calls that started in the period, answered or not;
    - call_duration_avg_min: mean talk time of the answered calls among them with a talk time
      above 0 s, in minutes (unanswered calls have no talk time and would pull it down);
    - call_rating_avg / call_ratings: mean and number of the ratings those calls received;
    - call_good_share / call_rated / call_good: of those calls rated good or bad (``rated``;
      an empty cell is not rated, and not counted), the share in percent rated good, and the
      two counts behind it;
    - emails_answered: e-mails answered in the period (by when the answer was sent);
    - chats_served, chat_rating_avg, chat_ratings: chats started in the period, their ratings;
    - chat_good_share, chat_rated, chat_good: as for calls, of those chats;
    - voice_messages_listened: out-of-hours messages listened to in the period;
    - edv_registrations: registration requests submitted in the period.
    An average or share with nothing to average is NaN, shown as a dash; a count of 0 in one
    channel is a stated zero. A measure the exports cannot supply (``not_supplied``) is NaN
    too, and said in words by the report. (Whether the exports can give the period at all is
    the tables' to say: ``cspreport.tables.period.check_period``.)
    """
    def placed(channel: str) -> pd.DataFrame:
        """The channel's events that their ``CHANNEL_TIME`` places in the period."""
        rows = events[channel]
        return rows[in_period(rows[CHANNEL_TIME[channel]], start, end)]

    def given(rows: pd.DataFrame, column: str) -> pd.Series:
        """The column's non-empty cells (an empty cell: not rated)."""
        return rows[column].dropna() if column in rows else pd.Series(dtype=object)

    def mean(values: pd.Series) -> float:
        return float(values.mean()) if len(values) else float("nan")

    def good_share(rated: pd.Series) -> float:
        return 100 * float((rated == "good").sum()) / len(rated) if len(rated) else float("nan")

    calls = placed("calls")
    talk = calls.loc[calls["answered"] & (calls["duration_s"] > 0), "duration_s"]
    call_ratings, call_rated = given(calls, "rating"), given(calls, "rated")
    chats = placed("chats")
    chat_ratings, chat_rated = given(chats, "rating"), given(chats, "rated")

    def count(channel: str) -> float:
        return float(len(placed(channel)))

    values = {
        "calls_total": float(len(calls)),
        "emails_answered": count("emails"),
        "call_duration_avg_min": mean(talk) / 60,
        "call_rating_avg": mean(call_ratings),
        "call_ratings": float(len(call_ratings)),
        "call_good_share": good_share(call_rated),
        "call_rated": float(len(call_rated)),
        "call_good": float((call_rated == "good").sum()),
        "edv_registrations": count("edv_registrations"),
        "voice_messages_listened": count("voice_messages"),
        "chats_served": float(len(chats)),
        "chat_rating_avg": mean(chat_ratings),
        "chat_ratings": float(len(chat_ratings)),
        "chat_good_share": good_share(chat_rated),
        "chat_rated": float(len(chat_rated)),
        "chat_good": float((chat_rated == "good").sum()),
    }
    missing = not_supplied(events)
    return {m.code: float("nan") if m.code in missing else values[m.code] for m in MEASURES}


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
    """Every measure of a period, the same period a year earlier where the data covers it, and
    where the figures came from (the exports where they cover the period, else the sheet).

    ``previous`` holds the measures of the channels whose exports cover the year before (None
    when none does); ``not_covered`` says, for each channel whose export does not, the dates
    it covers. ``not_supplied``: the measures the exports cannot give (no such column)."""

    values: dict[str, float]
    previous: dict[str, float] | None
    start: dt.date
    end: dt.date
    sources: tuple[SourceRef, ...]
    warnings: tuple[str, ...] = ()
    from_exports: bool = False
    not_supplied: tuple[str, ...] = ()
    not_covered: tuple[tuple[str, dt.date, dt.date], ...] = ()

    @property
    def year_before(self) -> tuple[dt.date, dt.date]:
        return previous_year(self.start, self.end)

    @property
    def tiles(self) -> tuple[Measure, ...]:
        """The measures shown as tiles (see ``cspreport.definitions.tiles_shown``)."""
        return tiles_shown({c for c in self.values if c not in self.not_supplied})

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


def _covering(coverage: dict[str, tuple[dt.date, dt.date]], start: dt.date, end: dt.date
              ) -> set[str]:
    """The channels whose export covers [start, end]."""
    return {c for c, (first, last) in coverage.items() if first <= start and end <= last}


def period_figures(tables, start: dt.date, end: dt.date) -> PeriodFigures:
    """The period's measures from the event logs when the edition has them, else from the
    aggregate sheet (``check_period`` says which, and refuses a period neither can give).

    From the exports: the year before is compared channel by channel, for the channels whose
    export covers it (each one that does not is a warning); and every period of the aggregate
    sheet that an export covers — the published figures of earlier editions among them — is
    compared with what the exports give for it, each difference a warning (the exports win)."""
    before = previous_year(start, end)
    agg_src = tables.sources["service_stats"]
    if check_period(tables, start, end) == "sheet":
        return PeriodFigures(sheet_measures(tables.service_stats, start, end),
                             sheet_measures(tables.service_stats, *before), start, end,
                             (agg_src,))
    refs = tables.sources
    values = measures_from_events(tables.events, start, end)
    missing = not_supplied(tables.events)
    covered = _covering(tables.coverage, *before)
    previous = None
    if covered:
        earlier = measures_from_events(tables.events, *before)
        previous = {code: v for code, v in earlier.items()
                    if MEASURE_BY_CODE[code].channel in covered}
    not_covered = tuple((c, *tables.coverage[c]) for c in CHANNELS
                        if c in tables.coverage and c not in covered)
    warnings = [f"no figures for {before[0]} – {before[1]} to compare with: the {c} export "
                f"({refs[f'events.{c}'].file}) starts on {first}"
                for c, first, _ in not_covered]
    warnings += sheet_differences(tables, {(start, end): values, before: previous or {}},
                                  missing)
    return PeriodFigures(values, previous, start, end,
                         tuple(refs[f"events.{c}"] for c in CHANNELS), tuple(warnings), True,
                         missing, not_covered)


def sheet_differences(tables, computed: dict[tuple[dt.date, dt.date], dict[str, float]],
                      missing: tuple[str, ...]) -> list[str]:
    """Where the aggregate sheet and the exports disagree, for every period the sheet holds
    and measure by measure wherever the measure's export covers that period: a figure that
    differs as shown (rounded to the measure's decimals), an average the exports have nothing
    to compute from, a measure the exports cannot supply. ``computed``: the figures the report
    uses (its period and the year before), where "the exports are used" (others are computed
    here: a difference there is an earlier published figure the exports do not confirm)."""
    agg_src = tables.sources["service_stats"]
    out = []
    for period in available_periods(tables.service_stats):
        covered = _covering(tables.coverage, *period)
        if not covered:
            continue
        used = period in computed
        values = computed[period] if used else measures_from_events(tables.events, *period)
        when = f"{period[0]} – {period[1]}"
        outcome = "the exports are used" if used else "the published figure differs"
        for code, given in (sheet_measures(tables.service_stats, *period) or {}).items():
            m = MEASURE_BY_CODE[code]
            if m.channel not in covered:
                continue
            decimals, figure = m.decimals, values[code]
            if code in missing:
                out.append(f"{code} {when}: the {m.channel} export has no '{m.needs}' column, "
                           f"so the exports cannot give it; {agg_src} says "
                           f"{given:.{decimals}f}; "
                           + ("shown as not supplied" if used else "cannot be checked"))
            elif figure != figure:  # nothing to average in the exports
                out.append(f"{code} {when}: the exports have nothing to average "
                           f"(no rated or answered events); {agg_src} says "
                           f"{given:.{decimals}f}; {outcome}"
                           + (", shown as a dash" if used else ""))
            elif round(given, decimals) != round(figure, decimals):
                out.append(f"{code} {when}: computed from the exports "
                           f"{figure:.{decimals}f}, {agg_src} says "
                           f"{given:.{decimals}f}; {outcome}")
    return out


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


# ----------------------------------------------------------------------------- changes worth saying

# A change from the same period a year earlier is worth saying (on the year-in-one-view slide,
# first in the service slide's notes and in the report's text) when the unrounded figures differ
# by at least this share of the year-earlier figure; a smaller one is called stable.
NOTABLE = 0.05
# A count of events is moreover worth saying only when its change is beyond what chance makes,
# whatever its size: the difference at least ``CHANCE`` times the square root of the two
# counts' sum (about two standard errors of the difference of two Poisson counts). 104 → 89
# chats (15 < 2·√193 ≈ 27.8) is within chance though it is 14%; 1 694 → 1 500 e-mails
# (194 ≥ 2·√3 194 ≈ 113) is not. Averages and ratings are no counts: for them the share and
# the rounding alone decide.
CHANCE = 2.0
# A count under this (in either period) changes by its difference, not a percentage (2 more
# voice messages than 29 is +6.9%, a size a handful of events makes).
SMALL_COUNT = 50


def beyond_chance(now: float, before: float) -> bool:
    """Two counts of events differ by more than chance makes (see ``CHANCE``)."""
    return abs(now - before) >= CHANCE * (now + before) ** 0.5


def is_count(m: Measure) -> bool:
    """A measure that counts events (not an average or a share)."""
    return not m.decimals and not m.part


def is_small(m: Measure, now: float, before: float) -> bool:
    """A count under ``SMALL_COUNT`` in either period: said by its difference."""
    return is_count(m) and min(abs(now), abs(before)) < SMALL_COUNT


@dataclass(frozen=True)
class YearChange:
    """One tile's measure now and in the same period a year earlier (unrounded)."""

    measure: Measure
    now: float
    before: float
    size: float  # |now − before| / |before| (infinite from 0)
    notable: bool  # worth saying (see ``NOTABLE``, ``CHANCE``); else stable

    @property
    def up(self) -> bool:
        return self.now > self.before

    @property
    def by_difference(self) -> bool:
        """Said by its difference, not a percentage: a small count, and a count whose change
        is large in percent but within chance (a stable "15 fewer", not a "−14%")."""
        return is_small(self.measure, self.now, self.before) or (
            is_count(self.measure) and self.size >= NOTABLE and not self.notable)


def year_changes(figures: PeriodFigures) -> list[YearChange]:
    """The tiles' measures that have a figure a year earlier, largest relative change first
    (compared unrounded: 2.385 → 2.300 min is 3.6%, not the 4.2% of 2.4 → 2.3), each marked
    notable or stable:

    - notable when the change is at least ``NOTABLE`` (5%) of the year-earlier figure and
      still shows when both are rounded as the slide shows them;
    - a count (of any size) moreover only when its difference is beyond chance, at least
      2·√(sum of the two counts) (``CHANCE``): 29 → 31 voice messages (2 < 2·√60 ≈ 15.5) and
      104 → 89 chats (15 < 2·√193 ≈ 27.8) are stable; an average or a rating has no such
      test (it is no count of events).

    A measure the system cannot supply, or without a figure in either period, is left out."""
    out = []
    for m in figures.tiles:
        now, before = figures.values.get(m.code), (figures.previous or {}).get(m.code)
        if m.code in figures.not_supplied or now is None or before is None \
                or now != now or before != before:
            continue
        diff = abs(now - before)
        size = diff / abs(before) if before else (float("inf") if diff else 0.0)
        notable = size >= NOTABLE and _shown(now, m.decimals) != _shown(before, m.decimals)
        if notable and is_count(m):
            notable = beyond_chance(now, before)
        out.append(YearChange(m, now, before, size, notable))
    return sorted(out, key=lambda c: -c.size)


def _shown(value: float, decimals: int) -> str:
    """A figure as the report rounds it (half away from zero)."""
    return str(Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP))
