"""Where things go on a slide: pure layout arithmetic, in inches, with no python-pptx.

Every function takes numbers (and report-model values) and returns ``Area`` rectangles,
sizes or pages, so that the layout can be checked without drawing a deck. Text room is
measured with ``cspreport.render.textfit``, the same estimate the deck's overflow test uses.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from cspreport.render.textfit import fit_size, fits, line_count, text_height_in
from cspreport.report import Item, Table, Tile

GAP = 0.25  # between cards, tiles and blocks (in)
PAD = 0.12  # text inset inside cards (in)
LONG_ITEM = 95  # characters: longer list items are set as bullets, not cards
MAX_CARDS = 12  # more list items than this continue on another slide
MIN_PT = 14  # no text on a slide smaller than this (footer aside): split over slides instead
CARD_MAX_H = 2.2  # a card is never taller than this (in)
TILE_MAX_H = 2.4  # nor a KPI tile
BADGE_PT = 32  # a card's badge (a number above its text)
LINK_ROW = 0.45  # height a link line takes at the foot of a list slide (in)
CAPTION_H = 0.45  # a chart's caption line (in)
BADGE_CARD_MAX_H = 3.8  # a card with a badge (an award's year) may be this tall (in)
LINE_MAX_PT = 28  # a short point on a line of its own: at most this size
PANEL_MAX_PT = 24  # a point in a panel (one of two or three groups side by side)
ONE_COLUMN = 6  # more short points than this are set in two columns
SPREAD = 1.6  # the space after a point: at most this many times its text size
RULE_GAP = 0.2  # between a panel's heading and its points, the accent rule in the middle (in)


@dataclass(frozen=True)
class Area:
    """A rectangle on the slide, in inches."""

    x: float
    y: float
    w: float
    h: float


# ----------------------------------------------------------------------------- slide frame


def area_below_title(left: float, bottom: float, width: float, slide_h: float, footer: bool
                     ) -> Area:
    """The content area of a layout without a body placeholder: from 0.3 in under the title
    (whose left edge, bottom and width are given) down to the footer or the slide's margin."""
    top = bottom + 0.3
    end = slide_h - (0.65 if footer else 0.4)
    return Area(left, top, width, end - top)


def overlap(a: Area, b: Area) -> float:
    """The area two rectangles share."""
    w = min(a.x + a.w, b.x + b.w) - max(a.x, b.x)
    h = min(a.y + a.h, b.y + b.h) - max(a.y, b.y)
    return max(w, 0) * max(h, 0)


def avoid(area: Area, obstacles: Sequence[Area], least: tuple[float, float]) -> Area:
    """``area`` cut clear of each obstacle (a template's picture or drawing) that covers more
    than 5 % of it: of the parts left, right, above and below the obstacle, the largest that
    is at least ``least`` (w, h) and keeps 45 % of the area; an obstacle no such part clears
    is left (the template's designer put content over it)."""
    for ob in obstacles:
        if overlap(area, ob) <= 0.05 * area.w * area.h:
            continue
        parts = [Area(area.x, area.y, ob.x - area.x - GAP / 2, area.h),
                 Area(ob.x + ob.w + GAP / 2, area.y, area.x + area.w - ob.x - ob.w - GAP / 2,
                      area.h),
                 Area(area.x, area.y, area.w, ob.y - area.y - GAP / 2),
                 Area(area.x, ob.y + ob.h + GAP / 2, area.w,
                      area.y + area.h - ob.y - ob.h - GAP / 2)]
        fine = [p for p in parts if p.w >= least[0] and p.h >= least[1]
                and p.w * p.h >= 0.45 * area.w * area.h]
        if fine:
            area = max(fine, key=lambda p: p.w * p.h)
    return area


def footer_areas(content: Area, slide_h: float) -> tuple[Area, Area]:
    """The footer's report name (bottom left) and slide number (bottom right), aligned with
    the content area's edges, under it."""
    y = max(content.y + content.h + 0.02, slide_h - 0.5)
    return (Area(content.x, y, content.w * 0.6, 0.35),
            Area(content.x + content.w - 1.0, y, 1.0, 0.35))


# ----------------------------------------------------------------------------- list slides


def split_even(items: Sequence, per_page: int) -> list[list]:
    """``items`` over as few pages of at most ``per_page`` as possible, the pages as even as
    can be (9 in pages of 4: 3, 3 and 3, not 4, 4 and 1)."""
    pages = max(1, math.ceil(len(items) / per_page))
    base, extra = divmod(len(items), pages)
    out, i = [], 0
    for k in range(pages):
        n = base + (1 if k < extra else 0)
        out.append(list(items[i:i + n]))
        i += n
    return out


def pages_that_fit(items: Sequence, per_page: int, fits_page, what: str) -> list[list]:
    """``items`` over as few even pages as possible, at most ``per_page`` a page, each page
    passing ``fits_page``; ValueError naming ``what`` when not even one a page fits."""
    for n in range(min(per_page, len(items)) or 1, 0, -1):
        pages = split_even(items, n)
        if all(fits_page(page) for page in pages):
            return pages
    raise ValueError(f"{what} does not fit at {MIN_PT} pt")


def card_pages(cards: Sequence[Item], area: Area | None = None,
               per_page: int = MAX_CARDS) -> list[list[Item]]:
    """Cards per slide: ``per_page`` at most, and fewer when the area is too small for that
    many cards' text at ``MIN_PT``; one empty page when there are none."""
    if not cards:
        return [[]]
    return pages_that_fit(cards, per_page,
                          lambda page: area is None or _cards_fit(page, area), "a card")


def _cards_fit(cards: Sequence[Item], area: Area) -> bool:
    places = card_grid(area, len(cards), badged=any(c.badge for c in cards))
    if places[0].h < 0.7:
        return False
    try:
        card_text_size(cards, places[0].w, places[0].h)
    except ValueError:
        return False
    return True


def card_columns(n: int) -> int:
    """Columns of a grid of ``n`` cards: one row up to 3, then 3 or 4 columns, whichever
    leaves no lonely card (5, 6 and 9 cards in threes, the rest in fours)."""
    return n if n <= 3 else (3 if n in (5, 6, 9) else 4)


def card_grid(area: Area, n: int, badged: bool = False) -> list[Area]:
    """Positions of ``n`` equal cards filling ``area`` in rows, ``GAP`` apart: the block is
    centred vertically (cards are at most ``CARD_MAX_H`` tall, ``BADGE_CARD_MAX_H`` when
    they carry a badge: a row of awards fills the slide rather than a band across its middle)
    and a short last row is centred horizontally."""
    if not n:
        return []
    cols = card_columns(n)
    rows = math.ceil(n / cols)
    w = (area.w - GAP * (cols - 1)) / cols
    h = min((area.h - GAP * (rows - 1)) / rows, BADGE_CARD_MAX_H if badged else CARD_MAX_H)
    y0 = area.y + (area.h - (h * rows + GAP * (rows - 1))) / 2
    out = []
    for i in range(n):
        r, c = divmod(i, cols)
        in_row = min(cols, n - r * cols)
        x = area.x + c * (w + GAP) + (cols - in_row) * (w + GAP) / 2
        out.append(Area(x, y0 + r * (h + GAP), w, h))
    return out


def badge_pt(card: Area, badges: Sequence[str] = ()) -> int:
    """A badge's size: ``BADGE_PT``, larger (44 pt) on a tall card (3 in or more) where every
    one of ``badges`` stays on one line at that size."""
    tall = card.h >= 3 and all(line_count(b, card.w - 2 * PAD, 44, bold=True) == 1
                               for b in badges)
    return 44 if tall else BADGE_PT


def card_text_size(cards: Sequence[Item], w: float, h: float) -> float:
    """One text size for all cards of a slide (each ``w`` × ``h``): the largest from 24 pt at
    which every card's text fits beside the room a badge takes when any card has one."""
    badges = [c.badge for c in cards if c.badge]
    pt = badge_pt(Area(0, 0, w, h), badges)
    # a badge on a narrow card may wrap ("−0.1 min"): its tallest takes its lines' room
    lines = max((line_count(b, w - 2 * PAD, pt, bold=True) for b in badges), default=0)
    text_h = h - PAD - lines * pt * 1.25 / 72
    return min(fit_size(c.text, w - 2 * PAD, text_h, 24, MIN_PT) for c in cards)


# ----------------------------------------------------------------------------- short points


def _indent(size: float) -> float:
    """The room a bullet and its hanging indent take at ``size`` (in)."""
    return size * 1.1 / 72


def _points_height(texts: Sequence[str], w: float, size: float) -> float:
    return sum(text_height_in(t, w - 2 * PAD - _indent(size), size) for t in texts)


def spread_size(texts: Sequence[str], area: Area, max_pt: float = LINE_MAX_PT) -> int:
    """The largest size from ``max_pt`` down to ``MIN_PT`` at which the points, one a
    paragraph with at least a third of a line between them, fit ``area``; ValueError when
    none does."""
    for size in range(int(max_pt), MIN_PT - 1, -1):
        need = _points_height(texts, area.w, size) + len(texts) * size * 0.4 / 72 + PAD
        if need <= area.h:
            return size
    raise ValueError(f"points do not fit {area.w:.2f} × {area.h:.2f} in at {MIN_PT} pt")


def spread_space(texts: Sequence[str], area: Area, size: float) -> float:
    """The space after each point (pt) that spreads the points over ``area``'s height: the
    height left over shared out, at most ``SPREAD`` times the text size."""
    left = area.h - PAD - _points_height(texts, area.w, size)
    return round(max(0.0, min(left / max(len(texts), 1) * 72, SPREAD * size)), 1)


def line_columns(area: Area, texts: Sequence[str]) -> list[tuple[Area, list[str]]] | None:
    """Short points one a line: in one column, or in two (``2 × GAP`` apart, the first one
    the longer) when there are more than ``ONE_COLUMN``; None when a column does not fit at
    ``MIN_PT``."""
    cols = 1 if len(texts) <= ONE_COLUMN else 2
    parts = split_even(texts, math.ceil(len(texts) / cols))
    w = (area.w - 2 * GAP * (len(parts) - 1)) / len(parts)
    out = [(Area(area.x + k * (w + 2 * GAP), area.y, w, area.h), part)
           for k, part in enumerate(parts)]
    try:
        for box, part in out:
            spread_size(part, box)
    except ValueError:
        return None
    return out


def panel_layout(area: Area, panels: Sequence[tuple[str, Sequence[Item]]]
                 ) -> tuple[int, int, list[tuple[Area, Area]]] | None:
    """Two or three groups of points side by side, each a heading over its points: the
    headings' size (up to 22 pt bold, on at most two lines), the points' size (one for all,
    up to ``PANEL_MAX_PT``) and each panel's (heading box, points box). A panel's width
    follows how much text it holds (within 70–130 % of an even share). None when there are
    more than three panels or they do not fit at ``MIN_PT``."""
    k = len(panels)
    if not 1 <= k <= 3:
        return None
    lengths = [len(head) + sum(len(i.text) for i in items) for head, items in panels]
    shares = [min(max(n / sum(lengths), 0.7 / k), 1.3 / k) for n in lengths]
    room = area.w - 2 * GAP * (k - 1)
    widths = [room * x / sum(shares) for x in shares]
    head_pt = next((pt for pt in range(22, MIN_PT - 1, -1)
                    if all(line_count(head, w - 2 * PAD, pt, bold=True) <= 2
                           for (head, _), w in zip(panels, widths, strict=True))), None)
    if head_pt is None:
        return None
    head_h = max(text_height_in(head, w - 2 * PAD, head_pt, bold=True)
                 for (head, _), w in zip(panels, widths, strict=True)) + PAD
    places, x = [], area.x
    body_h = area.h - head_h - RULE_GAP
    for w in widths:
        places.append((Area(x, area.y, w, head_h),
                       Area(x, area.y + head_h + RULE_GAP, w, body_h)))
        x += w + 2 * GAP
    try:
        size = min(spread_size([i.text for i in items], body, PANEL_MAX_PT)
                   for (_, items), (_, body) in zip(panels, places, strict=True))
    except ValueError:
        return None
    return head_pt, size, places


def link_rows(area: Area, texts: Sequence[str]) -> tuple[list[Area], Area]:
    """Links stacked at the foot of ``area``, one a line (``LINK_ROW`` apart, 0.42 in tall)
    where each fits one line at 16 pt, else each as tall as its wrapped text at ``MIN_PT``;
    returns their boxes and the area left above them for the cards (``GAP`` away)."""
    width = area.w - 2 * PAD
    heights = [0.42 if line_count(t, width, 16) == 1 else  # else its lines and the insets
               text_height_in(t, width, MIN_PT) + PAD + 0.02 for t in texts]
    link_h = sum(h + LINK_ROW - 0.42 for h in heights)
    y = area.y + area.h - link_h
    boxes = []
    for h in heights:
        boxes.append(Area(area.x, y, area.w, h))
        y += h + LINK_ROW - 0.42
    return boxes, replace(area, h=area.h - link_h - GAP)


def bullet_lines(items: Sequence[Item]) -> list[str]:
    """The text of long list items' bullets: "badge – text" (the bullet itself comes from the
    template's paragraph style)."""
    return [f"{i.badge + ' – ' if i.badge else ''}{i.text}" for i in items]


def bullet_pages(items: Sequence[Item], area: Area, min_pt: float = 16) -> list[list[Item]]:
    """Items per slide such that each slide's bullets fit ``area`` at ``min_pt`` or more
    (each bullet also takes 0.25 in of paragraph spacing)."""
    pages, page = [], []
    for item in items:
        trial = [*page, item]
        text = "\n".join(bullet_lines(trial))
        if page and not fits(text, area.w - 2 * PAD, area.h - 0.25 * len(trial), min_pt):
            pages.append(page)
            trial = [item]
        page = trial
    return [*pages, page]


def bullet_size(lines: Sequence[str], area: Area) -> float:
    """The bullets' text size: the largest from 26 pt at which all of them fit."""
    return fit_size("\n".join(lines), area.w - 2 * PAD, area.h - 0.25 * len(lines), 26,
                    MIN_PT)


# ----------------------------------------------------------------------------- KPI tiles


def tile_grid(area: Area, n: int) -> list[Area]:
    """Positions of ``n`` KPI tiles: up to 4 a row (3 when that fills every row and 4 would
    not: 6 tiles as 3 + 3, not 4 + 2 with half a row empty), ``GAP`` apart, at most
    ``TILE_MAX_H`` tall and centred vertically; a single tile is at most 5 in wide and
    centred."""
    if not n:
        return []
    cols = 3 if n > 4 and n % 4 and not n % 3 else min(n, 4)
    rows = math.ceil(n / cols)
    w = (area.w - GAP * (cols - 1)) / cols if n > 1 else min(5.0, area.w)
    h = min((area.h - GAP * (rows - 1)) / rows, TILE_MAX_H)
    y0 = area.y + (area.h - (h * rows + GAP * (rows - 1))) / 2
    out = []
    for i in range(n):
        r, c = divmod(i, cols)
        x = area.x + c * (w + GAP) if n > 1 else area.x + (area.w - w) / 2
        out.append(Area(x, y0 + r * (h + GAP), w, h))
    return out


def tile_value_pt(n: int, with_previous: bool, place: Area | None = None,
                  values: Sequence[str] = ()) -> int:
    """The size of a tile's value: 72 pt alone, else 40 (34 when a previous year is shown),
    smaller on a small tile (never under 24 pt), and small enough for the longest of
    ``values`` to stay on one line (down to ``MIN_PT``)."""
    size = (34 if with_previous else 40) if n > 1 else 72
    if place is not None:
        size = min(size, max(24, int(place.h * 72 / 4.2)), max(24, int(place.w * 72 / 3.6)))
        longest = max(values, key=len, default="")
        while longest and size > MIN_PT and line_count(longest, place.w - 2 * PAD, size,
                                                       bold=True) > 1:
            size -= 1
    return size


def tile_pages(tiles: Sequence[Tile], area: Area, per_page: int = 8) -> list[list[Tile]]:
    """Tiles per slide: up to ``per_page``, fewer when the area is too small for their text
    at ``MIN_PT`` under the value."""
    return pages_that_fit(tiles, per_page, lambda page: _tiles_fit(page, area), "a KPI tile")


def _tiles_fit(tiles: Sequence[Tile], area: Area) -> bool:
    if not tiles:
        return True
    places = tile_grid(area, len(tiles))
    value_pt = tile_value_pt(len(tiles), any(t.previous_text for t in tiles), places[0],
                             [t.value_text for t in tiles])
    inner = places[0].w - 2 * PAD
    if any(line_count(t.value_text, inner, value_pt, bold=True) > 1 for t in tiles):
        return False
    return all(fits(tile_text(t), inner, tile_room(places[0].h, value_pt), MIN_PT)
               for t in tiles)


def tile_room(h: float, value_pt: float) -> float:
    """The height left for a tile's text under its value: the tile's ``h`` less its insets
    (2 × ``PAD`` above, ``PAD`` / 2 below) and the value's line."""
    return h - 2.5 * PAD - value_pt * 1.2 / 72


def tile_text(tile: Tile) -> str:
    """A tile's text under its value: label and previous year (the note is said under the
    tiles)."""
    lines = [tile.label]
    if tile.previous_text:
        lines.append(tile.previous_text)
    return "\n".join(lines)


def tile_label_size(tiles: Sequence[Tile], w: float, h: float, value_pt: float) -> int:
    """The largest label size from 18 pt down to ``MIN_PT`` at which every tile's text fits
    under its value (``MIN_PT`` when none does)."""
    inner = w - 2 * PAD
    label_size = 18
    for size in range(18, MIN_PT - 1, -1):
        label_size = size
        if all(fits(tile_text(t), inner, tile_room(h, value_pt), size) for t in tiles):
            break
    return label_size


# ----------------------------------------------------------------------------- charts


def caption_split(area: Area, height: float = CAPTION_H) -> tuple[Area, Area]:
    """A caption ``height`` tall at the foot of ``area``; returns (caption box, area above
    it, 0.05 in away)."""
    caption = Area(area.x, area.y + area.h - height, area.w, height)
    return caption, replace(area, h=area.h - height - 0.05)


def caption_height(text: str, width: float, size: float = MIN_PT) -> float:
    """The height a caption of ``text`` takes across ``width`` at ``size`` (one line at
    least)."""
    return max(CAPTION_H, text_height_in(text, width - 2 * PAD, size) + 0.15)


def chart_table_split(area: Area, table_rows: int) -> tuple[Area, Area]:
    """A chart with its table to the right: the table takes 45 % of the width (5.6 in at
    most) and the height its rows need, centred vertically. Returns (chart, table)."""
    table_w = min(5.6, area.w * 0.45)
    chart_w = area.w - table_w - GAP
    table_h = min(area.h, 0.55 * (table_rows + 1) + 0.6)
    return (Area(area.x, area.y, chart_w, area.h),
            Area(area.x + chart_w + GAP, area.y + (area.h - table_h) / 2, table_w, table_h))


MIN_CHART_W = 4.5  # a chart of several months narrower than this is unreadable at 14 pt (in)


def chart_pages(n: int, area: Area, per_page: int = 2) -> list[int]:
    """How many of ``n`` charts go on each slide: side by side, as many as leave each chart
    ``MIN_CHART_W`` wide (``per_page`` at most, and one on a narrow slide); a last slide with
    one chart gives it the whole width."""
    fit = max(1, min(per_page, int((area.w + GAP) // (MIN_CHART_W + GAP))))
    return [len(page) for page in split_even(range(n), fit)] if n else [0]


def chart_grid(area: Area, n: int) -> list[Area]:
    """``n`` equal charts side by side filling ``area``."""
    cols = max(n, 1)
    rows = math.ceil(n / cols)
    w = (area.w - GAP * (cols - 1)) / cols
    h = (area.h - GAP * (rows - 1)) / rows
    out = []
    for i in range(n):
        r, c = divmod(i, cols)
        out.append(Area(area.x + c * (w + GAP), area.y + r * (h + GAP), w, h))
    return out


# ----------------------------------------------------------------------------- tables


def column_widths(table: Table, total: float, first_share: float | None = None
                  ) -> list[float]:
    """Give the first (text) column what the narrow columns leave over: each other column is
    as wide as its longest entry needs (0.16 in a character + 0.4, at least 1.4 in; together
    at most 60 % of ``total``, scaled down on a narrow slide), or, with
    ``first_share``, the first takes that share of ``total`` and the rest split it evenly."""
    n = len(table.columns)
    if first_share is None:
        rest = [max(1.4, 0.16 * max(len(r[j]) for r in (table.columns, *table.rows)) + 0.4)
                for j in range(1, n)]
        if sum(rest) > total * 0.6:  # a narrow slide: the text column keeps 40 % at least
            rest = [w * total * 0.6 / sum(rest) for w in rest]
        return [total - sum(rest), *rest]
    first = total * first_share
    return [first, *[(total - first) / (n - 1)] * (n - 1)]


def row_height(row: Sequence[str], widths: Sequence[float], size: float, bold: bool = False
               ) -> float:
    """A table row's height: its tallest cell's wrapped text plus 0.16 in of margin."""
    return max(text_height_in(text, w - 2 * PAD - 0.05, size, bold) + 0.16
               for text, w in zip(row, widths, strict=True))


def table_pages(table: Table, widths: Sequence[float], height: float, min_pt: float
                ) -> list[tuple]:
    """Rows per slide such that each slide, header included, fits at ``min_pt``. A row too
    tall for a slide of its own (a very long text in a cell) is shortened to fit, its cut
    text ending in "…" (the HTML report keeps the whole text)."""
    header = row_height(table.columns, widths, min_pt, bold=True)
    pages, page, used = [], [], header
    for row in table.rows:
        row = fit_row(row, widths, height - header, min_pt)
        h = row_height(row, widths, min_pt)
        if page and used + h > height:
            pages.append(tuple(page))
            page, used = [], header
        page.append(row)
        used += h
    return [*pages, tuple(page)]


def fit_row(row: Sequence[str], widths: Sequence[float], height: float, size: float
            ) -> tuple[str, ...]:
    """``row`` with each cell cut (at a word, with "…") until the row fits ``height``."""
    cells = list(row)
    for j, w in enumerate(widths):
        words = cells[j].split()
        while len(words) > 1 and row_height([cells[j]], [w], size) > height:
            words = words[: max(1, len(words) * 3 // 4)]
            cells[j] = " ".join(words) + " …"
    return tuple(cells)


def group_row_height(groups: Sequence[tuple[str, int]], widths: Sequence[float],
                     size: float) -> float:
    """The height of a header row of headings spanning columns (text, columns spanned) at
    ``size``, bold; 0 without such headings."""
    if not groups:
        return 0.0
    spans, j = [], 0
    for _, n in groups:
        spans.append(sum(widths[j:j + n]))
        j += n
    return row_height([g for g, _ in groups], spans, size, bold=True)


def table_size(rows: Sequence[Sequence[str]], widths: Sequence[float], height: float,
               max_pt: float) -> tuple[int, list[float]]:
    """The largest text size from ``max_pt`` down to ``MIN_PT`` at which the rows (the first
    is the bold header) fit ``height``, and the rows' heights at it; ValueError if none."""
    for size in range(int(max_pt), MIN_PT - 1, -1):
        heights = [row_height(row, widths, size, bold=(i == 0)) for i, row in enumerate(rows)]
        if sum(heights) <= height:
            return size, heights
    raise ValueError(f"table does not fit on a slide: {tuple(rows[0]) if rows else ()}")
