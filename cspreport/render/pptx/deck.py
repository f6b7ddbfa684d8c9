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
alone (values are labelled, an earlier year is a lighter solid colour).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches, Pt

from cspreport import style
from cspreport.errors import CspreportError
from cspreport.i18n import LANGUAGE_TAGS, Catalogue, Formatter
from cspreport.render.apart import without_apart
from cspreport.render.pptx import geometry as geo
from cspreport.render.pptx import oxml
from cspreport.render.pptx.charts import add_chart
from cspreport.render.pptx.geometry import LONG_ITEM, MIN_PT, PAD, Area
from cspreport.render.pptx.table_shapes import draw_table, table_parts
from cspreport.render.pptx.template import MIN_CONTENT, Template, load_template
from cspreport.render.pptx.text import Text, inches
from cspreport.render.textfit import fit_size
from cspreport.report import (
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
    dispatch,
    table_footnote,
    without_empty_columns,
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
    if brand:  # a brand colour asked for colours the titles of any template
        deck.title_colour = brand
    sections = list(report.sections)
    i = 0
    while i < len(sections):
        shared = _sharing(sections, i)
        if len(shared) > 1 and panels_slide(shared, deck):
            i += len(shared)
            continue
        dispatch(SLIDES, sections[i], deck)
        i += 1
    if path is not None:
        deck.prs.save(str(path))
    return deck.prs


def _sharing(sections, i: int) -> list[ListSection]:
    """The list sections from ``i`` on that share one slide (the same ``slide`` title, one
    after another); just section ``i`` when it shares none."""
    first = sections[i]
    if not isinstance(first, ListSection) or not first.slide:
        return [first]
    j = i + 1
    while j < len(sections) and isinstance(sections[j], ListSection) \
            and sections[j].slide == first.slide:
        j += 1
    return sections[i:j]


def continued(title: str, i: int, n: int) -> str:
    """The title of slide ``i`` of ``n`` of one section: "Title (i/n)" when there are more."""
    return title if n == 1 else f"{title} ({i}/{n})"


class LayoutError(CspreportError):
    """Content does not fit a template's layout even at the smallest readable size."""


class _Deck:
    """The presentation being built and what every slide needs: template, language, brand."""

    def __init__(self, report: Report, template: Template, provenance: str, when: dt.datetime,
                 brand: str):
        self.report, self.tpl, self.provenance, self.brand = report, template, provenance, brand
        self.prs = template.prs
        self.text = Text(LANGUAGE_TAGS[report.lang])
        self.fmt = Formatter(report.lang)
        self.t = Catalogue(report.lang)
        self.slide_w = inches(self.prs.slide_width)
        self.slide_h = inches(self.prs.slide_height)
        self.title_colour: str | None = None  # a brand colour asked for: every title's
        props = self.prs.core_properties
        props.title = f"{report.title} {report.edition}"
        props.subject = report.period_text
        props.language = self.text.lang_tag
        props.author = props.last_modified_by = "cspreport"
        props.revision = 1
        props.created = props.modified = props.last_printed = when
        props.comments = provenance
        props.keywords = ""

    def too_small(self, role: str, what: str) -> LayoutError:
        """The error for content that ``role``'s layout has no room for: it names the
        template, the layout and the role, then says ``what`` did not fit."""
        return LayoutError(f"{self.tpl.source}: layout {self.tpl.layout(role).name!r} (role "
                           f"{role}) {what}")

    def fit(self, role: str, what: str, text: str, area_w: float, area_h: float,
            max_pt: float, min_pt: float = MIN_PT, bold: bool = False) -> float:
        """``fit_size``, failing with a message that names the layout and what did not fit."""
        try:
            return fit_size(text, area_w, area_h, max_pt, min_pt, bold=bold)
        except ValueError:
            raise self.too_small(
                role, f"is too small: its {what} ({area_w + 2 * PAD:.2f} × {area_h:.2f} in) "
                f"cannot hold {text[:80]!r} at {min_pt:g} pt; give the role a layout with more "
                "room in the template mapping") from None

    def caption(self, slide, role: str, text: str, area: Area) -> Area:
        """``text`` at the foot of ``area`` (at 14 pt, on as many lines as it takes, at most
        a third of the area); returns the area left above it."""
        height = geo.caption_height(text, area.w)
        if height > area.h / 3:
            self.fit(role, "caption", text, area.w - 2 * PAD, area.h / 3, MIN_PT)
        box, rest = geo.caption_split(area, height)
        self.text.box(slide, box, [(text, MIN_PT, False, self.ink(role))])
        return rest

    def ink(self, role: str) -> str:
        """The colour of text on the background of ``role``'s slides (its master's)."""
        return self.tpl.roles[role].text_colour

    def new_slide(self, section: Section, role: str):
        """A slide of ``role``'s layout, named after ``section``'s key."""
        slide = self.prs.slides.add_slide(self.tpl.layout(role))
        slide.name = section.key
        return slide

    def placeholder(self, slide, role: str, what: str):
        """The slide's placeholder that serves as ``what`` (title, subtitle, body, picture)
        in ``role``'s layout, or None."""
        idx = getattr(self.tpl.roles[role], what)
        if idx is None:
            return None
        return next((ph for ph in slide.placeholders if ph.placeholder_format.idx == idx),
                    None)

    def notes(self, slide, section: Section | list[Section], spoken: str | None = None
              ) -> None:
        """What a presenter says (``spoken``, else the section's), then under the background
        heading the sources and period (``notes``), the method and the answers kept ready if
        asked (``asked``, the deck's alone): nothing a presenter would not read aloud comes
        before the heading. Provenance (versions, commit) is in the
        document properties."""
        parts = section if isinstance(section, list) else [section]
        said = "\n".join(p.spoken for p in parts) if spoken is None else spoken
        background = "\n".join(dict.fromkeys(filter(None, (
            x for p in parts for x in (p.notes, p.method, p.asked)))))
        if background:
            background = f"{self.t('notes.method_heading')}\n{background}"
        text = "\n".join(filter(None, (said, background)))
        if text:
            slide.notes_slide.notes_text_frame.text = text

    def set_title(self, slide, role: str, text: str, max_pt: float = 30, anchor=None):
        heading = self.placeholder(slide, role, "title")
        size = self.fit(role, "title", text, inches(heading.width) - 2 * PAD,
                        inches(heading.height) - 0.1, max_pt, bold=True)
        colour = self.title_colour or self.tpl.roles[role].title_colour
        anchor = anchor or {"bottom": MSO_ANCHOR.BOTTOM}.get(self.tpl.title_anchor,
                                                             MSO_ANCHOR.MIDDLE)
        self.text.fill_frame(heading.text_frame, [(text, size, True, colour)], anchor=anchor,
                             align=PP_ALIGN.LEFT)
        return heading

    def content_slide(self, section: Section, role: str, title: str | None = None,
                      keep_body: bool = False, spoken: str | None = None
                      ) -> tuple[object, Area]:
        """A slide of ``role`` with its title set and its notes (``spoken`` instead of the
        section's spoken text when given); returns it and its content area."""
        slide = self.new_slide(section, role)
        heading = self.set_title(slide, role, title or section.title)
        area = self.content_area(slide, role, heading, keep_body)
        if self.tpl.footer:
            self.footer(slide, area)
        self.notes(slide, section, spoken)
        return slide, area

    def content_area(self, slide, role: str, heading, keep_body: bool = False) -> Area:
        """The body placeholder's rectangle (the placeholder is then removed unless
        ``keep_body``), else the room below the title."""
        ph = self.placeholder(slide, role, "body")
        if ph is not None:
            area = Area(inches(ph.left), inches(ph.top), inches(ph.width), inches(ph.height))
            if not keep_body:
                oxml.remove_shape(ph)  # no empty "click to add text"
        else:
            area = self.below_title(heading)
        area = geo.avoid(area, [Area(*ob) for ob in self.tpl.roles[role].obstacles],
                         MIN_CONTENT)
        if area.w < MIN_CONTENT[0] or area.h < MIN_CONTENT[1]:
            raise self.too_small(role, f"leaves {area.w:.2f} × {area.h:.2f} in for content; it "
                                 f"needs at least {MIN_CONTENT[0]:g} × {MIN_CONTENT[1]:g} in")
        return area

    def below_title(self, heading) -> Area:
        """The room below a title placeholder, down to the footer or the slide's margin."""
        return geo.area_below_title(inches(heading.left), inches(heading.top + heading.height),
                                    inches(heading.width), self.slide_h, self.tpl.footer)

    def probe_area(self, role: str) -> Area:
        """The content area a slide of ``role`` would have (measured on a throwaway slide)."""
        slide = self.prs.slides.add_slide(self.tpl.layout(role))
        area = self.content_area(slide, role, self.placeholder(slide, role, "title"))
        oxml.drop_last_slide(self.prs)
        return area

    def footer(self, slide, area: Area) -> None:
        name, number = geo.footer_areas(area, self.slide_h)
        self.text.box(slide, name, [(f"{self.report.title} {self.report.edition}", MIN_PT,
                                     False, style.MUTED)])
        self.text.box(slide, number, [(str(len(self.prs.slides)), MIN_PT, False,
                                       style.MUTED)],
                      align=PP_ALIGN.RIGHT)


# ----------------------------------------------------------------------------- slide roles


def title_slide(section: TitleSection, deck: _Deck) -> None:
    """The cover (section "title": organisation, period, presenter, date and the logo) or the
    closing slide (contacts): title, subtitle, and the lines in the body placeholder."""
    role = "title" if section.key == "title" else "closing"
    slide = deck.new_slide(section, role)
    deck.set_title(slide, role, section.title, max_pt=54, anchor=MSO_ANCHOR.BOTTOM)
    subtitle = deck.placeholder(slide, role, "subtitle")
    body = deck.placeholder(slide, role, "body")
    lines = list(section.lines)
    blocks = []  # (placeholder, lines, largest size, colour)
    if subtitle is not None:
        blocks.append((subtitle, [section.subtitle] if body is not None
                       else [section.subtitle, *lines], 28, deck.ink(role)))
    if body is not None:
        blocks.append((body, lines if subtitle is not None else [section.subtitle, *lines],
                       20, deck.tpl.roles[role].muted_colour))
    if not blocks:  # a layout of a title only: the lines go in a text box under the title
        area = deck.below_title(deck.placeholder(slide, role, "title"))
        texts = [t for t in (section.subtitle, *lines) if t]
        if texts:
            size = deck.fit(role, "subtitle", "\n".join(texts), area.w - 2 * PAD, area.h, 24)
            deck.text.box(slide, area, [(t, size, False, deck.ink(role)) for t in texts])
    for ph, texts, top, colour in blocks:
        texts = [t for t in texts if t]
        if not texts:
            oxml.remove_shape(ph)
            continue
        width, joined = inches(ph.width) - 2 * PAD, "\n".join(texts)
        room = deck.slide_h - 0.3 - inches(ph.top)  # down to the slide's bottom margin
        if ph is blocks[-1][0] and not geo.fits(joined, width, inches(ph.height) - 0.1,
                                                MIN_PT) and room > inches(ph.height):
            x, y, w = ph.left, ph.top, ph.width  # all four set: it may inherit them
            ph.left, ph.top, ph.width = x, y, w
            ph.height = Inches(min(room, geo.text_height_in(joined, width, MIN_PT) + 0.2))
        size = deck.fit(role, "subtitle", joined, width, inches(ph.height) - 0.1, top)
        deck.text.fill_frame(ph.text_frame, [(t, size, False, colour) for t in texts],
                             anchor=MSO_ANCHOR.TOP, align=PP_ALIGN.LEFT)
    picture = deck.placeholder(slide, role, "picture")
    if picture is not None:
        box = Area(inches(picture.left), inches(picture.top), inches(picture.width),
                   inches(picture.height))
        oxml.remove_shape(picture)
        if section.logo:
            _logo(slide, section.logo, box)
    elif section.logo:
        _logo(slide, section.logo, Area(deck.slide_w - 3.2, 0.4, 2.6, 1.2))
    deck.notes(slide, section)


def _logo(slide, data_uri: str, box: Area) -> None:
    """The logo (a data URI) scaled to fit ``box``, aligned to its top right corner."""
    import base64
    import io

    from PIL import Image

    raw = base64.b64decode(data_uri.split(",", 1)[1])
    w, h = Image.open(io.BytesIO(raw)).size
    k = min(box.w / w, box.h / h)
    pic = slide.shapes.add_picture(io.BytesIO(raw), Inches(box.x + box.w - w * k),
                                   Inches(box.y), Inches(w * k), Inches(h * k))
    oxml.set_alt_text(pic, "logo")


def list_slides(section: ListSection, deck: _Deck) -> None:
    """Points as a short list, one line each (in two columns when many), large and spread
    over the slide; items in groups (``Item.group``) as panels side by side, each under its
    heading; items with a badge (a year) as a row of tall cards; long items as bullets
    continued over slides. Links are listed at the foot of the last slide."""
    items = [i for i in section.items if not i.url]
    if max((len(i.text) for i in items), default=0) > LONG_ITEM:
        pages = geo.bullet_pages(section.items, deck.probe_area("list"))
        for n, page in enumerate(pages, start=1):
            slide, area = deck.content_slide(section, "list",
                                             continued(section.title, n, len(pages)),
                                             keep_body=True)
            _bullets(deck, slide, area, page)
        return
    if any(i.group for i in items):
        groups = list(dict.fromkeys(i.group for i in items))
        panels = [(g, [i for i in items if i.group == g]) for g in groups]
        if _panels(deck, section, section.title, panels, [section]):
            return
    if not any(i.badge for i in items) and _lines(deck, section, items):
        return
    _card_slides(deck, section)


def panels_slide(sections: list[ListSection], deck: _Deck) -> bool:
    """Lists that share a slide (the goals and the pillars): each a panel under its own
    title, their notes one after the other; False (nothing drawn) when they do not fit."""
    panels = [(s.title, [i for i in s.items if not i.url]) for s in sections]
    return _panels(deck, sections[0], sections[0].slide, panels, sections,
                   links=[i for s in sections for i in s.items if i.url])


def _links(section: ListSection | None, links=None) -> list:
    return list(links) if links is not None else [i for i in section.items if i.url]


def _link_boxes(deck: _Deck, slide, area: Area, links, role: str) -> Area:
    """The links at the foot of ``area``, one a line; returns the area above them."""
    if not links:
        return area
    texts = [f"{link.text}: {link.url}" for link in links]
    boxes, area = geo.link_rows(area, texts)
    for link, text, box in zip(links, texts, boxes, strict=True):
        size = deck.fit(role, "link line", text, box.w - 2 * PAD, box.h - PAD, 16)
        deck.text.box(slide, box, [(text, size, False, deck.tpl.roles[role].accent_colour,
                                    link.url)])
    return area


def _lines(deck: _Deck, section: ListSection, items) -> bool:
    """The points one a line, as large as fits (up to ``geo.LINE_MAX_PT``) and spread over
    the content area, in two columns when there are more than ``geo.ONE_COLUMN``, at most
    ``geo.MAX_CARDS`` a slide (more continue on the next); links under the last. False when
    a point does not fit a slide at 14 pt (cards then take them)."""
    links = _links(section)
    probe = deck.probe_area("list")
    last = geo.link_rows(probe, [f"{x.text}: {x.url}" for x in links])[1] if links else probe
    try:
        pages = geo.pages_that_fit(items, geo.MAX_CARDS, lambda page: geo.line_columns(
            last, [i.text for i in page]) is not None, "a point")
    except ValueError:
        return False
    for n, page in enumerate(pages, start=1):
        slide, area = deck.content_slide(section, "list",
                                         continued(section.title, n, len(pages)),
                                         keep_body=True)
        if n == len(pages):
            area = _link_boxes(deck, slide, area, links, "list")
        texts = [i.text for i in page]
        boxes = geo.line_columns(area, texts) or [(area, texts)]
        size = min(_spread_size(deck, col, box) for box, col in boxes)
        space = min(geo.spread_space(col, box, size) for box, col in boxes)  # rows level
        for k, (box, col) in enumerate(boxes):
            _bullet_box(deck, slide, box, col, size, k == 0, space=space)
    return True


def _spread_size(deck: _Deck, texts, box: Area, max_pt: float = geo.LINE_MAX_PT) -> int:
    try:
        return geo.spread_size(texts, box, max_pt)
    except ValueError:
        raise deck.too_small("list", f"is too small for the points {texts[0][:60]!r}… at "
                             f"{MIN_PT} pt ({box.w:.2f} × {box.h:.2f} in)") from None


def _panels(deck: _Deck, section: ListSection, title: str, panels, sections,
            links=None) -> bool:
    """Groups of points side by side, each a heading over its points one a line; False
    (nothing drawn) when they do not fit one slide at 14 pt."""
    links = _links(section, links)
    probe = deck.probe_area("list")
    if links:
        probe = geo.link_rows(probe, [f"{x.text}: {x.url}" for x in links])[1]
    if geo.panel_layout(probe, panels) is None:
        return False
    slide = deck.new_slide(section, "list")
    heading = deck.set_title(slide, "list", title)
    area = deck.content_area(slide, "list", heading, keep_body=True)
    if deck.tpl.footer:
        deck.footer(slide, area)
    deck.notes(slide, list(sections))
    area = _link_boxes(deck, slide, area, links, "list")
    layout = geo.panel_layout(area, panels)
    head_pt, size, places = layout
    accent = deck.tpl.roles["list"].accent_colour
    space = min(geo.spread_space([p.text for p in points], body, size)
                for (_, points), (_, body) in zip(panels, places, strict=True))
    for n, ((head, points), (head_box, body_box)) in enumerate(zip(panels, places,
                                                                   strict=True)):
        deck.text.box(slide, head_box, [(head, head_pt, True, accent)],
                      anchor=MSO_ANCHOR.BOTTOM)
        rule = Area(head_box.x + PAD, head_box.y + head_box.h + geo.RULE_GAP / 2 - 0.02,
                    min(1.2, head_box.w / 3), 0.04)
        deck.text.rule(slide, rule, accent)
        _bullet_box(deck, slide, body_box, [p.text for p in points], size, n == 0,
                    space=space)
    return True


def _bullet_box(deck: _Deck, slide, box: Area, lines: list[str], size: float,
                in_body: bool, urls=None, space: float | None = None) -> None:
    """``lines`` as bullets filling ``box`` at ``size``, spread by paragraph spacing (``space``
    pt after each, the same in columns side by side; else what fills the box): in the
    layout's body placeholder when ``in_body`` (its bullet and indent come from the
    template), else in a text box with the template's bullet copied, or a plain one."""
    urls = urls or [None] * len(lines)
    runs = [(line, size, False, deck.ink("list"), url)
            for line, url in zip(lines, urls, strict=True)]
    body = deck.placeholder(slide, "list", "body") if in_body else None
    master = slide.slide_layout.slide_master
    sample = oxml.sample_bullets(master)  # a template whose styles carry no bullet
    if body is None:  # a text box: the bullet of the body placeholder, whichever gives it
        sample = sample if sample is not None else oxml.style_bullets(master)
    if body is not None:
        body.left, body.top = Inches(box.x), Inches(box.y)
        body.width, body.height = Inches(box.w), Inches(box.h)
        deck.text.fill_frame(body.text_frame, runs)
        frame = body.text_frame
    else:
        frame = deck.text.box(slide, box, runs).text_frame
    for p in frame.paragraphs:
        if sample is not None:
            oxml.copy_sample_bullets(p, sample)
        elif body is None:
            oxml.set_bullet(p, margin_emu=Inches(size / 72 * 1.1))
        # the spacing that spreads the points is all after them: none before from the
        # template's paragraph style, which the fitting does not count
        p.space_before = Pt(0)
        p.space_after = Pt(geo.spread_space(lines, box, size) if space is None else space)


def _card_slides(deck: _Deck, section: ListSection) -> None:
    """Cards in a grid (a year's badge over each award), continued over slides when there are
    too many; links under the last."""
    cards = [i for i in section.items if not i.url]
    links = _links(section)
    link_texts = [f"{link.text}: {link.url}" for link in links]
    probe = deck.probe_area("cards")
    if links:
        probe = geo.link_rows(probe, link_texts)[1]
    try:
        pages = geo.card_pages(cards, probe)
    except ValueError as exc:
        raise deck.too_small("cards", f"is too small: {exc} ({probe.w:.2f} × {probe.h:.2f} in)"
                             ) from None
    for n, page in enumerate(pages, start=1):
        slide, area = deck.content_slide(section, "cards",
                                         continued(section.title, n, len(pages)))
        if n == len(pages):
            area = _link_boxes(deck, slide, area, links, "cards")
        _cards(deck, slide, area, page)


def _cards(deck: _Deck, slide, area: Area, cards) -> None:
    places = geo.card_grid(area, len(cards), badged=any(c.badge for c in cards))
    if not places:
        return
    size = geo.card_text_size(cards, places[0].w, places[0].h)
    badge_pt = geo.badge_pt(places[0], [c.badge for c in cards if c.badge])
    for card, place in zip(cards, places, strict=True):
        lines = [(card.badge, badge_pt, True, deck.brand)] if card.badge else []
        lines.append((card.text, size, False, style.TEXT))
        # text from the top: the years (badges) level across the row however long the name
        deck.text.card(slide, place, lines, align=PP_ALIGN.CENTER,
                       anchor=MSO_ANCHOR.TOP if card.badge else MSO_ANCHOR.MIDDLE)


def _bullets(deck: _Deck, slide, area: Area, items) -> None:
    """Long points as bullets in the layout's body placeholder (its bullet and hanging
    indent), or a text box with a bullet of the same form."""
    lines = geo.bullet_lines(items)
    try:
        size = geo.bullet_size(lines, area)
    except ValueError:
        raise deck.too_small("list", f"is too small for the point {lines[0][:80]!r} at "
                             f"{MIN_PT} pt ({area.w:.2f} × {area.h:.2f} in)") from None
    _bullet_box(deck, slide, area, lines, size, True, [i.url for i in items])


def tiles_slide(section: TilesSection, deck: _Deck) -> None:
    """KPI tiles: a value, its label and the previous year's value, values level across a
    row; what a tile's value means (a scale, how many ratings) goes in one line under them."""
    tiles = section.tiles
    notes = "\n".join(f"{t.label}: {t.note}" for t in tiles if t.note)  # one line each
    probe = deck.probe_area("kpi")
    if notes:
        probe = geo.caption_split(probe, geo.caption_height(notes, probe.w))[1]
    try:
        pages = geo.tile_pages(tiles, probe)
    except ValueError as exc:
        raise deck.too_small("kpi", f"is too small: {exc} ({probe.w:.2f} × {probe.h:.2f} in)"
                             ) from None
    for n, page in enumerate(pages, start=1):
        slide, area = deck.content_slide(section, "kpi",
                                         continued(section.title, n, len(pages)))
        if notes:
            area = deck.caption(slide, "kpi", notes, area)
        _tiles(deck, slide, area, page)


def _tiles(deck: _Deck, slide, area: Area, tiles) -> None:
    places = geo.tile_grid(area, len(tiles))
    if not places:
        return
    value_pt = geo.tile_value_pt(len(tiles), any(t.previous_text for t in tiles), places[0],
                                 [t.value_text for t in tiles])
    label_size = geo.tile_label_size(tiles, places[0].w, places[0].h, value_pt)
    for tile, place in zip(tiles, places, strict=True):
        lines = [(tile.value_text, value_pt, True, deck.brand),
                 (tile.label, label_size, False, style.TEXT)]
        if tile.previous_text:
            lines.append((tile.previous_text, label_size, False, style.MUTED))
        deck.text.card(slide, place, lines, align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.TOP,
                       fill=style.WHITE)


def _table_pages(deck: _Deck, table: Table, footnote: str = ""
                 ) -> tuple[list[float], list[Table]]:
    """A table's column widths on a table slide and its parts, one a slide, at 14 pt or
    more, with room for ``footnote`` under it; a column that says nothing (all empty or "–")
    is left out."""
    table = without_empty_columns(table)
    probe = deck.probe_area("table")
    if footnote:
        probe = geo.caption_split(probe, geo.caption_height(footnote, probe.w))[1]
    widths = geo.column_widths(table, probe.w)
    return widths, table_parts(table, widths, probe.h, min_pt=MIN_PT)


def table_slides(section: TableSection, deck: _Deck, table: Table | None = None,
                 first: int = 1, total: int | None = None) -> None:
    """A table, continued over as many slides as its rows need at 14 pt or more (``first``
    and ``total`` number them among a section's slides)."""
    table, footnote = table_footnote(table or section.table)
    widths, parts = _table_pages(deck, table, footnote)
    total = total or len(parts)
    for n, part in enumerate(parts, start=first):
        slide, area = deck.content_slide(section, "table", continued(section.title, n, total))
        if footnote and n == first + len(parts) - 1:
            area = deck.caption(slide, "table", footnote, area)
        try:
            draw_table(slide, part, area, widths, text=deck.text, brand=deck.brand,
                       max_pt=20, alt=section.title)
        except ValueError:
            raise deck.too_small("table", f"is too small for a row of the table "
                                 f"{section.title!r} at {MIN_PT} pt ({area.w:.2f} × "
                                 f"{area.h:.2f} in)") from None


def chart_slide(section: ChartSection, deck: _Deck) -> None:
    """One chart, with its table beside it and a caption under it when the section has them.
    Where the layout has no room for the table beside the chart at 14 pt, the table follows
    on a slide of its own (or more)."""
    table = without_empty_columns(section.table) if section.table is not None else None
    if table is not None and not _fits_beside(deck, section, table):
        total = 1 + len(_table_pages(deck, table)[1])
        _chart(section, deck, "chart", None, continued(section.title, 1, total))
        table_slides(section, deck, table, first=2, total=total)
        return
    _chart(section, deck, "chart_table" if table is not None else "chart", table)


def _chart(section: ChartSection, deck: _Deck, role: str, table: Table | None,
           title: str | None = None) -> None:
    """The chart, and ``table`` beside it when given."""
    slide, area = deck.content_slide(section, role, title)
    chart, caption = without_apart(section.chart, section.caption, deck.fmt)
    if caption:  # a line at the foot of the content area, e.g. what ▲▼ mean
        area = deck.caption(slide, role, caption, area)
    if table is not None:
        chart_area, table_area = _beside(area, table)
        draw_table(slide, table, table_area, _beside_widths(table, table_area), text=deck.text,
                   brand=deck.brand, max_pt=16, alt=section.title)
    else:
        chart_area = area
    add_chart(slide, chart, chart_area, fmt=deck.fmt, brand=deck.brand,
              text_colour=deck.ink(role), title_colour=deck.tpl.roles[role].accent_colour)


def _beside(area: Area, table: Table) -> tuple[Area, Area]:
    return geo.chart_table_split(area, len(table.rows))


def _beside_widths(table: Table, table_area: Area) -> list[float]:
    return geo.column_widths(table, table_area.w, first_share=0.40)


def _fits_beside(deck: _Deck, section: ChartSection, table: Table) -> bool:
    """Whether ``table`` fits beside the section's chart at 14 pt or more."""
    area = deck.probe_area("chart_table")
    if section.caption:
        area = geo.caption_split(area, geo.caption_height(section.caption, area.w))[1]
    table_area = _beside(area, table)[1]
    try:
        geo.table_size((table.columns, *table.rows), _beside_widths(table, table_area),
                       table_area.h, 16)
    except ValueError:
        return False
    return True


# A series whose every value is under this (a handful a month) is read off a small table
# better than off a chart of its own: 1–9 voice messages a month do not need a slide.
SMALL_SERIES = 50


def _small(chart: Chart) -> bool:
    values = [v for s in chart.series for v in s.values if v is not None]
    return chart.kind == "column" and bool(values) and max(values) < SMALL_SERIES


def _small_table(charts: list[Chart], fmt: Formatter) -> tuple[Table, list[tuple[str, int]]]:
    """Small series of several charts as one compact table: a row a category (month), a
    column a chart's series under a heading spanning the chart's columns ("Chats" over
    "2020", "2021"), so that no heading wraps into three lines; returns the table and the
    spanning headings (text, columns spanned), the first over the category column empty."""
    columns = [charts[0].category_title]
    groups = [("", 1)]
    cells: list[list[str]] = [[c] for c in charts[0].categories]
    for chart in charts:
        groups.append((chart.value_title, len(chart.series)))
        for series in chart.series:
            columns.append(series.name)
            for row, v in zip(cells, series.values, strict=True):
                row.append("" if v is None else fmt.number(v, chart.decimals))
    return (Table(tuple(columns), tuple(tuple(r) for r in cells),
                  (False, *([True] * (len(columns) - 1)))), groups)


def _small_split(area: Area, table: Table, groups=()) -> tuple[Area, Area, list[float]] | None:
    """The chart's area and the small-series table's beside it (half the width: its headings
    name a channel and a year, "Voice messages listened to, 2021", and must not break inside
    a word), with the table's column widths; None when the table does not fit at 14 pt or
    the chart would be narrower than ``MIN_CHART_W``."""
    table_w = min(area.w / 2, 6.5)
    chart = Area(area.x, area.y, area.w - table_w - geo.GAP, area.h)
    table_area = Area(area.x + area.w - table_w, area.y, table_w, area.h)
    widths = geo.column_widths(table, table_w, first_share=0.16)
    if chart.w < geo.MIN_CHART_W:
        return None
    try:
        geo.table_size((table.columns, *table.rows), widths,
                       table_area.h - geo.group_row_height(groups, widths, 16), 16)
    except ValueError:
        return None
    return chart, table_area, widths


def charts_slide(section: ChartsSection, deck: _Deck) -> None:
    """Several charts of one kind (e.g. each channel by month): as many side by side as stay
    readable at presentation distance, over as many slides as that takes; a chart left alone
    on the last slide takes its whole width. Charts of small counts (every value under
    ``SMALL_SERIES``) go into one compact table beside the last slide's charts, when the
    section has larger ones too."""
    charts = list(section.charts)
    said = list(section.said) or [""] * len(charts)
    small = [i for i, c in enumerate(charts) if _small(c) and c.categories == charts[0].categories]
    if len(small) == len(charts) or len(charts) < 3:
        small = []
    table, groups = _small_table([charts[i] for i in small], deck.fmt) if small else (None, [])
    probe = deck.probe_area("charts")
    if table is not None and _small_split(probe, table, groups) is None:
        small, table = [], None  # a small slide: each chart as it is, over more slides
    big = [i for i in range(len(charts)) if i not in small]
    pages = geo.chart_pages(len(big), probe)
    first = 0
    for n, count in enumerate(pages, start=1):
        here = big[first:first + count]
        last = n == len(pages)
        spoken = "\n".join(said[i] for i in here + (small if last else []))
        slide, area = deck.content_slide(section, "charts",
                                         continued(section.title, n, len(pages)),
                                         spoken=spoken)
        split = _small_split(area, table, groups) if last and table is not None else None
        if split is not None:
            area, table_area, widths = split
            draw_table(slide, table, table_area, widths, groups=groups,
                       text=deck.text, brand=deck.brand, max_pt=16,
                       alt="; ".join(charts[i].alt for i in small))
        for i, place in zip(here, geo.chart_grid(area, count), strict=True):
            add_chart(slide, charts[i], place, fmt=deck.fmt, brand=deck.brand, small=True,
                      text_colour=deck.ink("charts"),
                      title_colour=deck.tpl.roles["charts"].accent_colour)
        first += count


# The drawing function of each section kind (``cspreport.report.SECTION_TYPES``).
SLIDES: dict[str, Callable[[Section, _Deck], None]] = {
    TitleSection.kind: title_slide,
    ListSection.kind: list_slides,
    TilesSection.kind: tiles_slide,
    TableSection.kind: table_slides,
    ChartSection.kind: chart_slide,
    ChartsSection.kind: charts_slide,
}
