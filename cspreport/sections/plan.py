"""Sections of the first part: the title, the action plan's indicators, goals and pillars."""

from __future__ import annotations

from cspreport.metrics.plan import Indicator
from cspreport.report import Key, ListSection, Table, TableSection, TitleSection
from cspreport.sections.context import Context


def title(ctx: Context) -> TitleSection:
    c = ctx.content
    return TitleSection(Key.TITLE, ctx.text(c.title), subtitle=ctx.text(c.subtitle),
                        lines=(ctx.text(c.organisation), ctx.period_text),
                        notes=ctx.notes(ctx.tb.sources["content"], period=True))


def plan(ctx: Context, indicators: list[Indicator]) -> TableSection:
    """The indicators with target, actual (with its interval when from the survey), status."""
    src = ctx.tb.sources["plan_indicators"]
    rows, extra = [], []
    for ind in indicators:
        def val(x, unit=ind.unit):
            return ctx.f.number(x) + unit
        actual = val(ind.actual) if ind.actual is not None else ctx.t("plan.no_actual")
        if ind.interval is not None:
            low, high = ind.interval
            actual += f" ({ctx.f.number(low, 1)}–{ctx.f.number(high, 1)})"
        status = ctx.t(f"plan.{ind.status}") if ind.status else ctx.t("plan.no_actual")
        rows.append((ctx.text(ctx.content.plan_indicators[ind.code]), val(ind.target),
                     actual, status))
        if ind.actual_from and ind.actual is not None:
            extra.append(f"{ind.code}: " + ctx.t("plan.actual_from_survey", wave=ctx.wave,
                                                 share=val(ind.actual)))
            if ind.interval is not None:
                extra.append(ctx.t("plan.interval_rule"))
    sources = (src, ctx.tb.sources["content"])
    if extra:
        answers = ctx.tb.answers
        sources += ctx.table_sources(answers[answers["wave"] == ctx.wave])
    table = Table((ctx.t("plan.indicator"), ctx.t("plan.target"), ctx.t("plan.actual"),
                   ctx.t("plan.status")), tuple(rows), (False, True, True, False))
    return TableSection(Key.PLAN, ctx.t("section.plan"), table=table,
                        notes=ctx.notes(*sources, extra="\n".join(extra)), sources=sources)


def goals(ctx: Context) -> ListSection:
    return ctx.list_section(Key.GOALS, "section.goals", ctx.content.goals)


def pillars(ctx: Context) -> ListSection:
    return ctx.list_section(Key.PILLARS, "section.pillars", ctx.content.success_pillars)
