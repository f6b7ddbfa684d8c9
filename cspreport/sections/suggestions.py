"""Sections of the last part: respondents' suggestions by theme, cooperation, awards and the
closing slide."""

from __future__ import annotations

import re

import pandas as pd
from babel.lists import format_list

from cspreport.metrics import theme_model
from cspreport.metrics.service import beyond_chance
from cspreport.metrics.themes import OTHER, mentions_and_other
from cspreport.privacy import MARKER
from cspreport.report import (
    Chart,
    ChartSection,
    Item,
    Key,
    ListSection,
    Section,
    Series,
    TitleSection,
)
from cspreport.sections.context import Context


def suggestions(ctx: Context, coded: pd.DataFrame | None, counts: pd.DataFrame | None,
                n_comments: int = 0, model: theme_model.Summary | None = None) -> Section:
    """The themes respondents raise, ordered by how many comments raise each (``counts``, from
    ``metrics.themes.counts_by_theme``: those too few to show marked ``suppressed``), with a
    few quotes from ``coded`` (one row per comment and theme; personal data already replaced
    by ``privacy.MARKER``, shown as the language's word). Without comments or theme rules:
    the themes as content.yaml lists them. ``model``: the theme model that coded beside the
    rules (how many coded comments it learnt from, its cross-validated figures), said in the
    notes' background."""
    if coded is None or counts is None or coded.empty:
        return ctx.list_section(Key.SUGGESTIONS, "section.suggestions",
                                ctx.content.suggestion_themes)
    labels = {t.code: ctx.text(t) for t in ctx.content.suggestion_themes}
    labels[OTHER] = ctx.t("themes.other")
    least = ctx.p.min_respondents
    categories, values = [], []
    for code, n, hidden in zip(counts["theme"], counts["comments"], counts["suppressed"],
                               strict=True):
        categories.append(labels[code] + (f" ({ctx.t('themes.suppressed', n=least)})"
                                          if hidden else ""))
        values.append(None if hidden else float(n))
    marker = ctx.t("themes.removed")

    used: set[str] = set()

    def examples(code: str) -> tuple[str, ...]:
        """The three shortest distinct comments of a theme not quoted under another: a
        comment raising two themes is quoted once."""
        texts = coded.loc[coded["theme"] == code, "text"]
        distinct = dict.fromkeys(q.replace(MARKER, marker) for q in texts)
        chosen: list[str] = []
        for q in sorted(distinct, key=lambda q: (len(q), q)):
            # nor a comment that holds one already quoted, or is held in one: no sentence twice
            if len(chosen) < 3 and not any(q in u or u in q for u in used):
                chosen.append(q)
                used.add(q)
        return tuple(chosen)

    quotes = tuple((labels[code], examples(code))
                   for code, n, hidden in zip(counts["theme"], counts["comments"],
                                              counts["suppressed"], strict=True)
                   if code != OTHER and n and not hidden)
    points = ", ".join(f"{c} {ctx.f.number(v) if v is not None else ''}".strip()
                       for c, v in zip(categories, values, strict=True))
    mentions, other = mentions_and_other(counts)
    chart = Chart("bar", tuple(categories), (Series(ctx.t("chart.comments"), tuple(values)),),
                  value_title=ctx.t("themes.axis", n=ctx.f.number(n_comments)),
                  category_title=ctx.t("themes.theme"),
                  alt=ctx.t("chart.alt_themes", wave=ctx.wave, points=points),
                  apart=tuple(i for i, code in enumerate(counts["theme"]) if code == OTHER))
    comments = ctx.tb.comments
    src = (*ctx.table_sources(comments[comments["wave"] == ctx.wave]), ctx.tb.sources["themes"])
    by = coded.drop_duplicates("id")["coded_by"].value_counts() if "coded_by" in coded \
        else {}
    if by.get("person", 0):
        src = (*src, ctx.tb.sources["coding"])
    if model is not None:
        src = (*src, ctx.tb.sources["training"])
    notes = ctx.notes(*src, wave=ctx.wave)
    added = int((coded["coded_by"] == "model").sum()) if "coded_by" in coded else 0
    measured = {} if model is None else {
        "size": ctx.f.number(model.size), "recall": ctx.f.percent(100 * model.recall),
        "precision": ctx.f.percent(100 * model.precision)}
    method = "\n".join(
        [ctx.t("themes.rule", n=ctx.f.number(n_comments)),
         # whether the model coded the counts shown, and how well it was measured to code
         ctx.t("themes.no_model") if model is None else
         ctx.t("themes.model_none", **measured) if not added else
         ctx.t.plural("themes.model", added, n_text=ctx.f.number(added), **measured),
         *([ctx.t("themes.coded", person=ctx.f.number(by.get("person", 0)),
                  rules=ctx.f.number(by.get("rules", 0) + by.get("model", 0)))]
           if by.get("person", 0) else []),
         ctx.t("themes.suppression", n=least)])
    # A total beside a suppressed count would give it away (total minus the counts shown):
    # then the caption says only what a comment may raise.
    hidden = bool(counts["suppressed"].any())
    none_raised = ctx.t.plural("themes.other_comments", other, n_text=ctx.f.number(other),
                               other=ctx.t("themes.other"))
    caption = " ".join(
        [ctx.t("themes.several") if hidden else
         ctx.t.plural("themes.mentions", mentions, n_text=ctx.f.number(mentions),
                      comments=ctx.t.plural("themes.in_comments", n_comments,
                                            n_text=ctx.f.number(n_comments))),
         *([] if hidden or not other else [none_raised])])
    themes_said = _say_themes(ctx, counts, labels)
    said = [themes_said,
            ctx.t.plural("survey.say_comments", n_comments, n_text=ctx.f.number(n_comments),
                         wave=ctx.wave),
            *([] if hidden or not other else [none_raised])]
    said = [x for x in said if x]
    return ChartSection(Key.SUGGESTIONS, ctx.t("section.suggestions"), chart=chart,
                        caption=caption, quotes=quotes, spoken="\n".join(said), notes=notes,
                        # the readers' text: the themes' message alone, since the count of
                        # comments stands right below it (the comments' section, folded in)
                        lead=themes_said or said[0],
                        method=method, sources=src)


def _say_themes(ctx: Context, counts: pd.DataFrame, labels: dict[str, str]) -> str:
    """The themes' message: the theme raised most often with its count; then, when the counts
    of all the other themes shown are within chance of each other (the largest and the
    smallest no further apart than ``metrics.service.beyond_chance``, the rule of the year's
    changes; the coding, rules or model, errs too), that they were raised about equally
    often, with the range of their counts, ranked by no one ("… pārējās 6 tēmas minētas
    līdzīgi bieži – no 17 līdz 22 komentāros"); else the next two with their counts. The
    themes named in quotation marks, as the slide labels them. Themes whose count is not
    shown (too few) and the comments raising none are left out; "" when no theme is left."""
    shown = [(code, int(n)) for code, n, hidden in zip(counts["theme"], counts["comments"],
                                                         counts["suppressed"], strict=True)
             if code != OTHER and not hidden and n]
    if not shown:
        return ""
    (code, n), rest = shown[0], shown[1:]

    def quoted(code: str) -> str:
        return ctx.t("themes.quoted", theme=labels[code])
    text = ctx.t.plural("themes.say_top", n, n_text=ctx.f.number(n), theme=quoted(code))
    high, low = (max(k for _, k in rest), min(k for _, k in rest)) if rest else (0, 0)
    if len(rest) > 1 and not beyond_chance(high, low):
        text += ctx.t.plural("themes.say_close" if low < high else "themes.say_same", high,
                             k=ctx.f.number(len(rest)), low=ctx.f.number(low),
                             high=ctx.f.number(high))
    elif rest:
        text += ctx.t("themes.say_next", themes=format_list(
            [ctx.t.plural("themes.with_n", k, n_text=ctx.f.number(k), theme=quoted(c))
             for c, k in rest[:2]], locale=ctx.f.locale))
    return text + "."


def cooperation(ctx: Context) -> ListSection:
    """The cooperation measures, and the links. When suggestion themes name the measure that
    answers them (content.yaml, ``measure:``), the first group pairs every theme with its
    measure, "what respondents asked → what we do", a theme without one said so ("no measure
    yet"), and the measures no theme names follow as a group of their own; the notes say
    which themes have a measure and which have none, never that every request is answered."""
    c = ctx.content
    asked = answered_by(c)
    by_code = {m.code: m for m in c.cooperation if m.code}
    rest = [m for m in c.cooperation if m.code not in asked]
    items: tuple[Item, ...] = ()
    said = []
    if asked:
        pairs_head = ctx.t("cooperation.pairs_heading")
        rest_head = ctx.t("cooperation.rest_heading")
        items = tuple(Item(ctx.t("cooperation.pair", themes=ctx.text(t),
                                 measure=ctx.text(by_code[t.measure]) if t.measure
                                 else ctx.t("cooperation.no_measure")), group=pairs_head)
                      for t in c.suggestion_themes)
        items += tuple(Item(ctx.text(m), group=rest_head) for m in rest)
        with_measure = [t for t in c.suggestion_themes if t.measure]
        without = [t for t in c.suggestion_themes if not t.measure]

        def quoted(themes) -> str:
            return format_list([ctx.t("cooperation.quoted", theme=ctx.text(t)) for t in themes],
                               locale=ctx.f.locale)
        said.append(ctx.t.plural("cooperation.say_answered", len(with_measure),
                                 of=len(c.suggestion_themes),
                                 themes=quoted(with_measure)))
        if without:
            said.append(ctx.t.plural("cooperation.say_without", len(without),
                                     themes=quoted(without)))
    else:
        items = ctx.items(rest)
    items += tuple(Item(ctx.text(link), url=link.url) for link in c.links)
    own = c.said.cooperation
    spoken = ctx.text(own) if own is not None else " ".join(said) or ctx.say_items(
        ctx.items(rest), Key.COOPERATION)
    src = ctx.tb.sources["content"]
    return ListSection(Key.COOPERATION, ctx.t("section.cooperation"), items=items,
                       notes=ctx.notes(src), spoken=spoken, sources=(src,))


def answered_by(content) -> dict[str, list]:
    """Measure code → the suggestion themes (content.yaml order) that name it as their
    answer; a measure no theme names is not there."""
    asked: dict[str, list] = {}
    for theme in content.suggestion_themes:
        if theme.measure:
            asked.setdefault(theme.measure, []).append(theme)
    return asked


# A second award named in the same line of content.yaml: "… līderis un «Uzņēmēju izvēle»".
_AND_QUOTED = re.compile(r",?\s+(?:un|and)\s+(?=[«“])")
_QUOTED = re.compile(r"[«“][^»”]+[»”]")


def _award_names(ctx: Context, text: str) -> list[str]:
    """The awards of a line of content.yaml, each on its own: without the programme's name
    the slide title already gives (so that "«Konsultē vispirms» «Uzņēmēju izvēle»" is not
    two names run together), a second award joined by "un"/"and" split off, each quoted."""
    programme = _QUOTED.search(ctx.t("section.awards"))
    # each name quoted as the title quotes the programme (« » or “ ”), as the notes quote them
    opening, closing = (programme.group(0)[0], programme.group(0)[-1]) if programme \
        else ("", "")
    names = []
    for name in _AND_QUOTED.split(text):
        if programme and name.startswith(programme.group(0)):
            name = name[len(programme.group(0)):].strip()
        if name:
            name = name[0].upper() + name[1:] if name[0].islower() else name
            names.append(name if _QUOTED.fullmatch(name) else f"{opening}{name}{closing}")
    return names or [text]


def awards(ctx: Context) -> ListSection:
    items = tuple(Item(name, badge=str(a.year))
                  for a in sorted(ctx.content.awards, key=lambda a: a.year)
                  for name in _award_names(ctx, ctx.text(a)))
    src = ctx.tb.sources["content"]
    return ListSection(Key.AWARDS, ctx.t("section.awards"), items=items,
                       notes=ctx.notes(src), spoken=ctx.say(Key.AWARDS, items),
                       sources=(src,))


def closing(ctx: Context) -> TitleSection:
    """Thanks and questions, and the contacts content.yaml gives."""
    contacts = tuple(f"{ctx.text(c)}: {c.value}" for c in ctx.content.contacts)
    # the contacts are on the slide: said as "later too", read out they would be an address
    said = ctx.t("closing.say") + (" " + ctx.t("closing.say_contacts") if contacts else "")
    return TitleSection(Key.CLOSING, ctx.t("section.closing"),
                        subtitle=ctx.t("section.closing_sub"), lines=contacts, spoken=said,
                        notes="\n".join(contacts))
