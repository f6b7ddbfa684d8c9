"""The HTML report's data tables, CSV downloads, table notes and grouped lists, as a reader
gets them: HTML parsed with lxml, CSV with the csv module; expected values worked out by hand."""

from __future__ import annotations

import base64
import csv
import io

from lxml import html as lxml_html

from cspreport.render.figures import section_svgs
from cspreport.render.html import section_html
from cspreport.report import (
    Chart,
    ChartSection,
    Item,
    ListSection,
    Series,
    Table,
    TableSection,
    Tile,
    TilesSection,
)

# themes 10 + 5 = 15 mentions; 4 comments raise none; 12 comments in all (a comment may
# raise two themes, so 12 is not 15 + 4)
THEMES = Chart("bar", ("Termiņi", "Validācijas", "Citi komentāri"),
               (Series("Komentāri", (10.0, 5.0, 4.0)),), "Komentāri", "Tēma", apart=(2,))
SUGGESTIONS = ChartSection("suggestions", "Respondentu ierosinājumi", chart=THEMES,
                           caption="Komentārs var skart vairākas tēmas.")
COMMENTS = TilesSection("comments", "Komentāri", tiles=(Tile(12.0, "12", "Komentāri"),))


def _page(section, lang="lv", folded=()):
    return lxml_html.fromstring(section_html(section, lang, ("<svg/>",), lang, folded))


def _csv(page) -> tuple[str, str]:
    link = page.xpath("//a[@download]")[0]
    head, data = link.get("href").split(",", 1)
    assert head == "data:text/csv;charset=utf-8;base64"
    return link.get("download"), base64.b64decode(data).decode("utf-8")


def test_counts_set_apart_follow_a_labelled_total_in_the_table_and_the_csv():
    page = _page(SUGGESTIONS, folded=[(COMMENTS, ())])
    rows = [[c.text_content() for c in tr] for tr in page.xpath("//table//tr")]
    assert rows == [["Tēma", "Komentāri"], ["Termiņi", "10"], ["Validācijas", "5"],
                    ["Tēmu pieminējumi kopā", "15"], ["Citi komentāri", "4"],
                    ["Komentāri kopā", "12"]]
    # the count is a row of the table, not a line of its own as well
    assert not page.xpath("//*[contains(@class, 'cs-fact')]")
    name, text = _csv(page)
    assert name == "respondentu-ierosinājumi.csv"
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text[1:]), delimiter=";")) == [
        ["Tēma", "Komentāri"], ["Termiņi", "10"], ["Validācijas", "5"],
        ["Tēmu pieminējumi kopā", "15"], ["Citi komentāri", "4"], ["Komentāri kopā", "12"]]
    # the chart leaves the 4 out; the caption says it instead
    assert "Citi komentāri: 4." in page.xpath("//p[contains(@class, 'cs-caption')]")[0].text


def test_the_chart_draws_no_bar_for_the_counts_set_apart():
    svg = section_svgs(SUGGESTIONS, "lv")[0]
    assert "Termiņi" in svg and "Citi komentāri" not in svg


def test_latvian_csv_has_decimal_commas_and_semicolons_english_points_and_commas():
    chart = Chart("column", ("2019", "2021"), (Series("Vidēji", (4.25, 1234.5)),),
                  "Vērtējums", "Gads", decimals=2)
    lv = _csv(_page(ChartSection("rating", "Vidējais vērtējums", chart=chart)))
    assert lv[0] == "vidējais-vērtējums.csv"
    assert list(csv.reader(io.StringIO(lv[1][1:]), delimiter=";")) == [
        ["Gads", "Vidēji"], ["2019", "4,25"], ["2021", "1234,5"]]
    en = _csv(_page(ChartSection("rating", "Average rating", chart=chart), "en"))
    assert en[0] == "average-rating.csv"
    assert list(csv.reader(io.StringIO(en[1][1:]))) == [
        ["Gads", "Vidēji"], ["2019", "4.25"], ["2021", "1234.5"]]


PLAN = Table(("Rādītājs", "Mērķis", "Rezultāts"),
             (("1. rādītājs", "90%", "–"), ("2. rādītājs", "86%", "95%"),
              ("1. rādītāja izpilde būs zināma pēc gada beigām.", "", "")))


def test_a_tables_note_row_goes_under_it_once():
    page = _page(TableSection("plan", "Plāns", table=PLAN))
    assert [tr[0].text_content() for tr in page.xpath("//tbody/tr")] == \
        ["1. rādītājs", "2. rādītājs"]
    notes = page.xpath("//table/ancestor::div[1]/following-sibling::p[1]")
    assert [p.text_content() for p in notes] == \
        ["1. rādītāja izpilde būs zināma pēc gada beigām."]
    said = _page(TableSection("plan", "Plāns", table=PLAN,
                              lead="Mērķis sasniegts. 1. rādītāja izpilde būs zināma pēc "
                                   "gada beigām."))
    assert said.text_content().count("būs zināma") == 1


def test_grouped_points_as_lists_under_their_headings_and_the_links_below():
    section = ListSection("cooperation", "Sadarbība", items=(
        Item("Termiņi → vēstules", group="Ierosināja → darām"),
        Item("Atbildes", group="Citi pasākumi"),
        Item("Katalogs", url="https://example.org/k")))
    page = _page(section)
    groups = page.xpath("//div[@class='cs-group']")
    assert [g.xpath("h3")[0].text for g in groups] == ["Ierosināja → darām", "Citi pasākumi"]
    assert [[li.text_content() for li in g.xpath(".//li")] for g in groups] == \
        [["Termiņi → vēstules"], ["Atbildes"]]
    assert [li.text_content() for li in page.xpath("//ul[@class='cs-links']/li")] == \
        ["Katalogs: https://example.org/k"]
