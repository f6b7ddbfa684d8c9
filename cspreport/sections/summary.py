"""The year in one view, right after the cover: the plan's indicators by status, up to three
notable changes of the service figures from a year earlier (the rest said stable, by the rule
of ``metrics.service.year_changes``), and satisfaction with its margin of error. Its notes are
the opening of the talk; every figure comes from what the notebook computed with
``cspreport.metrics`` (``plan.indicators``, ``service.period_figures``,
``survey.wave_statistics``)."""

from __future__ import annotations

import datetime as dt

from babel.lists import format_list

from cspreport.metrics.plan import Indicator
from cspreport.metrics.service import NOTABLE, SMALL_COUNT, PeriodFigures, year_changes
from cspreport.metrics.survey import WaveStatistics
from cspreport.report import Item, Key, ListSection
from cspreport.sections.context import Context, within_sentence
from cspreport.sections.plan import said_name
from cspreport.sections.service import (
    _previous_label,
    by_how_much,
    compared_all,
    measure_text,
    say_year,
)

STATUSES = ("met", "not_met", "uncertain", None)  # None: no actual for the period yet


def _numbers(ctx: Context, numbers: list[int]) -> str:
    """Indicator numbers as the language lists them: "1., 3. un 4."; "1, 3 and 4"."""
    return format_list([ctx.t("summary.ordinal", n=n) for n in numbers], locale=ctx.f.locale)


def summary_title(ctx: Context) -> str:
    """"2021. gada 9 mēneši vienā skatā" / "January–September 2021 in one view": the period,
    not the whole year, when it is months of one year from January; the year when it is all
    of it; else the period's dates."""
    start, end = ctx.p.period_start, ctx.p.period_end
    whole_months = start.day == 1 and (end + dt.timedelta(days=1)).day == 1
    if whole_months and start.year == end.year and start.month == 1:
        if end.month == 12:
            return ctx.t("section.summary", year=start.year)
        return ctx.t("section.summary_months", year=start.year, months=end.month,
                     first=ctx.t("month_in.m1"), last=ctx.t(f"month_in.m{end.month}"))
    return ctx.t("section.summary_period", period=ctx.period_text)


def year_in_view(ctx: Context, indicators: list[Indicator], figures: PeriodFigures,
                 ws: WaveStatistics) -> ListSection:
    """One slide a board member remembers: how many plan indicators were met (not met,
    cannot tell, not yet known), up to three notable changes from a year earlier (largest
    first) and one card for the figures that were stable, and the share that fully or partly
    agrees in the edition's survey wave with its margin of error (the interval itself in the
    background). ``lead``: the plan's and the changes' sentences, for the report's readers."""
    tiles, said = [], []
    total = len(indicators)
    numbered = list(enumerate(indicators, start=1))
    plan_said = []
    for status in STATUSES:
        which = [n for n, i in numbered if i.status == status]
        if not which:
            continue
        key = status or "unknown"
        # one indicator by its name (what a board member remembers), several by their numbers
        code = indicators[which[0] - 1].code
        detail = (within_sentence(said_name(ctx, ctx.content.plan_indicators[code]))
                  if len(which) == 1 else
                  ctx.t.plural("summary.indicators", len(which), numbers=_numbers(ctx, which)))
        tiles.append(Item(ctx.t("summary.card", text=ctx.t.plural(
            f"summary.status.{key}", len(which)), detail=detail),
            badge=ctx.t("summary.of", n=len(which), total=total)))
        plan_said.append(ctx.t.plural(f"summary.say_status.{key}", len(which),
                                      n_text=ctx.f.number(len(which)),
                                      numbers=_numbers(ctx, which),
                                      year=ctx.p.period_end.year))
    said.append(ctx.t("summary.say_plan", total=total, statuses="; ".join(plan_said)))

    st = ws.stats.get((ctx.wave, "overall"))
    if st is not None:
        s = st["fully_or_partly"]
        # the interval as a margin: "95%" beside a "95% interval" would be read as one thing
        tiles.append(Item(ctx.t("summary.card", text=ctx.t(
            "summary.satisfied", wave=ctx.wave,
            answer=ctx.t("answer.fully_or_partly")),
            detail=ctx.t("summary.margin", margin=ctx.f.number(100 * s.margin, 1))),
            badge=ctx.pct(s.value)))
        said.append(ctx.t("summary.say_satisfied", wave=ctx.wave, value=ctx.pct(s.value)))

    start, end = figures.year_before
    changes = year_changes(figures)
    notable = [c for c in changes if c.notable][:3]
    for c in notable:
        m = c.measure
        shown = ("+" if c.up else "\u2212") + by_how_much(ctx, c)
        label = f"{ctx.t(f'measure.{m.code}')}: {measure_text(ctx, m, c.now)}"
        tiles.append(Item(ctx.t("summary.card", text=label, detail=_previous_label(
            ctx, start, end, measure_text(ctx, m, c.before))), badge=shown))
    stable = len(changes) - len([c for c in changes if c.notable])
    if stable and len(notable) < 3:  # the rest in one card, not noise dressed as news
        every = compared_all(figures, changes)
        key = ("summary.stable_rest" if notable else
               "summary.stable_all" if every else "summary.stable_compared")
        tiles.append(Item(ctx.t("summary.card", text=ctx.t.plural(
            key, stable, n_text=ctx.f.number(stable)), detail=ctx.t("summary.stable_detail")),
            badge="\u2248"))
    if changes:
        said.append(say_year(ctx, changes, every=compared_all(figures, changes)))

    answers = ctx.tb.answers
    sources = (ctx.tb.sources["plan_indicators"], *figures.sources,
               *ctx.table_sources(answers[answers["wave"] == ctx.wave]))
    method = [ctx.t("summary.rule_changes", pct=ctx.f.percent(100 * NOTABLE), n=SMALL_COUNT)]
    if st is not None:
        s = st["fully_or_partly"]
        method.append(ctx.t("summary.interval", wave=ctx.wave, value=ctx.pct(s.value),
                            margin=ctx.f.number(100 * s.margin, 1), interval=ctx.interval(s)))
    method.append(ctx.t("plan.interval_rule"))
    # a slide of cards (a figure above its words): it repeats figures of the sections that
    # follow, so it adds no table to the workbook
    return ListSection(Key.SUMMARY, summary_title(ctx),
                        lead=" ".join(dict.fromkeys([said[0], said[-1]])),
                        items=tuple(tiles), spoken="\n".join(said),
                        notes=ctx.notes(*dict.fromkeys(sources), period=True),
                        method="\n".join(method), sources=tuple(dict.fromkeys(sources)))
