"""The year in one view, right after the cover: the plan's indicators by status, the three
largest changes of the service figures from a year earlier, and satisfaction with its 95%
interval. Its notes are the opening of the talk; every figure comes from what the notebook
computed with ``cspreport.metrics`` (``plan.indicators``, ``service.period_figures``,
``survey.wave_statistics``)."""

from __future__ import annotations

from decimal import Decimal

from babel.lists import format_list

from cspreport.metrics.plan import Indicator
from cspreport.metrics.service import PeriodFigures
from cspreport.metrics.survey import WaveStatistics
from cspreport.report import Item, Key, ListSection
from cspreport.sections.context import Context
from cspreport.sections.service import (
    SMALL_COUNT,
    _previous_label,
    is_count,
    largest_changes,
    measure_text,
)

STATUSES = ("met", "not_met", "uncertain", None)  # None: no actual for the period yet


def _change_words(ctx: Context, m, a: Decimal, b: Decimal) -> tuple[str, str]:
    """A change as the tile shows it ("−14%", "+2", "−0,1 min") and as it is said."""
    sign = "+" if a > b else "−"
    more = a > b
    label = ctx.t(f"measure.{m.code}")
    value, before = measure_text(ctx, m, float(a)), measure_text(ctx, m, float(b))
    if is_count(m) and abs(b) >= SMALL_COUNT:
        pct = round(abs(a - b) / abs(b) * 100)
        shown = f"{sign}{ctx.f.number(pct)}%"
        said = ctx.t("summary.say_pct_" + ("more" if more else "less"), label=label,
                     value=value, change=f"{ctx.f.number(pct)}%", previous=before)
    elif is_count(m):
        n = int(abs(a - b))
        shown = f"{sign}{ctx.f.number(n)}"
        said = ctx.t.plural("summary.say_count_" + ("more" if more else "less"), n,
                            n_text=ctx.f.number(n), label=label, value=value,
                            previous=before)
    else:
        diff = measure_text(ctx, m, float(abs(a - b)))
        shown = f"{sign}{diff}"
        said = ctx.t("summary.say_avg_" + ("more" if more else "less"), label=label,
                     value=value, change=diff, previous=before)
    return shown, said


def _numbers(ctx: Context, numbers: list[int]) -> str:
    """Indicator numbers as the language lists them: "1., 3. un 4."; "1, 3 and 4"."""
    return format_list([ctx.t("summary.ordinal", n=n) for n in numbers], locale=ctx.f.locale)


def year_in_view(ctx: Context, indicators: list[Indicator], figures: PeriodFigures,
                 ws: WaveStatistics) -> ListSection:
    """One slide a board member remembers: how many plan indicators were met (not met,
    cannot tell, not yet known), the three largest changes from a year earlier, and the
    share that fully or partly agrees in the edition's survey wave with its 95% interval."""
    tiles, said = [], []
    total = len(indicators)
    numbered = list(enumerate(indicators, start=1))
    plan_said = []
    for status in STATUSES:
        which = [n for n, i in numbered if i.status == status]
        if not which:
            continue
        key = status or "unknown"
        tiles.append(Item(ctx.t("summary.card", text=ctx.t.plural(
            f"summary.status.{key}", len(which)), detail=ctx.t.plural(
            "summary.indicators", len(which), numbers=_numbers(ctx, which))),
            badge=ctx.t("summary.of", n=len(which), total=total)))
        plan_said.append(ctx.t.plural(f"summary.say_status.{key}", len(which),
                                      n_text=ctx.f.number(len(which)),
                                      numbers=_numbers(ctx, which),
                                      year=ctx.p.period_end.year))
    said.append(ctx.t("summary.say_plan", total=total, statuses="; ".join(plan_said)))

    st = ws.stats.get((ctx.wave, "overall"))
    if st is not None:
        s = st["fully_or_partly"]
        joined = ctx.interval(s).replace("–", "\u2060–\u2060")  # not broken at the dash
        tiles.append(Item(ctx.t("summary.card", text=ctx.t(
            "summary.satisfied", wave=ctx.wave, answer=ctx.t("answer.fully_or_partly")),
            detail=ctx.t("summary.interval", interval=joined)), badge=ctx.pct(s.value)))
        said.append(ctx.t("summary.say_satisfied", wave=ctx.wave, value=ctx.pct(s.value),
                          low=ctx.f.percent(100 * s.low, 1),
                          high=ctx.f.percent(100 * s.high, 1)))

    start, end = figures.year_before
    changes = largest_changes(figures)[:3]
    changed = []
    for _, m, a, b in changes:
        shown, words = _change_words(ctx, m, a, b)
        label = f"{ctx.t(f'measure.{m.code}')}: {measure_text(ctx, m, float(a))}"
        tiles.append(Item(ctx.t("summary.card", text=label, detail=_previous_label(
            ctx, start, end, measure_text(ctx, m, float(b)))), badge=shown))
        changed.append(words)
    if changed:
        said.append(ctx.t("summary.say_changes", changes=" ".join(changed)))

    answers = ctx.tb.answers
    sources = (ctx.tb.sources["plan_indicators"], *figures.sources,
               *ctx.table_sources(answers[answers["wave"] == ctx.wave]))
    method = [ctx.t("summary.rule_changes", n=SMALL_COUNT), ctx.t("plan.interval_rule")]
    # a slide of cards (a figure above its words): it repeats figures of the sections that
    # follow, so it adds no table to the workbook
    return ListSection(Key.SUMMARY, ctx.t("section.summary", year=ctx.p.period_end.year),
                        items=tuple(tiles), spoken="\n".join(said),
                        notes=ctx.notes(*dict.fromkeys(sources), period=True),
                        method="\n".join(method), sources=tuple(dict.fromkeys(sources)))
