"""Native tables: a brand-coloured header row, banded rows, numbers right-aligned, the
largest text size that fits, and tables too long for one slide split into parts by rows."""

from __future__ import annotations

from collections.abc import Sequence

from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches

from cspreport import style
from cspreport.render.pptx import oxml
from cspreport.render.pptx.geometry import (
    PAD,
    Area,
    group_row_height,
    table_pages,
    table_size,
)
from cspreport.render.pptx.text import Text, rgb
from cspreport.report import Table


def table_parts(table: Table, widths: Sequence[float], height: float, min_pt: float
                ) -> list[Table]:
    """``table`` split by rows into parts that each fit ``height`` (header repeated) at
    ``min_pt`` or more."""
    return [Table(table.columns, rows, table.numeric)
            for rows in table_pages(table, widths, height, min_pt)]


def draw_table(slide, table: Table, area: Area, widths: Sequence[float], *, text: Text,
               brand: str, max_pt: float = 18, alt: str = "",
               groups: Sequence[tuple[str, int]] = ()):
    """Draw ``table`` at the top left of ``area`` with columns ``widths`` wide, at the largest
    size up to ``max_pt`` at which it fits the area's height; ``alt`` is its alt text.
    ``groups``: headings (text, columns spanned) in a header row above the columns' own,
    each a merged cell."""
    rows_text = (table.columns, *table.rows)
    size = max_pt
    while True:  # the largest size at which the spanning headings and the table fit
        room = area.h - group_row_height(groups, widths, size)
        size, heights = table_size(rows_text, widths, room, size)
        if not groups or group_row_height(groups, widths, size) <= area.h - sum(heights):
            break
        size -= 1
    if groups:
        cells, spans = [], []
        for g, n in groups:
            cells += [g] + [""] * (n - 1)
            spans.append(n)
        rows_text = (tuple(cells), *rows_text)
        heights = [group_row_height(groups, widths, size), *heights]
    shape = slide.shapes.add_table(len(rows_text), len(widths), Inches(area.x),
                                   Inches(area.y), Inches(sum(widths)), Inches(sum(heights)))
    grid = shape.table
    grid.first_row = True
    for j, w in enumerate(widths):
        grid.columns[j].width = Inches(w)
    numeric = table.numeric or (False,) * len(widths)
    for i, row in enumerate(rows_text):
        grid.rows[i].height = Inches(heights[i])
        for j, cell_text in enumerate(row):
            cell = grid.cell(i, j)
            cell.fill.solid()
            if i < 1 + bool(groups):
                cell.fill.fore_color.rgb = rgb(brand)
                colour, bold = style.WHITE, True
            else:
                cell.fill.fore_color.rgb = rgb(style.CARD if i % 2 else style.WHITE)
                colour, bold = style.TEXT, False
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.margin_left = cell.margin_right = Inches(PAD)
            frame = cell.text_frame
            frame.clear()
            frame.word_wrap = True
            align = PP_ALIGN.RIGHT if numeric[j] and i > 0 else PP_ALIGN.LEFT
            if groups and i == 0:
                align = PP_ALIGN.CENTER
            text.para(frame.paragraphs[0], cell_text, size, bold=bold, colour=colour,
                      align=align)
    if groups:
        j = 0
        for n in spans:
            if n > 1:
                grid.cell(0, j).merge(grid.cell(0, j + n - 1))
            j += n
    oxml.set_alt_text(shape, alt)
    return shape
