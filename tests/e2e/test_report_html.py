"""The HTML report as a statistics office publishes it: every table once, with a caption;
every quote once, marked Latvian in the English report; intervals and tests in one detail
per section; each chart's data to download; every table in a spreadsheet."""

from __future__ import annotations

import base64
import csv
import io
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html
from openpyxl import load_workbook

from cspreport.i18n import Catalogue
from tests.helpers import csv_rows_in, plain

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=["lv", "en"])
def page(request, build_2021):
    path = build_2021.output_dir / f"cspreport-2021-{request.param}.html"
    return request.param, lxml_html.fromstring(path.read_bytes())


def test_every_table_once_and_with_a_caption(page):
    _, root = page
    tables = root.xpath("//table")
    assert tables
    bodies = []
    for table in tables:
        (caption,) = table.xpath("./caption")
        assert caption.text_content().strip()
        bodies.append(tuple(plain(td.text_content()) for td in table.xpath(".//td")))
    assert len(bodies) == len(set(bodies)), "a table appears twice"


def test_every_quote_once_and_marked_latvian_in_english(page):
    lang, root = page
    quotes = [q.text_content() for q in root.xpath("//blockquote")]
    assert len(quotes) >= 7 and len(quotes) == len(set(quotes))
    rest = lxml_html.fromstring(lxml_html.tostring(root))
    for quote in rest.xpath("//blockquote"):
        quote.drop_tree()
    assert not [q for q in quotes if q in rest.text_content()]  # not again in notes or lines
    marks = {q.get("lang") for q in root.xpath("//blockquote")}
    assert marks == ({"lv"} if lang == "en" else {None})


def test_intervals_and_tests_in_one_detail_per_section(page):
    _, root = page
    for key in ("satisfaction", "statements"):
        (section,) = root.xpath(f'//*[@id="sec-{key}"]')
        (details,) = section.xpath(".//details")
        inner = details.text_content()
        assert "95%" in inner
        if key == "satisfaction":  # each wave tested against the one before: a p-value, or
            # its range over the counts the published rounding allows
            assert any(p in inner for p in ("p = ", "p < ", "p no ", "p from "))
        outside = "".join(e.text_content() for e in section.xpath("./*[not(self::details)]"))
        assert "±" not in outside  # the margins of error are said once, in the detail


def test_each_chart_has_its_data_as_csv(page):
    _, root = page
    (section,) = root.xpath('//*[@id="sec-participation"]')
    (link,) = section.xpath(".//a[@download]")
    assert link.get("download") == "participation.csv"
    data = base64.b64decode(link.get("href").split(",", 1)[1]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    assert rows[1:] == [["2015", "1152"], ["2017", "579"], ["2019", "1018"], ["2021", "733"]]
    charts = root.xpath("//figure")
    assert len(root.xpath("//a[@download]")) == len({f.getparent() for f in charts})


def _sheet_rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(min_row=4, values_only=True))  # row 3: the header


def test_the_spreadsheet_holds_every_table(build_2021):
    from tests.unit.test_workbook import ENGLISH

    book = load_workbook(build_2021.output_dir / "cspreport-2021-lv-tables.xlsx")
    assert book.sheetnames[:2] == ["Titullapa", "Piezīmes"]
    for sheet in book.worksheets:
        assert not sheet.merged_cells.ranges
        assert sheet["A1"].value  # a title in A1
        assert not set(re.findall(r"[a-z]+", sheet.title.lower())) & ENGLISH, sheet.title
    for sheet in book.worksheets[2:]:
        header = next(sheet.iter_rows(min_row=3, max_row=3, values_only=True))
        assert not any(re.fullmatch(r"[a-z]+(_[a-z]+)+", h) for h in header), header  # codes
        assert header[-1] != "Kods" and "calls_total" not in header
    service = next(s for s in book.worksheets if s.title.endswith("Klientu apkalpošana"))
    rows = {r[0]: r for r in _sheet_rows(service)}
    # numbers, not text: 2021's from the reference, 2020's counted in the export itself;
    # the code last, the measure by its label
    year_earlier = csv_rows_in(ROOT / "data" / "2021" / "exports" / "calls.csv",
                               "Sākuma laiks", "2020-01-01", "2020-09-30")
    assert rows["Ienākošie un izejošie zvani"][2:] == (17680, year_earlier, "calls_total")
    # the reference's averages as it shows them: 2.3 min, 4.5 and 8.7 on their scales
    assert rows["Zvanu vidējais ilgums"][2] == 2.3
    assert rows["Vidējais vērtējums zvaniem"][2] == 4.5
    assert rows["Čatu vidējais vērtējums"][2] == 8.7
    participation = next(s for s in book.worksheets if s.title.endswith("Atsaucība"))
    assert _sheet_rows(participation) == [(2015, 1152), (2017, 579), (2019, 1018), (2021, 733)]
    # the reference's distribution of answers, as shares of 1
    satisfaction = next(s for s in book.worksheets if s.title.endswith("Apmierinātība"))
    assert _sheet_rows(satisfaction) == [(2015, .34, .64, .01, .01), (2017, .74, .19, .04, .03),
                                         (2019, .80, .17, .02, .01), (2021, .84, .11, .02, .03)]
    statements = next(s for s in book.worksheets if s.title.endswith("Apgalvojumi"))
    assert _sheet_rows(statements) == [("Profesionāli un zinoši", .78, .96),
                                       ("Atsaucīgi un ieinteresēti", .85, .94),
                                       ("Laipni un pieklājīgi", .88, .94)]
    # one monthly sheet, tidy: channel, month, year, events
    monthly = [s for s in book.worksheets if "mēneš" in s.title]
    assert len(monthly) == 1
    header = next(monthly[0].iter_rows(min_row=3, max_row=3, values_only=True))
    assert header == ("Kanāls", "Mēnesis", "Gads", "Skaits")
    calls = [r for r in _sheet_rows(monthly[0]) if r[0] == "Zvani" and r[2] == 2021]
    assert len(calls) == 9 and sum(r[3] for r in calls) == 17680  # the reference's total
    manifest = (build_2021.output_dir / "manifest.json").read_text(encoding="utf-8")
    assert "cspreport-2021-lv-tables.xlsx" in manifest


# The plan's and the survey details' sections show their tables as text ("90%", "+4 p.p. ▲")
# and pass their figures (report.Figures, sections/figures.py) for the workbook.
@pytest.mark.parametrize("lang", ["lv", "en"])
def test_every_cell_of_the_spreadsheet_that_holds_a_figure_is_a_number(build_2021, lang):
    from tests.unit.test_workbook import assert_figures_are_numbers

    book = load_workbook(build_2021.output_dir / f"cspreport-2021-{lang}-tables.xlsx")
    plan = book.worksheets[2]
    # the plan's targets as the reference states them: 90%, 86%, 93%, 100%
    assert [r[1] for r in _sheet_rows(plan)] == [0.90, 0.86, 0.93, 1.00]
    detail = next(s for s in book.worksheets[2:] if s.title.startswith("06 "))
    header = next(detail.iter_rows(min_row=3, max_row=3, values_only=True))
    words = Catalogue(lang)
    assert any(h.endswith(words("workbook.significance_heading")) for h in header)
    for sheet in book.worksheets[2:]:
        for row in sheet.iter_rows(min_row=4):
            for cell in row:
                if isinstance(cell.value, float) and cell.number_format.endswith("%"):
                    assert 0 <= cell.value <= 1, (sheet.title, cell.coordinate)
    assert_figures_are_numbers(book)
