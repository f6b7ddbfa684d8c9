"""Every table of the report in one spreadsheet, for those who want the figures, not the
pictures — laid out as the UK Government Statistical Service's guidance on releasing
statistics in spreadsheets asks: a cover sheet, a notes sheet, one table per sheet with its
title in cell A1, the table starting at the left with one header row, no merged cells, no
blank rows or columns inside a table, numbers stored as numbers.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cspreport.definitions import MEASURE_BY_CODE
from cspreport.i18n import Catalogue
from cspreport.render.chart_table import chart_rows
from cspreport.report import (
    ChartSection,
    ChartsSection,
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


def _tables(report: Report) -> list[tuple[str, str, list[str], list[list], str]]:
    """(key, title, header, rows, notes) of every table the report shows."""
    out = []
    for section in report.sections:
        note = "\n".join(filter(None, (section.notes, section.method)))
        out += [(*table, note) for table in dispatch(_TABLES, section, report.lang)]
    return out


def _chart_section(section: ChartSection, lang: str) -> list:
    if section.chart is None:
        return []
    tables = [(section.key, section.title, *chart_rows([section.chart]))]
    if section.detail is not None:
        tables.append((f"{section.key}_detail",
                       f"{section.title} – {section.detail.columns[0]}",
                       *_text_rows(section.detail)))
    return tables


def _charts_section(section: ChartsSection, lang: str) -> list:
    return [(f"{section.key}_{i}", f"{section.title}: {chart.value_title}", *chart_rows([chart]))
            for i, chart in enumerate(section.charts, start=1)]


def _table_section(section: TableSection, lang: str) -> list:
    return [(section.key, section.title, *_text_rows(section.table))]


def _tiles_section(section: TilesSection, lang: str) -> list:
    words = Catalogue(lang)

    def number(v):
        return None if v is None or v != v else v

    def note(t) -> str:
        """In words: what a value means (13 of 16 rated chats good) or why its cell is empty
        (the system records no such figure); a share's year earlier with its counts."""
        share = t.code in MEASURE_BY_CODE and MEASURE_BY_CODE[t.code].part
        return "; ".join(filter(None, (t.note, t.previous_text if share else "")))

    rows = [[t.code, t.label, number(t.value), number(t.previous), note(t)]
            for t in section.tiles]
    header = [words("workbook.code"), words("workbook.measure"), words("workbook.value"),
              words("workbook.year_before"), words("workbook.note")]
    if not any(row[-1] for row in rows):  # a column that says nothing is left out
        header, rows = header[:-1], [row[:-1] for row in rows]
    return [(section.key, section.title, header, rows)]


def _none(section, lang: str) -> list:
    return []  # titles and lists hold no table


_TABLES = {
    TitleSection.kind: _none,
    ListSection.kind: _none,
    TilesSection.kind: _tiles_section,
    TableSection.kind: _table_section,
    ChartSection.kind: _chart_section,
    ChartsSection.kind: _charts_section,
}


def _text_rows(table: Table) -> tuple[list[str], list[list]]:
    table = without_empty_columns(table)
    return list(table.columns), [list(row) for row in table.rows]


def write_tables_workbook(report: Report, path: Path, when: dt.datetime) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter


    t = Catalogue(report.lang)
    tables = _tables(report)
    book = Workbook()
    cover = book.active
    cover.title = t("workbook.cover")
    cover["A1"] = f"{report.title} {report.edition}"
    cover["A1"].font = Font(bold=True, size=14)
    cover["A2"] = t("workbook.period", period=report.period_text)
    cover["A3"] = t("workbook.about")
    cover["A4"] = t("report.generated", edition=report.edition)
    cover["A6"] = t("workbook.contents")
    cover["A6"].font = Font(bold=True)
    cover.append([t("workbook.sheet"), t("workbook.table")])
    for cell in cover[7]:
        cell.font = Font(bold=True)
    notes = book.create_sheet(t("workbook.notes"))
    notes["A1"] = t("workbook.notes")
    notes["A1"].font = Font(bold=True, size=14)
    notes.append([t("workbook.note"), t("workbook.table"), t("workbook.source")])
    for cell in notes[2]:
        cell.font = Font(bold=True)
    for number, (key, title, header, rows, note) in enumerate(tables, start=1):
        name = f"{number:02d} {key}"[:31]
        sheet = book.create_sheet(name)
        sheet["A1"] = title
        sheet["A1"].font = Font(bold=True, size=12)
        sheet["A2"] = t("workbook.note_ref", number=number, sheet=t("workbook.notes"))
        sheet.append(header)  # row 3: the header; the table follows without gaps
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        for i, heading in enumerate(header, start=1):
            width = max([len(str(heading)), *(len(str(r[i - 1])) for r in rows if
                                             r[i - 1] is not None)], default=8)
            sheet.column_dimensions[get_column_letter(i)].width = min(60, max(10, width + 2))
        cover.append([name, title])
        notes.append([number, title, note])
    cover.column_dimensions["A"].width = 28
    cover.column_dimensions["B"].width = 90
    notes.column_dimensions["A"].width = 8
    notes.column_dimensions["B"].width = 50
    notes.column_dimensions["C"].width = 120
    book.properties.creator = "cspreport"
    book.properties.title = f"{report.title} {report.edition}"
    book.properties.created = book.properties.modified = when.replace(tzinfo=None)
    book.save(path)
    normalise_zip(path, when)
    return path


__all__ = ["write_tables_workbook"]
