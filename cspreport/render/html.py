"""HTML for report sections: what the notebooks display and the report page is made of.

All text is escaped here, once; charts are embedded PNG data URIs with the chart's alt text,
followed by the chart's numbers as a table (for screen readers, and for anyone who wants the
figures rather than the picture).
"""

from __future__ import annotations

import base64
from html import escape

from cspreport.i18n import Formatter
from cspreport.render.figures import chart_png
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
)


def section_id(section: Section) -> str:
    return f"sec-{section.key}"


def section_html(section: Section, report: Report) -> str:
    fmt = Formatter(report.lang)
    if isinstance(section, TitleSection):
        body = _title(section)
        return f'<header class="cs-title" id="{section_id(section)}">{body}</header>'
    if isinstance(section, ListSection):
        body = _list(section)
    elif isinstance(section, TilesSection):
        body = _tiles(section)
    elif isinstance(section, TableSection):
        body = _table(section.table)
    elif isinstance(section, ChartSection):
        body = _chart(section, fmt)
    elif isinstance(section, ChartsSection):
        body = _charts(section, fmt)
    else:  # pragma: no cover
        raise TypeError(f"no HTML for {type(section).__name__}")
    notes = "<br>".join(escape(line) for line in section.notes.splitlines())
    return (f'<section class="cs-section" id="{section_id(section)}">'
            f"<h2>{escape(section.title)}</h2>{body}"
            f'<p class="cs-source">{notes}</p></section>')


def _title(section: TitleSection) -> str:
    lines = "".join(f"<p>{escape(line)}</p>" for line in section.lines)
    return (f"<h1>{escape(section.title)}</h1>"
            f'<p class="cs-subtitle">{escape(section.subtitle)}</p>{lines}')


def _list(section: ListSection) -> str:
    items = []
    for item in section.items:
        text = escape(item.text)
        if item.url:
            text = f'{text}: <a href="{escape(item.url)}">{escape(item.url)}</a>'
        if item.badge:
            text = f'<strong class="cs-badge">{escape(item.badge)}</strong> {text}'
        items.append(f"<li>{text}</li>")
    return f'<ul class="cs-cards">{"".join(items)}</ul>'


def _tiles(section: TilesSection) -> str:
    tiles = []
    for tile in section.tiles:
        note = f'<span class="cs-note">({escape(tile.note)})</span>' if tile.note else ""
        if tile.previous_text:
            note += f'<span class="cs-note cs-previous">{escape(tile.previous_text)}</span>'
        tiles.append(f'<div class="cs-tile" data-code="{escape(tile.code)}">'
                     f'<span class="cs-value">{escape(tile.value_text)}</span>'
                     f'<span class="cs-label">{escape(tile.label)}</span>{note}</div>')
    return f'<div class="cs-tiles">{"".join(tiles)}</div>'


def _table(table: Table, caption: str = "") -> str:
    numeric = table.numeric or (False,) * len(table.columns)

    def cell(tag: str, text: str, j: int) -> str:
        cls = ' class="num"' if numeric[j] else ""
        return f"<{tag}{cls}>{escape(text)}</{tag}>"

    head = "".join(cell("th", c, j) for j, c in enumerate(table.columns))
    rows = "".join("<tr>" + "".join(cell("td", c, j) for j, c in enumerate(row)) + "</tr>"
                   for row in table.rows)
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return (f'<div class="cs-scroll"><table class="cs-table">{cap}<thead><tr>{head}</tr>'
            f"</thead><tbody>{rows}</tbody></table></div>")


def chart_table(chart: Chart, fmt: Formatter) -> Table:
    """The numbers behind a chart, categories down, series across."""
    def text(v: float | None) -> str:
        if v is None:
            return "–"  # suppressed
        return fmt.number(v, chart.decimals) + ("%" if chart.percent else "")

    rows = tuple((cat, *(text(s.values[i]) for s in chart.series))
                 for i, cat in enumerate(chart.categories))
    return Table((chart.category_title, *(s.name for s in chart.series)), rows,
                 (False, *([True] * len(chart.series))))


def _image(chart: Chart, fmt: Formatter, **size) -> str:
    png = base64.b64encode(chart_png(chart, fmt, **size)).decode("ascii")
    return (f'<figure class="cs-figure"><img src="data:image/png;base64,{png}" '
            f'alt="{escape(chart.alt)}"></figure>')


def _charts(section: ChartsSection, fmt: Formatter) -> str:
    """Small multiples, then one table with every chart's numbers (categories down)."""
    images = "".join(_image(c, fmt, width_in=4.4, height_in=2.8, title=True)
                     for c in section.charts)
    first = section.charts[0]
    columns = [first.category_title]
    for chart in section.charts:
        columns += [f"{chart.value_title} {s.name}" if len(chart.series) > 1
                    else chart.value_title for s in chart.series]
    rows = tuple((cat, *(fmt.number(s.values[i]) for c in section.charts for s in c.series))
                 for i, cat in enumerate(first.categories))
    table = Table(tuple(columns), rows, (False, *([True] * (len(columns) - 1))))
    return f'<div class="cs-multiples">{images}</div>' + _table(table)


def _chart(section: ChartSection, fmt: Formatter) -> str:
    chart = section.chart
    html = _image(chart, fmt) + _table(section.table or chart_table(chart, fmt))
    if section.detail is not None:
        html += _table(section.detail)
    if section.caption:
        html += f'<p class="cs-caption">{escape(section.caption)}</p>'
    for heading, quotes in section.quotes:
        items = "".join(f"<li><blockquote>{escape(q)}</blockquote></li>" for q in quotes)
        html += (f'<div class="cs-quotes"><h3>{escape(heading)}</h3>'
                 f"<ul>{items}</ul></div>")
    return html
