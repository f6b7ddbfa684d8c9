"""What a section builder writes with in one language: catalogue, number style, sources."""

from __future__ import annotations

from cspreport.i18n import Catalogue, Formatter
from cspreport.report import Item, ListSection
from cspreport.sources.tidy import SourceRef


class Context:
    def __init__(self, edition, lang: str):
        self.edition, self.lang = edition, lang
        self.p, self.tb, self.wave = edition.params, edition.tables, edition.wave
        self.content = self.tb.content
        self.t, self.f = Catalogue(lang), Formatter(lang)
        self.period_text = self.f.period(self.p.period_start, self.p.period_end)

    def text(self, t) -> str:
        """A text of content.yaml in this language, with the language's quotation marks
        (« » in Latvian, “ ” in English) whichever the file used: one style on every slide."""
        marks = {"lv": {"“": "«", "”": "»", "„": "«"}, "en": {"«": "“", "»": "”"}}
        return t(self.lang).translate(str.maketrans(marks.get(self.lang, {})))

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
        """A source as people name it, never as a file: the system an export comes from
        (exports.yaml's ``system``) or what the export holds; a sheet of the edition's
        workbook; the edition's texts, theme rules or coding."""
        if ref.kind == "export":
            what = self.t(f"source.{ref.holds}")
            system = ref.system_in(self.t.lang)  # a Latvian name is not an English one
            return self.t("source.export_of", what=what, system=system) if system \
                else self.t("source.export", what=what)
        if ref.kind == "workbook":
            return self.t("source.workbook_sheet", sheet=ref.sheet)
        return self.t({"texts": "source.content", "themes": "source.themes",
                       "coding": "source.coding"}[ref.kind])

    def items(self, texts) -> tuple[Item, ...]:
        return tuple(Item(self.text(x)) for x in texts)

    def list_section(self, key: str, title_key: str, texts, **kw) -> ListSection:
        """A slide of points; its notes are what content.yaml's ``said`` gives for it, else
        the points said in order."""
        src = self.tb.sources["content"]
        items = self.items(texts)
        return ListSection(key, self.t(title_key), notes=self.notes(src),
                           spoken=self.say(key, items), sources=(src,), items=items, **kw)

    def say(self, key: str, items) -> str:
        """What a presenter says of a slide of points: the edition's own words for it
        (content.yaml, ``said: {key: …}``), else the points led into by one sentence."""
        own = getattr(self.content.said, key, None)
        return self.text(own) if own is not None else self.say_items(items, key)

    def say_items(self, items, key: str) -> str:
        """What a presenter says of a slide of points: one sentence that leads into them
        (``notes.lead.<key>``), then the points in order, as the language lists them; a point
        with a badge (a year) is said with it."""
        from babel.lists import format_list

        said = [self.t("notes.badged", badge=i.badge, text=within_sentence(i.text)) if i.badge
                else within_sentence(i.text) for i in items]
        if any(i.badge for i in items):  # "in 2018, …; in 2019, …": the years keep them apart
            return self.t(f"notes.lead.{key}", items="; ".join(said))
        return self.t(f"notes.lead.{key}", items=format_list(said, locale=self.f.locale))

    @staticmethod
    def table_sources(table) -> tuple[SourceRef, ...]:
        """The files a merged survey table's rows came from, in wave order."""
        return tuple(dict.fromkeys(table["source"]))

    def pct(self, share: float, decimals: int = 0) -> str:
        return self.f.percent(100 * share, decimals)

    def interval(self, s) -> str:
        return f"{self.f.number(100 * s.low, 1)}–{self.f.number(100 * s.high, 1)}%"

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


def within_sentence(text: str) -> str:
    """A point, title or name said within a sentence: "Atbalsta funkciju centralizācija" →
    "atbalsta …", but "EDV …", "CSP …" and a quoted name stay as they are."""
    return text[0].lower() + text[1:] if text[1:2].islower() else text
