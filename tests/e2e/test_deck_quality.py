"""Decks management can present as they are: both languages, the built-in and a differently
laid out template, accessible, nothing overflowing, and opened by a real renderer."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.util import Emu
from typer.testing import CliRunner

from cspreport import style
from cspreport.assemble import assemble, read_notebooks
from cspreport.build import build_edition
from cspreport.cli import app
from cspreport.errors import CspreportError
from cspreport.params import Params
from cspreport.render.pptx.deck import render_deck
from cspreport.render.pptx.find import slide_for
from cspreport.render.pptx.template import load_template
from tests.fixtures.alt_template import MAPPING, make
from tests.helpers import executed_notebooks, overflowing_text, plain, small_text
from tests.project import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def reports(build_2021):
    """The 2021 reports (lv, en) as assembled from the build's executed notebooks."""
    assembled = assemble(read_notebooks(executed_notebooks(build_2021)))
    return {lang: a.deck() for lang, a in assembled.items()}


@pytest.fixture(scope="module")
def decks(tmp_path_factory, reports) -> dict[str, Path]:
    """The 2021 deck in both languages with the built-in and the test template (.potx)."""
    folder = tmp_path_factory.mktemp("decks")
    alt = make(folder / "alt", potx=True)
    out = {}
    for lang in ("lv", "en"):
        report = reports[lang]
        out[f"default-{lang}"] = render_deck(report, folder / f"default-{lang}.pptx") and \
            folder / f"default-{lang}.pptx"
        path = folder / f"alt-{lang}.pptx"
        render_deck(report, path, template=load_template(alt, MAPPING))
        out[f"alt-{lang}"] = path
    return out


def every_deck(decks):
    return [(name, Presentation(str(path))) for name, path in decks.items()]


def _card(shape) -> bool:
    """A tile or card (a rounded rectangle holding text), not a caption's text box."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    return shape.has_text_frame and shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE


def titles(prs) -> list[str]:
    return [s.shapes.title.text_frame.text if s.shapes.title is not None else "" for s in
            prs.slides]


# --- English -------------------------------------------------------------------------------
def test_english_deck_uses_english_words_and_number_style(decks):
    prs = Presentation(str(decks["default-en"]))
    assert titles(prs)[1] == "The first 9 months of 2021 in one view"
    assert titles(prs)[2] == "CSB action-plan performance indicators"
    # the goals and the pillars share a slide (4)
    assert titles(prs)[3] == "Our goal and the key to success"
    assert titles(prs)[6] == "Client-service statistics for the first 9 months of 2021"
    tiles = [plain(s.text_frame.text).splitlines()[0] for s in slide_for(prs, "service").shapes
             if _card(s) and "\n" in s.text_frame.text]
    assert tiles == ["17,680", "1,656", "2.3 min", "4.5", "4,845", "31", "89", "8.7"]
    cover = [s.text_frame.text for s in slide_for(prs, "title").placeholders]
    assert cover[1] == "CSB client-service performance"
    # the details under it: organisation, period, presenter, the day of the presentation
    assert cover[2].splitlines() == ["Central Statistical Bureau of Latvia",
                                     "1 January 2021 – 30 September 2021",
                                     "Client support unit", "25 November 2021"]
    chart = next(s.chart for s in slide_for(prs, "satisfaction").shapes if s.has_chart)
    assert [s.name for s in chart.series] == ["Fully agree", "Partly agree", "Partly disagree",
                                              "Fully disagree"]


def test_english_html_report(build_2021):
    from lxml import html as lxml_html

    page = lxml_html.fromstring((build_2021.output_dir / "cspreport-2021-en.html")
                                .read_text(encoding="utf-8"))
    assert page.get("lang") == "en-GB"
    values = [v.text_content() for v in page.xpath('//*[@id="sec-service"]'
                                                   '//*[@class="cs-value"]')]
    assert values == ["17,680", "1,656", "2.3 min", "4.5", "4,845", "31", "89", "8.7"]
    assert page.xpath("//nav//a")[2].text_content() == "CSB action-plan performance indicators"


# --- the second template -------------------------------------------------------------------
def test_second_template_puts_titles_where_it_says_and_drops_its_example(decks):
    prs = Presentation(str(decks["alt-lv"]))
    assert "Example slide of the template" not in titles(prs)
    assert titles(prs)[2] == "CSP darbības plāna rezultatīvie rādītāji"
    for slide in list(prs.slides)[1:-1]:
        title = slide.shapes.title
        assert Emu(title.top).inches == pytest.approx(6.3), title.text_frame.text
        for shape in slide.shapes:
            if shape is not title and not shape.is_placeholder:
                assert Emu(shape.top + shape.height).inches <= 6.3 + 1e-6  # content above it
        assert not [p for p in slide.placeholders if p.placeholder_format.idx == 1
                    and not p.text_frame.text.strip()], \
            "an empty body placeholder must be removed (a list's holds its bullets)"
    tiles = [plain(s.text_frame.text).splitlines()[0] for s in slide_for(prs, "service").shapes
             if _card(s) and "\n" in s.text_frame.text]
    assert tiles == ["17 680", "1 656", "2,3 min", "4,5", "4 845", "31", "89", "8,7"]


def test_template_check_names_what_is_missing(tmp_path):
    alt = make(tmp_path / "alt.pptx")
    runner = CliRunner()
    ok = runner.invoke(app, ["template-check", str(alt), "--map", str(MAPPING)])
    assert ok.exit_code == 0, ok.output
    bad_map = tmp_path / "map.yaml"
    bad_map.write_text(MAPPING.read_text().replace("layout: Body, title: Heading, body: "
                                                   "Content Area}", "layout: Main, title: "
                                                   "Heading, body: Content Area}", 1)
                       .replace("subtitle: Tagline}", "subtitle: Strapline}", 1))
    bad = runner.invoke(app, ["template-check", str(alt), "--map", str(bad_map)])
    assert bad.exit_code == 1
    lines = bad.output.splitlines()
    assert lines[0] == (f"missing: {alt}: role title: layout 'Cover' has no placeholder named "
                        "'Strapline' (subtitle); it has: Heading, Tagline, Date Placeholder 3, "
                        "Footer Placeholder 4, Slide Number Placeholder 5")
    assert lines[1].startswith(f"missing: {alt}: role list: no layout named 'Main'; the "
                               "template has: Cover, Body, Section Header")


def test_template_check_finds_duplicate_placeholder_names(tmp_path):
    prs = Presentation(str(make(tmp_path / "alt.pptx")))
    body = next(lay for lay in prs.slide_layouts if lay.name == "Body")
    list(body.placeholders)[2].name = "Heading"
    prs.save(str(tmp_path / "dup.pptx"))
    result = CliRunner().invoke(app, ["template-check", str(tmp_path / "dup.pptx"), "--map",
                                      str(MAPPING)])
    assert result.exit_code == 1
    assert "layout 'Body': two placeholders are named 'Heading'" in result.output


def test_a_build_with_a_bad_template_fails_before_writing(tmp_path, edition_dir):
    bad_map = tmp_path / "map.yaml"
    bad_map.write_text(MAPPING.read_text().replace("title:       {layout: Cover",
                                                   "title:       {layout: Title Slide"))
    params = Params.from_mapping({"data_dir": str(edition_dir), "output_dir": str(tmp_path),
                                  "template": str(make(tmp_path / "alt.pptx")),
                                  "template_map": str(bad_map)})
    with pytest.raises(CspreportError, match="role title: no layout named 'Title Slide'"):
        build_edition(params, root=ROOT, progress=False)
    assert not (tmp_path / "2021").exists()
    assert not list(tmp_path.glob(".2021*"))  # no staging folder either


def test_lang_both_builds_both_decks_and_reports(tmp_path, edition_dir, mini_root):
    params = Params.from_mapping({"data_dir": str(edition_dir), "output_dir": str(tmp_path),
                                  "lang": "both", "template": str(make(tmp_path / "a.pptx")),
                                  "template_map": str(MAPPING), "brand_colour": "7A1F3D"})
    result = build_edition(params, root=mini_root, progress=False)
    names = sorted(p.relative_to(result.output_dir).as_posix() for p in result.files)
    assert names == ["cspreport-2021-en-tables.xlsx", "cspreport-2021-en.html",
                     "cspreport-2021-en.pptx", "cspreport-2021-lv-tables.xlsx",
                     "cspreport-2021-lv.html", "cspreport-2021-lv.pptx", "manifest.json",
                     "notebooks/both/01_title.ipynb", "notebooks/both/02_goals.ipynb"]
    assert result.executed == ("01_title.ipynb", "02_goals.ipynb")  # once for both languages
    en = Presentation(str(result.output_dir / "cspreport-2021-en.pptx"))
    title_run = slide_for(en, "goals").shapes.title.text_frame.paragraphs[0].runs[0]
    assert str(title_run.font.color.rgb) == "7A1F3D"
    assert "--brand: #7A1F3D" in (result.output_dir / "cspreport-2021-lv.html").read_text()


# --- accessibility ---------------------------------------------------------------------------
def test_every_slide_has_a_title(decks):
    for name, prs in every_deck(decks):
        for n, title in enumerate(titles(prs), start=1):
            assert title.strip(), f"{name} slide {n} has no title"


def test_every_chart_table_and_picture_has_alt_text(decks):
    for name, prs in every_deck(decks):
        for n, slide in enumerate(prs.slides, start=1):
            for shape in slide.shapes:
                if shape.has_chart or shape.has_table or shape.shape_type == 13:
                    descr = shape._element.xpath("./*[1]/p:cNvPr")[0].get("descr")
                    assert descr, f"{name} slide {n}: {shape.name} has no alt text"


def _background(shape, cell=None) -> str:
    fill = (cell or shape).fill
    try:
        return str(fill.fore_color.rgb) if fill.type == 1 else style.WHITE
    except (AttributeError, TypeError):
        return style.WHITE


def test_text_contrast_is_at_least_4_5_to_1(decks):
    for name, prs in every_deck(decks):
        for n, slide in enumerate(prs.slides, start=1):
            for shape in slide.shapes:
                frames = []
                if shape.has_text_frame:
                    frames.append((shape.text_frame, _background(shape)))
                if shape.has_table:
                    frames += [(c.text_frame, _background(shape, c))
                               for row in shape.table.rows for c in row.cells]
                for frame, background in frames:
                    for p in frame.paragraphs:
                        for r in p.runs:
                            colour = str(r.font.color.rgb)
                            ratio = style.contrast(colour, background)
                            assert ratio >= 4.5, (f"{name} slide {n}: {r.text!r} {colour} on "
                                                  f"{background}: {ratio:.2f}:1")


def test_proofing_language_on_every_run(decks):
    for name, prs in every_deck(decks):
        want = "lv-LV" if name.endswith("lv") else "en-GB"
        langs = {r.font._rPr.get("lang") for s in prs.slides for shape in s.shapes
                 if shape.has_text_frame for p in shape.text_frame.paragraphs for r in p.runs}
        assert langs == {want}, name


def test_no_text_overflows_its_shape(decks):
    """Measure every text against its shape (or table cell) with the same glyph-width model
    the renderer fits with; 5% slack for rounding."""
    for name, prs in every_deck(decks):
        assert not overflowing_text(prs, name)


def test_no_slide_text_under_14_pt(decks):
    """Titles, cards, tiles, tables, captions and every chart's axes, labels and legend: 14 pt
    or more (the footer's edition and slide number aside)."""
    for name, prs in every_deck(decks):
        assert not small_text(prs, name)
    # the check sees a small run and a small chart text
    from pptx.util import Pt

    prs = Presentation(str(decks["default-lv"]))
    slide = slide_for(prs, "plan")
    slide.shapes.title.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
    chart = next(s.chart for s in slide_for(prs, "participation").shapes if s.has_chart)
    chart.font.size = Pt(10)
    assert [f.split(": ", 1)[0] for f in small_text(prs)] == ["deck slide 3", "deck slide 11"]


def test_overflowing_content_continues_on_another_slide(reports):
    from dataclasses import replace

    from cspreport.report import Item, Table

    report = reports["en"]
    many = [Item(f"Measure number {i} with a somewhat long description") for i in range(30)]
    sections = []
    for s in report.sections:
        if s.key == "cooperation":
            s = replace(s, items=tuple(many))
        if s.key == "plan":
            rows = s.table.rows[:4] * 6  # 24 indicators (not the line on the missing ones)
            s = replace(s, table=Table(s.table.columns, rows, s.table.numeric))
        sections.append(s)
    prs = render_deck(replace(report, sections=tuple(sections)))
    plan = [s for s in prs.slides
            if s.shapes.title.text_frame.text.startswith("CSB action-plan performance")]
    assert len(plan) >= 2
    assert plan[0].shapes.title.text_frame.text.endswith(f"(1/{len(plan)})")
    rows = [len(next(sh for sh in s.shapes if sh.has_table).table.rows) - 1 for s in plan]
    assert sum(rows) == 24  # every row once, the header on every slide
    cooperation = [s for s in prs.slides
                   if s.shapes.title.text_frame.text.startswith("Cooperation measures")]
    assert [s.shapes.title.text_frame.text for s in cooperation] == [
        "Cooperation measures (1/3)", "Cooperation measures (2/3)",
        "Cooperation measures (3/3)"]  # 30 points, at most 12 a slide: 10 each


# --- what management edits and a real renderer ---------------------------------------------
def test_chart_workbooks_open_with_openpyxl_and_hold_the_data(decks):
    with zipfile.ZipFile(decks["default-lv"]) as deck:
        books = sorted(n for n in deck.namelist() if n.startswith("ppt/embeddings/"))
        assert len(books) == 7  # 4 charts + 3 monthly series (the small ones in a table)
        found = []
        for name in books:
            wb = load_workbook(io.BytesIO(deck.read(name)))
            found.append([[c.value for c in row] for row in wb.active.iter_rows()])
    participation = next(t for t in found if t[0] == [None, "Respondenti"])
    assert participation[1:] == [["2015", 1152], ["2017", 579], ["2019", 1018], ["2021", 733]]


needs_office = pytest.mark.skipif(
    not shutil.which("soffice") and not os.environ.get("CI"),
    reason="LibreOffice not installed (CI installs it and runs this)")


@needs_office
def test_libreoffice_renders_one_page_per_slide(decks, tmp_path):
    from cspreport.preview import deck_to_pdf, pdf_pages

    for name, path in decks.items():
        prs = Presentation(str(path))
        pdf = deck_to_pdf(path, tmp_path)
        assert pdf_pages(pdf) == len(prs.slides), name


needs_chromium = pytest.mark.skipif(
    not (shutil.which("chromium") or shutil.which("chromium-browser")) and not os.environ.get("CI"),
    reason="Chromium not installed (CI installs it and runs this)")


@needs_chromium
def test_chromium_renders_the_html_report(build_2021, tmp_path):
    from PIL import Image

    from cspreport.preview import screenshot

    png = screenshot(build_2021.output_dir / "cspreport-2021-en.html", tmp_path / "page.png",
                     width=1280, height=2000)
    image = Image.open(png).convert("RGB")
    assert image.size == (1280, 2000)
    # the table of contents' background and the title's blue are on the page
    colours = {c for _, c in image.getcolors(maxcolors=1 << 20)}
    assert (0xEA, 0xF1, 0xF8) in colours
    assert any(abs(r - 0x1F) < 8 and abs(g - 0x4E) < 8 and abs(b - 0x79) < 8
               for r, g, b in colours)


def test_the_preview_captures_the_whole_page_and_a_phone(build_2021, tmp_path):
    """The whole report, not its first screen: taller than any window a preview used to
    take (6 000 px), and cut below the footer; at 390 px the contents sit above the report."""
    from PIL import Image

    from cspreport.preview import screenshot

    html = build_2021.output_dir / "cspreport-2021-lv.html"
    whole = Image.open(screenshot(html, tmp_path / "whole.png")).convert("RGB")
    assert 6000 < whole.height < 24000
    bottom = whole.crop((300, whole.height - 200, whole.width, whole.height))
    assert len(bottom.getcolors(maxcolors=1 << 20)) > 1  # the footer's text, not blank
    phone = Image.open(screenshot(html, tmp_path / "phone.png", width=390)).convert("RGB")
    assert phone.width == 390
    # the contents' light blue fills the full width at the top: above, not beside, the report
    top = [phone.getpixel((x, 40)) for x in (10, 195, 380)]
    assert all(abs(r - 0xEA) < 6 and abs(g - 0xF1) < 6 and abs(b - 0xF8) < 6
               for r, g, b in top), top


def test_build_with_pdf_writes_one_page_per_slide(tmp_path, edition_dir, mini_root):
    from cspreport.preview import pdf_pages

    params = Params.from_mapping({"data_dir": str(edition_dir), "output_dir": str(tmp_path),
                                  "lang": "both"})
    result = build_edition(params, root=mini_root, progress=False, pdf=True)
    for lang in ("lv", "en"):
        deck = Presentation(str(result.output_dir / f"cspreport-2021-{lang}.pptx"))
        pdf = result.output_dir / f"cspreport-2021-{lang}.pdf"
        assert pdf_pages(pdf) == len(deck.slides)
    manifest = (result.output_dir / "manifest.json").read_text(encoding="utf-8")
    assert "cspreport-2021-lv.pdf" in manifest


def test_bullets_take_the_template_s_paragraph_style(decks):
    """The survey slide's points are paragraphs of the layout's body placeholder: the bullet
    and its hanging indent come from the template, no character is typed."""
    for name in ("default-lv", "default-en"):
        prs = Presentation(str(decks[name]))
        slide = slide_for(prs, "survey")
        (body,) = [ph for ph in slide.placeholders if ph.placeholder_format.idx != 0]
        paragraphs = [p.text for p in body.text_frame.paragraphs]
        assert len(paragraphs) >= 3
        assert not [t for t in paragraphs if t.lstrip().startswith(("•", "-", "–"))]
        assert slide.slide_layout.name == "List"


def test_cover_shows_the_logo_content_yaml_names(tmp_path):
    import base64
    from dataclasses import replace

    from PIL import Image

    from cspreport.report import Report, TitleSection

    png = io.BytesIO()
    Image.new("RGB", (400, 100), "#1F4E79").save(png, "PNG")
    logo = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()
    cover = TitleSection("title", "Consult first", subtitle="CSB", lines=("CSB", "2021"),
                         logo=logo)
    report = Report("en", 2021, None, None, "", "", (cover, replace(cover, key="closing",
                                                                     logo="")), "")
    prs = render_deck(report, tmp_path / "deck.pptx")
    (pic,) = [s for s in prs.slides[0].shapes if s.shape_type == 13]
    assert pic._element.xpath("./*[1]/p:cNvPr")[0].get("descr") == "logo"
    # fitted to the layout's logo box (2.6 × 1.3 in), its proportions kept: 2.6 × 0.65 in
    assert (round(Emu(pic.width).inches, 2), round(Emu(pic.height).inches, 2)) == (2.6, 0.65)
    assert not [s for s in prs.slides[1].shapes if s.shape_type == 13]


def test_kpi_values_are_level_and_the_earlier_year_is_no_hatch(decks):
    from pptx.enum.text import MSO_ANCHOR

    for name in ("default-lv", "default-en"):
        prs = Presentation(str(decks[name]))
        tiles = [s for s in slide_for(prs, "service").shapes
                 if _card(s) and "\n" in s.text_frame.text]
        assert len(tiles) == 8
        # each tile's text starts at its top, the same inset in every tile, so that the
        # values of a row stand level whatever their labels' lengths
        assert {t.text_frame.vertical_anchor for t in tiles} == {MSO_ANCHOR.TOP}
        assert len({t.text_frame.margin_top for t in tiles}) == 1
        assert len({t.top for t in tiles}) == 2  # two rows
        for slide in prs.slides:
            for shape in slide.shapes:
                if shape.has_chart:
                    assert b"pattFill" not in shape.chart.part.blob, name


def test_the_year_in_one_view_is_the_second_slide_in_one_row(decks):
    # four cards, a figure above its words: the plan by status (met; not yet known),
    # satisfaction and, with no change beyond chance (chats 104 → 89: 15 < 2·√193 ≈ 27.8),
    # one card saying in words that all 8 service figures were stable; no table of its own
    # in the workbook
    for name in ("default-lv", "default-en"):
        prs = Presentation(str(decks[name]))
        slide = prs.slides[1]
        assert slide.name == "summary", name
        cards = [s for s in slide.shapes if _card(s) and "\n" in s.text_frame.text]
        assert len(cards) == 4, name
        rows = sorted({c.top for c in cards})
        assert len(rows) == 1, name  # one row of four, none left alone
        assert "\u2248" in cards[-1].text_frame.text, name
        assert not overflowing_text(prs, name) and not small_text(prs, name)


def _used(slide, slide_h) -> tuple[float, float, float, float]:
    """The part of a slide's content area (below the title, above the footer) its content
    takes, as (top, bottom, left, right) in inches: a text box counts as far as its text
    and the space after its paragraphs reach (estimated as the fitting does), anything else
    its whole shape."""
    from cspreport.render.textfit import text_height_in

    tops, bottoms, lefts, rights = [], [], [], []
    for shape in slide.shapes:
        top, left = Emu(shape.top).inches, Emu(shape.left).inches
        if shape == slide.shapes.title or top >= slide_h - 0.55:  # the title, the footer
            continue
        height = Emu(shape.height).inches
        if shape.has_text_frame and shape.shape_type != 1 and not shape.has_chart:
            frame = shape.text_frame
            width = Emu(shape.width - frame.margin_left - frame.margin_right).inches
            height = min(height, sum(
                text_height_in(p.runs[0].text, width, p.runs[0].font.size.pt)
                + (p.space_after.inches if p.space_after else 0)
                for p in frame.paragraphs if p.runs and p.runs[0].font.size) + 0.12)
        tops.append(top)
        bottoms.append(top + height)
        lefts.append(left)
        rights.append(left + Emu(shape.width).inches)
    return min(tops), max(bottoms), min(lefts), max(rights)


def test_no_slide_leaves_its_content_area_half_empty(decks):
    """Every content slide of the bundled edition uses at least 60 % of the height and the
    width between its title and its footer (issue 19: no slide 40 % empty)."""
    for name in ("default-lv", "default-en"):
        prs = Presentation(str(decks[name]))
        slide_h = Emu(prs.slide_height).inches
        for n, slide in enumerate(list(prs.slides)[1:-1], start=2):
            title = slide.shapes.title
            area_top = Emu(title.top + title.height).inches
            area_h = slide_h - 0.65 - area_top
            top, bottom, left, right = _used(slide, slide_h)
            assert (bottom - top) / area_h >= 0.6, (name, n, title.text_frame.text,
                                                    (bottom - top) / area_h)
            assert (right - left) / Emu(title.width).inches >= 0.6, (name, n)


def test_every_chart_title_has_one_style(decks):
    """Chart titles (the participation and themes charts, each of the monthly charts): one
    size, weight and colour on every slide; a chart with a legend has none."""
    for name in ("default-lv", "default-en"):
        prs = Presentation(str(decks[name]))
        styles, titled = set(), 0
        for slide in prs.slides:
            for shape in slide.shapes:
                if shape.has_chart and shape.chart.has_title:
                    font = shape.chart.chart_title.text_frame.paragraphs[0].runs[0].font
                    styles.add((font.size.pt, font.bold, str(font.color.rgb)))
                    titled += 1
        assert titled == 5 and len(styles) == 1, (name, styles)
        assert {style[:2] for style in styles} == {(18.0, True)}
