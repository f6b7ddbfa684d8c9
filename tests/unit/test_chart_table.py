"""A chart's numbers as rows: one helper for the HTML table, the CSV download and the tables
workbook, with a suppressed value (None) shown the same way in each."""

from __future__ import annotations

import datetime as dt
import io

from lxml import html as lxml_html
from openpyxl import load_workbook

from cspreport.render.chart_table import chart_rows
from cspreport.render.html import charts_csv, section_html
from cspreport.render.workbook import write_tables_workbook
from cspreport.report import Chart, ChartSection, ChartsSection, Report, Series

NBSP = "\u00a0"
THEMES = Chart("bar", ("Termiņi", "Veidlapas", "Cits"),
               (Series("Komentāri", (12.0, None, 1234.5)),),
               value_title="Komentāri", category_title="Tēma", decimals=1)
CALLS = Chart("column", ("janv.", "febr."), (Series("2020", (5.0, 7.0)),
                                             Series("2021", (6.0, None))),
              value_title="Zvani", category_title="Mēnesis")
EMAILS = Chart("column", ("janv.", "febr."), (Series("2021", (3.0, 4.0)),),
               value_title="E-pasti", category_title="Mēnesis")


def test_one_chart_categories_down_series_across():
    columns, rows = chart_rows([THEMES])
    assert columns == ["Tēma", "Komentāri"]
    assert rows == [["Termiņi", 12.0], ["Veidlapas", None], ["Cits", 1234.5]]


def test_several_charts_name_their_chart_in_each_column():
    columns, rows = chart_rows([CALLS, EMAILS])
    assert columns == ["Mēnesis", "Zvani 2020", "Zvani 2021", "E-pasti 2021"]
    assert rows == [["janv.", 5.0, 6.0, 3.0], ["febr.", 7.0, None, 4.0]]


def test_a_suppressed_value_takes_the_renderers_stand_in_and_is_never_formatted():
    seen = []

    def cell(chart, value):
        seen.append((chart.value_title, value))
        return f"{value:g}"

    _, rows = chart_rows([THEMES], cell, suppressed="–")
    assert rows == [["Termiņi", "12"], ["Veidlapas", "–"], ["Cits", "1234.5"]]
    assert seen == [("Komentāri", 12.0), ("Komentāri", 1234.5)]


def _cells(html: str) -> list[list[str]]:
    page = lxml_html.fromstring(f"<div>{html}</div>")
    return [[c.text_content() for c in tr.xpath("./th|./td")]
            for tr in page.xpath("//table[@class='cs-table']//tr")]


def test_the_html_table_of_a_chart_shows_a_dash_where_suppressed():
    section = ChartSection("suggestions", "Ieteikumi", chart=THEMES)
    assert _cells(section_html(section, "lv", figures=["<svg/>"])) == [
        ["Tēma", "Komentāri"], ["Termiņi", "12,0"], ["Veidlapas", "–"],
        ["Cits", f"1{NBSP}234,5"]]


def test_the_html_table_of_small_multiples_shows_a_dash_where_suppressed():
    section = ChartsSection("service_monthly", "Pa mēnešiem", charts=(CALLS, EMAILS))
    assert _cells(section_html(section, "lv", figures=["<svg/>", "<svg/>"])) == [
        ["Mēnesis", "Zvani 2020", "Zvani 2021", "E-pasti 2021"],
        ["janv.", "5", "6", "3"], ["febr.", "7", "–", "4"]]


def test_the_csv_leaves_a_suppressed_value_empty():
    assert charts_csv([THEMES]) == ("Tēma,Komentāri\r\nTermiņi,12\r\nVeidlapas,\r\n"
                                    "Cits,1234.5\r\n")


def test_the_workbook_marks_a_suppressed_value_c_and_keeps_numbers(tmp_path):
    report = Report("lv", 2021, dt.date(2021, 1, 1), dt.date(2021, 9, 30), "2021", "Pārskats",
                    (ChartSection("suggestions", "Ieteikumi", chart=THEMES),), "data/2021")
    path = write_tables_workbook(report, tmp_path / "t.xlsx", dt.datetime(2021, 10, 1))
    sheet = load_workbook(io.BytesIO(path.read_bytes()))["01 Ierosinājumi"]
    # the GSS guidance's shorthand [c] where a value is left out; one decimal, as the chart
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=3)] == [
        ["Tēma", "Komentāri"], ["Termiņi", 12], ["Veidlapas", "[c]"], ["Cits", 1234.5]]
