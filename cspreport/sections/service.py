"""Sections of the client-service part: knowing clients, the support unit, the period's
figures as tiles, and the months of the period."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from cspreport.definitions import CHANNELS, TILES
from cspreport.metrics.service import MonthlySeries, PeriodFigures, change_pct, previous_year
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
                       notes=ctx.notes(*src), spoken=ctx.say_items(items), sources=src, items=items)


def support_unit(ctx: Context) -> ListSection:
    return ctx.list_section(Key.SUPPORT_UNIT, "section.support_unit", ctx.content.support_unit)


def service_title(ctx: Context) -> str:
    s, e = ctx.p.period_start, ctx.p.period_end
    whole_months = s.day == 1 and s.month == 1 and (e + dt.timedelta(days=1)).day == 1 \
        and s.year == e.year
    if whole_months:
        return ctx.t("section.service_months", year=s.year, months=e.month)
    return ctx.t("section.service_period", period=ctx.period_text)


def measure_text(ctx: Context, m, value: float) -> str:
    if value != value:  # NaN: nothing to average
        return ctx.t("plan.no_actual")
    text = ctx.f.number(value, m.decimals)
    return f"{text} {ctx.t(m.unit)}" if m.unit else text


def service(ctx: Context, figures: PeriodFigures) -> TilesSection:
    """One tile per measure, with the same period a year earlier beside it."""
    values, previous = figures.values, figures.previous
    before_start, before_end = figures.year_before
    tiles = []
    for m in TILES:
        v = values[m.code]
        note = ""
        if m.scale:
            rated = values.get(m.count)
            note = (ctx.t("unit.scale_rated", scale=m.scale, count=ctx.f.number(rated))
                    if rated is not None else ctx.t("unit.scale", scale=m.scale))
        before = ""
        if previous is not None and m.code in previous:
            value = measure_text(ctx, m, previous[m.code])
            before = _previous_label(ctx, before_start, before_end, value)
        tiles.append(Tile(v, measure_text(ctx, m, v), ctx.t(f"measure.{m.code}"), note,
                          m.code, before,
                          previous[m.code] if previous is not None and m.code in previous
                          else None))
    extra = ctx.t("notes.previous_year") if previous is not None else ""
    said = [_say_measure(ctx, m, values[m.code], (previous or {}).get(m.code),
                         figures.year_before) for m in TILES]
    return TilesSection(Key.SERVICE, service_title(ctx), tiles=tuple(tiles),
                        notes="\n".join([*said, ctx.notes(*figures.sources, period=True,
                                                           extra=extra)]),
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


def _say_measure(ctx: Context, m, value: float, before: float | None, when) -> str:
    """One measure aloud: the value, and its change from the same period a year earlier."""
    label, shown = ctx.t(f"measure.{m.code}"), measure_text(ctx, m, value)
    if before is None or before != before or value != value or not before:
        return ctx.t("service.say_alone", label=label, value=shown)
    start, end = when
    when_text = (ctx.t("service.when_year", year=start.year) if start.year == end.year
                 else ctx.f.period_name(start, end))
    previous = measure_text(ctx, m, before)
    if shown == previous:  # equal as the slide shows them
        return ctx.t("service.say_same", label=label, value=shown, when=when_text)
    if m.decimals:  # an average: by how much, in its own unit, as the slide's figures differ
        def shown_value(v: float) -> Decimal:
            return Decimal(repr(v)).quantize(Decimal(1).scaleb(-m.decimals), ROUND_HALF_UP)

        difference = measure_text(ctx, m, float(abs(shown_value(value) - shown_value(before))))
        key = "service.say_higher" if value > before else "service.say_lower"
        return ctx.t(key, label=label, value=shown, change=difference, when=when_text,
                     previous=previous)
    change = ctx.f.number(abs(change_pct(value, before)), 1) + "%"
    return ctx.t("service.say_more" if value > before else "service.say_less", label=label,
                 value=shown, change=change, when=when_text, previous=previous)


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
    said = tuple(_say_months(ctx, ctx.t(f"channel.{c}"), now[c], spans_years)
                 for c in CHANNELS)
    return ChartsSection(Key.SERVICE_MONTHLY, ctx.t("section.service_monthly"),
                         charts=tuple(charts), sources=sources, said=said,
                         notes=ctx.notes(*sources, period=True, extra=ctx.t("notes.monthly")))


def _say_months(ctx: Context, label: str, counts, spans_years: bool) -> str:
    """A channel's months aloud: the month (or months, when tied) with the most events in the
    period and the one with the fewest."""
    values = [float(v) for v in counts]
    names = [ctx.f.month_name(m.to_timestamp().date(), spans_years) for m in counts.index]

    def months(value: float) -> str:
        return ", ".join(n for n, v in zip(names, values, strict=True) if v == value)

    top, low = max(values), min(values)
    if top == low:
        return ctx.t("service.say_months_flat", label=label, value=ctx.f.number(top))
    return ctx.t("service.say_months", label=label, top=months(top),
                 top_value=ctx.f.number(top), low=months(low), low_value=ctx.f.number(low))
