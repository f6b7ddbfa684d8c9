"""Lay out a report model as a PowerPoint deck.

One slide per section, in the model's order; the section's type chooses the slide role (title,
cards, KPI tiles, table, chart, chart + table). Charts are native PowerPoint charts whose data
travels inside the file, so management can edit them. Text sizes are fitted with
``cspreport.render.textfit`` so that nothing overflows its shape.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_PATTERN
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from cspreport.i18n import LANGUAGE_TAGS, Formatter
from cspreport.model import (
    Chart,
    ChartSection,
    ChartsSection,
    ListSection,
    Report,
    Section,
    Table,
    TableSection,
    TilesSection,
    TitleSection,
)
from cspreport.render import style
from cspreport.render.pptx import template as tpl
from cspreport.render.textfit import fit_size, text_height_in

CONTENT_W = 13.333 - 2 * tpl.MARGIN_X
CONTENT_H = tpl.CONTENT_BOTTOM - tpl.CONTENT_TOP
GAP = 0.25  # between cards, tiles and blocks (in)
PAD = 0.12  # text inset inside cards (in)
LONG_ITEM = 95  # characters: longer list items are set as bullets, not cards


def render_deck(report: Report, path: Path | str | None = None, provenance: str = "",
                when: dt.datetime | None = None):
    """Build the deck of ``report``; save it to ``path`` when given. Returns the Presentation.

    ``provenance`` (one line: code version, input hash, commit) goes into the document
    properties and the title slide's notes; ``when`` is the date stamped into the document
    (fixed, so that the same report gives the same bytes)."""
    deck = _Deck(report, provenance, when or dt.datetime(report.edition, 12, 31, 12))
    for section in report.sections:
        deck.add(section)
    if path is not None:
        deck.prs.save(str(path))
    return deck.prs


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour)


class _Deck:
    def __init__(self, report: Report, provenance: str, when: dt.datetime):
        self.report = report
        self.provenance = provenance
        self.lang_tag = LANGUAGE_TAGS[report.lang]
        self.fmt = Formatter(report.lang)
        self.prs = tpl.default_presentation()
        props = self.prs.core_properties
        props.title = f"{report.title} {report.edition}"
        props.subject = report.period_text
        props.language = self.lang_tag
        props.author = "cspreport"
        props.last_modified_by = "cspreport"
        props.revision = 1
        props.created = props.modified = props.last_printed = when
        props.comments = provenance
        props.identifier = provenance.split("sha256 ")[-1].split(";")[0] if provenance else ""

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

    def _textbox(self, slide, x, y, w, h, lines, *, anchor=MSO_ANCHOR.TOP, align=None):
        """A text box; ``lines`` are (text, size, bold, colour) tuples, one paragraph each."""
        box = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
        self._fill_frame(box.text_frame, lines, anchor=anchor, align=align)
        return box

    def _fill_frame(self, frame, lines, *, anchor=MSO_ANCHOR.TOP, align=None, url=None):
        frame.word_wrap = True
        frame.auto_size = None
        frame.vertical_anchor = anchor
        for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
            setattr(frame, side, Inches(PAD / 2 if "top" in side or "bottom" in side else PAD))
        for i, (text, size, bold, colour) in enumerate(lines):
            p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            self._para(p, text, size, bold=bold, colour=colour, align=align, url=url)

    def _notes(self, slide, section: Section) -> None:
        text = section.notes
        if section.key == "title" and self.provenance:
            text = "\n".join(filter(None, (text, self.provenance)))
        if text:
            slide.notes_slide.notes_text_frame.text = text

    def _alt(self, graphic_frame, text: str) -> None:
        # python-pptx has no API for alt text: it is the descr attribute of cNvPr.
        graphic_frame._element.xpath("./*[1]/p:cNvPr")[0].set("descr", text)

    def _title(self, slide, text: str, size: float = 30) -> None:
        shape = slide.shapes.title
        size = fit_size(text, CONTENT_W - 2 * PAD, tpl.TITLE_H - 0.1, size, 20, bold=True)
        frame = shape.text_frame
        frame.clear()
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        self._para(frame.paragraphs[0], text, size, bold=True, colour=style.BRAND,
                   align=PP_ALIGN.LEFT)

    def _content_slide(self, section: Section):
        slide = self.prs.slides.add_slide(tpl.layout(self.prs, "content"))
        self._title(slide, section.title)
        rule = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(tpl.MARGIN_X),
                                      Inches(tpl.TITLE_TOP + tpl.TITLE_H + 0.02),
                                      Inches(1.6), Inches(0.06))
        self._plain(rule, style.ACCENT)
        self._footer(slide)
        self._notes(slide, section)
        return slide

    def _footer(self, slide) -> None:
        number = len(self.prs.slides)
        text = f"{self.report.title} {self.report.edition}"
        self._textbox(slide, tpl.MARGIN_X, tpl.FOOTER_TOP, 8, 0.35,
                      [(text, 11, False, style.MUTED)])
        self._textbox(slide, 13.333 - tpl.MARGIN_X - 1.0, tpl.FOOTER_TOP, 1.0, 0.35,
                      [(str(number), 11, False, style.MUTED)], align=PP_ALIGN.RIGHT)

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

    # ------------------------------------------------------------------ dispatch
    def add(self, section: Section) -> None:
        if isinstance(section, TitleSection):
            self.title_slide(section)
        elif isinstance(section, ListSection):
            self.cards_slide(section)
        elif isinstance(section, TilesSection):
            self.tiles_slide(section)
        elif isinstance(section, TableSection):
            self.table_slide(section)
        elif isinstance(section, ChartSection):
            self.chart_slide(section)
        elif isinstance(section, ChartsSection):
            self.charts_slide(section)
        else:  # pragma: no cover - a new section type must get a layout
            raise TypeError(f"no slide layout for {type(section).__name__}")

    # ------------------------------------------------------------------ roles
    def title_slide(self, section: TitleSection) -> None:
        role = "title" if section.key == "title" else "closing"
        slide = self.prs.slides.add_slide(tpl.layout(self.prs, role))
        band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, self.prs.slide_width,
                                      Inches(0.35))
        self._plain(band, style.BRAND)
        title, subtitle = slide.placeholders[0], slide.placeholders[1]
        title.left, title.top = Inches(1.0), Inches(1.7)
        title.width, title.height = Inches(11.33), Inches(1.9)
        subtitle.left, subtitle.top = Inches(1.0), Inches(3.8)
        subtitle.width, subtitle.height = Inches(11.33), Inches(2.2)
        frame = title.text_frame
        frame.clear()
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.BOTTOM
        self._para(frame.paragraphs[0], section.title,
                   fit_size(section.title, 11.1, 1.8, 54, 28, bold=True), bold=True,
                   colour=style.BRAND, align=PP_ALIGN.LEFT)
        frame = subtitle.text_frame
        frame.clear()
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.TOP
        lines = [(section.subtitle, 26, False, style.TEXT)]
        lines += [(line, 20, False, style.MUTED) for line in section.lines]
        for i, (text, size, bold, colour) in enumerate(lines):
            p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            self._para(p, text, size, bold=bold, colour=colour, align=PP_ALIGN.LEFT)
        self._notes(slide, section)

    def cards_slide(self, section: ListSection) -> None:
        if max(len(i.text) for i in section.items) > LONG_ITEM:
            self.bullets_slide(section)
            return
        slide = self._content_slide(section)
        cards = [i for i in section.items if not i.url]
        links = [i for i in section.items if i.url]
        top, height = tpl.CONTENT_TOP + 0.15, CONTENT_H - 0.15
        if links:
            link_h = 0.45 * len(links)
            height -= link_h + GAP
            y = top + height + GAP
            for link in links:
                self._textbox(slide, tpl.MARGIN_X, y, CONTENT_W, 0.42,
                              [(f"{link.text}: {link.url}", 16, False, style.ACCENT)])
                box = slide.shapes[-1]
                box.text_frame.paragraphs[0].runs[0].hyperlink.address = link.url
                y += 0.45
        n = len(cards)
        cols = n if n <= 3 else (3 if n in (5, 6, 9) else 4)
        rows = math.ceil(n / cols)
        w = (CONTENT_W - GAP * (cols - 1)) / cols
        h = min((height - GAP * (rows - 1)) / rows, 2.2)
        y0 = top + (height - (h * rows + GAP * (rows - 1))) / 2
        badge_pt = 32
        text_h = h - 2 * PAD - (badge_pt * 1.25 / 72 if any(c.badge for c in cards) else 0)
        size = min(fit_size(c.text, w - 2 * PAD - 0.1, text_h, 24, 12) for c in cards)
        for i, card in enumerate(cards):
            r, c = divmod(i, cols)
            in_row = min(cols, n - r * cols)  # centre a short last row
            x = tpl.MARGIN_X + c * (w + GAP) + (cols - in_row) * (w + GAP) / 2
            shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Inches(x),
                                           Inches(y0 + r * (h + GAP)), Inches(w), Inches(h))
            shape.adjustments[0] = 0.08
            self._plain(shape, style.CARD, style.CARD_LINE)
            lines = [(card.badge, badge_pt, True, style.BRAND)] if card.badge else []
            lines.append((card.text, size, False, style.TEXT))
            self._fill_frame(shape.text_frame, lines, anchor=MSO_ANCHOR.MIDDLE,
                             align=PP_ALIGN.CENTER)

    def bullets_slide(self, section: ListSection) -> None:
        """Items too long for cards: a bulleted list, fitted to the content area."""
        slide = self._content_slide(section)
        x, y, w, h = tpl.MARGIN_X, tpl.CONTENT_TOP + 0.3, CONTENT_W, CONTENT_H - 0.3
        lines = [f"• {i.badge + ' – ' if i.badge else ''}{i.text}" for i in section.items]
        size = fit_size("\n".join(lines), w - 2 * PAD - 0.3, h - 0.2 * len(lines), 26, 12)
        box = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
        frame = box.text_frame
        self._fill_frame(frame, [(line, size, False, style.TEXT) for line in lines])
        for p, item in zip(frame.paragraphs, section.items, strict=True):
            p.space_after = Pt(size * 0.6)
            if item.url:
                p.runs[0].hyperlink.address = item.url

    def tiles_slide(self, section: TilesSection) -> None:
        slide = self._content_slide(section)
        n = len(section.tiles)
        cols = min(n, 4)
        rows = math.ceil(n / cols) if n else 0
        w = (CONTENT_W - GAP * (cols - 1)) / cols if n else 0
        if n == 1:
            w = 5.0
        h = min((CONTENT_H - 0.15 - GAP * (rows - 1)) / max(rows, 1), 2.4)
        y0 = tpl.CONTENT_TOP + 0.15 + (CONTENT_H - 0.15 - (h * rows + GAP * (rows - 1))) / 2
        with_previous = any(t.previous_text for t in section.tiles)
        value_pt = (34 if with_previous else 40) if n > 1 else 72
        label_size = min(fit_size(t.label, w - 2 * PAD - 0.1, h * 0.38, 18, 11)
                         for t in section.tiles) if n else 0
        for i, tile in enumerate(section.tiles):
            r, c = divmod(i, cols)
            x = tpl.MARGIN_X + c * (w + GAP) if n > 1 else (13.333 - w) / 2
            shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Inches(x),
                                           Inches(y0 + r * (h + GAP)), Inches(w), Inches(h))
            shape.adjustments[0] = 0.08
            self._plain(shape, style.CARD, style.CARD_LINE)
            lines = [(tile.value_text, value_pt, True, style.BRAND),
                     (tile.label, label_size, False, style.TEXT)]
            if tile.note:
                lines.append((f"({tile.note})", max(label_size - 3, 11), False, style.MUTED))
            if tile.previous_text:
                lines.append((tile.previous_text, max(label_size - 2, 11), False, style.MUTED))
            self._fill_frame(shape.text_frame, lines, anchor=MSO_ANCHOR.MIDDLE,
                             align=PP_ALIGN.CENTER)

    def table_slide(self, section: TableSection) -> None:
        slide = self._content_slide(section)
        widths = _column_widths(section.table, CONTENT_W)
        self._table(slide, section.table, tpl.MARGIN_X, tpl.CONTENT_TOP + 0.25, widths,
                    CONTENT_H - 0.25, max_pt=20, alt=section.title)

    def _table(self, slide, table: Table, x: float, y: float, widths: list[float],
               max_h: float, max_pt: float = 18, alt: str = ""):
        n_rows = len(table.rows) + 1
        # the largest size at which every row, wrapped, fits in max_h
        for size in range(int(max_pt), 9, -1):
            heights = [_row_height(row, widths, size, bold=(i == 0))
                       for i, row in enumerate((table.columns, *table.rows))]
            if sum(heights) <= max_h:
                break
        else:
            raise ValueError(f"table does not fit on a slide: {table.columns}")
        shape = slide.shapes.add_table(n_rows, len(widths), Inches(x), Inches(y),
                                       Inches(sum(widths)), Inches(sum(heights)))
        grid = shape.table
        grid.first_row = True
        for j, w in enumerate(widths):
            grid.columns[j].width = Inches(w)
        numeric = table.numeric or (False,) * len(widths)
        for i, row in enumerate((table.columns, *table.rows)):
            grid.rows[i].height = Inches(heights[i])
            for j, text in enumerate(row):
                cell = grid.cell(i, j)
                cell.fill.solid()
                if i == 0:
                    cell.fill.fore_color.rgb = _rgb(style.BRAND)
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
        slide = self._content_slide(section)
        top = tpl.CONTENT_TOP + 0.2
        height = CONTENT_H - 0.2
        if section.table is not None:
            table_w = 5.6
            chart_w = CONTENT_W - table_w - GAP
            widths = _column_widths(section.table, table_w, first_share=0.40)
            table_h = min(height, 0.5 * (len(section.table.rows) + 1) + 0.6)
            self._table(slide, section.table, tpl.MARGIN_X + chart_w + GAP,
                        top + (height - table_h) / 2, widths, table_h, max_pt=16,
                        alt=section.title)
        else:
            chart_w = CONTENT_W
        self._chart(slide, section.chart, tpl.MARGIN_X, top, chart_w, height)

    def charts_slide(self, section: ChartsSection) -> None:
        """Small multiples: a grid of native charts, each titled, sharing one legend style."""
        slide = self._content_slide(section)
        n = len(section.charts)
        cols = 3 if n > 4 else min(n, 2)
        rows = math.ceil(n / cols)
        top = tpl.CONTENT_TOP + 0.15
        w = (CONTENT_W - GAP * (cols - 1)) / cols
        h = (CONTENT_H - 0.15 - GAP * (rows - 1)) / rows
        for i, chart in enumerate(section.charts):
            r, c = divmod(i, cols)
            self._chart(slide, chart, tpl.MARGIN_X + c * (w + GAP), top + r * (h + GAP), w, h,
                        small=True)

    def _chart(self, slide, chart: Chart, x: float, y: float, w: float, h: float,
               small: bool = False) -> None:
        number_format = self.fmt.chart_number_format(chart.decimals, chart.percent)
        data = CategoryChartData(number_format=number_format)
        data.categories = list(chart.categories)
        for s in chart.series:
            data.add_series(s.name, list(s.values))
        kind = {"column": XL_CHART_TYPE.COLUMN_CLUSTERED, "bar": XL_CHART_TYPE.BAR_CLUSTERED,
                "stacked_bar_100": XL_CHART_TYPE.BAR_STACKED_100}[chart.kind]
        frame = slide.shapes.add_chart(kind, Inches(x), Inches(y), Inches(w), Inches(h), data)
        self._alt(frame, chart.alt)
        ch = frame.chart
        ch.font.size, ch.font.name = Pt(11 if small else 14), style.FONT
        ch.font.color.rgb = _rgb(style.TEXT)
        if small:
            self._small_chart(ch, chart, number_format)
            return
        ch.has_title = False
        ch.has_legend = len(chart.series) > 1
        if ch.has_legend:
            ch.legend.position = XL_LEGEND_POSITION.BOTTOM
            ch.legend.include_in_layout = False
            ch.legend.font.size = Pt(14)
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
            fill = style.SERIES[i % len(style.SERIES)]
            if len(chart.series) == 1:
                fill = style.BRAND
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
        _hide_zero_labels(plot, chart)


    def _small_chart(self, ch, chart: Chart, number_format: str) -> None:
        """One of several charts on a slide: titled, a light value axis instead of labels on
        every bar; an earlier year is hatched so that the years differ without colour."""
        ch.has_title = True
        ch.chart_title.text_frame.text = chart.value_title
        title_font = ch.chart_title.text_frame.paragraphs[0].runs[0].font
        title_font.size, title_font.bold = Pt(13), True
        title_font.color.rgb = _rgb(style.BRAND)
        ch.has_legend = len(chart.series) > 1
        if ch.has_legend:
            ch.legend.position = XL_LEGEND_POSITION.BOTTOM
            ch.legend.include_in_layout = False
            ch.legend.font.size = Pt(10)
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
                fill.fore_color.rgb = _rgb(style.BRAND)
            else:
                fill.patterned()
                fill.pattern = MSO_PATTERN.WIDE_UPWARD_DIAGONAL
                fill.fore_color.rgb = _rgb(style.SERIES[1])
                fill.back_color.rgb = _rgb(style.WHITE)
                series.format.line.color.rgb = _rgb(style.SERIES[1])


def _hide_zero_labels(plot, chart: Chart) -> None:
    """A segment under 5% has no room for its label (the table beside the chart gives it);
    delete those labels one by one."""
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
