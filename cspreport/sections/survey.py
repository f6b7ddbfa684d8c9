"""Sections of the survey part: the survey, participation, overall satisfaction across waves,
results by statement with intervals and tests, and the number of comments."""

from __future__ import annotations

import pandas as pd
from babel.lists import format_list

from cspreport.definitions import ANSWERS, STATEMENTS
from cspreport.metrics.service import SMALL_COUNT
from cspreport.metrics.survey import WaveStatistics, shares
from cspreport.metrics.uncertainty import Change, change
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
from cspreport.sections.context import Context, within_sentence
from cspreport.sections.figures import shares_figures
from cspreport.sections.suggestions import answered_by


def survey(ctx: Context, participation: list[tuple[int, int]]) -> ListSection:
    first = participation[0][0]
    goal = ctx.text(ctx.content.survey_goal)
    goal = within_sentence(goal)
    items = (Item(ctx.t("survey.goal", goal=goal)),
             Item(ctx.t("survey.since", year=first)),
             *ctx.items(ctx.content.survey_points))
    # what is done about what respondents asked: the measures content.yaml names as the
    # answer of a suggestion theme (none named: no point that would be a bare heading)
    asked = answered_by(ctx.content)
    done = [ctx.text(m) for m in ctx.content.cooperation if m.code in asked]
    if done:
        items += (Item(ctx.t("survey.measures", measures=format_list(
            [within_sentence(t) for t in done], locale=ctx.f.locale))),)
    src = (ctx.tb.sources["content"], *ctx.table_sources(ctx.tb.participation))
    return ListSection(Key.SURVEY, ctx.t("section.survey"), notes=ctx.notes(*src),
                       spoken=ctx.say(Key.SURVEY, items),
                       sources=src, items=items)


def participation(ctx: Context, data: list[tuple[int, int]]) -> ChartSection:
    """Respondents per wave; the notes (and the report's text) say how many took part in the
    latest wave and by how much that differs from the wave before (by the difference, and as
    a percentage too where both waves have 50 or more)."""
    src = ctx.table_sources(ctx.tb.participation)
    points = ", ".join(f"{w} {ctx.f.number(n)}" for w, n in data)
    wave, n = data[-1]
    before = ""
    if len(data) > 1:
        was_wave, was = data[-2]
        diff = abs(n - was)
        key = "survey.say_same" if n == was else \
            "survey.say_fewer" if n < was else "survey.say_more"
        if n != was and min(n, was) < SMALL_COUNT:
            key += "_n"
        before = ctx.t(key, diff=ctx.f.number(diff), wave=was_wave, before=ctx.f.number(was),
                       pct=ctx.f.percent(100 * diff / was) if was else "")
    said = ctx.t.plural("survey.say_participation", n, n_text=ctx.f.number(n), wave=wave,
                        before=before)
    chart = Chart("column", tuple(str(w) for w, _ in data),
                  (Series(ctx.t("chart.respondents"), tuple(float(n) for _, n in data)),),
                  value_title=ctx.t("chart.respondents"), category_title=ctx.t("chart.wave"),
                  alt=ctx.t("chart.alt_participation", points=points))
    return ChartSection(Key.PARTICIPATION, ctx.t("section.participation"), chart=chart,
                        spoken=said, lead=said, notes=ctx.notes(*src), sources=src,
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


# ----------------------------------------------------------------------------- a change, in words

MARKS = {"up": " ▲", "down": " ▼", "cannot_tell": " ?", "no_change": ""}


def _before(ws: WaveStatistics, wave: int, statement: str) -> int:
    """The wave a change of (``wave``, ``statement``) is measured from: the previous one
    shown (as ``wave_statistics`` compares them)."""
    return max(w for w, s in ws.stats if s == statement and w < wave)


def _rounded_waves(ws: WaveStatistics, key: tuple[int, str], ch: Change) -> list[int]:
    """The waves of a change known only as rounded percentages."""
    wave, statement = key
    return [w for w, s in ((_before(ws, wave, statement), ch.before), (wave, ch.after))
            if s.counts is not None]


def _years(ctx: Context, waves) -> str:
    """"2019", "2017 un 2019": years as the language lists them."""
    return format_list([str(w) for w in sorted(set(waves))], locale=ctx.f.locale)


def _signed(ctx: Context, ch: Change) -> str:
    points = 100 * ch.difference
    return ("+" if points > 0 else "") + ctx.f.number(points)


def _p_range(ctx: Context, ch: Change) -> str:
    """"p = 0,031", or "p no 0,018 līdz 0,054" over the counts the rounding allows."""
    low, high = ch.p_range
    if low == high or high < 0.001:
        return ctx.p_text(high)

    def p(v: float) -> str:
        return "<" + ctx.f.number(0.001, 3) if v < 0.001 else ctx.f.number(v, 3)
    if low < 0.001 and p(high) == ctx.f.number(0.001, 3):  # not "p from <0.001 to 0.001"
        return "p ≤ " + ctx.f.number(0.001, 3)
    return ctx.t("survey.p_range", low=p(low), high=p(high))


def _detail_change(ctx: Context, ch: Change) -> str:
    """A change in the detail table: "+4 p.p. ▲ (p = 0,031)"; "−2 p.p. ? (p no 0,002 līdz
    0,320; nevar pateikt)" where the rounding of a published wave leaves it open."""
    text = f"{_signed(ctx, ch)} {ctx.t('survey.pp')}{MARKS[ch.verdict()]} ({_p_range(ctx, ch)}"
    return text + (f"; {ctx.t('survey.cannot_tell')})" if ch.cannot_tell() else ")")


def _caption(ctx: Context, ws: WaveStatistics, changes: dict) -> str:
    """What the marks mean: ▲▼, and "?" with the waves known only rounded that leave it
    open."""
    if not changes:
        return ""
    open_ = [w for key, pair in changes.items() for ch in pair.values() if ch.cannot_tell()
             for w in _rounded_waves(ws, key, ch)]
    marks = ctx.t("survey.marks")
    return marks if not open_ else "\n".join(
        [marks, ctx.t("survey.marks_cannot_tell", waves=_years(ctx, open_))])


def _change_lines(ctx: Context, ws: WaveStatistics, statements) -> list[str]:
    """Each change with its p-value (its range over the rounding) and verdict: the
    background, not what is said aloud."""
    lines = []
    for (wave, statement), pair in ws.changes.items():
        if statement not in statements:
            continue
        for name, ch in pair.items():
            label = ctx.t(f"answer.{name}").lower()
            if len(statements) > 1:
                label = f"{ctx.t(f'statement.{statement}')}, {label}"
            lines.append(ctx.t("survey.change_line", before=_before(ws, wave, statement),
                               after=wave, label=label,
                               change=f"{_signed(ctx, ch)} {ctx.t('survey.pp')}",
                               p=_p_range(ctx, ch),
                               verdict=ctx.t(f"survey.verdict.{ch.verdict()}")))
    return lines


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
        if any(ch.rounded for k, pair in ws.changes.items() if k[1] in statements
               for ch in pair.values()):
            lines.append(ctx.t("survey.rounding_rule"))
        lines += _change_lines(ctx, ws, statements)
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
                    _detail_change(ctx, ch) if ch else ctx.t("plan.no_actual")]
        rows.append(tuple(row))
    return Table(tuple(columns), tuple(rows), (False, True) + (True, True, True) * 2)


def _say_share(ctx: Context, dist: pd.DataFrame, waves: list[int], statement: str,
               name: str, first: bool = True) -> str:
    """A share of the latest wave, said with the one of the wave before: "2021. gadā pilnīgi
    piekrita 84% respondentu, 2019. gadā – 80%" (the published percentages, as the chart
    shows them). Whether the change is significant is said once for the slide
    (``_say_verdicts``); the p-values are background (``_change_lines``)."""
    wave = waves[-1]
    value = _published({statement: dist}, wave, statement, name)
    text = ctx.t("survey.say_share" if first else "survey.say_share_next", wave=wave,
                 label=ctx.t(f"survey.agreed.{name}"), value=ctx.f.percent(value))
    if len(waves) < 2:
        return text
    before = _published({statement: dist}, waves[-2], statement, name)
    return text + ctx.t("survey.say_before_share", before=waves[-2],
                        previous=ctx.f.percent(before))


def _say_verdicts(ctx: Context, ws: WaveStatistics, said: list[tuple[tuple[int, str], str]]
                  ) -> str:
    """Whether the changes said are statistically significant, once: one sentence when they
    share a verdict ("we cannot tell whether these changes are significant, as the 2019
    figures are known only rounded"), else one per change. ``said``: (key, answer name)."""
    changes = [(key, name, ws.changes[key][name]) for key, name in said
               if name in ws.changes.get(key, {})]
    if not changes:
        return ""
    verdicts = {ch.verdict() for _, _, ch in changes}
    waves = _years(ctx, [w for key, _, ch in changes for w in _rounded_waves(ws, key, ch)])
    if len(verdicts) == 1:
        return ctx.t.plural(f"survey.said_verdict.{verdicts.pop()}", len(changes),
                            waves=waves)
    return " ".join(ctx.t(f"survey.said_verdict_of.{ch.verdict()}",
                          who=ctx.t(f"survey.who.{name}"),
                          waves=_years(ctx, _rounded_waves(ws, key, ch)))
                    for key, name, ch in changes)


def _say_long_run(ctx: Context, dist: pd.DataFrame, ws: WaveStatistics, waves: list[int]
                  ) -> str:
    """The share that fully agrees from the first wave to the latest, when there are three
    waves or more and the change is significant by the rule of the rounded waves ("since
    2015 the share … rose from 34% to 84%"); else ""."""
    if len(waves) < 3:
        return ""
    first, last = waves[0], waves[-1]
    a, b = ws.stats.get((first, "overall")), ws.stats.get((last, "overall"))
    if a is None or b is None:
        return ""
    verdict = change(a["fully"], b["fully"]).verdict()
    if verdict not in ("up", "down"):
        return ""
    return ctx.t(f"survey.say_long_{verdict}", first=first, last=last,
                 before=ctx.f.percent(_published({"overall": dist}, first, "overall", "fully")),
                 value=ctx.f.percent(_published({"overall": dist}, last, "overall", "fully")))


def _say_disagree(ctx: Context, dist: pd.DataFrame, waves: list[int]) -> str:
    """A sentence ready if asked about those who disagreed: the latest wave's shares that
    fully and partly disagree, beside the wave before's."""
    wave = waves[-1]
    text = ctx.t("survey.say_disagree", wave=wave,
                 fully=ctx.f.percent(dist.loc[wave, "fully_disagree"]),
                 partly=ctx.f.percent(dist.loc[wave, "partly_disagree"]))
    if len(waves) > 1:
        before = waves[-2]
        text += " " + ctx.t("survey.say_disagree_before", wave=before,
                            fully=ctx.f.percent(dist.loc[before, "fully_disagree"]),
                            partly=ctx.f.percent(dist.loc[before, "partly_disagree"]))
    return text


def satisfaction(ctx: Context, dist: pd.DataFrame, ws: WaveStatistics) -> ChartSection:
    """Overall satisfaction across waves: the answer distribution (``dist``, waves × answers)
    and each wave's change from the one before, marked ▲▼ where significant and "?" where
    the rounding of a published wave leaves it open."""
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
    for name in ("fully", "fully_or_partly"):  # the change from the wave before, marked
        rows.append((ctx.t(f"survey.change_{name}"),
                     *(_signed(ctx, ch) + MARKS[ch.verdict()]
                       if (ch := changes.get((w, "overall"), {}).get(name)) is not None
                       else ctx.t("plan.no_actual") for w in waves)))
    table = Table(("", *(str(w) for w in waves)), tuple(rows), (False, *([True] * len(waves))))
    detail = _detail_table(ctx, [(str(w), (w, "overall")) for w in waves
                                 if (w, "overall") in ws.stats], ctx.t("chart.wave"), ws)
    shares_said = [_say_share(ctx, dist, waves, "overall", name, first=name == "fully")
                   for name in ("fully", "fully_or_partly")]
    now = ctx.t("survey.say_two", first=shares_said[0], second=shares_said[1])
    said = [_say_long_run(ctx, dist, ws, waves), now,
            _say_verdicts(ctx, ws, [((waves[-1], "overall"), name)
                                    for name in ("fully", "fully_or_partly")])]
    said = [x for x in said if x]
    ready = [_say_disagree(ctx, dist, waves)] if set(ANSWERS) <= set(dist.columns) else []
    figures = shares_figures(ctx.t, "satisfaction_detail", ctx.t("section.satisfaction"),
                             ctx.t("chart.wave"), [(w, (w, "overall")) for w in waves
                                                   if (w, "overall") in ws.stats], ws)
    return ChartSection(Key.SATISFACTION, ctx.t("section.satisfaction"), chart=chart,
                        table=table, sources=src, detail=detail, figures=(figures,),
                        caption=_caption(ctx, ws, changes),
                        spoken="\n".join(said), lead=" ".join(said[:2]), notes=ctx.notes(*src),
                        method="\n".join([ctx.t("notes.sum_rounding"),
                                          *_lines(ctx, ws, ["overall"], {"overall": dist})]),
                        asked="\n".join(ready))


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
    if any(MARKS[c.verdict()] for pair in marked.values() for c in pair.values()):
        labels = tuple(lab + "".join(
            MARKS[c.verdict()] for c in marked.get((wave, s), {}).values())[:2]
            for lab, s in zip(labels, shown, strict=True))
        chart = Chart(chart.kind, labels, chart.series, chart.value_title,
                      chart.category_title, chart.decimals, chart.percent, chart.alt)
    detail = _detail_table(ctx, now, ctx.t("chart.statement"), ws)
    wave_lines = [line for line in _lines(ctx, ws, shown, dists) if line.startswith(str(wave))
                  or not line[:4].isdigit()]
    said = _say_statements(ctx, dists, ws, [s for s in shown if (wave, s) not in ws.hidden])
    figures = shares_figures(ctx.t, "statements_detail", ctx.t("section.statements", wave=wave),
                             ctx.t("chart.statement"), now, ws)
    return ChartSection(Key.STATEMENTS, ctx.t("section.statements", wave=wave),
                        chart=chart, detail=detail, sources=src, figures=(figures,),
                        caption=_caption(ctx, ws, marked),
                        spoken="\n".join(said), lead=" ".join(said[:2]),
                        notes=ctx.notes(*src, wave=wave), method="\n".join(wave_lines))


def _say_statements(ctx: Context, dists: dict[str, pd.DataFrame], ws: WaveStatistics,
                    shown: list[str]) -> list[str]:
    """The statements' message: which was rated highest and which lowest by those who fully
    agree, and whether counting partial agreement puts another first, said only when its
    95% interval lies above every other's (else the range of those shares); then the
    changes from the wave before where a statement has one, with
    their verdict said once; last, what was asked."""
    wave = ctx.wave
    if not shown:
        return []
    fully = {s: _published(dists, wave, s, "fully") for s in shown}
    both = {s: _published(dists, wave, s, "fully_or_partly") for s in shown}

    def acc(codes) -> str:
        return format_list([ctx.t(f"statement_acc.{s}") for s in codes], locale=ctx.f.locale)
    said = []
    top, low = max(fully.values()), min(fully.values())
    tops = [s for s in shown if fully[s] == top]
    lows = [s for s in shown if fully[s] == low]
    def clearly(code: str, share: str, first: bool) -> bool:
        """Its 95% interval above (``first``) or below every other statement's: a first or
        last place the sample carries (88% against 85% with overlapping intervals, or 96%
        against 94%, is no order)."""
        st = ws.stats.get((wave, code))
        others = [ws.stats.get((wave, s)) for s in shown if s != code]
        return st is not None and all(
            o is not None and (st[share].low > o[share].high if first
                               else st[share].high < o[share].low) for o in others)

    values = {"wave": wave, "top": acc(tops), "value": ctx.f.percent(top), "low": acc(lows),
              "low_value": ctx.f.percent(low)}
    if len(shown) == 1 or top == low:
        said.append(ctx.t("survey.say_all_fully", wave=wave, value=ctx.f.percent(top)))
    else:  # highest and lowest said only as far as the intervals part them
        first = len(tops) == 1 and clearly(tops[0], "fully", True)
        last = len(lows) == 1 and clearly(lows[0], "fully", False)
        key = ("say_top" if first and last else "say_top_only" if first else
               "say_low_only" if last else "say_fully_range")
        said.append(ctx.t(f"survey.{key}", **values))
    best = max(both.values())
    bests = [s for s in shown if both[s] == best]

    if len(shown) > 1 and len(bests) == 1 and bests != tops \
            and clearly(bests[0], "fully_or_partly", True):
        said.append(ctx.t("survey.say_but_both", top=ctx.t(f"statement_nom.{bests[0]}"),
                          value=ctx.f.percent(best)))
    elif min(both.values()) == best:
        said.append(ctx.t("survey.say_both_all", value=ctx.f.percent(best)))
    else:
        said.append(ctx.t("survey.say_both_range", low=ctx.f.percent(min(both.values())),
                          high=ctx.f.percent(best)))
    changed = []
    for s in shown:  # a statement asked in an earlier wave too: its change
        waves = [int(w) for w in dists[s].index if int(w) <= wave]
        if len(waves) > 1 and (wave, s) in ws.changes:
            two = ctx.t("survey.say_two", first=_say_share(ctx, dists[s], waves, s, "fully"),
                        second=_say_share(ctx, dists[s], waves, s, "fully_or_partly", False))
            said.append(ctx.t("survey.say_statement", label=ctx.t(f"statement.{s}"),
                              said=two[0].lower() + two[1:]))
            changed += [((wave, s), name) for name in ("fully", "fully_or_partly")]
    verdicts = _say_verdicts(ctx, ws, changed)
    if verdicts:
        said.append(verdicts)
    said.append(ctx.t("survey.say_asked", statements=format_list(
        [ctx.t("survey.quoted", text=ctx.t(f"statement.{s}").lower()) for s in shown],
        locale=ctx.f.locale)))
    return said


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
                        spoken="\n".join(said), notes=ctx.notes(*src, wave=ctx.wave),
                        sources=src)
