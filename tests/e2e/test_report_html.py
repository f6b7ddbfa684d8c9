"""The HTML report as a statistics office publishes it: every table once, with a caption;
every quote once, marked Latvian in the English report; intervals and tests in one detail
per section; each chart's data to download; every table in a spreadsheet."""

from __future__ import annotations

import base64
import csv
import io

import pytest
from lxml import html as lxml_html
from openpyxl import load_workbook

from tests.helpers import csv_rows_in, plain
from tests.project import ROOT

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
        if key == "satisfaction":  # each wave tested against the one before
            assert "p = " in inner or "p < " in inner
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


def test_the_spreadsheet_holds_every_table(build_2021):
    book = load_workbook(build_2021.output_dir / "cspreport-2021-lv-tables.xlsx")
    assert book.sheetnames[:2] == ["Titullapa", "Piezīmes"]
    for sheet in book.worksheets:
        assert not sheet.merged_cells.ranges
        assert sheet["A1"].value  # a title in A1
    service = book["02 service"]
    rows = {r[0]: r for r in service.iter_rows(min_row=4, values_only=True)}
    # numbers, not text: 2021's from the reference, 2020's counted in the export itself
    year_earlier = csv_rows_in(ROOT / "data" / "2021" / "exports" / "calls.csv",
                               "Sākuma laiks", "2020-01-01", "2020-09-30")
    assert rows["calls_total"][2:] == (17680, year_earlier)
    participation = next(s for s in book.worksheets if s.title.endswith("participation"))
    assert [r for r in participation.iter_rows(min_row=4, values_only=True)] == [
        ("2015", 1152), ("2017", 579), ("2019", 1018), ("2021", 733)]
    manifest = (build_2021.output_dir / "manifest.json").read_text(encoding="utf-8")
    assert "cspreport-2021-lv-tables.xlsx" in manifest
