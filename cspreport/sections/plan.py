"""Sections of the first part: the title, the action plan's indicators, goals and pillars."""

from __future__ import annotations

import base64
import datetime as dt
import re

from babel.lists import format_list

from cspreport.metrics.plan import Indicator, SurveyWave
from cspreport.report import Key, ListSection, Table, TableSection, TitleSection
from cspreport.sections.context import Context, within_sentence
from cspreport.sections.figures import plan_figures


def title(ctx: Context) -> TitleSection:
    """The cover: title and subtitle; organisation, period, presenter and the day of the
    presentation when content.yaml gives them; the logo when it names one."""
    c = ctx.content
    lines = [ctx.text(c.organisation), ctx.period_text]
    if c.presenter is not None:
        lines.append(ctx.text(c.presenter))
    if c.presented_on is not None:
        lines.append(ctx.f.date(c.presented_on))
    logo = ""
    if c.logo:
        data = (ctx.tb.data_dir / c.logo).read_bytes()
        kind = "png" if c.logo.lower().endswith(".png") else "jpeg"
        logo = f"data:image/{kind};base64,{base64.b64encode(data).decode()}"
    return TitleSection(Key.TITLE, ctx.text(c.title), subtitle=ctx.text(c.subtitle),
                        lines=tuple(lines), logo=logo,
                        spoken=ctx.t("notes.say_title",
                                     subtitle=within_sentence(ctx.text(c.subtitle)),
                                     when=_period_said(ctx)),
                        notes=ctx.notes(ctx.tb.sources["content"], period=True))


def _period_said(ctx: Context) -> str:
    """The period as said after a noun: "2021. gada pirmajos 9 mēnešos", "in 2021"; other
    periods by their dates."""
    start, end = ctx.p.period_start, ctx.p.period_end
    if start.day == 1 and start.month == 1 and (end + dt.timedelta(days=1)).day == 1 \
            and start.year == end.year:
        if end.month == 12:
            return ctx.t("notes.when_year", year=start.year)
        return ctx.t.plural("notes.when_months", end.month, year=start.year,
                            month=ctx.t(f"month_in.m{end.month}"))
    return ctx.t("notes.when_period", period=ctx.period_text)


def _when(ctx: Context, survey: SurveyWave) -> str:
    """When a survey wave was fielded, as "survey of …" names it: "September 2021",
    "August–September 2021", or the wave's year when its fieldwork is not known."""
    if survey.fieldwork is None:
        return ctx.t("plan.when_year", year=survey.wave)
    first, last = survey.fieldwork

    def month(d):
        return ctx.t(f"month_of.m{d.month}")
    if (first.year, first.month) == (last.year, last.month):
        return ctx.t("plan.when_month", year=first.year, month=month(first))
    if first.year == last.year:
        return ctx.t("plan.when_months", year=first.year, first=month(first),
                     last=month(last))
    return ctx.t("plan.when_span", first_year=first.year, first=month(first),
                 last_year=last.year, last=month(last))


def _timing(ctx: Context, survey: SurveyWave) -> str:
    """", after the period's end (…)" when the wave was fielded outside the period; ""
    within it."""
    start, end = ctx.p.period_start, ctx.p.period_end
    return ctx.t(f"plan.timing.{survey.timing(start, end)}", start=ctx.f.date(start),
                 end=ctx.f.date(end))


def said_name(ctx: Context, indicator) -> str:
    """An indicator as the notes say it: its short name in content.yaml, else its wording
    without a closing parenthesis (what the figure is, said in the slide's table): "… līmenis
    (ar CSP darbu apmierināti …)" → "… līmenis"."""
    if getattr(indicator, "short", None) is not None:
        return ctx.text(indicator.short)
    return re.sub(r"\s*\([^()]*\)\s*$", "", ctx.text(indicator)) or ctx.text(indicator)


def plan(ctx: Context, indicators: list[Indicator]) -> TableSection:
    """The indicators with their target and result in words (met, not met, cannot tell, or
    no figure for the period); the notes say each aloud, the interval rule included. An
    actual from a survey names its wave beside it ("95% (survey of September 2021)"), and
    the notes say when that wave was fielded, and that it was after the period's end when
    it was."""
    src = ctx.tb.sources["plan_indicators"]
    rows, said, method, unknown = [], [], [], []
    for number, ind in enumerate(indicators, start=1):
        def val(x, unit=ind.unit):
            return ctx.f.number(x) + unit
        text = ctx.text(ctx.content.plan_indicators[ind.code])
        if ind.actual is None:  # said once for them all, after the loop
            result = ctx.t("plan.no_actual")  # "–": when there will be one, said once below
            unknown.append(number)
        else:
            shown = val(ind.actual)
            if ind.survey is not None:  # beside the period's figures: say which wave
                shown += f" ({ctx.t('plan.survey_of', when=_when(ctx, ind.survey))})"
            result = ctx.t(f"plan.result_{ind.status}", actual=shown)
            values = {"indicator": said_name(ctx, ctx.content.plan_indicators[ind.code]),
                      "target": val(ind.target), "actual": val(ind.actual)}
            if ind.interval is not None:
                low, high = ind.interval
                said.append(ctx.t(f"plan.say_{ind.status}_interval", **values,
                                  low=ctx.f.number(low, 1) + ind.unit,
                                  high=ctx.f.number(high, 1) + ind.unit))
            else:
                said.append(ctx.t(f"plan.say_{ind.status}", **values))
            if ind.survey is not None:
                said.append(ctx.t("plan.judged_on", when=_when(ctx, ind.survey),
                                  timing=_timing(ctx, ind.survey)))
        rows.append((text, val(ind.target), result))
        if ind.actual_from and ind.actual is not None:
            interval = ("" if ind.interval is None else
                        f" ({ctx.f.number(ind.interval[0], 1)}–"
                        f"{ctx.f.number(ind.interval[1], 1)}{ind.unit})")
            wave = ind.survey or SurveyWave(ctx.wave)
            method.append(ctx.t("plan.numbered", n=number) + " " + ctx.t(
                "plan.actual_from_survey", when=_when(ctx, wave), timing=_timing(ctx, wave),
                share=val(ind.actual) + interval))
            if wave.fieldwork is not None:
                method.append(ctx.t("plan.fieldwork", period=ctx.f.period(*wave.fieldwork)))
            if ind.interval is not None:
                method.append(ctx.t("plan.interval_rule"))
    if unknown:  # said once, aloud and in the table's last line, not "no data" in each row
        when = ctx.t.plural("plan.say_unknown", len(unknown), numbers=format_list(
            [ctx.t("summary.ordinal", n=n) for n in unknown], locale=ctx.f.locale),
            year=ctx.p.period_end.year)
        said.append(when)
    sources = (src, ctx.tb.sources["content"])
    if method:
        answers = ctx.tb.answers
        sources += ctx.table_sources(answers[answers["wave"] == ctx.wave])
    figures = plan_figures(ctx.t, indicators, [r[0] for r in rows], ctx.t("section.plan"))
    if unknown:
        rows.append((said[-1], "", ""))
    table = Table((ctx.t("plan.indicator"), ctx.t("plan.target"), ctx.t("plan.result")),
                  tuple(rows), (False, True, False))
    return TableSection(Key.PLAN, ctx.t("section.plan"), table=table,
                        spoken="\n".join(said), notes=ctx.notes(*sources), sources=sources,
                        lead=" ".join(dict.fromkeys([said[0], said[-1]])) if said else "",
                        method="\n".join(method), figures=(figures,))


def goals(ctx: Context) -> ListSection:
    """The goals; on the deck they share a slide with the pillars (``ListSection.slide``)."""
    return ctx.list_section(Key.GOALS, "section.goals", ctx.content.goals,
                            slide=ctx.t("section.goals_pillars"))


def pillars(ctx: Context) -> ListSection:
    return ctx.list_section(Key.PILLARS, "section.pillars", ctx.content.success_pillars,
                            slide=ctx.t("section.goals_pillars"))
