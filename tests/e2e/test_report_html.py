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
    # nor a sentence of one quoted again inside another
    assert not [(a, b) for a in quotes for b in quotes if a != b and a in b]
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
    lang, root = page
    (section,) = root.xpath('//*[@id="sec-participation"]')
    (link,) = section.xpath(".//a[@download]")
    # named and separated as a spreadsheet of the report's language opens it: Latvian Excel
    # reads ";" between fields (its decimal mark is the comma)
    assert link.get("download") == {
        "lv": "atsaucība-respondentu-apmierinātības-aptaujā.csv",
        "en": "participation-in-the-respondent-satisfaction-survey.csv"}[lang]
    data = base64.b64decode(link.get("href").split(",", 1)[1]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data), delimiter=";" if lang == "lv" else ","))
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
    # (a note column stands between them: the calls' is empty)
    assert rows["Ienākošie un izejošie zvani"][2:] == (17680, year_earlier, None,
                                                        "calls_total")
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
    assert header == ("Kanāls", "Mēnesis", "Gads", "Mēneša numurs", "Skaits")
    calls = [r for r in _sheet_rows(monthly[0]) if r[0] == "Zvani" and r[2] == 2021]
    assert len(calls) == 9 and sum(r[4] for r in calls) == 17680  # the reference's total
    assert [(r[1].year, r[1].month, r[3]) for r in calls] == [(2021, m, m) for m in range(1, 10)]
    # the themes (the reference's seven), their 145 mentions, then the 38 comments that raise
    # none and all 155 comments: no separate sheet for the count of comments
    assert not [s for s in book.sheetnames if s.endswith("Komentāri")]
    (themes,) = [s for s in book.worksheets if s.title.endswith("Ierosinājumi")]
    rows = _sheet_rows(themes)
    assert [r[1] for r in rows] == [29, 22, 21, 20, 19, 17, 17, 145, 38, 155]
    assert [r[0] for r in rows[-3:]] == ["Tēmu pieminējumi kopā", "Citi komentāri",
                                         "Komentāri kopā"]
    # the statements' detail: no column of "[x]" only (no earlier wave to change from)
    (detail,) = [s for s in book.worksheets if s.title.endswith("Apgalvojumi sīkāk")]
    assert all(any(v != "[x]" for v in column)
               for column in zip(*_sheet_rows(detail), strict=True))
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


# ----------------------------------------------------------------------------- readers' page
# The page is read, not presented: the presenter's notes stay in the deck; each section names
# its sources once; a count alone is shown with its neighbour; every word in the page's
# language; charts in the brand colour and as wide as the screen, never wider.


@pytest.fixture(scope="module")
def reports(build_2021):
    """The sections of each language as the notebooks recorded them."""
    from cspreport.assemble import assemble, read_notebooks

    assembled = assemble(read_notebooks(build_2021.output_dir / "notebooks" / "both"))
    return {lang: item.report for lang, item in assembled.items()}


def _sections(root):
    return root.xpath('//main/section[contains(@class, "cs-section")]')


def test_the_presenters_notes_are_not_on_the_page(page, reports):
    lang, root = page
    report = reports[lang]
    text = plain(root.text_content())
    cited = Catalogue(lang)("notes.source", source="\0").split("\0")[0]  # "Avots: "
    # what the presenter says, but for what the section also writes for readers (its caption,
    # e.g. "38 comments raise no theme", and its method)
    spoken = [plain(line) for s in report.sections if s.kind != "title"
              for line in s.notes.splitlines() if line and not line.startswith(cited)
              and line not in getattr(s, "caption", "") + s.method]
    assert len(spoken) > 5  # the notes say much: none of it is the page's
    assert [line for line in spoken if line in text] == []
    for section in _sections(root):
        assert len(section.xpath('.//p[@class="cs-source"]')) <= 1
        assert not section.xpath('.//p[@class="cs-source"]//br')


# the sources of each section as people name them (exports.yaml's systems, the workbook's
# sheets); the edition's own texts are the report's words, no source to name
SOURCES = {
    # a sheet of the input workbook by the file's name and the sheet's, as the file spells
    # them (data/2021/edition.xlsx, sheet survey_participation): what a reader can open
    "lv": {"participation": "Avoti: izdevuma darbgrāmata (edition.xlsx), lapa "
                            "survey_participation; Aptaujas rīks: aptaujas atbildes.",
           "statements": "Avots: Aptaujas rīks: aptaujas atbildes.",
           # the comments' count (folded in) and the themes: one line
           "suggestions": "Avoti: Aptaujas rīks: aptaujas komentāri; "
                          "komentāru tēmu noteikumi; analītiķa komentāru kodējums.",
           # (the last: themes_training.yaml, a person's coding the theme model learns from)
           # texts and points, no figure: no data source
           "goals": None, "client_knowledge": None, "survey": None},
    # exports.yaml names the survey tool per language: its English name in the English report
    "en": {"participation": "Sources: the edition's workbook (edition.xlsx), sheet "
                            "survey_participation; survey tool: survey answers.",
           "statements": "Source: survey tool: survey answers.",
           "suggestions": ("Sources: survey tool: survey comments; the comment theme "
                           "rules; the analyst's coding of comments."),
           "goals": None, "client_knowledge": None, "survey": None},
}


def test_every_section_names_its_sources_once(page):
    lang, root = page
    for key, expected in SOURCES[lang].items():
        (section,) = root.xpath(f'//section[@id="sec-{key}"]')
        lines = [plain(p.text_content()) for p in section.xpath('.//p[@class="cs-source"]')]
        assert lines == ([expected] if expected else []), key
        # in the section's one detail on how its figures were made, not in the reader's text
        for line in section.xpath('.//p[@class="cs-source"]'):
            assert line.getparent().tag == "details"
            assert line.getparent().getparent() is section
    for section in _sections(root):  # a source named twice in its line: never
        for line in section.xpath('.//p[@class="cs-source"]'):
            names = line.text_content().split(": ", 1)[1].rstrip(".").split("; ")
            assert len(names) == len(set(names)), line.text_content()


def test_a_single_tile_is_shown_with_its_neighbour(page):
    _, root = page
    # the comments' count (one tile) is the last row of the themes' table, after the
    # mentions' total and the comments raising none (as in the tables workbook): 145, 38, 155
    assert not root.xpath('//*[@id="sec-comments"]')
    rows = root.xpath('//*[@id="sec-suggestions"]//table//tr')
    assert [[plain(c.text_content()) for c in tr] for tr in rows[-3:]] == (
        [["Tēmu pieminējumi kopā", "145"], ["Citi komentāri", "38"], ["Komentāri kopā", "155"]]
        if page[0] == "lv" else
        [["Theme mentions, total", "145"], ["Other comments", "38"], ["Comments, total", "155"]])
    # not a line of its own as well, nor a lone box
    assert not root.xpath('//*[@id="sec-suggestions"]//*[contains(@class, "cs-fact")]')
    assert not root.xpath('//*[@id="sec-suggestions"]//*[@class="cs-tile"]')
    assert not root.xpath('//nav//a[@href="#sec-comments"]')
    for section in _sections(root):  # no section of a single tile and nothing else
        parts = section.xpath("./*[not(self::h2) and not(@class='cs-source')]")
        assert len(section.xpath(".//*[@class='cs-tile']")) != 1 or len(parts) > 1


def _visible(element) -> bool:
    """Not inside an element hidden for all but screen readers."""
    return not any("cs-sr-only" in (e.get("class") or "")
                   for e in (element, *element.iterancestors()))


def test_the_plan_heading_once(page, reports):
    lang, root = page
    title = plain(reports[lang].section("plan").title)
    (section,) = root.xpath('//section[@id="sec-plan"]')
    shown = [e.tag for e in section.iter() if isinstance(e.tag, str) and _visible(e)
             and plain("".join(e.xpath("./text()"))).strip() == title]
    assert shown == ["h2"]
    # the table keeps its caption for screen readers
    (caption,) = section.xpath(".//caption")
    assert plain(caption.text_content()) == title and not _visible(caption)


# Words of the page's own furniture (contents, sources, downloads, method, footer) in the
# other language: none may appear. Respondents' quotes and the systems' own names (exports.yaml)
# are as they are written.
ENGLISH = {"Source", "Sources", "Download", "Contents", "Method", "How", "Data", "Generated",
           "Period", "inputs", "commit", "uncommitted", "Logo", "Intervals", "obtained"}
LATVIAN = {"Avots", "Avoti", "Lejupielādēt", "Saturs", "Dati", "Izveidots", "Periods",
           "ievaddatu", "versija", "izmaiņām", "Intervāli", "testi", "iegūti", "izdevuma"}


def _page_words(root) -> set[str]:
    root = lxml_html.fromstring(lxml_html.tostring(root))
    for quote in root.xpath("//blockquote|//style"):
        quote.drop_tree()
    text = " ".join([root.text_content(), *root.xpath("//@alt|//@aria-label|//@download")])
    return set(re.findall(r"\w+", text))


def test_every_word_of_the_page_in_its_language(page):
    lang, root = page
    words = _page_words(root)
    assert not words & (ENGLISH if lang == "lv" else LATVIAN)
    assert words & (LATVIAN if lang == "lv" else ENGLISH)  # the list is of words it uses
    footer = plain(root.xpath("//footer")[0].text_content())
    assert ("ievaddatu sha256" if lang == "lv" else "inputs sha256") in footer


def test_charts_fit_the_width_of_a_phone(page):
    _, root = page
    css = root.xpath("//style")[0].text_content()
    rule = re.search(r"\.cs-figure img \{([^}]*)\}", css).group(1)
    assert "max-width: 100%" in rule and "width: 100%" in rule
    assert "max-width: none" not in css  # no chart wider than the screen, anywhere
    for img in root.xpath("//figure/img"):  # an SVG that scales: it has a viewBox
        svg = base64.b64decode(img.get("src").split(",", 1)[1]).decode("utf-8")
        assert re.search(r'<svg[^>]* viewBox="0 0 [\d.]+ [\d.]+"', svg)
    # the contents: closed (one line on a phone), shown beside the report on wide screens
    (toc,) = root.xpath("//nav/details")
    assert toc.get("open") is None and "::details-content" in css


def _chart_svgs(html_file: Path) -> list[str]:
    root = lxml_html.fromstring(html_file.read_bytes())
    return [base64.b64decode(img.get("src").split(",", 1)[1]).decode("utf-8").lower()
            for img in root.xpath("//figure/img")]


def test_charts_take_the_brand_colour(mini_root, edition_dir, build_2021):
    import subprocess
    import sys

    import jupytext

    from tests.conftest import NOTEBOOK_HEAD

    # the mini project with one chart: survey participation, a single series
    cell = ("from cspreport.metrics import survey\n"
            "ed.publish(sections.survey.participation, "
            "survey.participation(ed.tables.participation))\n")
    jupytext.write(jupytext.reads(NOTEBOOK_HEAD + cell, fmt="py:percent"),
                   mini_root / "notebooks" / "03_participation.ipynb")
    (mini_root / "params" / "brand.yaml").write_text(
        f'edition: 2021\nperiod_start: "2021-01-01"\nperiod_end: "2021-09-30"\n'
        f"data_dir: {edition_dir}\nlang: lv\nmin_respondents: 5\noutput_dir: output\n"
        f'brand_colour: "7A1F3D"\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "cspreport", "build", "-q",
                           "params/brand.yaml"], cwd=mini_root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    (svg,) = _chart_svgs(mini_root / "output" / "2021" / "cspreport-2021-lv.html")
    assert "fill: #7a1f3d" in svg and "#1f4e79" not in svg
    # without a brand colour the same chart is in the palette's blue
    default = _chart_svgs(build_2021.output_dir / "cspreport-2021-lv.html")
    assert any("fill: #1f4e79" in s for s in default)
    assert not any("#7a1f3d" in s for s in default)


# ----------------------------------------------------------------------------- page layout


def test_the_significance_legend_a_line_for_each_mark(page):
    lang, root = page
    (section,) = root.xpath('//section[@id="sec-satisfaction"]')
    (legend,) = section.xpath('.//ul[contains(@class, "cs-legend")]')
    items = legend.xpath("./li")
    assert [i.xpath('./span[@class="cs-mark"]')[0].text for i in items] == ["▲▼", "?"]
    said = plain(items[1].text_content())
    assert said.startswith("? nevar pateikt" if lang == "lv" else "? cannot tell"), said


def test_a_p_value_range_below_a_thousandth_said_as_such(page):
    lang, root = page
    (section,) = root.xpath('//section[@id="sec-satisfaction"]')
    detail = plain(section.xpath(".//details")[0].text_content())
    # 2015 → 2017, fully or partly agree: p between <0.001 and 0.0010…, i.e. at most 0.001
    assert ("−5 p.p., p ≤ 0,001" if lang == "lv" else "−5 pp, p ≤ 0.001") in detail
    assert "līdz 0,001 " not in detail and "to 0.001 " not in detail


def test_a_chart_and_its_data_side_by_side_on_a_wide_screen(page):
    _, root = page
    css = root.xpath("//style")[0].text_content()
    for key in ("participation", "satisfaction", "statements", "suggestions"):
        (section,) = root.xpath(f'//section[@id="sec-{key}"]')
        (pair,) = section.xpath('.//div[@class="cs-chart-data"]')
        assert [e.tag for e in pair] == ["figure", "div"]
        assert pair[1].xpath(".//table") and pair[1].xpath(".//a[@download]")
    # wide: two columns, the chart the wider; the old cap of a chart at 36rem is gone
    wide = re.search(r"@media \(min-width: (\d+)rem\) \{\s*\.cs-chart-data \{([^}]*)\}", css)
    assert wide and "display: grid" in wide.group(2)
    assert re.search(r"grid-template-columns: minmax\(0, (\d+)fr\) minmax\(0, (\d+)fr\)",
                     wide.group(2))
    assert "36rem" not in css


def test_a_table_wider_than_the_screen_shows_it_scrolls(page):
    _, root = page
    css = root.xpath("//style")[0].text_content()
    rule = re.search(r"\.cs-scroll \{([^}]*)\}", css).group(1)
    assert "overflow-x: auto" in rule
    # covers that travel with the table (local) over shadows fixed at the edges (scroll)
    assert rule.count("radial-gradient") == 2 and rule.count(" local") == 2
    assert rule.count(" scroll") == 2
    # stripes are a tint, so the shadow shows through them
    stripes = re.search(r"tbody tr:nth-child\(odd\) \{ background: ([^;]*);", css).group(1)
    assert stripes.startswith("rgba(")
    (monthly,) = root.xpath('//section[@id="sec-service_monthly"]')
    assert monthly.xpath('.//div[@class="cs-scroll"]/table')


def test_the_provenance_in_a_closed_detail_of_the_footer(page):
    lang, root = page
    (about,) = root.xpath("//footer/details")
    assert about.get("open") is None
    assert plain(about.xpath("./summary")[0].text_content()) == (
        "Par šo pārskatu" if lang == "lv" else "About this report")
    (line,) = about.xpath('./p[@class="cs-provenance"]')
    assert ("ievaddatu sha256 " if lang == "lv" else "inputs sha256 ") in line.text_content()
