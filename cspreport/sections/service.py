"""Sections of the client-service part: knowing clients, the support unit, the period's
figures as tiles, and the months of the period."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from babel.lists import format_list

from cspreport.definitions import CHANNELS, MEASURES
from cspreport.metrics.service import (
    MonthlySeries,
    PeriodFigures,
    YearChange,
    is_count,
    is_small,
    previous_year,
    year_changes,
)
from cspreport.report import (
    Chart,
    ChartsSection,
    Item,
    Key,
    ListSection,
    Series,
    Tile,
    TilesSection,
)
from cspreport.sections.context import Context


def client_knowledge(ctx: Context, participation: list[tuple[int, int]]) -> ListSection:
    waves = ", ".join(str(w) for w, _ in participation)
    items = (Item(ctx.t("client_knowledge.survey", waves=waves)),
             *ctx.items(ctx.content.client_knowledge))
    src = (*ctx.table_sources(ctx.tb.participation), ctx.tb.sources["content"])
    return ListSection(Key.CLIENT_KNOWLEDGE, ctx.t("section.client_knowledge"),
                       notes=ctx.notes(*src), spoken=ctx.say(Key.CLIENT_KNOWLEDGE, items),
                       sources=src, items=items)


def support_unit(ctx: Context) -> ListSection:
    return ctx.list_section(Key.SUPPORT_UNIT, "section.support_unit", ctx.content.support_unit)


def _capital(text: str) -> str:
    """A sentence's first letter in upper case."""
    return text[:1].upper() + text[1:]


def service_title(ctx: Context) -> str:
    s, e = ctx.p.period_start, ctx.p.period_end
    whole_months = s.day == 1 and s.month == 1 and (e + dt.timedelta(days=1)).day == 1 \
        and s.year == e.year
    if whole_months:
        return ctx.t("section.service_months", year=s.year, months=e.month)
    return ctx.t("section.service_period", period=ctx.period_text)


def measure_text(ctx: Context, m, value: float, supplied: bool = True) -> str:
    """A measure's value as the report writes it: with its unit, a share as a percentage; a
    measure the system cannot supply in words, one with nothing to average as a dash."""
    if not supplied:
        return ctx.t("service.not_recorded")
    if value != value:  # NaN: nothing to average
        return ctx.t("plan.no_actual")
    if m.part:
        return ctx.f.percent(value, m.decimals)
    text = ctx.f.number(value, m.decimals)
    return f"{text} {ctx.t(m.unit)}" if m.unit else text


def _counts(values: dict[str, float] | None, m) -> tuple[float, float] | None:
    """A share's counts (rated, good) where the figures have them."""
    rated, good = (values or {}).get(m.count), (values or {}).get(m.part)
    if rated is None or good is None or rated != rated or not rated:
        return None
    return rated, good


def good_of_rated(ctx: Context, m, values: dict[str, float] | None) -> str:
    """A share's counts in words: "13 of 16 rated chats good" ("" without counts)."""
    counts = _counts(values, m)
    if counts is None:
        return ""
    rated, good = counts
    return ctx.t.plural(f"service.good_of_rated.{m.channel}", int(rated),
                        n_text=ctx.f.number(rated), good=ctx.f.number(good),
                        good_word=ctx.t.plural("service.rated_good", int(good)))


def _before_text(ctx: Context, m, previous: dict[str, float]) -> str:
    """The year-earlier value as the tile writes it; a share with its counts: "78% (7 of 9)"."""
    value = measure_text(ctx, m, previous[m.code])
    counts = _counts(previous, m) if m.part else None
    if counts is None:
        return value
    return ctx.t("service.share_of", share=value, good=ctx.f.number(counts[1]),
                 n=ctx.f.number(counts[0]))


def _note(ctx: Context, m, values: dict[str, float], supplied: bool) -> str:
    """What a tile's value means, in words: the scale and how many ratings, how many of the
    rated were rated good, that the system records no such figure, or that the period has
    nothing to average."""
    v = values[m.code]
    if not supplied:
        return ctx.t(f"service.not_supplied.{m.code}")
    if m.scale:
        rated = values.get(m.count)
        return (ctx.t("unit.scale_rated", scale=m.scale, count=ctx.f.number(rated))
                if rated is not None and rated == rated else ctx.t("unit.scale", scale=m.scale))
    if m.part:
        return good_of_rated(ctx, m, values) or (ctx.t("service.none_rated") if v != v else "")
    return ctx.t("service.none_to_average") if v != v else ""


def service(ctx: Context, figures: PeriodFigures) -> TilesSection:
    """One tile per measure shown (``PeriodFigures.tiles``), with the same period a year
    earlier beside it; the notes say each aloud, and any year-earlier comparison an export
    cannot give."""
    values, previous = figures.values, figures.previous
    before_start, before_end = figures.year_before
    tiles = []
    shown = figures.tiles
    for m in shown:
        v = values[m.code]
        supplied = m.code not in figures.not_supplied
        before, before_value = "", None
        if supplied and previous is not None and m.code in previous:
            value = _before_text(ctx, m, previous)
            before_value = previous[m.code]
            before = _previous_label(ctx, before_start, before_end, value)
        tiles.append(Tile(v, measure_text(ctx, m, v, supplied), ctx.t(f"measure.{m.code}"),
                          _note(ctx, m, values, supplied), m.code, before, before_value))
    extra = ctx.t("notes.previous_year") if previous is not None else ""
    changes = year_changes(figures)
    every = compared_all(figures, changes)
    lead = say_year(ctx, changes, every=every)
    said = [say_year(ctx, changes, detail=True, every=every),
            # a tile that says "not recorded": why, in words
            *(_capital(ctx.t(f"service.not_supplied.{m.code}")) + "."
              for m in shown if m.code in figures.not_supplied)]
    uncovered = [ctx.t("service.not_covered", log=ctx.t(f"service.log.{channel}"),
                       period=ctx.f.period(before_start, before_end), first=ctx.f.date(first))
                 for channel, first, _ in figures.not_covered]
    return TilesSection(Key.SERVICE, service_title(ctx), tiles=tuple(tiles), lead=lead,
                        spoken="\n".join(filter(None, [*said, *uncovered])),
                        notes=ctx.notes(*figures.sources, period=True, extra=extra),
                        sources=figures.sources)


def _previous_label(ctx: Context, start: dt.date, end: dt.date, value: str) -> str:
    """The year-earlier figure under a tile, named by its period: "Jan–Sep 2020: 17,971", so
    that nine months are not read as the whole year; "2020: …" only for a whole year."""
    value = value.replace(" ", "\u00a0")  # "2,4 min" is not broken between number and unit
    if start.year != end.year:
        return ctx.t("service.previous_span", value=value,
                     period=ctx.f.period_name(start, end))
    # whole months (a 28 February is the year-earlier end of a period ending on a leap day)
    if start.day != 1 or ((end + dt.timedelta(days=1)).day != 1
                          and (end.month, end.day) != (2, 28)):
        return ctx.t("service.previous_span", value=value, period=ctx.f.period(start, end))
    if start.month == 1 and end.month == 12:
        return ctx.t("service.previous", year=start.year, value=value)
    if start.month == end.month:
        return ctx.t("service.previous_month", year=start.year, month=ctx.f.month(start),
                     value=value)
    return ctx.t("service.previous_months", year=start.year, first=ctx.f.month(start),
                 last=ctx.f.month(end), value=value)


def by_how_much(ctx: Context, ch: YearChange, decimals: int = 0) -> str:
    """How much a figure changed, as said: a count by its percentage (``decimals`` places), a
    small count, and a count whose change is within chance though large in percent, by its
    difference (``YearChange.by_difference``), a share in percentage points and an average
    in its unit, both as the shown (rounded) figures differ."""
    m = ch.measure
    if ch.by_difference:
        return ctx.f.number(abs(ch.now - ch.before))
    if is_count(m):
        return ctx.f.percent(100 * ch.size, decimals)
    shown = abs(_shown(ch.now, m.decimals) - _shown(ch.before, m.decimals))
    if m.part:
        return ctx.t.plural("service.points", int(shown), n_text=ctx.f.number(float(shown)))
    return measure_text(ctx, m, float(shown))


def _shown(value: float, decimals: int) -> Decimal:
    """A figure as the slide rounds it (half away from zero)."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)


def change_said(ctx: Context, ch: YearChange) -> str:
    """A notable change in words, within a sentence: "apkalpoto čatu skaits samazinājās par
    14% – no 104 līdz 89"; "chats served fell by 14%, from 104 to 89"."""
    m = ch.measure
    return ctx.t("service.change_" + ("up" if ch.up else "down"),
                 subject=ctx.t(f"service.subject.{m.code}"), change=by_how_much(ctx, ch),
                 previous=measure_text(ctx, m, ch.before), value=measure_text(ctx, m, ch.now))


def compared_all(figures: PeriodFigures, changes: list[YearChange]) -> bool:
    """Whether every tile with a figure this period has one a year earlier too (else "the
    figures were stable" would speak for figures that had nothing to be compared with)."""
    shown = [m for m in figures.tiles if m.code not in figures.not_supplied
             and figures.values.get(m.code) is not None
             and figures.values[m.code] == figures.values[m.code]]
    return len(changes) >= len(shown)


def say_year(ctx: Context, changes: list[YearChange], detail: bool = False,
             every: bool = True) -> str:
    """The year-on-year message: the notable changes (``year_changes``), and that the other
    figures were stable; "" without a year-earlier figure. ``detail`` (the service slide):
    the stable counts of 50 or more (the volume of contacts) said with both figures, in the
    tiles' order."""
    if not changes:
        return ""
    notable = [c for c in changes if c.notable]
    stable = [c for c in changes if not c.notable]
    said = "; ".join(change_said(ctx, c) for c in notable)
    volumes = sorted((c for c in stable if is_count(c.measure)
                      and not is_small(c.measure, c.now, c.before)),
                     key=lambda c: MEASURES.index(c.measure))
    if detail and volumes:
        # the stable volumes, in the tiles' order, by both figures: "by 1.6%" beside "by 15"
        # would be heard as a percentage, and a change within chance is no change to size
        items = format_list([ctx.t("service.stable_" + ("same" if c.now == c.before else
                                                        "pair"),
                                   subject=ctx.t(f"service.subject.{c.measure.code}"),
                                   value=measure_text(ctx, c.measure, c.now),
                                   previous=measure_text(ctx, c.measure, c.before))
                             for c in volumes], locale=ctx.f.locale)
        if not notable:
            return ctx.t("service.say_all_volumes" + ("" if every else "_compared"),
                         items=items)
        return ctx.t("service.say_changes", changes=said) + " " + ctx.t(
            "service.say_volumes", items=items)
    if not notable:
        return ctx.t("service.say_all_stable" + ("" if every else "_compared"))
    if stable:
        return ctx.t("service.say_changes_rest", changes=said)
    return ctx.t("service.say_changes", changes=said)


def service_monthly(ctx: Context, monthly: MonthlySeries | None) -> ChartsSection | None:
    """Events per month and channel; only where the figures come from the event logs."""
    if monthly is None:
        return None
    p = ctx.p
    now, before = monthly.now, monthly.before
    spans_years = p.period_start.year != p.period_end.year
    label_month = ctx.f.month_year if spans_years else ctx.f.month
    months = tuple(label_month(m.to_timestamp().date()) for m in now.index)
    this_name = ctx.f.period_name(p.period_start, p.period_end)
    before_name = ctx.f.period_name(*previous_year(p.period_start, p.period_end))
    charts = []
    for channel in CHANNELS:
        label = ctx.t(f"channel.{channel}")
        series = [Series(this_name, tuple(float(v) for v in now[channel]))]
        if before is not None:
            series.insert(0, Series(before_name, tuple(float(v) for v in before[channel])))
        points = "; ".join(
            f"{s.name}: " + ", ".join(f"{m} {ctx.f.number(v)}"
                                      for m, v in zip(months, s.values, strict=True))
            for s in series)
        charts.append(Chart("column", months, tuple(series), value_title=label,
                            category_title=ctx.t("chart.month"),
                            alt=ctx.t("chart.alt_monthly", channel=label, points=points)))
    sources = tuple(ctx.tb.sources[f"events.{c}"] for c in CHANNELS)
    said = tuple(_say_months(ctx, c, now[c], spans_years)
                 for c in CHANNELS)
    return ChartsSection(Key.SERVICE_MONTHLY, ctx.t("section.service_monthly"),
                         charts=tuple(charts), sources=sources, said=said,
                         lead=_say_all_months(ctx, now, spans_years),
                         notes=ctx.notes(*sources, period=True, extra=ctx.t("notes.monthly")))


# Months of summer, when the dip of a year is expected (the report's country: Latvia).
SUMMER = (6, 7, 8)


def _say_all_months(ctx: Context, now, spans_years: bool) -> str:
    """The monthly series' message for readers, of every channel: the months with the most
    and the fewest contacts of all channels together; and that every channel had its
    fewest in summer, only when each did (each channel's quietest month or months all in
    June–August)."""
    said = _say_months(ctx, "all", now[list(CHANNELS)].sum(axis=1), spans_years)
    quiet = [{m.month for m, v in now[c].items() if v == now[c].min()} for c in CHANNELS
             if now[c].max() > now[c].min()]
    if quiet and len(quiet) == len(CHANNELS) and all(q <= set(SUMMER) for q in quiet):
        said += " " + ctx.t("service.say_summer")
    return said


def _say_months(ctx: Context, channel: str, counts, spans_years: bool) -> str:
    """A channel's months aloud, as a sentence: the month (or months, when tied) with the
    most events in the period and the one with the fewest, in the locative ("martā")."""
    values = [float(v) for v in counts]
    days = [m.to_timestamp().date() for m in counts.index]

    def months(value: float) -> tuple[str, bool]:
        """The months of ``value`` ("augustā un septembrī") and whether they are several."""
        names = [ctx.t("month_in.with_year" if spans_years else "month_in.alone",
                       month=ctx.t(f"month_in.m{d.month}"), year=d.year)
                 for d, v in zip(days, values, strict=True) if v == value]
        return format_list(names, locale=ctx.f.locale), len(names) > 1

    what = ctx.t(f"service.of_channel.{channel}")
    most = ctx.t(f"service.most.{channel}")
    top, low = max(values), min(values)
    if top == low:
        return ctx.t("service.say_months_flat", what=what, value=ctx.f.number(top))

    def count(value: float, several: bool) -> str:
        return ctx.t("service.each" if several else "service.just", n=ctx.f.number(value))
    (top_months, top_many), (low_months, low_many) = months(top), months(low)
    return ctx.t("service.say_months", most=most, top=top_months, low=low_months,
                 top_value=count(top, top_many), low_value=count(low, low_many))
