"""Lay out a report model as a PowerPoint deck.

One slide per section, in the model's order (more when a long list or table continues on a
second slide); every slide is named after its section's key (``Slide.name``; see ``find.py``
to look slides up by it). The section's kind chooses the drawing function (``SLIDES``, looked
up with ``cspreport.report.dispatch``), which chooses the slide role; the template's mapping
gives the layout and placeholders of each role (``template.py``). Content is drawn in the
role's content area: a body placeholder's rectangle when the mapping names one, else the space
below the title. Where things go is computed in ``geometry.py``; text, tables and charts are
drawn by ``text.py``, ``tables.py`` and ``charts.py``. Charts are native PowerPoint charts
whose data travels inside the file, so management can edit them. Text sizes are fitted with
``cspreport.render.textfit``: nothing overflows.

Accessibility: every slide has a title in its title placeholder; every chart and table has
alt text (python-pptx has no API for it: see ``oxml.set_alt_text``); text runs carry the
report language for spell-check; colours meet 4.5:1 contrast and no chart relies on colour
alone (values are labelled, an earlier year is hatched).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches, Pt

from cspreport.i18n import LANGUAGE_TAGS, Formatter
from cspreport.render import style
from cspreport.render.pptx import geometry as geo
from cspreport.render.pptx import oxml
from cspreport.render.pptx.charts import add_chart
from cspreport.render.pptx.geometry import LONG_ITEM, MIN_PT, PAD, Area
from cspreport.render.pptx.tables import draw_table, table_parts
from cspreport.render.pptx.template import Template, load_template
from cspreport.render.pptx.text import Text, inches, plain
from cspreport.render.textfit import fit_size
from cspreport.report import (
    ChartSection,
    ChartsSection,
    ListSection,
    Report,
    Section,
    TableSection,
    TilesSection,
    TitleSection,
    dispatch,
)


def render_deck(report: Report, path: Path | str | None = None, provenance: str = "",
                when: dt.datetime | None = None, template: Template | None = None,
                brand: str | None = None):
    """Build the deck of ``report``; save it to ``path`` when given. Returns the Presentation.

    ``provenance`` (one line: code version, input hash, commit) goes into the document
    properties (not the notes: they are for the presenter); ``when`` is the date stamped into
    the document (fixed, so that the same report gives the same bytes); ``template`` defaults
    to the built-in one; ``brand`` replaces the brand colour (titles, values, first series)."""
    deck = _Deck(report, template or load_template(brand=brand), provenance,
                 when or dt.datetime(report.edition, 12, 31, 12), brand or style.BRAND)
    for section in report.sections:
        dispatch(SLIDES, section, deck)
    if path is not None:
        deck.prs.save(str(path))
    return deck.prs


def continued(title: str, i: int, n: int) -> str:
    """The title of slide ``i`` of ``n`` of one section: "Title (i/n)" when there are more."""
    return title if n == 1 else f"{title} ({i}/{n})"


class _Deck:
    """The presentation being built and what every slide needs: template, language, brand."""

    def __init__(self, report: Report, template: Template, provenance: str, when: dt.datetime,
                 brand: str):
        self.report, self.tpl, self.provenance, self.brand = report, template, provenance, brand
        self.prs = template.prs
        self.text = Text(LANGUAGE_TAGS[report.lang])
        self.fmt = Formatter(report.lang)
        self.slide_w = inches(self.prs.slide_width)
        self.slide_h = inches(self.prs.slide_height)
        props = self.prs.core_properties
        props.title = f"{report.title} {report.edition}"
        props.subject = report.period_text
        props.language = self.text.lang_tag
        props.author = props.last_modified_by = "cspreport"
        props.revision = 1
        props.created = props.modified = props.last_printed = when
        props.comments = provenance
        props.keywords = ""

    def new_slide(self, section: Section, role: str):
        """A slide of ``role``'s layout, named after ``section``'s key."""
        slide = self.prs.slides.add_slide(self.tpl.layout(role))
        slide.name = section.key
        return slide

    def placeholder(self, slide, role: str, what: str):
        """The slide's placeholder that the role's layout names ``what`` (a new slide's
        placeholders are renamed by PowerPoint's rules, so they are matched by index)."""
        name = getattr(self.tpl.roles[role], what)
        layout_ph = next(ph for ph in slide.slide_layout.placeholders if ph.name == name)
        return slide.placeholders[layout_ph.placeholder_format.idx]

    def notes(self, slide, section: Section) -> None:
        # what a presenter reads; provenance (versions, commit) is in the document properties
        text = "\n".join(filter(None, (section.notes, section.method)))
        if text:
            slide.notes_slide.notes_text_frame.text = text

    def content_slide(self, section: Section, role: str, title: str | None = None
                      ) -> tuple[object, Area]:
        """A slide of ``role`` with its title set; returns it and its content area."""
        slide = self.new_slide(section, role)
        heading = self.placeholder(slide, role, "title")
        text = title or section.title
        width = inches(heading.width) - 2 * PAD
        size = fit_size(text, width, inches(heading.height) - 0.1, 30, 18, bold=True)
        self.text.fill_frame(heading.text_frame, [(text, size, True, self.brand)],
                             anchor=MSO_ANCHOR.MIDDLE, align=PP_ALIGN.LEFT)
        area = self.content_area(slide, role, heading)
        if self.tpl.footer:
            rule = slide.shapes.add_shape(
                MSO_SHAPE.RECTANGLE, heading.left,
                heading.top + heading.height + Inches(0.02), Inches(1.6), Inches(0.06))
            plain(rule, style.ACCENT)
            self.footer(slide)
        self.notes(slide, section)
        return slide, area

    def content_area(self, slide, role: str, heading) -> Area:
        """The body placeholder's rectangle (the placeholder is then removed), else the room
        below the title."""
        if self.tpl.roles[role].body is not None:
            ph = self.placeholder(slide, role, "body")
            area = Area(inches(ph.left), inches(ph.top), inches(ph.width), inches(ph.height))
            oxml.remove_shape(ph)  # no empty "click to add text"
            return area
        return geo.area_below_title(inches(heading.left), inches(heading.top + heading.height),
                                    inches(heading.width), self.slide_h, self.tpl.footer)

    def probe_area(self, role: str) -> Area:
        """The content area a slide of ``role`` would have (measured on a throwaway slide)."""
        slide = self.prs.slides.add_slide(self.tpl.layout(role))
        area = self.content_area(slide, role, self.placeholder(slide, role, "title"))
        oxml.drop_last_slide(self.prs)
        return area

    def footer(self, slide) -> None:
        name, number = geo.footer_areas(self.slide_w, self.slide_h)
        self.text.box(slide, name,
                      [(f"{self.report.title} {self.report.edition}", 11, False, style.MUTED)])
        self.text.box(slide, number, [(str(len(self.prs.slides)), 11, False, style.MUTED)],
                      align=PP_ALIGN.RIGHT)


# ----------------------------------------------------------------------------- slide roles


def title_slide(section: TitleSection, deck: _Deck) -> None:
    """The cover (section "title") or the closing slide: title and subtitle placeholders."""
    role = "title" if section.key == "title" else "closing"
    slide = deck.new_slide(section, role)
    if deck.tpl.footer:
        band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, deck.prs.slide_width,
                                      Inches(0.35))
        plain(band, deck.brand)
    title = deck.placeholder(slide, role, "title")
    size = fit_size(section.title, inches(title.width) - 2 * PAD,
                    inches(title.height) - 0.1, 54, 24, bold=True)
    deck.text.fill_frame(title.text_frame, [(section.title, size, True, deck.brand)],
                         anchor=MSO_ANCHOR.BOTTOM, align=PP_ALIGN.LEFT)
    subtitle = deck.placeholder(slide, role, "subtitle")
    lines = [section.subtitle, *section.lines]
    width, height = inches(subtitle.width) - 2 * PAD, inches(subtitle.height) - 0.1
    size = fit_size("\n".join(lines), width, height, 24, MIN_PT)
    deck.text.fill_frame(subtitle.text_frame,
                         [(section.subtitle, size, False, style.TEXT)]
                         + [(line, max(size - 4, MIN_PT), False, style.MUTED)
                            for line in section.lines],
                         anchor=MSO_ANCHOR.TOP, align=PP_ALIGN.LEFT)
    deck.notes(slide, section)


def list_slides(section: ListSection, deck: _Deck) -> None:
    """Short items as a grid of cards (links listed under them), long ones as bullets; either
    continues on more slides when there are too many."""
    if max((len(i.text) for i in section.items), default=0) > LONG_ITEM:
        pages = geo.bullet_pages(section.items, deck.probe_area("list"))
        for n, page in enumerate(pages, start=1):
            slide, area = deck.content_slide(section, "list",
                                             continued(section.title, n, len(pages)))
            _bullets(deck, slide, area, page)
        return
    cards = [i for i in section.items if not i.url]
    links = [i for i in section.items if i.url]
    pages = geo.card_pages(cards)
    for n, page in enumerate(pages, start=1):
        slide, area = deck.content_slide(section, "list",
                                         continued(section.title, n, len(pages)))
        if n == len(pages) and links:
            boxes, area = geo.link_rows(area, len(links))
            for link, box in zip(links, boxes, strict=True):
                deck.text.box(slide, box, [(f"{link.text}: {link.url}", 16, False, deck.brand,
                                            link.url)])
        _cards(deck, slide, area, page)


def _cards(deck: _Deck, slide, area: Area, cards) -> None:
    places = geo.card_grid(area, len(cards))
    if not places:
        return
    size = geo.card_text_size(cards, places[0].w, places[0].h)
    for card, place in zip(cards, places, strict=True):
        lines = [(card.badge, geo.BADGE_PT, True, deck.brand)] if card.badge else []
        lines.append((card.text, size, False, style.TEXT))
        deck.text.card(slide, place, lines, align=PP_ALIGN.CENTER)


def _bullets(deck: _Deck, slide, area: Area, items) -> None:
    lines = geo.bullet_lines(items)
    size = geo.bullet_size(lines, area)
    box = deck.text.box(slide, area, [(line, size, False, style.TEXT, item.url)
                                      for line, item in zip(lines, items, strict=True)])
    for p in box.text_frame.paragraphs:
        p.space_after = Pt(size * 0.6)


def tiles_slide(section: TilesSection, deck: _Deck) -> None:
    """KPI tiles: a value, its label, a note and the previous year's value."""
    slide, area = deck.content_slide(section, "kpi")
    tiles = section.tiles
    places = geo.tile_grid(area, len(tiles))
    if not places:
        return
    value_pt = geo.tile_value_pt(len(tiles), any(t.previous_text for t in tiles))
    label_size = geo.tile_label_size(tiles, places[0].w, places[0].h, value_pt)
    for tile, place in zip(tiles, places, strict=True):
        lines = [(tile.value_text, value_pt, True, deck.brand),
                 (tile.label, label_size, False, style.TEXT)]
        if tile.note:
            lines.append((f"({tile.note})", max(label_size - 3, MIN_PT), False, style.MUTED))
        if tile.previous_text:
            lines.append((tile.previous_text, max(label_size - 2, MIN_PT), False,
                          style.MUTED))
        deck.text.card(slide, place, lines, align=PP_ALIGN.CENTER)


def table_slides(section: TableSection, deck: _Deck) -> None:
    """A table, continued over as many slides as its rows need at 14 pt or more."""
    probe = deck.probe_area("table")
    widths = geo.column_widths(section.table, probe.w)
    parts = table_parts(section.table, widths, probe.h, min_pt=14)
    for n, part in enumerate(parts, start=1):
        slide, area = deck.content_slide(section, "table",
                                         continued(section.title, n, len(parts)))
        draw_table(slide, part, area, widths, text=deck.text, brand=deck.brand, max_pt=20,
                   alt=section.title)


def chart_slide(section: ChartSection, deck: _Deck) -> None:
    """One chart, with its table beside it and a caption under it when the section has them."""
    role = "chart_table" if section.table is not None else "chart"
    slide, area = deck.content_slide(section, role)
    if section.caption:  # one line at the foot of the content area, e.g. what ▲▼ mean
        box, area = geo.caption_split(area)
        size = fit_size(section.caption, area.w - 2 * PAD, 0.4, 14, MIN_PT)
        deck.text.box(slide, box, [(section.caption, size, False, style.MUTED)])
    if section.table is not None:
        chart_area, table_area = geo.chart_table_split(area, len(section.table.rows))
        widths = geo.column_widths(section.table, table_area.w, first_share=0.40)
        draw_table(slide, section.table, table_area, widths, text=deck.text, brand=deck.brand,
                   max_pt=16, alt=section.title)
    else:
        chart_area = area
    add_chart(slide, section.chart, chart_area, fmt=deck.fmt, brand=deck.brand)


def charts_slide(section: ChartsSection, deck: _Deck) -> None:
    """Small multiples: a grid of native charts, each titled."""
    slide, area = deck.content_slide(section, "charts")
    for chart, place in zip(section.charts, geo.chart_grid(area, len(section.charts)),
                            strict=True):
        add_chart(slide, chart, place, fmt=deck.fmt, brand=deck.brand, small=True)


# The drawing function of each section kind (``cspreport.report.SECTION_TYPES``).
SLIDES: dict[str, Callable[[Section, _Deck], None]] = {
    TitleSection.kind: title_slide,
    ListSection.kind: list_slides,
    TilesSection.kind: tiles_slide,
    TableSection.kind: table_slides,
    ChartSection.kind: chart_slide,
    ChartsSection.kind: charts_slide,
}
