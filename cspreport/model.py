"""The report model: every figure, label and note a slide or an HTML section needs.

``build_report`` is the only place that turns tidy tables and metrics into words in one
language. Renderers (the HTML notebooks and the PPTX deck) take sections from here and lay
them out; they compute nothing and translate nothing.
"""

from __future__ import annotations

import datetime as dt

from cspreport.definitions import ANSWERS, CHANNELS, MEASURE_BY_CODE, STATEMENTS, TILES
from cspreport.errors import InputError
from cspreport.i18n import Catalogue, Formatter
from cspreport.metrics import plan as plan_metrics
from cspreport.metrics import service as service_metrics
from cspreport.metrics import survey as survey_metrics
from cspreport.params import Params
from cspreport.report import (  # noqa: F401 - the model's types, re-exported
    OPTIONAL_SECTIONS,
    Chart,
    ChartSection,
    ChartsSection,
    Item,
    ListSection,
    Report,
    Section,
    Series,
    Table,
    TableSection,
    Tile,
    TilesSection,
    TitleSection,
)
from cspreport.sources import read_edition
from cspreport.sources.merge import merge_survey
from cspreport.tables import EditionTables, SourceRef

# ----------------------------------------------------------------------------- building


def load_report(params: Params, lang: str | None = None) -> Report:
    """Read the edition of ``params`` and build its report model in ``lang`` (default
    ``params.lang``)."""
    tables = read_edition(params.data_path())
    return build_report(tables, params, lang or params.lang)


def build_report(tables: EditionTables, params: Params, lang: str) -> Report:
    return _Builder(tables, params, lang).report()


def _until(tables: EditionTables, edition: int) -> EditionTables:
    """An edition shows the survey waves up to its own year, not later ones."""
    from dataclasses import replace

    return replace(tables, **{name: getattr(tables, name)[getattr(tables, name)["wave"]
                                                        <= edition]
                              for name in ("participation", "answers", "comments")})


class _Builder:
    def __init__(self, tables: EditionTables, params: Params, lang: str):
        tables, self.warnings = merge_survey(tables)
        tables = _until(tables, params.edition)
        self.tb, self.p, self.lang = tables, params, lang
        self.t, self.f = Catalogue(lang), Formatter(lang)
        self.content = tables.content
        self.period_text = self.f.period(params.period_start, params.period_end)
        src = tables.sources
        self.dist = {s: survey_metrics.distribution(tables.answers, s, src["answers"])
                     for s in STATEMENTS if (tables.answers["statement"] == s).any()}
        self.wave = survey_metrics.latest_wave(tables.participation, params.edition)

    # -- helpers
    def text(self, t) -> str:
        return t(self.lang)

    def notes(self, *refs: SourceRef, period: bool = False, wave: int | None = None,
              extra: str = "") -> str:
        lines = [self.t("notes.source", source="; ".join(self.cite(r) for r in refs))]
        if period:
            lines.append(self.t("notes.period", period=self.period_text))
        if wave is not None:
            lines.append(self.t("notes.wave", wave=wave))
        if extra:
            lines.append(extra)
        return "\n".join(lines)

    def cite(self, ref: SourceRef) -> str:
        where = f"{self.p.data_dir}/{ref.file}"
        return where if ref.sheet is None else f"{where}, {self.t('notes.sheet')} {ref.sheet}"

    def items(self, texts) -> tuple[Item, ...]:
        return tuple(Item(self.text(x)) for x in texts)

    def list_section(self, key: str, title_key: str, texts, **kw) -> ListSection:
        src = self.tb.sources["content"]
        return ListSection(key, self.t(title_key), notes=self.notes(src), sources=(src,),
                           items=self.items(texts), **kw)

    def table_sources(self, table) -> tuple[SourceRef, ...]:
        """The files a merged survey table's rows came from, in wave order."""
        return tuple(dict.fromkeys(table["source"]))

    def survey_share(self, ref: str) -> tuple[float, tuple[float, float] | None]:
        """A plan indicator's actual from the survey: the published percentage and the 95%
        interval of the share behind it."""
        _, statement, name = ref.split(":")
        answers = self.tb.answers
        src = self.table_sources(answers[(answers["wave"] == self.wave)
                                         & (answers["statement"] == statement)])
        value = survey_metrics.shares(self.dist[statement], self.wave, statement, src[0])[name]
        stat = self.shares_of(self.wave, statement)
        if stat is None:
            return value, None
        return value, (100 * stat[name].low, 100 * stat[name].high)

    def shares_of(self, wave: int, statement: str):
        return survey_metrics.statement_shares(self.tb.responses, self.tb.answers,
                                               self.tb.participation, wave, statement)

    def pct(self, share: float, decimals: int = 0) -> str:
        return self.f.percent(100 * share, decimals)

    def interval(self, s) -> str:
        return (f"{self.f.number(100 * s.low, 1)}–{self.f.number(100 * s.high, 1)}%")

    def change_text(self, ch, with_p: bool = False) -> str:
        """"+4 p.p. ▲" (▲▼: significant at 5%), optionally with the p-value."""
        points = 100 * ch.difference
        text = ("+" if points > 0 else "") + self.f.number(points) + " " + self.t("survey.pp")
        if ch.significant():
            text += " ▲" if points > 0 else " ▼"
        if with_p:
            text += " (" + self.p_text(ch.p_value) + ")"
        return text

    def p_text(self, p: float) -> str:
        return "p < " + self.f.number(0.001, 3) if p < 0.001 else "p = " + self.f.number(p, 3)

    def uncertainty(self, waves, statements) -> tuple[dict, dict, list[str]]:
        """Shares with intervals per (wave, statement), the change of each from the previous
        wave that has the statement, and the lines the notes give (margins of error, how the
        figures were obtained)."""
        from cspreport.metrics.uncertainty import change

        stats, changes, notes = {}, {}, []
        reconstructed, weighted, hidden = [], False, []
        for statement in statements:
            before = None
            for wave in waves:
                st = self.shares_of(wave, statement)
                if st is None:
                    continue
                if st["fully"].n < self.p.min_respondents:  # too few to show, or to compare
                    hidden.append(f"{wave} {self.t(f'statement.{statement}')}")
                    continue
                stats[wave, statement] = st
                if before is not None:
                    changes[wave, statement] = {k: change(stats[before, statement][k], st[k])
                                                for k in ("fully", "fully_or_partly")}
                before = wave
                if st["fully"].reconstructed and wave not in reconstructed:
                    reconstructed.append(wave)
                weighted |= st["fully"].weighted
                for name in ("fully", "fully_or_partly"):
                    s = st[name]
                    label = self.t(f"answer.{name}")
                    if len(statements) > 1:
                        label = f"{self.t(f'statement.{statement}')}, {label.lower()}"
                    notes.append(self.t("survey.moe", wave=wave, label=label,
                                        value=self.pct(s.value),
                                        margin=self.f.number(100 * s.margin, 1),
                                        interval=self.interval(s), n=self.f.number(s.n)))
        if hidden:
            notes.append(self.t("survey.suppressed", what="; ".join(hidden),
                                n=self.p.min_respondents))
        if reconstructed:
            notes.append(self.t("survey.reconstructed",
                                waves=", ".join(str(w) for w in sorted(reconstructed))))
        if weighted:
            notes.append(self.t("survey.weighted"))
        if changes:
            notes.append(self.t("survey.test"))
        return stats, changes, notes

    def detail_table(self, rows_for, label_title: str, stats, changes) -> Table:
        """Rows: (label, key); each with n, the two shares, their intervals and changes."""
        columns = [label_title, "n"]
        for name in ("fully", "fully_or_partly"):
            columns += [self.t(f"answer.{name}"), self.t("survey.ci"), self.t("survey.change")]
        rows = []
        for label, key in rows_for:
            st = stats[key]
            row = [label, self.f.number(st["fully"].n)]
            for name in ("fully", "fully_or_partly"):
                ch = changes.get(key, {}).get(name)
                row += [self.pct(st[name].value, 1), self.interval(st[name]),
                        self.change_text(ch, with_p=True) if ch else self.t("plan.no_actual")]
            rows.append(tuple(row))
        return Table(tuple(columns), tuple(rows), (False, True) + (True, True, True) * 2)

    # -- sections
    def report(self) -> Report:
        c = self.content
        sections = (
            self.title_section(),
            self.plan_section(),
            self.list_section("goals", "section.goals", c.goals),
            self.list_section("pillars", "section.pillars", c.success_pillars),
            self.client_knowledge_section(),
            self.list_section("support_unit", "section.support_unit", c.support_unit),
            self.service_section(),
            self.monthly_section(),
            self.survey_section(),
            self.participation_section(),
            self.satisfaction_section(),
            self.statements_section(),
            self.comments_section(),
            self.suggestions_section(),
            self.cooperation_section(),
            self.awards_section(),
            TitleSection("closing", self.t("section.closing"),
                         subtitle=self.t("section.closing_sub")),
        )
        return Report(self.lang, self.p.edition, self.p.period_start, self.p.period_end,
                      self.period_text, self.text(c.title),
                      tuple(s for s in sections if s is not None), self.p.data_dir,
                      tuple(self.warnings))

    def title_section(self) -> TitleSection:
        c = self.content
        return TitleSection(
            "title", self.text(c.title), subtitle=self.text(c.subtitle),
            lines=(self.text(c.organisation), self.period_text),
            notes=self.notes(self.tb.sources["content"], period=True),
        )

    def plan_section(self) -> TableSection:
        src = self.tb.sources["plan_indicators"]
        rows, extra = [], []
        for ind in plan_metrics.indicators(self.tb.plan_indicators, self.survey_share):
            def val(x, unit=ind.unit):
                return self.f.number(x) + unit
            actual = val(ind.actual) if ind.actual is not None else self.t("plan.no_actual")
            if ind.interval is not None:
                low, high = ind.interval
                actual += f" ({self.f.number(low, 1)}–{self.f.number(high, 1)})"
            status = self.t(f"plan.{ind.status}") if ind.status else self.t("plan.no_actual")
            rows.append((self.text(self.content.plan_indicators[ind.code]), val(ind.target),
                         actual, status))
            if ind.actual_from and ind.actual is not None:
                extra.append(f"{ind.code}: " + self.t("plan.actual_from_survey", wave=self.wave,
                                                      share=val(ind.actual)))
                if ind.interval is not None:
                    extra.append(self.t("plan.interval_rule"))
        sources = (src, self.tb.sources["content"])
        if extra:
            answers = self.tb.answers
            sources += self.table_sources(answers[answers["wave"] == self.wave])
        table = Table((self.t("plan.indicator"), self.t("plan.target"), self.t("plan.actual"),
                       self.t("plan.status")), tuple(rows), (False, True, True, False))
        return TableSection("plan", self.t("section.plan"), table=table,
                            notes=self.notes(*sources, extra="\n".join(extra)), sources=sources)

    def client_knowledge_section(self) -> ListSection:
        waves = ", ".join(str(w) for w, _ in survey_metrics.participation(self.tb.participation))
        items = (Item(self.t("client_knowledge.survey", waves=waves)),
                 *self.items(self.content.client_knowledge))
        src = (*self.table_sources(self.tb.participation), self.tb.sources["content"])
        return ListSection("client_knowledge", self.t("section.client_knowledge"),
                           notes=self.notes(*src), sources=src, items=items)

    def service_title(self) -> str:
        s, e = self.p.period_start, self.p.period_end
        whole_months = s.day == 1 and s.month == 1 and (e + dt.timedelta(days=1)).day == 1 \
            and s.year == e.year
        if whole_months:
            return self.t("section.service_months", year=s.year, months=e.month)
        return self.t("section.service_period", period=self.period_text)

    def service_values(self):
        """This period's measures, the same period a year earlier (or None) and the sources."""
        p, tb = self.p, self.tb
        start, end = p.period_start, p.period_end
        before = service_metrics.previous_year(start, end)
        agg_src = tb.sources["service_stats"]
        if not tb.events:
            values = service_metrics.period_measures(tb.service_stats, start, end, agg_src)
            try:
                previous = service_metrics.period_measures(tb.service_stats, *before, agg_src)
            except InputError:
                previous = None
            return values, previous, (agg_src,)
        refs = tb.sources
        service_metrics.check_coverage(tb.coverage, refs, start, end)
        values = service_metrics.measures_from_events(tb.events, start, end, refs)
        previous = (service_metrics.measures_from_events(tb.events, *before, refs)
                    if service_metrics.covers(tb.coverage, *before) else None)
        try:  # the same period in the aggregate sheet too: the export wins, say so if it differs
            sheet = service_metrics.period_measures(tb.service_stats, start, end, agg_src)
        except InputError:
            sheet = {}
        for code, given in sheet.items():
            decimals = MEASURE_BY_CODE[code].decimals
            if self.f.number(given, decimals) != self.f.number(values[code], decimals):
                self.warnings.append(
                    f"{code} {start} – {end}: computed from the exports "
                    f"{self.f.number(values[code], decimals)}, {agg_src} says "
                    f"{self.f.number(given, decimals)}; the exports are used")
        return values, previous, tuple(refs[f"events.{c}"] for c in CHANNELS)

    def measure_text(self, m, value: float) -> str:
        if value != value:  # NaN: nothing to average
            return self.t("plan.no_actual")
        text = self.f.number(value, m.decimals)
        return f"{text} {self.t(m.unit)}" if m.unit else text

    def service_section(self) -> TilesSection:
        values, previous, sources = self.service_values()
        year_before = self.p.period_start.year - 1
        tiles = []
        for m in TILES:
            v = values[m.code]
            note = ""
            if m.scale:
                rated = values.get(m.count)
                note = (self.t("unit.scale_rated", scale=m.scale,
                               count=self.f.number(rated)) if rated is not None
                        else self.t("unit.scale", scale=m.scale))
            before = ""
            if previous is not None and m.code in previous:
                before = self.t("service.previous", year=year_before,
                                value=self.measure_text(m, previous[m.code]))
            tiles.append(Tile(v, self.measure_text(m, v), self.t(f"measure.{m.code}"), note,
                              m.code, before))
        extra = self.t("notes.previous_year") if previous is not None else ""
        return TilesSection("service", self.service_title(), tiles=tuple(tiles),
                            notes=self.notes(*sources, period=True, extra=extra),
                            sources=sources)

    def monthly_section(self) -> ChartsSection | None:
        """Events per month and channel; only where the figures come from the event logs."""
        tb, p = self.tb, self.p
        if not tb.events:
            return None
        now = service_metrics.monthly_counts(tb.events, p.period_start, p.period_end)
        before_period = service_metrics.previous_year(p.period_start, p.period_end)
        before = (service_metrics.monthly_counts(tb.events, *before_period)
                  if service_metrics.covers(tb.coverage, *before_period) else None)
        months = tuple(self.f.month(m.to_timestamp().date()) for m in now.index)
        charts = []
        for channel in CHANNELS:
            label = self.t(f"channel.{channel}")
            series = [Series(str(p.period_start.year),
                             tuple(float(v) for v in now[channel]))]
            if before is not None:
                series.insert(0, Series(str(before_period[0].year),
                                        tuple(float(v) for v in before[channel])))
            points = "; ".join(
                f"{s.name}: " + ", ".join(f"{m} {self.f.number(v)}"
                                          for m, v in zip(months, s.values, strict=True))
                for s in series)
            charts.append(Chart("column", months, tuple(series), value_title=label,
                                category_title=self.t("chart.month"),
                                alt=self.t("chart.alt_monthly", channel=label, points=points)))
        sources = tuple(tb.sources[f"events.{c}"] for c in CHANNELS)
        return ChartsSection("service_monthly", self.t("section.service_monthly"),
                             charts=tuple(charts), sources=sources,
                             notes=self.notes(*sources, period=True,
                                              extra=self.t("notes.monthly")))

    def survey_section(self) -> ListSection:
        first = survey_metrics.participation(self.tb.participation)[0][0]
        items = (Item(self.t("survey.goal", goal=self.text(self.content.survey_goal))),
                 Item(self.t("survey.since", year=first)),
                 *self.items(self.content.survey_points))
        src = (self.tb.sources["content"], *self.table_sources(self.tb.participation))
        return ListSection("survey", self.t("section.survey"), notes=self.notes(*src),
                           sources=src, items=items)

    def participation_section(self) -> ChartSection:
        src = self.table_sources(self.tb.participation)
        data = survey_metrics.participation(self.tb.participation)
        points = ", ".join(f"{w} {self.f.number(n)}" for w, n in data)
        chart = Chart("column", tuple(str(w) for w, _ in data),
                      (Series(self.t("chart.respondents"), tuple(float(n) for _, n in data)),),
                      value_title=self.t("chart.respondents"), category_title=self.t("chart.wave"),
                      alt=self.t("chart.alt_participation", points=points))
        return ChartSection("participation", self.t("section.participation"), chart=chart,
                            notes=self.notes(*src), sources=src)

    def satisfaction_section(self) -> ChartSection:
        answers = self.tb.answers
        src = self.table_sources(answers[answers["statement"] == "overall"])
        dist = self.dist["overall"]
        waves = [int(w) for w in dist.index]
        series = tuple(Series(self.t(f"answer.{a}"), tuple(float(dist.loc[w, a]) for w in waves))
                       for a in ANSWERS)
        points = "; ".join(
            f"{w}: " + ", ".join(f"{s.name} {self.f.number(s.values[i])}" for s in series)
            for i, w in enumerate(waves))
        chart = Chart("stacked_bar_100", tuple(str(w) for w in waves), series,
                      value_title=self.t("chart.percent"), category_title=self.t("chart.wave"),
                      percent=True, alt=self.t("chart.alt_satisfaction", points=points))
        stats, changes, lines = self.uncertainty(waves, ["overall"])
        rows = [(s.name, *(self.f.number(v) for v in s.values)) for s in series]
        for name in ("fully", "fully_or_partly"):  # the change from the wave before, ▲▼ marked
            rows.append((self.t(f"survey.change_{name}"),
                         *(self.change_text(changes[w, "overall"][name]).replace(
                             " " + self.t("survey.pp"), "")
                           if (w, "overall") in changes else self.t("plan.no_actual")
                           for w in waves)))
        table = Table(("", *(str(w) for w in waves)), tuple(rows),
                      (False, *([True] * len(waves))))
        detail = self.detail_table([(str(w), (w, "overall")) for w in waves
                                    if (w, "overall") in stats],
                                   self.t("chart.wave"), stats, changes)
        return ChartSection("satisfaction", self.t("section.satisfaction"), chart=chart,
                            table=table, sources=src, detail=detail,
                            caption=self.t("survey.marks") if changes else "",
                            notes=self.notes(*src, extra="\n".join(
                                [self.t("notes.sum_rounding"), *lines])))

    def statements_section(self) -> ChartSection | None:
        answers = self.tb.answers
        src = self.table_sources(answers[(answers["wave"] == self.wave)
                                         & (answers["statement"] != "overall")])
        statements = [s for s in STATEMENTS if s != "overall" and s in self.dist
                      and self.wave in self.dist[s].index]
        if not statements:  # the wave was published without results by statement
            return None
        got = {s: survey_metrics.shares(self.dist[s], self.wave, s, src[0]) for s in statements}
        for s in statements:  # a statement answered by too few is not shown
            st = self.shares_of(self.wave, s)
            if st is not None and st["fully"].n < self.p.min_respondents:
                got[s] = {"fully": None, "fully_or_partly": None}
        series = tuple(Series(self.t(f"answer.{k}"), tuple(got[s][k] for s in statements))
                       for k in ("fully", "fully_or_partly"))
        labels = tuple(self.t(f"statement.{s}") for s in statements)
        points = "; ".join(
            f"{lab}: " + ", ".join(f"{s.name} {self.f.percent(s.values[i])}" for s in series
                                   if s.values[i] is not None)
            for i, lab in enumerate(labels))
        chart = Chart("column", labels, series, value_title=self.t("chart.percent"),
                      category_title=self.t("chart.statement"), percent=True,
                      alt=self.t("chart.alt_statements", wave=self.wave, points=points))
        waves = sorted({int(w) for w in self.tb.answers["wave"]})
        stats, changes, lines = self.uncertainty(waves, statements)
        now = [(lab, (self.wave, s)) for lab, s in zip(labels, statements, strict=True)
               if (self.wave, s) in stats]
        marked = {key: changes[key] for _, key in now if key in changes}
        if any(c.significant() for pair in marked.values() for c in pair.values()):
            labels = tuple(lab + "".join(
                (" ▲" if c.difference > 0 else " ▼") for c in marked.get((self.wave, s), {})
                .values() if c.significant())[:2] for lab, s in zip(labels, statements,
                                                                      strict=True))
            chart = Chart(chart.kind, labels, chart.series, chart.value_title,
                          chart.category_title, chart.decimals, chart.percent, chart.alt)
        detail = self.detail_table(now, self.t("chart.statement"), stats, changes)
        wave_lines = [line for line in lines if line.startswith(str(self.wave))
                      or not line[:4].isdigit()]
        return ChartSection("statements", self.t("section.statements", wave=self.wave),
                            chart=chart, detail=detail, sources=src,
                            caption=self.t("survey.marks") if marked else "",
                            notes=self.notes(*src, wave=self.wave,
                                             extra="\n".join(wave_lines)))

    def comments_section(self) -> TilesSection:
        comments = self.tb.comments
        src = self.table_sources(comments[comments["wave"] == self.wave]) or (
            self.tb.sources["comments"],)
        n = survey_metrics.comments(self.tb.comments, self.wave)
        tiles = (Tile(float("nan"), self.t("plan.no_actual"), self.t("chart.comments"),
                      self.t("notes.no_comments", wave=self.wave), "comments"),) if n is None \
            else (Tile(float(n), self.f.number(n), self.t("chart.comments"), code="comments"),)
        return TilesSection("comments", self.t("section.comments", wave=self.wave), tiles=tiles,
                            notes=self.notes(*src, wave=self.wave), sources=src)

    def suggestions_section(self) -> Section:
        """The themes respondents raise, ordered by how many comments raise each (when the
        edition has the comments and theme rules), with a few quotes, personal data removed."""
        from cspreport.metrics.themes import OTHER, compile_rules, themes_of
        from cspreport.privacy import redact

        texts = self.tb.comment_texts
        if texts is None or texts.empty or not self.tb.theme_rules:
            return self.list_section("suggestions", "section.suggestions",
                                     self.content.suggestion_themes)
        texts = texts[texts["wave"] == self.wave].sort_values("id", kind="stable")
        compiled = compile_rules(self.tb.theme_rules)
        labels = {t.code: self.text(t) for t in self.content.suggestion_themes}
        labels[OTHER] = self.t("themes.other")
        order = list(labels)
        found = {code: [] for code in order}
        for text in texts["text"]:
            for code in themes_of(text, compiled):
                found[code].append(text)
        least = self.p.min_respondents
        ranked = sorted((c for c in order if c != OTHER), key=lambda c: (-len(found[c]),
                                                                         order.index(c)))
        ranked.append(OTHER)
        categories, values, rows = [], [], []
        for code in ranked:
            n = len(found[code])
            hidden = 0 < n < least
            categories.append(labels[code] + (f" ({self.t('themes.suppressed', n=least)})"
                                              if hidden else ""))
            values.append(None if hidden else float(n))
            rows.append((labels[code], self.t("themes.suppressed", n=least) if hidden
                         else self.f.number(n)))
        marker = self.t("themes.removed")
        def examples(code: str) -> tuple[str, ...]:  # the three shortest distinct comments
            distinct = dict.fromkeys(redact(q, marker) for q in found[code])
            return tuple(sorted(distinct, key=lambda q: (len(q), q))[:3])

        quotes = tuple((labels[code], examples(code)) for code in ranked
                       if code != OTHER and len(found[code]) >= least)
        points = ", ".join(f"{c} {self.f.number(v) if v is not None else ''}".strip()
                           for c, v in zip(categories, values, strict=True))
        chart = Chart("bar", tuple(categories), (Series(self.t("chart.comments"),
                                                         tuple(values)),),
                      value_title=self.t("chart.comments"), category_title=self.t("themes.theme"),
                      alt=self.t("chart.alt_themes", wave=self.wave, points=points))
        src = (*self.table_sources(self.tb.comments[self.tb.comments["wave"] == self.wave]),
               self.tb.sources["themes"])
        quote_lines = [f"{label}: " + " | ".join(qs) for label, qs in quotes]
        notes = self.notes(*src, wave=self.wave, extra="\n".join(
            [self.t("themes.rule", n=self.f.number(len(texts))),
             self.t("themes.suppression", n=least), *quote_lines]))
        return ChartSection("suggestions", self.t("section.suggestions"), chart=chart,
                            detail=Table((self.t("themes.theme"), self.t("chart.comments")),
                                         tuple(rows), (False, True)),
                            quotes=quotes, notes=notes, sources=src)

    def cooperation_section(self) -> ListSection:
        c = self.content
        items = (*self.items(c.cooperation),
                 *(Item(self.text(link), url=link.url) for link in c.links))
        return ListSection("cooperation", self.t("section.cooperation"), items=items,
                           notes=self.notes(self.tb.sources["content"]),
                           sources=(self.tb.sources["content"],))

    def awards_section(self) -> ListSection:
        items = tuple(Item(self.text(a), badge=str(a.year))
                      for a in sorted(self.content.awards, key=lambda a: a.year))
        return ListSection("awards", self.t("section.awards"), items=items,
                           notes=self.notes(self.tb.sources["content"]),
                           sources=(self.tb.sources["content"],))


__all__ = [
    "MEASURE_BY_CODE", "Chart", "ChartSection", "Item", "ListSection", "Report", "Section",
    "Series", "Table", "TableSection", "Tile", "TilesSection", "TitleSection", "build_report",
    "load_report",
]
