"""The tables workbook as the GSS guidance on releasing statistics in spreadsheets asks:
numbers as numbers with number formats, shares as fractions, changes in p.p. as numbers,
significance in words in its own column, shorthand for missing values, Latvian names and
headings in the Latvian workbook, the monthly series in one tidy sheet."""

from __future__ import annotations

import datetime as dt
import io
import re

from openpyxl import load_workbook

from cspreport.i18n import Catalogue
from cspreport.metrics.plan import Indicator
from cspreport.metrics.survey import WaveStatistics
from cspreport.metrics.uncertainty import Change, Share
from cspreport.render.workbook import write_tables_workbook
from cspreport.report import (
    Chart,
    ChartSection,
    ChartsSection,
    Report,
    Series,
    Table,
    TableSection,
    Tile,
    TilesSection,
)
from cspreport.sections.figures import plan_figures, shares_figures

# English words that must not name a sheet or head a column of the Latvian workbook
ENGLISH = {"service", "participation", "satisfaction", "statements", "comments",
           "suggestions", "plan", "monthly", "detail", "measure", "value", "code", "year",
           "month", "channel", "events", "notes", "cover", "table", "share", "change"}
# text that reads as a figure: a figure stored as text
FIGURE_AS_TEXT = re.compile(r"^[+\-−]?\d[\d\s\u00a0.,]*(%|\s*p\.p\.)?\s*[▲▼?]?$")


def _report(lang: str) -> Report:
    t = Catalogue(lang)
    indicators = [Indicator("response", 90.0, "%", None, None),
                  Indicator("satisfaction", 86.0, "%", 95.1, "survey", (0.933 * 100, 96.4))]
    plan = TableSection("plan", "Plāns", table=Table(("Rādītājs", "Mērķis", "Rezultāts"),
                                                      (("A", "90%", "–"), ("B", "86%", "95%"))),
                        figures=(plan_figures(t, indicators, ["A", "B"], "Plāns"),))
    s19 = Share(0.80, 0.774, 0.823, 1018, 1018.0)
    s21 = Share(0.84, 0.812, 0.865, 733, 733.0)
    p19 = Share(0.97, 0.958, 0.979, 1018, 1018.0)
    p21 = Share(0.951, 0.933, 0.964, 733, 733.0)
    ws = WaveStatistics(
        {(2019, "overall"): {"fully": s19, "fully_or_partly": p19},
         (2021, "overall"): {"fully": s21, "fully_or_partly": p21}},
        {(2021, "overall"): {"fully": Change(s19, s21, 2.2, 0.031),
                             "fully_or_partly": Change(p19, p21, -1.1, 0.30)}})
    satisfaction = ChartSection(
        "satisfaction", "Apmierinātība",
        chart=Chart("stacked_bar_100", ("2019", "2021"),
                    (Series("Pilnīgi piekrīt", (80.0, 84.0)),
                     Series("Daļēji piekrīt", (17.0, None))), "Īpatsvars, %", "Aptaujas gads",
                    percent=True),
        detail=Table(("Aptaujas gads", "n"), (("2019", "1 018"), ("2021", "733"))),
        figures=(shares_figures(t, "satisfaction_detail", "Apmierinātība sīkāk",
                                t("chart.wave"), [(2019, (2019, "overall")),
                                                  (2021, (2021, "overall"))], ws),))
    tiles = TilesSection("service", "Apkalpošana", tiles=(
        Tile(17680.0, "17 680", "Zvani", code="calls_total", previous=17971.0),
        Tile(2.3, "2,3 min", "Ilgums", code="call_duration_avg_min",
             previous=2.384697631174711),
        Tile(float("nan"), "–", "Čati", code="chats_served")))
    months = ("janv.", "febr.", "marts")
    monthly = ChartsSection("service_monthly", "Pa mēnešiem", charts=(
        Chart("column", months, (Series("2020", (10.0, 20.0, 30.0)),
                                 Series("2021", (11.0, 21.0, 31.0))), "Zvani", "Mēnesis"),
        Chart("column", months, (Series("2020", (1.0, 2.0, 3.0)),
                                 Series("2021", (4.0, 5.0, 6.0))), "Čati", "Mēnesis")))
    return Report(lang, 2021, dt.date(2021, 1, 1), dt.date(2021, 9, 30), "2021", "Pārskats",
                  (plan, tiles, monthly, satisfaction), "data/2021")


def _book(tmp_path, lang="lv"):
    path = write_tables_workbook(_report(lang), tmp_path / f"{lang}.xlsx",
                                 dt.datetime(2021, 10, 1))
    return load_workbook(io.BytesIO(path.read_bytes()))


def _table(sheet) -> list[list]:
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]


def assert_figures_are_numbers(book):
    """Every table cell that holds a figure is a number with a number format; no text reads
    as a figure (shorthand [c], [x] aside)."""
    for sheet in book.worksheets[2:]:
        for row in sheet.iter_rows(min_row=4):
            for cell in row:
                if isinstance(cell.value, (int, float)):
                    assert cell.number_format != "General", (sheet.title, cell.coordinate)
                elif isinstance(cell.value, str):
                    assert not FIGURE_AS_TEXT.match(cell.value), (sheet.title, cell.coordinate,
                                                                   cell.value)


def test_every_figure_is_a_number_with_a_number_format(tmp_path):
    assert_figures_are_numbers(_book(tmp_path))


def test_plan_targets_and_results_are_shares_and_status_in_words(tmp_path):
    book = _book(tmp_path)
    sheet = book["01 Plāna rādītāji"]
    assert sheet["A1"].value == "Plāns"
    assert _table(sheet) == [
        ["Rādītājs", "Mērķis", "Rezultāts", "95% TI apakšējā robeža", "95% TI augšējā robeža",
         "Statuss"],
        ["A", 0.9, "[x]", "[x]", "[x]", "[x]"],
        # 93.3 ≥ 86: met; the interval's bounds as the report shows them (one decimal)
        ["B", 0.86, 0.95, 0.933, 0.964, "sasniegts"]]
    assert sheet["B4"].number_format == "0%"
    assert sheet["D5"].number_format == "0.0%"


def test_changes_in_points_and_significance_in_its_own_column(tmp_path):
    sheet = _book(tmp_path)["05 Apmierinātība sīkāk"]
    header, before, after = _table(sheet)
    assert header[:2] == ["Aptaujas gads", "n"]
    assert header[2:7] == ["Pilnīgi piekrīt", "Pilnīgi piekrīt: 95% TI apakšējā robeža",
                           "Pilnīgi piekrīt: 95% TI augšējā robeža",
                           "Pilnīgi piekrīt: izmaiņa pret iepriekšējo aptauju",
                           "Pilnīgi piekrīt: nozīmīgums"]
    assert before == [2019, 1018, 0.8, 0.774, 0.823, "[x]", "[x]",
                      0.97, 0.958, 0.979, "[x]", "[x]"]
    # 84 − 80 = +4 p.p., p = 0.031 < 0.05; 95.1 − 97 = −1.9 → −2 p.p. shown, p = 0.30
    assert after == [2021, 733, 0.84, 0.812, 0.865, 4, "statistiski nozīmīgs pieaugums",
                     0.951, 0.933, 0.964, -2, "nav statistiski nozīmīgas izmaiņas"]
    assert sheet["F5"].number_format == '+0" p.p.";-0" p.p.";0" p.p."'
    assert sheet["C5"].number_format == "0.0%"


def test_shares_are_fractions_and_a_suppressed_one_is_marked_c(tmp_path):
    book = _book(tmp_path)
    sheet = book["04 Apmierinātība"]
    assert _table(sheet)[1:] == [[2019, 0.8, 0.17], [2021, 0.84, "[c]"]]
    assert "[c]" in sheet["A2"].value
    notes = _table(book["Piezīmes"])
    assert notes[0][0] == "[c]" and "par maz" in notes[0][2]
    assert notes[1][0] == "[x]" and "nav pieejama" in notes[1][2]


def test_tiles_rounded_as_shown_by_label_and_code_last(tmp_path):
    sheet = _book(tmp_path)["02 Klientu apkalpošana"]
    assert _table(sheet) == [
        ["Rādītājs", "Mērvienība", "Vērtība", "Gadu iepriekš", "Kods (datorapstrādei)"],
        ["Zvani", "skaits", 17680, 17971, "calls_total"],
        ["Ilgums", "minūtes", 2.3, 2.4, "call_duration_avg_min"],
        ["Čati", "skaits", "[x]", "[x]", "chats_served"]]
    assert [sheet["C4"].number_format, sheet["C5"].number_format] == ["#,##0", "#,##0.0"]


def test_the_monthly_series_in_one_tidy_sheet(tmp_path):
    book = _book(tmp_path)
    monthly = [s for s in book.sheetnames if "mēneš" in s]
    assert monthly == ["03 Pa mēnešiem"]
    rows = _table(book[monthly[0]])
    assert rows[0] == ["Kanāls", "Mēnesis", "Gads", "Skaits"]
    assert rows[1:4] == [["Zvani", "janv.", 2020, 10], ["Zvani", "febr.", 2020, 20],
                         ["Zvani", "marts", 2020, 30]]
    assert len(rows) == 1 + 2 * 2 * 3
    assert sum(r[3] for r in rows[1:] if r[0] == "Zvani" and r[2] == 2021) == 11 + 21 + 31


def test_latvian_names_and_headings_and_a_linked_contents(tmp_path):
    book = _book(tmp_path)
    for sheet in book.worksheets:
        words = set(re.findall(r"[a-z]+", sheet.title.lower()))
        assert not words & ENGLISH, sheet.title
    for sheet in book.worksheets[2:]:
        for heading in next(sheet.iter_rows(min_row=3, max_row=3, values_only=True)):
            assert not re.fullmatch(r"[a-z]+(_[a-z]+)+", heading), heading  # no codes
            assert not set(re.findall(r"[a-z]+", heading.lower())) & ENGLISH, heading
        assert not sheet.merged_cells.ranges
    cover = book.worksheets[0]
    links = {c.value: c.hyperlink.location for c in cover["A"] if c.hyperlink}
    assert links == {name: f"'{name}'!A1" for name in book.sheetnames[2:]}


def test_english_workbook_in_english(tmp_path):
    book = _book(tmp_path, "en")
    assert book.sheetnames[:3] == ["Cover", "Notes", "01 Plan indicators"]
    rows = _table(book["05 Satisfaction detail"])
    assert rows[2][6] == "significant increase"
    assert rows[2][11] == "no significant change"
