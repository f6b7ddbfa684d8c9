"""Sections of the client-service part: knowing clients, the support unit, the period's
figures as tiles, and the months of the period."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from cspreport.definitions import CHANNELS
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
                       notes=ctx.notes(*src), spoken=ctx.say(Key.CLIENT_KNOWLEDGE, items),
                       sources=src, items=items)


def support_unit(ctx: Context) -> ListSection:
    return ctx.list_section(Key.SUPPORT_UNIT, "section.support_unit", ctx.content.support_unit)


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
    said = [_say_lead(ctx, figures), *(_say_measure(ctx, m, figures) for m in shown)]
    uncovered = [ctx.t("service.not_covered", log=ctx.t(f"service.log.{channel}"),
                       period=ctx.f.period(before_start, before_end), first=ctx.f.date(first))
                 for channel, first, _ in figures.not_covered]
    return TilesSection(Key.SERVICE, service_title(ctx), tiles=tuple(tiles),
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


def _shown_value(m, v: float) -> Decimal:
    """A figure as the slide rounds it (half away from zero), for differences that agree
    with the figures shown."""
    return Decimal(repr(v)).quantize(Decimal(1).scaleb(-m.decimals), ROUND_HALF_UP)


def _say_measure(ctx: Context, m, figures: PeriodFigures) -> str:
    """One measure aloud: the value, and its change from the same period a year earlier (a
    share's in percentage points); a measure the system cannot supply, in words."""
    value = figures.values[m.code]
    label = ctx.t(f"measure.{m.code}")
    if m.code in figures.not_supplied:
        return ctx.t("service.say_alone", label=label,
                     value=ctx.t(f"service.not_supplied.{m.code}"))
    shown = measure_text(ctx, m, value)
    if m.part and good_of_rated(ctx, m, figures.values):
        shown = f"{good_of_rated(ctx, m, figures.values)} ({shown})"
    before = (figures.previous or {}).get(m.code)
    if before is None or before != before or value != value or not before:
        return ctx.t("service.say_alone", label=label, value=shown)
    # "than a year earlier": "than in 2020" would be read as the whole of 2020
    when_text = ctx.t("service.year_earlier")
    previous = measure_text(ctx, m, before)
    if m.part:  # a share: by how many percentage points, as the shown percentages differ
        counts = _counts(figures.previous, m)
        if counts is not None:
            previous = ctx.t("service.share_of_said", share=previous,
                             good=ctx.f.number(counts[1]), n=ctx.f.number(counts[0]))
        points = _shown_value(m, value) - _shown_value(m, before)
        if not points:
            return ctx.t("service.say_same", label=label, value=shown, when=when_text)
        key = "service.say_points_more" if points > 0 else "service.say_points_less"
        return ctx.t.plural(key, int(abs(points)), n_text=ctx.f.number(float(abs(points))),
                            label=label, value=shown, when=when_text, previous=previous)
    if shown == previous:  # equal as the slide shows them
        return ctx.t("service.say_same", label=label, value=shown, when=when_text)
    if m.decimals:  # an average: by how much, in its own unit, as the slide's figures differ
        difference = measure_text(
            ctx, m, float(abs(_shown_value(m, value) - _shown_value(m, before))))
        key = "service.say_higher" if value > before else "service.say_lower"
        return ctx.t(key, label=label, value=shown, change=difference, when=when_text,
                     previous=previous)
    if max(abs(value), abs(before)) < SMALL_COUNT:  # 29 → 31: "2 more", not "6.9% more"
        n = int(abs(value - before))
        return ctx.t.plural("service.say_count_more" if value > before
                            else "service.say_count_less", n, n_text=ctx.f.number(n),
                            label=label, value=shown, when=when_text, previous=previous)
    change = ctx.f.number(abs(change_pct(value, before)), 1) + "%"
    return ctx.t("service.say_more" if value > before else "service.say_less", label=label,
                 value=shown, change=change, when=when_text, previous=previous)


# A count smaller than this changes by its difference, not a percentage: 2 more voice
# messages than 29 is +6.9%, a size a handful of events makes.
SMALL_COUNT = 50


def largest_changes(figures: PeriodFigures) -> list[tuple[float, object, Decimal, Decimal]]:
    """The tiles' measures with a year-earlier figure, largest relative change first, each
    as (relative size, measure, value, value a year earlier) with the values as the slide
    rounds them (so the ranking agrees with the figures shown); a count under
    ``SMALL_COUNT`` is measured against that base, i.e. by its difference."""
    out = []
    for m in figures.tiles:
        now, before = figures.values.get(m.code), (figures.previous or {}).get(m.code)
        if m.code in figures.not_supplied or before is None or now is None \
                or now != now or before != before:
            continue
        a, b = _shown_value(m, now), _shown_value(m, before)
        if a == b or not b:
            continue
        base = max(abs(b), SMALL_COUNT) if is_count(m) else abs(b)
        out.append((float(abs(a - b) / base), m, a, b))
    return sorted(out, key=lambda c: -c[0])


def is_count(m) -> bool:
    """A measure that counts events (not an average or a share)."""
    return not m.decimals and not m.part


def _say_lead(ctx: Context, figures: PeriodFigures) -> str:
    """The slide's message: its largest change from a year earlier, in words ("Chats served
    fell 14%, from 104 to 89: …"); "" when nothing changed."""
    changes = largest_changes(figures)
    if not changes:
        return ""
    _, m, a, b = changes[0]
    value, previous = measure_text(ctx, m, float(a)), measure_text(ctx, m, float(b))
    if is_count(m):
        subject = ctx.t(f"service.number_of.{m.code}")
        change = (ctx.t("service.by_n", n=ctx.f.number(int(abs(a - b))))
                  if abs(b) < SMALL_COUNT else
                  ctx.f.percent(round(abs(a - b) / abs(b) * 100)))
    else:
        subject = ctx.t(f"measure.{m.code}")
        change = ctx.t("service.by_n", n=measure_text(ctx, m, float(abs(a - b))))
    return ctx.t("service.say_lead_" + ("up" if a > b else "down"), subject=subject,
                 change=change, previous=previous, value=value)


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
