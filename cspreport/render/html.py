"""HTML for report sections: what the notebooks display and the report page is made of.

All text is escaped here, once; charts are embedded SVG data URIs (drawn by
``cspreport.render.figures`` when the notebook published the section) with the chart's alt
text, followed by the chart's numbers as a table (for screen readers, and for anyone who
wants the figures rather than the picture).
"""

from __future__ import annotations

import base64
import csv
import io
import re
from collections.abc import Sequence
from html import escape
from pathlib import Path

from babel.numbers import get_decimal_symbol

from cspreport.i18n import Catalogue, Formatter
from cspreport.render.apart import without_apart
from cspreport.render.chart_table import apart_rows, chart_rows, total_label
from cspreport.report import (
    Chart,
    ChartSection,
    ChartsSection,
    ListSection,
    Section,
    Table,
    TableSection,
    TilesSection,
    TitleSection,
    dispatch,
    table_footnote,
    without_empty_columns,
)
from cspreport.sections.context import Context


def section_id(section: Section) -> str:
    return f"sec-{section.key}"


def section_html(section: Section, lang: str, figures: Sequence[str] = (),
                 report_lang: str | None = None,
                 folded: Sequence[tuple[Section, Sequence[str]]] = ()) -> str:
    """The HTML of one section; ``figures``: SVG markup of its charts, in order (drawn here
    when not given). ``report_lang``: the language of the page around it (respondents'
    quotes are Latvian, and marked so in a page of another language). ``folded``: sections
    too small to stand alone (a single tile), with their figures, shown at the top of this
    one. The presenter's notes are the deck's: the page names the sources instead."""
    fmt = Formatter(lang)
    counted = _counted_in_table(section, folded)
    if counted is not None:  # the count is the table's last row, not a line of its own
        folded = [(s, f) for s, f in folded if s is not counted]
        body = _chart(section, fmt, list(figures), counted)
    else:
        body = dispatch(_BODY, section, fmt, list(figures))
    if section.kind == TitleSection.kind:
        return f'<header class="cs-title" id="{section_id(section)}">{body}</header>'
    if getattr(section, "quotes", ()) and (report_lang or lang) != "lv":
        body = body.replace('<blockquote>', '<blockquote lang="lv">')
        said = Catalogue(report_lang or lang)("report.quotes_in_latvian")
        body = body.replace('<div class="cs-quotes">',
                            f'<p class="cs-caption">{escape(said)}</p><div class="cs-quotes">', 1)
    shown = [s for s, _ in folded] + ([counted] if counted is not None else [])
    body += _method(section, fmt, _sources([*shown, section], lang))
    # the section's message for readers, above its figures
    said = f'<p class="cs-lead">{escape(section.lead)}</p>' if section.lead else ""
    lead = "".join(f'<div class="cs-folded" id="{section_id(s)}">{_folded(s, fmt, list(f))}'
                   f"</div>" for s, f in folded)
    return (f'<section class="cs-section" id="{section_id(section)}">'
            f"<h2>{escape(section.title)}</h2>{said}{lead}{body}</section>")


def _counted_in_table(section: Section, folded) -> Section | None:
    """A single tile shown beside a chart whose table gives a total of counts and the counts
    set apart (themes' mentions, comments raising none): the tile ("Comments: 155") is that
    table's last row, as in the tables workbook, so that the three totals stand labelled
    together and none is stated twice."""
    if section.kind != ChartSection.kind or section.table is not None or section.chart is None \
            or not section.chart.apart:
        return None
    for s, _ in folded:
        if s.kind == TilesSection.kind and len(s.tiles) == 1 and s.tiles[0].value is not None:
            return s
    return None


def _folded(section: Section, fmt: Formatter, figures: list[str]) -> str:
    """A section shown inside its neighbour: a single tile as a line of text ("Komentāri:
    155"), not a lone box; anything else as it is."""
    if section.kind != TilesSection.kind or len(section.tiles) != 1:
        return dispatch(_BODY, section, fmt, figures)
    tile = section.tiles[0]
    note = f' <span class="cs-note">({escape(tile.note)})</span>' if tile.note else ""
    return (f'<p class="cs-fact" data-code="{escape(tile.code)}">{escape(tile.label)}: '
            f'<strong class="cs-value">{escape(tile.value_text)}</strong>{note}</p>')


class _Names:
    """What ``Context.cite`` needs of a context: the catalogue (one rule names a source for
    people, in the notes and on the page alike)."""

    cite = Context.cite

    def __init__(self, lang: str):
        self.t = Catalogue(lang)


# Sections that show no figure (words, a list of points, the title) cite no data source.
_NO_FIGURES = (TitleSection.kind, ListSection.kind)


def source_names(sections: Sequence[Section], lang: str) -> list[str]:
    """The sources of the figures of ``sections`` as a reader can find them, each once, in
    order: a system's export by its system and what it lists, a sheet of the edition's
    workbook by the workbook's file and the sheet's name as the file spells it (the names are
    the file's, not words of the report's language). The edition's own texts are the
    report's words, not a source of its figures: not named; nor are the sources of a section
    that shows no figure."""
    names, t = _Names(lang), Catalogue(lang)

    def name(ref) -> str:
        if ref.kind == "workbook":
            return t("report.source_sheet", file=Path(ref.file).name, sheet=ref.sheet)
        return names.cite(ref)

    return list(dict.fromkeys(name(ref) for s in sections if s.kind not in _NO_FIGURES
                              for ref in s.sources if ref.kind != "texts"))


def _sources(sections: Sequence[Section], lang: str) -> str:
    named = source_names(sections, lang)
    if not named:
        return ""
    key = "report.source" if len(named) == 1 else "report.sources"
    text = Catalogue(lang)(key, sources="; ".join(named))
    return f'<p class="cs-source">{escape(text)}</p>'


def _method(section: Section, fmt: Formatter, sources: str = "") -> str:
    """How the figures were made — intervals, tests, rounding, and the sources they come
    from: one collapsible detail, for those who ask (the reader's text stays above it)."""
    detail = getattr(section, "detail", None)
    if not section.method and detail is None and not sources:
        return ""
    t = Catalogue(fmt.lang)
    inner = _table(detail, t("report.detail", title=section.title)) if detail else ""
    lines = "".join(f"<li>{escape(line)}</li>" for line in section.method.splitlines())
    if lines:
        inner += f'<ul class="cs-method">{lines}</ul>'
    return (f'<details class="cs-details"><summary>{escape(t("report.method"))}</summary>'
            f"{inner}{sources}</details>")


def _title(section: TitleSection, fmt: Formatter, figures: list[str]) -> str:
    lines = "".join(f"<p>{escape(line)}</p>" for line in section.lines)
    alt = Catalogue(fmt.lang)("report.logo")
    logo = (f'<img class="cs-logo" src="{escape(section.logo)}" alt="{escape(alt)}">'
            if section.logo else "")
    return (f"{logo}<h1>{escape(section.title)}</h1>"
            f'<p class="cs-subtitle">{escape(section.subtitle)}</p>{lines}')


def _item(item) -> str:
    text = escape(item.text)
    if item.url:
        text = f'{text}: <a href="{escape(item.url)}">{escape(item.url)}</a>'
    if item.badge:
        text = f'<strong class="cs-badge">{escape(item.badge)}</strong> {text}'
    return text


def _list(section: ListSection, fmt: Formatter, figures: list[str]) -> str:
    """Points as cards; points in groups (``Item.group``) as the deck shows them: a list
    under each group's heading, side by side where there is room, the links a line each
    below them."""
    if not any(i.group for i in section.items):
        items = "".join(f"<li>{_item(i)}</li>" for i in section.items)
        return f'<ul class="cs-cards">{items}</ul>'
    points = [i for i in section.items if not i.url]
    groups = []
    for group in dict.fromkeys(i.group for i in points):
        items = "".join(f"<li>{_item(i)}</li>" for i in points if i.group == group)
        heading = f"<h3>{escape(group)}</h3>" if group else ""
        groups.append(f'<div class="cs-group">{heading}<ul>{items}</ul></div>')
    links = "".join(f"<li>{_item(i)}</li>" for i in section.items if i.url)
    return (f'<div class="cs-groups">{"".join(groups)}</div>'
            + (f'<ul class="cs-links">{links}</ul>' if links else ""))


def _tiles(section: TilesSection, fmt: Formatter, figures: list[str]) -> str:
    tiles = []
    for tile in section.tiles:
        note = f'<span class="cs-note">({escape(tile.note)})</span>' if tile.note else ""
        if tile.previous_text:
            note += f'<span class="cs-note cs-previous">{escape(tile.previous_text)}</span>'
        tiles.append(f'<div class="cs-tile" data-code="{escape(tile.code)}">'
                     f'<span class="cs-value">{escape(tile.value_text)}</span>'
                     f'<span class="cs-label">{escape(tile.label)}</span>{note}</div>')
    return f'<div class="cs-tiles">{"".join(tiles)}</div>'


def _table(table: Table, caption: str = "", caption_shown: bool = True) -> str:
    table = without_empty_columns(table)
    numeric = table.numeric or (False,) * len(table.columns)

    def cell(tag: str, text: str, j: int) -> str:
        cls = ' class="num"' if numeric[j] else ""
        return f"<{tag}{cls}>{escape(text)}</{tag}>"

    # an empty corner cell is no header (screen readers would announce an empty one)
    head = "".join(cell("th" if c else "td", c, j) for j, c in enumerate(table.columns))
    rows = "".join("<tr>" + "".join(cell("td", c, j) for j, c in enumerate(row)) + "</tr>"
                   for row in table.rows)
    hidden = "" if caption_shown else ' class="cs-sr-only"'
    cap = f"<caption{hidden}>{escape(caption)}</caption>" if caption else ""
    return (f'<div class="cs-scroll"><table class="cs-table">{cap}<thead><tr>{head}</tr>'
            f"</thead><tbody>{rows}</tbody></table></div>")


def _data_table(charts: Sequence[Chart], fmt: Formatter, key: str = "",
                counted: Section | None = None) -> Table:
    """The numbers behind one chart or several (small multiples) as the report writes them,
    categories down, series across; a dash where a value is suppressed. Counts a chart sets
    apart come after a labelled total of the others (as in the tables workbook), then
    ``counted``'s tile as the last row ("Comments, total 155")."""
    def text(chart: Chart, v: float) -> str:
        return fmt.number(v, chart.decimals) + ("%" if chart.percent else "")

    columns, rows = chart_rows(charts, text, suppressed="–")
    if len(charts) == 1:
        t = Catalogue(fmt.lang)
        rows = apart_rows(charts[0], rows, total_label(key, t), text)
        if counted is not None:
            tile = counted.tiles[0]
            rows.append([t("workbook.total_of", label=tile.label), tile.value_text])
    return Table(tuple(columns), tuple(tuple(row) for row in rows),
                 (False, *([True] * (len(columns) - 1))))


def _image(chart: Chart, svg: str) -> str:
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (f'<figure class="cs-figure"><img src="data:image/svg+xml;base64,{data}" '
            f'alt="{escape(chart.alt)}"></figure>')


def charts_csv(charts: Sequence[Chart], lang: str = "en", key: str = "",
               counted: Section | None = None) -> str:
    """Charts' numbers as CSV, for a spreadsheet of the report's language: the categories
    down, each chart's series across, numbers as numbers (no thousands separator, an empty
    cell where a value is suppressed), counts set apart after a labelled total (as the data
    table). Where the language writes a decimal comma (Latvian), the comma is the decimal
    mark and ";" separates the fields, as Excel with those regional settings reads a CSV
    file; otherwise a point and ",". ``key``: the section's (what its total is called);
    ``counted``: a single tile whose count is the last row (as in the data table)."""
    comma = get_decimal_symbol(Formatter(lang).locale) == ","
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if comma else ",", lineterminator="\r\n")

    def number(chart: Chart, v: float) -> str:
        return f"{v:g}".replace(".", ",") if comma else f"{v:g}"

    columns, rows = chart_rows(charts, number, suppressed="")
    if len(charts) == 1:
        t = Catalogue(lang)
        rows = apart_rows(charts[0], rows, total_label(key, t), number)
        if counted is not None:
            tile = counted.tiles[0]
            rows.append([t("workbook.total_of", label=tile.label), number(charts[0], tile.value)])
    writer.writerows([columns, *rows])
    return buffer.getvalue()


def csv_name(section: Section) -> str:
    """The file name of a section's CSV download: its title in the report's language, as a
    file name ("Respondentu ierosinājumi" → "respondentu-ierosinājumi.csv"), else its key."""
    name = re.sub(r"\W+", "-", section.title.lower()).strip("-")
    return f"{name or section.key}.csv"


def _download(charts: Sequence[Chart], section: Section, fmt: Formatter,
              counted: Section | None = None) -> str:
    """A link that saves the chart's data as a CSV file (a data URI: nothing is fetched)."""
    text = "\ufeff" + charts_csv(charts, fmt.lang, section.key, counted)
    data = base64.b64encode(text.encode("utf-8")).decode("ascii")
    label = Catalogue(fmt.lang)("report.csv")
    return (f'<p class="cs-download"><a download="{escape(csv_name(section))}" '
            f'href="data:text/csv;charset=utf-8;base64,{data}">{escape(label)}</a></p>')


def _table_section(section: TableSection, fmt: Formatter, figures: list[str]) -> str:
    # the section's heading, just above, names the table: its caption only for screen readers
    # (a table is announced by its caption), not a second heading on the page. Its note (the
    # last, text-only row) goes under it, as in the deck, unless the lead says it already.
    table, note = table_footnote(section.table)
    said = _caption(note) if note and note not in section.lead else ""
    return _table(table, section.title, caption_shown=False) + said


def _charts(section: ChartsSection, fmt: Formatter, figures: list[str]) -> str:
    """Small multiples, then one table with every chart's numbers (categories down)."""
    figures = figures or _drawn(section, fmt)
    images = "".join(_image(c, svg) for c, svg in zip(section.charts, figures, strict=True))
    t = Catalogue(fmt.lang)
    return (f'<div class="cs-multiples">{images}</div>'
            + _table(_data_table(section.charts, fmt), t("report.data", title=section.title))
            + _download(section.charts, section, fmt))


def _drawn(section: Section, fmt: Formatter) -> list[str]:
    """The section's charts drawn here, for a section published without its pictures."""
    # a record holds its pictures: the build's own process, which assembles from records,
    # never draws
    # lazy: matplotlib and seaborn (about a second) only where a chart is drawn
    from cspreport.render.figures import section_svgs

    return list(section_svgs(section, fmt.lang))


def _chart(section: ChartSection, fmt: Formatter, figures: list[str],
           counted: Section | None = None) -> str:
    """The chart (without the categories it sets apart, as the deck: the caption says them)
    and its data; ``counted``: a single tile whose count is the data table's last row."""
    chart = section.chart
    figures = figures or _drawn(section, fmt)
    t = Catalogue(fmt.lang)
    # the slide's table beside the chart, where there is one, holds the chart's data; on a
    # wide screen the table stands beside the chart when both fit (the stylesheet decides)
    data = section.table if section.table is not None else \
        _data_table([chart], fmt, section.key, counted)
    html = (f'<div class="cs-chart-data">{_image(chart, figures[0])}'
            f'<div class="cs-data">{_table(data, t("report.data", title=section.title))}'
            f"{_download([chart], section, fmt, counted)}</div></div>")
    html += _caption(without_apart(chart, section.caption, fmt)[1])
    for heading, quotes in section.quotes:
        items = "".join(f"<li><blockquote>{escape(q)}</blockquote></li>" for q in quotes)
        html += (f'<div class="cs-quotes"><h3>{escape(heading)}</h3>'
                 f"<ul>{items}</ul></div>")
    return html


def _caption(caption: str) -> str:
    """A chart's caption: one line as a paragraph; several (a legend: "▲▼ …", "? – …") as a
    list, a line each, the marks they explain set apart from the words."""
    lines = [line for line in caption.splitlines() if line.strip()]
    if len(lines) <= 1:
        return f'<p class="cs-caption">{escape(caption.strip())}</p>' if lines else ""
    items = []
    for line in lines:
        mark, _, words = line.partition(" ")
        if words and not any(ch.isalnum() for ch in mark):  # "▲▼", "?": the legend's marks
            words = words.removeprefix("– ").removeprefix("- ")
            items.append(f'<li><span class="cs-mark">{escape(mark)}</span> {escape(words)}</li>')
        else:
            items.append(f"<li>{escape(line)}</li>")
    return f'<ul class="cs-caption cs-legend">{"".join(items)}</ul>'


_BODY = {
    TitleSection.kind: _title,
    ListSection.kind: _list,
    TilesSection.kind: _tiles,
    TableSection.kind: _table_section,
    ChartSection.kind: _chart,
    ChartsSection.kind: _charts,
}
