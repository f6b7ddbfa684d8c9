"""Lay out a report model as a PowerPoint deck.

One slide per section, in the model's order (more when a long list or table continues on a
second slide). The section's type chooses the slide role, and the template's mapping the
layout and placeholders of that role (``template.py``). Content is drawn in the role's content
area: a body placeholder's rectangle when the mapping names one, else the space below the
title. Charts are native PowerPoint charts whose data travels inside the file, so management
can edit them. Text sizes are fitted with ``cspreport.render.textfit``: nothing overflows.

Accessibility: every slide has a title in its title placeholder; every chart and table has
alt text (python-pptx has no API for it: it is the ``descr`` attribute of ``cNvPr``); text
runs carry the report language for spell-check; colours meet 4.5:1 contrast and no chart
relies on colour alone (values are labelled, an earlier year is hatched).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_PATTERN
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from cspreport.i18n import LANGUAGE_TAGS, Formatter
from cspreport.render import style
from cspreport.render.pptx.template import Template, load_template
from cspreport.render.textfit import fit_size, fits, text_height_in
from cspreport.report import (
    Chart,
    ChartSection,
    ChartsSection,
    Item,
    ListSection,
    Report,
    Section,
    Table,
    TableSection,
    TilesSection,
    TitleSection,
)

GAP = 0.25  # between cards, tiles and blocks (in)
PAD = 0.12  # text inset inside cards (in)
LONG_ITEM = 95  # characters: longer list items are set as bullets, not cards
MAX_CARDS = 12  # more list items than this continue on another slide
MIN_PT = 12  # no text smaller than this: split over slides instead


@dataclass(frozen=True)
class Area:
    """A rectangle on the slide, in inches."""

    x: float
    y: float
    w: float
    h: float


def render_deck(report: Report, path: Path | str | None = None, provenance: str = "",
                when: dt.datetime | None = None, template: Template | None = None,
                brand: str | None = None):
    """Build the deck of ``report``; save it to ``path`` when given. Returns the Presentation.

    ``provenance`` (one line: code version, input hash, commit) goes into the document
    properties and the title slide's notes; ``when`` is the date stamped into the document
    (fixed, so that the same report gives the same bytes); ``template`` defaults to the
    built-in one; ``brand`` replaces the brand colour (titles, values, first series)."""
    deck = _Deck(report, template or load_template(brand=brand), provenance,
                 when or dt.datetime(report.edition, 12, 31, 12), brand or style.BRAND)
    for section in report.sections:
        deck.add(section)
    if path is not None:
        deck.prs.save(str(path))
    return deck.prs


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour)


def _inches(emu) -> float:
    return Emu(emu).inches


class _Deck:
    def __init__(self, report: Report, template: Template, provenance: str, when: dt.datetime,
                 brand: str):
        self.report, self.tpl, self.provenance, self.brand = report, template, provenance, brand
        self.prs = template.prs
        self.lang_tag = LANGUAGE_TAGS[report.lang]
        self.fmt = Formatter(report.lang)
        self.slide_w = _inches(self.prs.slide_width)
        self.slide_h = _inches(self.prs.slide_height)
        props = self.prs.core_properties
        props.title = f"{report.title} {report.edition}"
        props.subject = report.period_text
        props.language = self.lang_tag
        props.author = props.last_modified_by = "cspreport"
        props.revision = 1
        props.created = props.modified = props.last_printed = when
        props.comments = provenance
        props.keywords = ""

    # ------------------------------------------------------------------ text helpers
    def _para(self, paragraph, text: str, size: float, *, bold: bool = False,
              colour: str = style.TEXT, align=None, url: str | None = None) -> None:
        run = paragraph.add_run()
        run.text = text
        font = run.font
        font.size, font.bold, font.name = Pt(size), bold, style.FONT
        font.color.rgb = _rgb(colour)
        run.font._rPr.set("lang", self.lang_tag)  # proofing language for spell-check
        if url:
            run.hyperlink.address = url
        if align is not None:
            paragraph.alignment = align

    def _fill_frame(self, frame, lines, *, anchor=MSO_ANCHOR.TOP, align=None):
        """``lines``: (text, size, bold, colour) or (text, size, bold, colour, url)."""
        frame.clear()
        frame.word_wrap = True
        frame.auto_size = None
        frame.vertical_anchor = anchor
        frame.margin_left = frame.margin_right = Inches(PAD)
        frame.margin_top = frame.margin_bottom = Inches(PAD / 2)
        for i, (text, size, bold, colour, *url) in enumerate(lines):
            p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            self._para(p, text, size, bold=bold, colour=colour, align=align,
                       url=url[0] if url else None)

    def _textbox(self, slide, area: Area, lines, *, anchor=MSO_ANCHOR.TOP, align=None):
        box = slide.shapes.add_textbox(Inches(area.x), Inches(area.y), Inches(area.w),
                                       Inches(area.h))
        self._fill_frame(box.text_frame, lines, anchor=anchor, align=align)
        return box

    def _notes(self, slide, section: Section) -> None:
        text = section.notes
        if section.key == "title" and self.provenance:
            text = "\n".join(filter(None, (text, self.provenance)))
        if text:
            slide.notes_slide.notes_text_frame.text = text

    @staticmethod
    def _alt(graphic_frame, text: str) -> None:
        graphic_frame._element.xpath("./*[1]/p:cNvPr")[0].set("descr", text)

    @staticmethod
    def _plain(shape, fill: str, line: str | None = None) -> None:
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(fill)
        if line:
            shape.line.color.rgb = _rgb(line)
            shape.line.width = Pt(0.75)
        else:
            shape.line.fill.background()
        shape.shadow.inherit = False

    def _placeholder(self, slide, role: str, what: str):
        """The slide's placeholder that the role's layout names ``what`` (a new slide's
        placeholders are renamed by PowerPoint's rules, so they are matched by index)."""
        name = getattr(self.tpl.roles[role], what)
        layout_ph = next(ph for ph in slide.slide_layout.placeholders if ph.name == name)
        return slide.placeholders[layout_ph.placeholder_format.idx]

    # ------------------------------------------------------------------ slides
    def _content_slide(self, section: Section, role: str, title: str | None = None
                       ) -> tuple[object, Area]:
        """A slide of ``role`` with its title set; returns it and its content area."""
        slide = self.prs.slides.add_slide(self.tpl.layout(role))
        heading = self._placeholder(slide, role, "title")
        text = title or section.title
        width = _inches(heading.width) - 2 * PAD
        size = fit_size(text, width, _inches(heading.height) - 0.1, 30, 18, bold=True)
        self._fill_frame(heading.text_frame, [(text, size, True, self.brand)],
                         anchor=MSO_ANCHOR.MIDDLE, align=PP_ALIGN.LEFT)
        area = self._area(slide, role, heading)
        if self.tpl.footer:
            rule = slide.shapes.add_shape(
                MSO_SHAPE.RECTANGLE, heading.left,
                heading.top + heading.height + Inches(0.02), Inches(1.6), Inches(0.06))
            self._plain(rule, style.ACCENT)
            self._footer(slide)
        self._notes(slide, section)
        return slide, area

    def _area(self, slide, role: str, heading) -> Area:
        body = self.tpl.roles[role].body
        if body is not None:
            ph = self._placeholder(slide, role, "body")
            area = Area(_inches(ph.left), _inches(ph.top), _inches(ph.width),
                        _inches(ph.height))
            ph._element.getparent().remove(ph._element)  # no empty "click to add text"
            return area
        top = _inches(heading.top + heading.height) + 0.3
        bottom = self.slide_h - (0.65 if self.tpl.footer else 0.4)
        return Area(_inches(heading.left), top, _inches(heading.width), bottom - top)

    def _footer(self, slide) -> None:
        number = len(self.prs.slides)
        y = self.slide_h - 0.5
        self._textbox(slide, Area(0.6, y, 8, 0.35),
                      [(f"{self.report.title} {self.report.edition}", 11, False, style.MUTED)])
        self._textbox(slide, Area(self.slide_w - 1.6, y, 1.0, 0.35),
                      [(str(number), 11, False, style.MUTED)], align=PP_ALIGN.RIGHT)

    def add(self, section: Section) -> None:
        if isinstance(section, TitleSection):
            self.title_slide(section)
        elif isinstance(section, ListSection):
            self.list_slides(section)
        elif isinstance(section, TilesSection):
            self.tiles_slide(section)
        elif isinstance(section, TableSection):
            self.table_slides(section)
        elif isinstance(section, ChartSection):
            self.chart_slide(section)
        elif isinstance(section, ChartsSection):
            self.charts_slide(section)
        else:  # pragma: no cover - a new section type must get a layout
            raise TypeError(f"no slide layout for {type(section).__name__}")

    @staticmethod
    def _continued(title: str, i: int, n: int) -> str:
        return title if n == 1 else f"{title} ({i}/{n})"

    # ------------------------------------------------------------------ roles
    def title_slide(self, section: TitleSection) -> None:
        role = "title" if section.key == "title" else "closing"
        slide = self.prs.slides.add_slide(self.tpl.layout(role))
        if self.tpl.footer:
            band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, self.prs.slide_width,
                                          Inches(0.35))
            self._plain(band, self.brand)
        title = self._placeholder(slide, role, "title")
        size = fit_size(section.title, _inches(title.width) - 2 * PAD,
                        _inches(title.height) - 0.1, 54, 24, bold=True)
        self._fill_frame(title.text_frame, [(section.title, size, True, self.brand)],
                         anchor=MSO_ANCHOR.BOTTOM, align=PP_ALIGN.LEFT)
        subtitle = self._placeholder(slide, role, "subtitle")
        lines = [section.subtitle, *section.lines]
        width, height = _inches(subtitle.width) - 2 * PAD, _inches(subtitle.height) - 0.1
        size = fit_size("\n".join(lines), width, height, 24, MIN_PT)
        self._fill_frame(subtitle.text_frame,
                         [(section.subtitle, size, False, style.TEXT)]
                         + [(line, max(size - 4, MIN_PT), False, style.MUTED)
                            for line in section.lines],
                         anchor=MSO_ANCHOR.TOP, align=PP_ALIGN.LEFT)
        self._notes(slide, section)

    def list_slides(self, section: ListSection) -> None:
        cards = [i for i in section.items if not i.url]
        links = [i for i in section.items if i.url]
        if max((len(i.text) for i in section.items), default=0) > LONG_ITEM:
            pages = self._bullet_pages(section)
            for n, page in enumerate(pages, start=1):
                slide, area = self._content_slide(
                    section, "list", self._continued(section.title, n, len(pages)))
                self._bullets(slide, area, page)
            return
        pages = [cards[i:i + MAX_CARDS] for i in range(0, len(cards), MAX_CARDS)] or [[]]
        for n, page in enumerate(pages, start=1):
            slide, area = self._content_slide(
                section, "list", self._continued(section.title, n, len(pages)))
            if n == len(pages) and links:
                link_h = 0.45 * len(links)
                y = area.y + area.h - link_h
                for link in links:
                    self._textbox(slide, Area(area.x, y, area.w, 0.42),
                                  [(f"{link.text}: {link.url}", 16, False, self.brand,
                                    link.url)])
                    y += 0.45
                area = replace(area, h=area.h - link_h - GAP)
            self._cards(slide, area, page)

    def _cards(self, slide, area: Area, cards: list[Item]) -> None:
        n = len(cards)
        if not n:
            return
        cols = n if n <= 3 else (3 if n in (5, 6, 9) else 4)
        rows = math.ceil(n / cols)
        w = (area.w - GAP * (cols - 1)) / cols
        h = min((area.h - GAP * (rows - 1)) / rows, 2.2)
        y0 = area.y + (area.h - (h * rows + GAP * (rows - 1))) / 2
        badge_pt = 32
        text_h = h - PAD - (badge_pt * 1.25 / 72 if any(c.badge for c in cards) else 0)
        size = min(fit_size(c.text, w - 2 * PAD, text_h, 24, MIN_PT) for c in cards)
        for i, card in enumerate(cards):
            r, c = divmod(i, cols)
            in_row = min(cols, n - r * cols)  # centre a short last row
            x = area.x + c * (w + GAP) + (cols - in_row) * (w + GAP) / 2
            shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Inches(x),
                                           Inches(y0 + r * (h + GAP)), Inches(w), Inches(h))
            shape.adjustments[0] = 0.08
            self._plain(shape, style.CARD, style.CARD_LINE)
            lines = [(card.badge, badge_pt, True, self.brand)] if card.badge else []
            lines.append((card.text, size, False, style.TEXT))
            self._fill_frame(shape.text_frame, lines, anchor=MSO_ANCHOR.MIDDLE,
                             align=PP_ALIGN.CENTER)

    def _bullet_lines(self, items) -> list[str]:
        return [f"• {i.badge + ' – ' if i.badge else ''}{i.text}" for i in items]

    def _bullet_pages(self, section: ListSection) -> list[list[Item]]:
        """Items per slide such that each slide's bullets fit at 16 pt or more."""
        area = self._probe_area("list")
        pages, page = [], []
        for item in section.items:
            trial = [*page, item]
            text = "\n".join(self._bullet_lines(trial))
            if page and not fits(text, area.w - 2 * PAD, area.h - 0.25 * len(trial), 16):
                pages.append(page)
                trial = [item]
            page = trial
        return [*pages, page]

    def _probe_area(self, role: str) -> Area:
        """The content area a slide of ``role`` would have (measured on a throwaway slide)."""
        slide = self.prs.slides.add_slide(self.tpl.layout(role))
        area = self._area(slide, role, self._placeholder(slide, role, "title"))
        ids = self.prs.slides._sldIdLst
        self.prs.part.drop_rel(ids[-1].rId)
        ids.remove(ids[-1])
        return area

    def _bullets(self, slide, area: Area, items: list[Item]) -> None:
        lines = self._bullet_lines(items)
        size = fit_size("\n".join(lines), area.w - 2 * PAD, area.h - 0.25 * len(lines), 26,
                        MIN_PT)
        box = self._textbox(slide, area, [(line, size, False, style.TEXT, item.url)
                                          for line, item in zip(lines, items, strict=True)])
        for p in box.text_frame.paragraphs:
            p.space_after = Pt(size * 0.6)

    def tiles_slide(self, section: TilesSection) -> None:
        slide, area = self._content_slide(section, "kpi")
        n = len(section.tiles)
        if not n:
            return
        cols = min(n, 4)
        rows = math.ceil(n / cols)
        w = (area.w - GAP * (cols - 1)) / cols if n > 1 else min(5.0, area.w)
        h = min((area.h - GAP * (rows - 1)) / rows, 2.4)
        y0 = area.y + (area.h - (h * rows + GAP * (rows - 1))) / 2
        with_previous = any(t.previous_text for t in section.tiles)
        value_pt = (34 if with_previous else 40) if n > 1 else 72
        inner = w - 2 * PAD
        label_size = 18
        for size in range(18, MIN_PT - 1, -1):  # the largest label size at which every tile fits
            label_size = size
            if all(fits(_tile_text(t), inner, h - PAD - value_pt * 1.2 / 72, size)
                   for t in section.tiles):
                break
        for i, tile in enumerate(section.tiles):
            r, c = divmod(i, cols)
            x = area.x + c * (w + GAP) if n > 1 else area.x + (area.w - w) / 2
            shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Inches(x),
                                           Inches(y0 + r * (h + GAP)), Inches(w), Inches(h))
            shape.adjustments[0] = 0.08
            self._plain(shape, style.CARD, style.CARD_LINE)
            lines = [(tile.value_text, value_pt, True, self.brand),
                     (tile.label, label_size, False, style.TEXT)]
            if tile.note:
                lines.append((f"({tile.note})", max(label_size - 3, MIN_PT), False,
                              style.MUTED))
            if tile.previous_text:
                lines.append((tile.previous_text, max(label_size - 2, MIN_PT), False,
                              style.MUTED))
            self._fill_frame(shape.text_frame, lines, anchor=MSO_ANCHOR.MIDDLE,
                             align=PP_ALIGN.CENTER)

    def table_slides(self, section: TableSection) -> None:
        """A table, continued over as many slides as its rows need at 14 pt or more."""
        area = self._probe_area("table")
        widths = _column_widths(section.table, area.w)
        pages = _table_pages(section.table, widths, area.h, min_pt=14)
        for n, rows in enumerate(pages, start=1):
            slide, area = self._content_slide(
                section, "table", self._continued(section.title, n, len(pages)))
            part = Table(section.table.columns, rows, section.table.numeric)
            self._table(slide, part, Area(area.x, area.y, area.w, area.h), widths,
                        max_pt=20, alt=section.title)

    def _table(self, slide, table: Table, area: Area, widths: list[float], max_pt: float = 18,
               alt: str = ""):
        rows_text = (table.columns, *table.rows)
        for size in range(int(max_pt), MIN_PT - 1, -1):
            heights = [_row_height(row, widths, size, bold=(i == 0))
                       for i, row in enumerate(rows_text)]
            if sum(heights) <= area.h:
                break
        else:
            raise ValueError(f"table does not fit on a slide: {table.columns}")
        shape = slide.shapes.add_table(len(rows_text), len(widths), Inches(area.x),
                                       Inches(area.y), Inches(sum(widths)),
                                       Inches(sum(heights)))
        grid = shape.table
        grid.first_row = True
        for j, w in enumerate(widths):
            grid.columns[j].width = Inches(w)
        numeric = table.numeric or (False,) * len(widths)
        for i, row in enumerate(rows_text):
            grid.rows[i].height = Inches(heights[i])
            for j, text in enumerate(row):
                cell = grid.cell(i, j)
                cell.fill.solid()
                if i == 0:
                    cell.fill.fore_color.rgb = _rgb(self.brand)
                    colour, bold = style.WHITE, True
                else:
                    cell.fill.fore_color.rgb = _rgb(style.CARD if i % 2 else style.WHITE)
                    colour, bold = style.TEXT, False
                cell.vertical_anchor = MSO_ANCHOR.MIDDLE
                cell.margin_left = cell.margin_right = Inches(PAD)
                frame = cell.text_frame
                frame.clear()
                frame.word_wrap = True
                align = PP_ALIGN.RIGHT if numeric[j] and i > 0 else PP_ALIGN.LEFT
                self._para(frame.paragraphs[0], text, size, bold=bold, colour=colour,
                           align=align)
        self._alt(shape, alt)
        return shape

    def chart_slide(self, section: ChartSection) -> None:
        role = "chart_table" if section.table is not None else "chart"
        slide, area = self._content_slide(section, role)
        if section.caption:  # one line at the foot of the content area, e.g. what ▲▼ mean
            size = fit_size(section.caption, area.w - 2 * PAD, 0.4, 14, MIN_PT)
            self._textbox(slide, Area(area.x, area.y + area.h - 0.45, area.w, 0.45),
                          [(section.caption, size, False, style.MUTED)])
            area = replace(area, h=area.h - 0.5)
        if section.table is not None:
            table_w = min(5.6, area.w * 0.45)
            chart_w = area.w - table_w - GAP
            widths = _column_widths(section.table, table_w, first_share=0.40)
            table_h = min(area.h, 0.55 * (len(section.table.rows) + 1) + 0.6)
            self._table(slide, section.table,
                        Area(area.x + chart_w + GAP, area.y + (area.h - table_h) / 2, table_w,
                             table_h), widths, max_pt=16, alt=section.title)
        else:
            chart_w = area.w
        self._chart(slide, section.chart, Area(area.x, area.y, chart_w, area.h))

    def charts_slide(self, section: ChartsSection) -> None:
        """Small multiples: a grid of native charts, each titled."""
        slide, area = self._content_slide(section, "charts")
        n = len(section.charts)
        cols = 3 if n > 4 else min(n, 2)
        rows = math.ceil(n / cols)
        w = (area.w - GAP * (cols - 1)) / cols
        h = (area.h - GAP * (rows - 1)) / rows
        for i, chart in enumerate(section.charts):
            r, c = divmod(i, cols)
            self._chart(slide, chart, Area(area.x + c * (w + GAP), area.y + r * (h + GAP), w, h),
                        small=True)

    def _chart(self, slide, chart: Chart, area: Area, small: bool = False) -> None:
        number_format = self.fmt.chart_number_format(chart.decimals, chart.percent)
        data = CategoryChartData(number_format=number_format)
        data.categories = list(chart.categories)
        for s in chart.series:
            data.add_series(s.name, list(s.values))
        kind = {"column": XL_CHART_TYPE.COLUMN_CLUSTERED, "bar": XL_CHART_TYPE.BAR_CLUSTERED,
                "stacked_bar_100": XL_CHART_TYPE.BAR_STACKED_100}[chart.kind]
        frame = slide.shapes.add_chart(kind, Inches(area.x), Inches(area.y), Inches(area.w),
                                       Inches(area.h), data)
        self._alt(frame, chart.alt)
        ch = frame.chart
        ch.font.size, ch.font.name = Pt(11 if small else 14), style.FONT
        ch.font.color.rgb = _rgb(style.TEXT)
        if small:
            self._small_chart(ch, chart, number_format)
            return
        ch.has_title = False
        _legend(ch, len(chart.series), 14)
        plot = ch.plots[0]
        plot.gap_width = 60
        if chart.kind == "stacked_bar_100":
            plot.overlap = 100
        elif len(chart.series) > 1:
            plot.overlap = -10
        value_axis, category_axis = ch.value_axis, ch.category_axis
        value_axis.has_major_gridlines = False
        value_axis.visible = False  # every bar is labelled; the axis would only repeat it
        if chart.percent and chart.kind != "stacked_bar_100":
            value_axis.maximum_scale, value_axis.minimum_scale = 100, 0
        category_axis.tick_labels.font.size = Pt(16)
        category_axis.format.line.color.rgb = _rgb(style.MUTED)
        if chart.kind in ("bar", "stacked_bar_100"):
            category_axis.reverse_order = True  # first category on top, as read
        for i, series in enumerate(plot.series):
            fill = self.brand if len(chart.series) == 1 else style.SERIES[i % len(style.SERIES)]
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = _rgb(fill)
            labels = series.data_labels
            labels.show_value = True
            labels.number_format, labels.number_format_is_linked = number_format, False
            labels.font.size = Pt(14 if chart.kind == "stacked_bar_100" else 16)
            labels.font.bold = True
            if chart.kind == "stacked_bar_100":
                labels.position = XL_LABEL_POSITION.CENTER
                labels.font.color.rgb = _rgb(style.label_colour(fill))
            else:
                labels.position = XL_LABEL_POSITION.OUTSIDE_END
                labels.font.color.rgb = _rgb(style.TEXT)
        _hide_small_labels(plot, chart)

    def _small_chart(self, ch, chart: Chart, number_format: str) -> None:
        """One of several charts on a slide: titled, a light value axis instead of labels on
        every bar; an earlier year is hatched so that the years differ without colour."""
        ch.has_title = True
        ch.chart_title.text_frame.text = chart.value_title
        title_font = ch.chart_title.text_frame.paragraphs[0].runs[0].font
        title_font.size, title_font.bold = Pt(13), True
        title_font.color.rgb = _rgb(self.brand)
        _legend(ch, len(chart.series), 10)
        plot = ch.plots[0]
        plot.gap_width, plot.overlap = 40, 0
        axis = ch.value_axis
        axis.has_major_gridlines = True
        axis.major_gridlines.format.line.color.rgb = _rgb(style.CARD_LINE)
        axis.format.line.fill.background()
        axis.tick_labels.font.size = Pt(10)
        axis.tick_labels.number_format = number_format
        axis.tick_labels.number_format_is_linked = False
        ch.category_axis.tick_labels.font.size = Pt(10)
        last = len(chart.series) - 1
        for i, series in enumerate(plot.series):
            fill = series.format.fill
            if i == last:
                fill.solid()
                fill.fore_color.rgb = _rgb(self.brand)
            else:
                fill.patterned()
                fill.pattern = MSO_PATTERN.WIDE_UPWARD_DIAGONAL
                fill.fore_color.rgb = _rgb(style.SERIES[1])
                fill.back_color.rgb = _rgb(style.WHITE)
                series.format.line.color.rgb = _rgb(style.SERIES[1])


def _legend(ch, n_series: int, size: float) -> None:
    """A legend under the plot, only when there is more than one series to tell apart."""
    ch.has_legend = n_series > 1
    if ch.has_legend:
        ch.legend.position = XL_LEGEND_POSITION.BOTTOM
        ch.legend.include_in_layout = False
        ch.legend.font.size = Pt(size)


def _tile_text(tile) -> str:
    lines = [tile.label]
    if tile.note:
        lines.append(f"({tile.note})")
    if tile.previous_text:
        lines.append(tile.previous_text)
    return "\n".join(lines)


def _hide_small_labels(plot, chart: Chart) -> None:
    """A segment under SMALL_SEGMENT % has no room for its label (the table beside the chart
    gives it); delete those labels one by one."""
    if chart.kind != "stacked_bar_100":
        return
    for series, model_series in zip(plot.series, chart.series, strict=True):
        for idx, value in enumerate(model_series.values):
            if value < style.SMALL_SEGMENT:
                dlbls = series._element.get_or_add_dLbls()
                dlbl = etree.SubElement(dlbls, qn("c:dLbl"))
                etree.SubElement(dlbl, qn("c:idx")).set("val", str(idx))
                etree.SubElement(dlbl, qn("c:delete")).set("val", "1")
                dlbls.insert(0, dlbl)


def _column_widths(table: Table, total: float, first_share: float | None = None) -> list[float]:
    """Give the first (text) column what the narrow columns leave over."""
    n = len(table.columns)
    if first_share is None:
        rest = [max(1.4, 0.16 * max(len(r[j]) for r in (table.columns, *table.rows)) + 0.4)
                for j in range(1, n)]
        return [total - sum(rest), *rest]
    first = total * first_share
    return [first, *[(total - first) / (n - 1)] * (n - 1)]


def _row_height(row, widths, size, bold=False) -> float:
    return max(text_height_in(text, w - 2 * PAD - 0.05, size, bold) + 0.16
               for text, w in zip(row, widths, strict=True))


def _table_pages(table: Table, widths: list[float], height: float, min_pt: float
                 ) -> list[tuple]:
    """Rows per slide such that each slide, header included, fits at ``min_pt``."""
    header = _row_height(table.columns, widths, min_pt, bold=True)
    pages, page, used = [], [], header
    for row in table.rows:
        h = _row_height(row, widths, min_pt)
        if page and used + h > height:
            pages.append(tuple(page))
            page, used = [], header
        page.append(row)
        used += h
    return [*pages, tuple(page)]
