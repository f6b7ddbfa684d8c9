"""Sections of the survey part: the survey, participation, overall satisfaction across waves,
results by statement with intervals and tests, and the number of comments."""

from __future__ import annotations

import pandas as pd

from cspreport.definitions import ANSWERS, STATEMENTS
from cspreport.metrics.survey import WaveStatistics, shares
from cspreport.report import (
    Chart,
    ChartSection,
    Item,
    Key,
    ListSection,
    Series,
    Table,
    Tile,
    TilesSection,
)
from cspreport.sections.context import Context


def survey(ctx: Context, participation: list[tuple[int, int]]) -> ListSection:
    first = participation[0][0]
    items = (Item(ctx.t("survey.goal", goal=ctx.text(ctx.content.survey_goal))),
             Item(ctx.t("survey.since", year=first)),
             *ctx.items(ctx.content.survey_points))
    src = (ctx.tb.sources["content"], *ctx.table_sources(ctx.tb.participation))
    return ListSection(Key.SURVEY, ctx.t("section.survey"), notes=ctx.notes(*src),
                       spoken=ctx.say_items(items),
                       sources=src, items=items)


def participation(ctx: Context, data: list[tuple[int, int]]) -> ChartSection:
    src = ctx.table_sources(ctx.tb.participation)
    points = ", ".join(f"{w} {ctx.f.number(n)}" for w, n in data)
    wave, n = data[-1]
    before = ctx.t("survey.say_before", wave=data[-2][0], n=ctx.f.number(data[-2][1])) \
        if len(data) > 1 else ""
    said = ctx.t.plural("survey.say_participation", n, n_text=ctx.f.number(n), wave=wave,
                        before=before)
    chart = Chart("column", tuple(str(w) for w, _ in data),
                  (Series(ctx.t("chart.respondents"), tuple(float(n) for _, n in data)),),
                  value_title=ctx.t("chart.respondents"), category_title=ctx.t("chart.wave"),
                  alt=ctx.t("chart.alt_participation", points=points))
    return ChartSection(Key.PARTICIPATION, ctx.t("section.participation"), chart=chart,
                        notes="\n".join([said, ctx.notes(*src)]), sources=src,
                        method="\n".join(_left_out(ctx, [w for w, _ in data])))


def _left_out(ctx: Context, waves: list[int]) -> list[str]:
    """The responses of the waves shown that a row filter of exports.yaml left out (the
    respondent table's ``attrs["left_out"]``): incomplete ones (an empty cell dropped by
    ``drop_empty``, as LimeSurvey's empty submitdate) said as such, others with their filter."""
    responses = ctx.tb.responses
    per_wave = responses.attrs.get("left_out", {}) if responses is not None else {}
    lines = []
    for wave in waves:
        for what, rows in per_wave.get(wave, ()):
            incomplete = what.endswith("(drop_empty)")
            key = "survey.left_out_incomplete" if incomplete else "survey.left_out_filtered"
            lines.append(ctx.t.plural(key, rows, n_text=ctx.f.number(rows), wave=wave,
                                      what=what))
    return lines


def _published(dists: dict[str, pd.DataFrame], wave: int, statement: str, name: str
               ) -> float | None:
    """The published whole percentage of a share (the chart's), or None."""
    dist = dists.get(statement)
    if dist is None or wave not in dist.index:
        return None
    row = dist.loc[wave]
    value = row[ANSWERS[0]] if name == "fully" else row[ANSWERS[0]] + row[ANSWERS[1]]
    return None if value != value else float(value)


def _lines(ctx: Context, ws: WaveStatistics, statements, dists: dict[str, pd.DataFrame]
           ) -> list[str]:
    """What the notes say of the shares shown: margins of error, suppressed breakdowns, how
    the figures were obtained, the test. The share quoted is the published percentage (the
    one the chart shows), so that the notes never contradict the slide."""
    lines = []
    stats = {k: v for k, v in ws.stats.items() if k[1] in statements}
    for (wave, statement), st in stats.items():
        for name in ("fully", "fully_or_partly"):
            s = st[name]
            label = ctx.t(f"answer.{name}")
            if len(statements) > 1:
                label = f"{ctx.t(f'statement.{statement}')}, {label.lower()}"
            shown = _published(dists, wave, statement, name)
            value = ctx.f.percent(shown) if shown is not None else ctx.pct(s.value)
            lines.append(ctx.t("survey.moe", wave=wave, label=label, value=value,
                               margin=ctx.f.number(100 * s.margin, 1),
                               interval=ctx.interval(s), n=ctx.f.number(s.n)))
    hidden = [f"{w} {ctx.t(f'statement.{s}')}" for w, s in ws.hidden if s in statements]
    if hidden:
        lines.append(ctx.t("survey.suppressed", what="; ".join(hidden),
                           n=ctx.p.min_respondents))
    reconstructed = sorted({w for (w, _), st in stats.items() if st["fully"].reconstructed})
    if reconstructed:
        lines.append(ctx.t("survey.reconstructed",
                           waves=", ".join(str(w) for w in reconstructed)))
    if any(st["fully"].weighted for st in stats.values()):
        lines.append(ctx.t("survey.weighted"))
    if any(k[1] in statements for k in ws.changes):
        lines.append(ctx.t("survey.test"))
    return lines


def _detail_table(ctx: Context, rows_for, label_title: str, ws: WaveStatistics) -> Table:
    """Rows: (label, key); each with n, the two shares, their intervals and changes."""
    columns = [label_title, "n"]
    for name in ("fully", "fully_or_partly"):
        columns += [ctx.t(f"answer.{name}"), ctx.t("survey.ci"), ctx.t("survey.change")]
    rows = []
    for label, key in rows_for:
        st = ws.stats[key]
        row = [label, ctx.f.number(st["fully"].n)]
        for name in ("fully", "fully_or_partly"):
            ch = ws.changes.get(key, {}).get(name)
            row += [ctx.pct(st[name].value, 1), ctx.interval(st[name]),
                    ctx.change_text(ch, with_p=True) if ch else ctx.t("plan.no_actual")]
        rows.append(tuple(row))
    return Table(tuple(columns), tuple(rows), (False, True) + (True, True, True) * 2)


def _say_share(ctx: Context, dist: pd.DataFrame, ws: WaveStatistics, waves: list[int],
               statement: str, name: str) -> str:
    """A share of the latest wave aloud, with its change from the wave before and whether
    the test calls it significant."""
    wave = waves[-1]
    value = _published({statement: dist}, wave, statement, name)
    label = ctx.t(f"answer.{name}").lower()
    text = ctx.t("survey.say_share", wave=wave, label=label, value=ctx.f.percent(value))
    ch = ws.changes.get((wave, statement), {}).get(name)
    if ch is None or len(waves) < 2:
        return text + ctx.t("survey.say_end")
    before_wave = waves[-2]
    before = _published({statement: dist}, before_wave, statement, name)
    points = value - before
    if points == 0:
        text += ctx.t("survey.say_flat", before=before_wave)
    else:
        text += ctx.t("survey.say_up" if points > 0 else "survey.say_down",
                      points=ctx.f.number(abs(points)), before=before_wave,
                      previous=ctx.f.percent(before))
    key = "survey.say_significant" if ch.significant() else "survey.say_not_significant"
    return text + ctx.t(key, p=ctx.p_text(ch.p_value))


def satisfaction(ctx: Context, dist: pd.DataFrame, ws: WaveStatistics) -> ChartSection:
    """Overall satisfaction across waves: the answer distribution (``dist``, waves × answers)
    and each wave's change from the one before, marked ▲▼ where significant."""
    answers = ctx.tb.answers
    src = ctx.table_sources(answers[answers["statement"] == "overall"])
    waves = [int(w) for w in dist.index]
    series = tuple(Series(ctx.t(f"answer.{a}"), tuple(float(dist.loc[w, a]) for w in waves))
                   for a in ANSWERS)
    points = "; ".join(
        f"{w}: " + ", ".join(f"{s.name} {ctx.f.number(s.values[i])}" for s in series)
        for i, w in enumerate(waves))
    chart = Chart("stacked_bar_100", tuple(str(w) for w in waves), series,
                  value_title=ctx.t("chart.percent"), category_title=ctx.t("chart.wave"),
                  percent=True, alt=ctx.t("chart.alt_satisfaction", points=points))
    changes = {k: v for k, v in ws.changes.items() if k[1] == "overall"}
    rows = [(s.name, *(ctx.f.number(v) for v in s.values)) for s in series]
    for name in ("fully", "fully_or_partly"):  # the change from the wave before, ▲▼ marked
        rows.append((ctx.t(f"survey.change_{name}"),
                     *(ctx.change_text(changes[w, "overall"][name]).replace(
                         " " + ctx.t("survey.pp"), "")
                       if (w, "overall") in changes else ctx.t("plan.no_actual")
                       for w in waves)))
    table = Table(("", *(str(w) for w in waves)), tuple(rows), (False, *([True] * len(waves))))
    detail = _detail_table(ctx, [(str(w), (w, "overall")) for w in waves
                                 if (w, "overall") in ws.stats], ctx.t("chart.wave"), ws)
    said = [_say_share(ctx, dist, ws, waves, "overall", name)
            for name in ("fully", "fully_or_partly")]
    return ChartSection(Key.SATISFACTION, ctx.t("section.satisfaction"), chart=chart,
                        table=table, sources=src, detail=detail,
                        caption=ctx.t("survey.marks") if changes else "",
                        notes="\n".join([*said, ctx.notes(*src)]),
                        method="\n".join([ctx.t("notes.sum_rounding"),
                                          *_lines(ctx, ws, ["overall"], {"overall": dist})]))


def statements(ctx: Context, dists: dict[str, pd.DataFrame], ws: WaveStatistics
               ) -> ChartSection | None:
    """The statements of the edition's wave: fully, and fully or partly agree."""
    wave = ctx.wave
    answers = ctx.tb.answers
    src = ctx.table_sources(answers[(answers["wave"] == wave)
                                    & (answers["statement"] != "overall")])
    shown = [s for s in STATEMENTS if s != "overall" and s in dists
             and wave in dists[s].index]
    if not shown:  # the wave was published without results by statement
        return None
    got = {s: shares(dists[s], wave, s, src[0]) for s in shown}
    for s in shown:  # a statement answered by too few is not shown
        if (wave, s) in ws.hidden:
            got[s] = {"fully": None, "fully_or_partly": None}
    series = tuple(Series(ctx.t(f"answer.{k}"), tuple(got[s][k] for s in shown))
                   for k in ("fully", "fully_or_partly"))
    labels = tuple(ctx.t(f"statement.{s}") for s in shown)
    points = "; ".join(
        f"{lab}: " + ", ".join(f"{s.name} {ctx.f.percent(s.values[i])}" for s in series
                               if s.values[i] is not None)
        for i, lab in enumerate(labels))
    chart = Chart("column", labels, series, value_title=ctx.t("chart.percent"),
                  category_title=ctx.t("chart.statement"), percent=True,
                  alt=ctx.t("chart.alt_statements", wave=wave, points=points))
    now = [(lab, (wave, s)) for lab, s in zip(labels, shown, strict=True)
           if (wave, s) in ws.stats]
    marked = {key: ws.changes[key] for _, key in now if key in ws.changes}
    if any(c.significant() for pair in marked.values() for c in pair.values()):
        labels = tuple(lab + "".join(
            (" ▲" if c.difference > 0 else " ▼") for c in marked.get((wave, s), {})
            .values() if c.significant())[:2] for lab, s in zip(labels, shown, strict=True))
        chart = Chart(chart.kind, labels, chart.series, chart.value_title,
                      chart.category_title, chart.decimals, chart.percent, chart.alt)
    detail = _detail_table(ctx, now, ctx.t("chart.statement"), ws)
    wave_lines = [line for line in _lines(ctx, ws, shown, dists) if line.startswith(str(wave))
                  or not line[:4].isdigit()]
    said = []  # each statement aloud: its shares, and their change from the wave before
    for s, label in zip(shown, (ctx.t(f"statement.{s}") for s in shown), strict=True):
        if (wave, s) in ws.hidden:
            continue
        waves = [int(w) for w in dists[s].index if int(w) <= wave]
        said.append(f"{label}: " + " ".join(_say_share(ctx, dists[s], ws, waves, s, name)
                                             for name in ("fully", "fully_or_partly")))
    return ChartSection(Key.STATEMENTS, ctx.t("section.statements", wave=wave),
                        chart=chart, detail=detail, sources=src,
                        caption=ctx.t("survey.marks") if marked else "",
                        notes="\n".join([*said, ctx.notes(*src, wave=wave)]),
                        method="\n".join(wave_lines))


def comments(ctx: Context, n: int | None) -> TilesSection:
    """How many respondents of the wave left a comment."""
    table = ctx.tb.comments
    src = ctx.table_sources(table[table["wave"] == ctx.wave]) or (ctx.tb.sources["comments"],)
    tiles = (Tile(float("nan"), ctx.t("plan.no_actual"), ctx.t("chart.comments"),
                  ctx.t("notes.no_comments", wave=ctx.wave), "comments"),) if n is None \
        else (Tile(float(n), ctx.f.number(n), ctx.t("chart.comments"), code="comments"),)
    said = [] if n is None else [ctx.t.plural("survey.say_comments", n, n_text=ctx.f.number(n),
                                              wave=ctx.wave)]
    return TilesSection(Key.COMMENTS, ctx.t("section.comments", wave=ctx.wave), tiles=tiles,
                        notes="\n".join([*said, ctx.notes(*src, wave=ctx.wave)]),
                        sources=src)
