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
    Figures,
    Report,
    Series,
    Table,
    TableSection,
    Tile,
    TilesSection,
)
from cspreport.sections.figures import plan_figures, shares_figures
from cspreport.sources.tidy import SourceRef

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
    sheet = book[monthly[0]]
    rows = _table(sheet)
    assert rows[0] == ["Kanāls", "Mēnesis", "Gads", "Mēneša numurs", "Skaits"]
    # the month a date (its first day) that sorts as a month, shown as one; the period is
    # January–March 2021, the series before it the same months of 2020
    assert rows[1:4] == [["Zvani", dt.datetime(2020, 1, 1), 2020, 1, 10],
                         ["Zvani", dt.datetime(2020, 2, 1), 2020, 2, 20],
                         ["Zvani", dt.datetime(2020, 3, 1), 2020, 3, 30]]
    assert rows[4] == ["Zvani", dt.datetime(2021, 1, 1), 2021, 1, 11]
    assert sheet["B4"].number_format == "yyyy-mm"
    assert len(rows) == 1 + 2 * 2 * 3
    assert sum(r[4] for r in rows[1:] if r[0] == "Zvani" and r[2] == 2021) == 11 + 21 + 31


def test_a_period_across_new_year_dates_each_month_in_its_year(tmp_path):
    # November 2020 – February 2021, and the same months a year earlier
    months = ("nov. 2020", "dec. 2020", "janv. 2021", "febr. 2021")
    monthly = ChartsSection("service_monthly", "Pa mēnešiem", charts=(
        Chart("column", months, (Series("2019./2020.", (1.0, 2.0, 3.0, 4.0)),
                                 Series("2020./2021.", (5.0, 6.0, 7.0, 8.0))), "Zvani",
              "Mēnesis"),))
    report = Report("lv", 2021, dt.date(2020, 11, 1), dt.date(2021, 2, 28), "periods",
                    "Pārskats", (monthly,), "data/2021")
    path = write_tables_workbook(report, tmp_path / "x.xlsx", dt.datetime(2021, 3, 1))
    rows = _table(load_workbook(path)["01 Pa mēnešiem"])
    assert [(r[1].date(), r[2], r[3], r[4]) for r in rows[1:]] == [
        (dt.date(2019, 11, 1), 2019, 11, 1), (dt.date(2019, 12, 1), 2019, 12, 2),
        (dt.date(2020, 1, 1), 2020, 1, 3), (dt.date(2020, 2, 1), 2020, 2, 4),
        (dt.date(2020, 11, 1), 2020, 11, 5), (dt.date(2020, 12, 1), 2020, 12, 6),
        (dt.date(2021, 1, 1), 2021, 1, 7), (dt.date(2021, 2, 1), 2021, 2, 8)]


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


def test_a_detail_sheet_says_what_it_adds(tmp_path):
    book = _book(tmp_path)
    assert book["04 Apmierinātība"]["A1"].value == "Apmierinātība"
    assert book["05 Apmierinātība sīkāk"]["A1"].value == (
        "Apmierinātība sīkāk: respondentu skaits, 95% ticamības intervāli, izmaiņas pret "
        "iepriekšējo aptauju un to statistiskais nozīmīgums")
    english = _book(tmp_path, "en")["05 Satisfaction detail"]["A1"].value
    assert english.endswith(": number of respondents, 95% confidence intervals, changes "
                            "from the survey before, and their statistical significance")


def _statements_detail(lang: str) -> Figures:
    """Statements of one wave: no wave before, so no change and no significance."""
    t = Catalogue(lang)
    st = {"fully": Share(0.779, 0.748, 0.808, 730, 569.0),
          "fully_or_partly": Share(0.96, 0.944, 0.972, 730, 701.0)}
    ws = WaveStatistics({(2021, "professional"): st}, {})
    return shares_figures(t, "statements_detail", "Apgalvojumi", "Apgalvojums",
                          [("Profesionāli", (2021, "professional"))], ws)


def test_columns_that_hold_nothing_are_left_out(tmp_path):
    section = ChartSection("statements", "Apgalvojumi", figures=(_statements_detail("lv"),))
    report = Report("lv", 2021, dt.date(2021, 1, 1), dt.date(2021, 9, 30), "2021", "Pārskats",
                    (section,), "data/2021")
    book = load_workbook(write_tables_workbook(report, tmp_path / "s.xlsx",
                                               dt.datetime(2021, 10, 1)))
    sheet = book["01 Apgalvojumi sīkāk"]
    # the two changes and the two significance columns: "[x]" in every row, so gone
    assert _table(sheet) == [
        ["Apgalvojums", "n", "Pilnīgi piekrīt", "Pilnīgi piekrīt: 95% TI apakšējā robeža",
         "Pilnīgi piekrīt: 95% TI augšējā robeža", "Pilnīgi un daļēji piekrīt",
         "Pilnīgi un daļēji piekrīt: 95% TI apakšējā robeža",
         "Pilnīgi un daļēji piekrīt: 95% TI augšējā robeža"],
        ["Profesionāli", 730, 0.779, 0.748, 0.808, 0.96, 0.944, 0.972]]
    assert sheet["A1"].value == "Apgalvojumi: respondentu skaits un 95% ticamības intervāli"
    assert "[x]" not in sheet["A2"].value  # no shorthand left to explain


def _themes_report(values: tuple, tile: bool = True) -> Report:
    """A count of comments (one tile), then the themes they raise, "other" set apart."""
    comments = TilesSection("comments", "Aptaujas 2021 rezultāti", tiles=(
        Tile(155.0, "155", "Komentāri", code="comments"),),
        notes="Avots: Aptaujas rīks: aptaujas komentāri.\nAptaujas gads: 2021.",
        sources=(SourceRef("exports/comments.csv", None, "Aptaujas rīks", "comments"),))
    themes = ChartSection(
        "suggestions", "Ierosinājumi",
        chart=Chart("bar", ("Termiņi", "Preprints", "Citi komentāri"),
                    (Series("Komentāri", values),), "Komentāri", "Tēma", apart=(2,)),
        notes="Avots: Aptaujas rīks: aptaujas komentāri; komentāru tēmu noteikumi.\n"
              "Aptaujas gads: 2021.",
        sources=(SourceRef("exports/comments.csv", None, "Aptaujas rīks", "comments"),
                 SourceRef("themes.yaml", None)),
        method="Viens komentārs var skart vairākas tēmas.")
    return Report("lv", 2021, dt.date(2021, 1, 1), dt.date(2021, 9, 30), "2021", "Pārskats",
                  (comments, themes) if tile else (themes,), "data/2021")


def test_comments_without_a_theme_apart_and_the_comments_total_with_them(tmp_path):
    book = load_workbook(write_tables_workbook(_themes_report((29.0, 21.0, 38.0)),
                                               tmp_path / "t.xlsx", dt.datetime(2021, 10, 1)))
    # the count alone is no sheet of its own: it is the themes' last row
    assert book.sheetnames == ["Titullapa", "Piezīmes", "01 Ierosinājumi"]
    # 29 + 21 = 50 mentions; the 38 comments that raise none apart, after that total; then
    # all 155 comments: no run of the column adds up to a figure it does not say
    assert _table(book["01 Ierosinājumi"]) == [
        ["Tēma", "Komentāri"], ["Termiņi", 29], ["Preprints", 21],
        ["Tēmu pieminējumi kopā", 50], ["Citi komentāri", 38], ["Komentāri kopā", 155]]
    notes = {r[0]: r[2] for r in _table(book["Piezīmes"])[1:]}
    # one sources line for both sections; each other line once
    assert notes[1].splitlines() == [
        "Avoti: Aptaujas rīks: aptaujas komentāri; komentāru tēmu noteikumi.",
        "Aptaujas gads: 2021.", "Viens komentārs var skart vairākas tēmas."]


def test_no_total_beside_a_suppressed_theme(tmp_path):
    book = load_workbook(write_tables_workbook(_themes_report((29.0, None, 38.0), tile=False),
                                               tmp_path / "t.xlsx", dt.datetime(2021, 10, 1)))
    # 29 + the hidden count would give the hidden one away
    assert _table(book["01 Ierosinājumi"])[1:] == [
        ["Termiņi", 29], ["Preprints", "[c]"], ["Citi komentāri", 38]]


def test_the_notes_name_a_sheet_of_the_input_workbook_as_the_file_does(tmp_path):
    participation = ChartSection(
        "participation", "Atsaucība",
        chart=Chart("column", ("2019", "2021"), (Series("Respondenti", (1018.0, 733.0)),),
                    "Respondenti", "Aptaujas gads"),
        notes="Avots: izdevuma darbgrāmata, lapa «survey_participation».",
        sources=(SourceRef("edition.xlsx", "survey_participation"),))
    report = Report("lv", 2021, dt.date(2021, 1, 1), dt.date(2021, 9, 30), "2021", "Pārskats",
                    (participation,), "data/2021")
    book = load_workbook(write_tables_workbook(report, tmp_path / "p.xlsx",
                                               dt.datetime(2021, 10, 1)))
    notes = _table(book["Piezīmes"])
    assert notes[-1][2] == "Avots: izdevuma darbgrāmata (edition.xlsx), lapa survey_participation."
