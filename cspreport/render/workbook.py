"""Every table of the report in one spreadsheet, for those who want the figures, not the
pictures — laid out as the UK Government Statistical Service's guidance on releasing
statistics in spreadsheets asks: a cover sheet with the contents linked to each sheet, a
notes sheet, one table per sheet with its title in cell A1, the table starting at the left
with one header row, no merged cells, no blank rows or columns inside a table; numbers stored
as numbers at the precision the report shows, each with a number format (shares as fractions
formatted as percentages, changes in percentage points with their unit), a change's
significance in words in a column of its own, a value left out or not available marked with
the guidance's shorthand ([c], [x]) that the notes sheet explains; sheet names and headings in
the workbook's language; a series over months in one tidy table.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from pathlib import Path

from cspreport.definitions import MEASURE_BY_CODE
from cspreport.i18n import Catalogue
from cspreport.render.chart_table import apart_rows, chart_long_rows, chart_rows, total_label
from cspreport.render.html import source_names
from cspreport.report import (
    NOT_AVAILABLE,
    SUPPRESSED,
    Chart,
    ChartSection,
    ChartsSection,
    Column,
    Figures,
    ListSection,
    Report,
    Table,
    TableSection,
    TilesSection,
    TitleSection,
    dispatch,
    without_empty_columns,
)
from cspreport.reproducible import normalise_zip

MARKERS = (SUPPRESSED, NOT_AVAILABLE)
# the sections whose sheets have a name of their own in the catalogue (workbook.sheets.*);
# any other (an analyst's own section) is named "Table" and its number
_NAMED = ("plan", "service", "service_monthly", "participation", "satisfaction", "statements",
          "comments", "suggestions")


@dataclass(frozen=True)
class _Sheet:
    figures: Figures
    # the sections the table comes from: their notes and method are the notes sheet's text
    sections: tuple = ()
    # the decimals of each row's figures, where they differ by row (tiles: counts and
    # averages in one column); else each column's
    row_decimals: tuple[int, ...] = ()


def _sheets(report: Report) -> list[_Sheet]:
    """Every table the report shows, as numbers, in the report's order; a count standing
    alone (a section of one tile) as a row of the table beside it, where it fits there."""
    t = Catalogue(report.lang)
    out: list[_Sheet] = []
    alone: list[tuple[int, TilesSection]] = []  # (where its sheet is in ``out``, section)
    # the monthly series' months are the period's
    tables = {**_TABLES, ChartsSection.kind: partial(_charts_section, start=report.period_start)}
    for section in report.sections:
        sheets = [_Sheet(s.figures, (section,), s.row_decimals)
                  for s in dispatch(tables, section, t)]
        if section.kind == TilesSection.kind and len(section.tiles) == 1 and len(sheets) == 1 \
                and not section.figures:
            alone.append((len(out), section))
        out += sheets
    for at, section in reversed(alone):
        beside = [j for j in (at + 1, at - 1) if 0 <= j < len(out) and _takes_a_count(out[j])]
        if beside:
            out[beside[0]] = _with_count(out[beside[0]], section, t)
            del out[at]
    return out


def _note(sections, lang: str) -> str:
    """The notes sheet's text of a table: its sections' sources, as the report names them
    for readers (render/html.source_names), then their notes and method, each line once.
    The notes' own first line (the sources, as the deck's notes name them) is left out."""
    t = Catalogue(lang)
    cited = t("notes.source", source="\0").split("\0")[0]  # "Avots: "
    named = source_names(sections, lang)
    lines = [t("report.source" if len(named) == 1 else "report.sources",
               sources="; ".join(named))] if named else []
    for section in sections:
        said = section.notes.splitlines()
        if said and said[0].startswith(cited):
            said = said[1:]
        lines += [*said, *section.method.splitlines()]
    return "\n".join(dict.fromkeys(line for line in lines if line.strip()))


def _takes_a_count(sheet: _Sheet) -> bool:
    """A table of words and one column of counts (themes and their comments): a count that
    stands alone can be its last row."""
    columns = sheet.figures.columns
    return len(columns) == 2 and columns[0].unit == "text" and columns[1].unit == "count" \
        and not sheet.row_decimals


def _with_count(sheet: _Sheet, section: TilesSection, t: Catalogue) -> _Sheet:
    """``sheet`` with the count of ``section`` (one tile) as its last row ("Komentāri kopā:
    155")."""
    f, tile = sheet.figures, section.tiles[0]
    value = NOT_AVAILABLE if tile.value is None or tile.value != tile.value else tile.value
    rows = (*f.rows, (t("workbook.total_of", label=tile.label), value))
    return _Sheet(Figures(f.key, f.title, f.columns, rows), (section, *sheet.sections))


def _given(section) -> list[_Sheet]:
    return [_Sheet(f) for f in section.figures]


def _chart_section(section: ChartSection, t: Catalogue) -> list[_Sheet]:
    tables = [] if section.chart is None else [_chart(section.key, section.title, section.chart,
                                                      t)]
    if section.figures:  # the section's own figures stand for its text tables
        tables += section.figures
    elif section.detail is not None:
        tables.append(_text(f"{section.key}_detail",
                            f"{section.title} – {section.detail.columns[0]}", section.detail))
    return [_Sheet(f) for f in tables]


def _chart(key: str, title: str, chart: Chart, t: Catalogue) -> Figures:
    """Categories down, series across; percentages as shares of 1. Categories the chart
    sets apart (comments that raise no theme) come after a total of the others, so that no
    one adds them up with the rest: themes 145 mentions, then 38 other comments."""
    header, rows = chart_rows([chart], _share_of_one if chart.percent else _as_is, SUPPRESSED)
    unit = "share" if chart.percent else "count" if not chart.decimals else "number"
    columns = (Column(header[0], "text"), *(Column(h, unit, chart.decimals) for h in header[1:]))
    if unit == "count" and len(columns) == 2:
        rows = apart_rows(chart, rows, total_label(key, t))
    return Figures(key, title, columns, tuple(map(tuple, rows)))


def _share_of_one(chart: Chart, value: float) -> float:
    return value / 100


def _as_is(chart: Chart, value: float) -> float:
    return value


def _charts_section(section: ChartsSection, t: Catalogue, start: dt.date | None = None
                    ) -> list[_Sheet]:
    """Small multiples in one tidy table: what the chart counts, category, series, value —
    for the monthly series of a period from ``start``: channel, month (its first day),
    year, month number, events."""
    if section.figures or not section.charts:
        return _given(section)
    rows = chart_long_rows(section.charts, SUPPRESSED)
    years = all(re.fullmatch(r"\d{4}", s.name) for c in section.charts for s in c.series)
    monthly = section.key == "service_monthly"
    chart = section.charts[0]
    unit = "count" if not chart.decimals else "number"
    if monthly and start is not None:
        # the month as a date (its first day) that sorts and filters as a month, and its
        # number: the name alone ("janv.") sorts alphabetically
        dated = []
        for c in section.charts:
            for k, s in enumerate(c.series):
                back = 12 * (len(c.series) - 1 - k)  # the last series is the period's
                for i in range(len(c.categories)):
                    month = _add_months(start, i - back)
                    value = SUPPRESSED if s.values[i] is None else s.values[i]
                    dated.append((c.value_title, month, month.year, month.month, value))
        columns = (Column(t("workbook.channel")), Column(chart.category_title),
                   Column(t("workbook.year"), "year"), Column(t("workbook.month_number"), "count"),
                   Column(t("workbook.events"), unit, chart.decimals))
        return [_Sheet(Figures(section.key, section.title, columns, tuple(dated)))]
    columns = (Column(t("workbook.channel") if monthly else t("workbook.measure")),
               Column(chart.category_title),
               Column(t("workbook.year"), "year") if years else Column(t("workbook.period_column")),
               Column(t("workbook.events") if monthly else t("workbook.value"), unit,
                      chart.decimals))
    return [_Sheet(Figures(section.key, section.title, columns, tuple(map(tuple, rows))))]


def _add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after ``day``'s (before, when negative)."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _table_section(section: TableSection, t: Catalogue) -> list[_Sheet]:
    if section.figures:
        return _given(section)
    return [_Sheet(_text(section.key, section.title, section.table))]


def _text(key: str, title: str, table: Table) -> Figures:
    """A table the section gives only as text (no ``figures``): its words as they are."""
    table = without_empty_columns(table)
    return Figures(key, title, tuple(Column(c) for c in table.columns),
                   tuple(tuple(row) for row in table.rows))


def _tiles_section(section: TilesSection, t: Catalogue) -> list[_Sheet]:
    """One row per measure: its label, its unit, the period's value and a year earlier's;
    the measure's code last, for machines."""
    if section.figures:
        return _given(section)

    def number(value):
        return NOT_AVAILABLE if value is None or value != value else value

    rows = []
    for tile in section.tiles:
        measure = MEASURE_BY_CODE.get(tile.code)
        if measure is None or not (measure.unit or measure.scale):
            unit = t("workbook.unit_count")
        elif measure.scale:
            unit = t("workbook.unit_scale", scale=measure.scale)
        else:
            unit = t(f"workbook.{measure.unit.replace('.', '_')}")
        if measure is not None and measure.part:  # a share, in percent of its whole
            unit = t("workbook.unit_percent")
        # in words: what a value means (13 of 16 rated chats good) or why its cell is empty
        # (the system records no such figure); a share's year earlier with its counts
        note = "; ".join(filter(None, (tile.note, tile.previous_text
                                       if measure is not None and measure.part else "")))
        rows.append((tile.label, unit, number(tile.value), number(tile.previous), note,
                     tile.code))
    columns = [Column(t("workbook.measure")), Column(t("workbook.unit")),
               Column(t("workbook.value"), "number"),
               Column(t("workbook.year_before"), "number"), Column(t("workbook.note")),
               Column(t("workbook.code"))]
    keep = [j for j in range(len(columns)) if j not in (
        3 if not any(tile.previous is not None for tile in section.tiles) else -1,
        4 if not any(row[4] for row in rows) else -1)]  # columns that would say nothing
    columns = [columns[j] for j in keep]
    rows = [tuple(row[j] for j in keep) for row in rows]
    decimals = tuple(_tile_decimals(tile) for tile in section.tiles)
    return [_Sheet(Figures(section.key, section.title, tuple(columns), tuple(rows)),
                   row_decimals=decimals)]


def _tile_decimals(tile) -> int:
    """The decimals the report shows of a tile's figure: its measure's, or as its value
    needs (a tile of an analyst's own)."""
    measure = MEASURE_BY_CODE.get(tile.code)
    if measure is not None:
        return measure.decimals
    return 0 if tile.value != tile.value or float(tile.value).is_integer() else 1


def _none(section, t: Catalogue) -> list[_Sheet]:
    return []  # titles and lists hold no table


_TABLES = {
    TitleSection.kind: _none,
    ListSection.kind: _none,
    TilesSection.kind: _tiles_section,
    TableSection.kind: _table_section,
    ChartSection.kind: _chart_section,
    ChartsSection.kind: _charts_section,
}

# ----------------------------------------------------------------------------- cells


def _rounded(value: float, decimals: int) -> float:
    """``value`` as the report shows it (half away from zero, as the report's figures round):
    the workbook holds no digits the report does not publish."""
    exact = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return int(exact) if decimals <= 0 else float(exact)


def _cell(value, column: Column, pp: str, decimals: int | None = None
          ) -> tuple[object, str | None]:
    """(the value stored, its number format) of one cell of ``column``."""
    if value is None:
        return NOT_AVAILABLE, None
    if isinstance(value, dt.date):  # a month: its first day, shown as the month
        return value, "yyyy-mm"
    if isinstance(value, str) or column.unit == "text":
        return value, None
    if value != value:  # NaN: not available
        return NOT_AVAILABLE, None
    places = column.decimals if decimals is None else decimals
    fraction = "." + "0" * places if places else ""
    if column.unit == "share":
        return _rounded(value, places + 2), f"0{fraction}%"
    if column.unit == "points":
        shown = f'0{fraction}" {pp}"'
        return _rounded(value, places), f"+{shown};-{shown};{shown}"
    if column.unit == "year":
        return int(value), "0"
    if column.unit == "count" or not places:
        return _rounded(value, 0), "#,##0"
    return _rounded(value, places), f"#,##0{fraction}"


def _without_empty_columns(figures: Figures) -> Figures:
    """``figures`` without the columns (after the first) that hold nothing in any row: a
    column of "[x]" only says nothing (the statements' changes, where no wave came before)."""
    keep = [j for j in range(len(figures.columns))
            if j == 0 or not figures.rows
            or any(row[j] not in (NOT_AVAILABLE, None) for row in figures.rows)]
    return Figures(figures.key, figures.title, tuple(figures.columns[j] for j in keep),
                   tuple(tuple(row[j] for j in keep) for row in figures.rows))


def _title(figures: Figures, t: Catalogue) -> str:
    """A sheet's title (cell A1): the section's; a detail sheet's says what it adds to the
    sheet before it ("…: respondentu skaits, 95% ticamības intervāli, …")."""
    if not figures.key.endswith("_detail"):
        return figures.title
    from babel.lists import format_list

    headings = [c.heading for c in figures.columns[1:]]
    adds = [t(f"workbook.adds.{what}") for what, found in (
        ("n", any(c.heading == "n" for c in figures.columns[1:])),
        ("ci", any(h.endswith(t("workbook.ci_low")) for h in headings)),
        ("change", any(c.unit == "points" for c in figures.columns)),
        ("significance", any(h.endswith(t("workbook.significance_heading")) for h in headings)),
    ) if found]
    if not adds:
        return figures.title
    return t("workbook.detail_title", title=figures.title,
             adds=format_list(adds, locale=t.lang))


def _is_year(value) -> bool:
    return isinstance(value, str) and re.fullmatch(r"\d{4}", value) is not None


def _sheet_name(number: int, key: str, t: Catalogue) -> str:
    base = key.removesuffix("_detail")
    if key in _NAMED:
        name = t(f"workbook.sheets.{key}")
    elif base in _NAMED:
        name = t(f"workbook.sheets.{base}") + " " + t("workbook.sheets.detail")
    else:
        name = t("workbook.sheets.table")
    # Excel forbids []:*?/\ in a sheet's name and allows 31 characters
    return re.sub(r"[\[\]:*?/\\]", " ", f"{number:02d} {name}")[:31].strip()


def _unique(headings: list[str]) -> list[str]:
    """Headings made unique (an Excel table needs it): a repeated one takes its number."""
    seen: dict[str, int] = {}
    out = []
    for h in headings:
        h = h.strip() or "–"
        seen[h] = seen.get(h, 0) + 1
        out.append(h if seen[h] == 1 else f"{h} ({seen[h]})")
    return out


def write_tables_workbook(report: Report, path: Path, when: dt.datetime) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink
    from openpyxl.worksheet.table import Table as ExcelTable
    from openpyxl.worksheet.table import TableStyleInfo

    t = Catalogue(report.lang)
    pp = t("workbook.pp")
    sheets = _sheets(report)
    book = Workbook()
    cover = book.active
    cover.title = t("workbook.cover")
    cover["A1"] = f"{report.title} {report.edition}"
    cover["A1"].font = Font(bold=True, size=14)
    cover["A2"] = t("workbook.period", period=report.period_text)
    cover["A3"] = t("workbook.about")
    cover["A4"] = t("workbook.shorthand", c=SUPPRESSED, x=NOT_AVAILABLE)
    cover["A5"] = t("report.generated", edition=report.edition)
    cover["A7"] = t("workbook.contents")
    cover["A7"].font = Font(bold=True)
    cover.append([t("workbook.sheet"), t("workbook.table")])
    for cell in cover[8]:
        cell.font = Font(bold=True)
    notes = book.create_sheet(t("workbook.notes"))
    notes["A1"] = t("workbook.notes")
    notes["A1"].font = Font(bold=True, size=14)
    notes.append([t("workbook.note"), t("workbook.table"), t("workbook.note_text")])
    for cell in notes[2]:
        cell.font = Font(bold=True)
    everywhere = t("workbook.all_tables")
    notes.append([SUPPRESSED, everywhere, t("workbook.suppressed")])
    notes.append([NOT_AVAILABLE, everywhere, t("workbook.not_available")])
    for number, sheet_data in enumerate(sheets, start=1):
        figures = _without_empty_columns(sheet_data.figures)
        name = _sheet_name(number, figures.key, t)
        sheet = book.create_sheet(name)
        title = _title(figures, t)
        sheet["A1"] = title
        sheet["A1"].font = Font(bold=True, size=12)
        columns = list(figures.columns)
        # a column of years given as text ("2015") holds years: numbers, not text
        columns = [Column(c.heading, "year") if c.unit == "text" and figures.rows
                   and all(_is_year(r[j]) for r in figures.rows) else c
                   for j, c in enumerate(columns)]
        used = {v for row in figures.rows for v in row if v in MARKERS or v is None}
        about = t("workbook.note_ref", number=number, sheet=t("workbook.notes"))
        if used:
            about += " " + t("workbook.has_shorthand")
        sheet["A2"] = about
        headings = _unique([c.heading for c in columns])
        sheet.append(headings)  # row 3: the header; the table follows without gaps
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        for r, row in enumerate(figures.rows, start=4):
            for j, (value, column) in enumerate(zip(row, columns, strict=True), start=1):
                if column.unit == "year" and _is_year(value):
                    value = int(value)
                decimals = sheet_data.row_decimals[r - 4] if sheet_data.row_decimals else None
                stored, shape = _cell(value, column, pp, decimals)
                cell = sheet.cell(row=r, column=j, value=stored)
                if shape:
                    cell.number_format = shape
        for j, heading in enumerate(headings, start=1):
            width = max([len(heading), *(len(str(r[j - 1])) for r in figures.rows)], default=8)
            sheet.column_dimensions[get_column_letter(j)].width = min(60, max(10, width + 2))
        if figures.rows:  # marked up as a table: screen readers and filters find it
            ref = f"A3:{get_column_letter(len(headings))}{3 + len(figures.rows)}"
            table = ExcelTable(displayName=f"Table{number}", ref=ref)
            table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
            sheet.add_table(table)
        cover.append([name, title])
        link = cover.cell(row=cover.max_row, column=1)
        # a link within the workbook (a location, not an address to open)
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{name}'!A1")
        link.style = "Hyperlink"
        notes.append([number, title, _note(sheet_data.sections, report.lang)])
    cover.column_dimensions["A"].width = 28
    cover.column_dimensions["B"].width = 90
    notes.column_dimensions["A"].width = 8
    notes.column_dimensions["B"].width = 50
    notes.column_dimensions["C"].width = 120
    book.properties.creator = "cspreport"
    book.properties.title = f"{report.title} {report.edition}"
    book.properties.language = report.lang
    book.properties.created = book.properties.modified = when.replace(tzinfo=None)
    book.save(path)
    normalise_zip(path, when)
    return path


__all__ = ["write_tables_workbook"]
