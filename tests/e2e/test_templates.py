"""Any real template builds: three templates no one here wrote (LibreOffice's bundled Impress
templates Focus, Metropolis and Grey Elegant, converted to .pptx by LibreOffice itself, at
28 × 15.75 cm, with generically named placeholders and several slide masters) and a template
in each size corporate templates come in, all without a mapping, in both languages. Each deck
has every section, nothing overflowing, no slide text under 14 pt, and LibreOffice renders one
page per slide. Every other Impress template LibreOffice ships builds too."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
import warnings
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from typer.testing import CliRunner

from cspreport.assemble import assemble, read_notebooks
from cspreport.cli import app
from cspreport.packagecheck import check_package, check_package_bytes
from cspreport.render.pptx.deck import render_deck
from cspreport.render.pptx.template import load_template
from cspreport.report import Key
from tests.fixtures.sized_template import SIZES, make_sized
from tests.helpers import executed_notebooks, overflowing_text, small_text

pytestmark = pytest.mark.slow
LIBREOFFICE_TEMPLATES = Path("/usr/lib/libreoffice/share/template/common/presnt")
THIRD_PARTY = ("Focus", "Metropolis", "Grey_Elegant")


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is not installed (CI must install libreoffice-impress)")
        pytest.skip("LibreOffice not installed (CI installs it and runs this)")
    return found


def convert(files: list[Path], to: str, folder: Path) -> None:
    """Convert ``files`` with LibreOffice in one run (its own throwaway profile)."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", to, "--outdir", str(folder), *map(str, files)],
                       check=True, capture_output=True, timeout=900)


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> dict[str, Path]:
    """Every Impress template LibreOffice ships (23 in Debian 12's), converted to .pptx."""
    folder = tmp_path_factory.mktemp("bundled")
    soffice()
    sources = sorted(LIBREOFFICE_TEMPLATES.glob("*.otp"))
    missing = [n for n in THIRD_PARTY if LIBREOFFICE_TEMPLATES / f"{n}.otp" not in sources]
    assert not missing, f"LibreOffice's Impress templates are missing: {missing}"
    convert(sources, "pptx", folder)
    return {src.stem: folder / f"{src.stem}.pptx" for src in sources}


@pytest.fixture(scope="module")
def templates(bundled, tmp_path_factory) -> dict[str, Path]:
    """The three LibreOffice templates as .pptx, and python-pptx's template in four sizes."""
    folder = tmp_path_factory.mktemp("templates")
    out = {name: bundled[name] for name in THIRD_PARTY}
    for name, (w, h) in SIZES.items():
        out[name] = make_sized(folder / f"{name}.pptx", w, h)
    return out


@pytest.fixture(scope="module")
def decks(build_2021, templates, tmp_path_factory) -> dict[str, Path]:
    reports = {lang: a.deck() for lang, a in
               assemble(read_notebooks(executed_notebooks(build_2021))).items()}
    folder = tmp_path_factory.mktemp("decks")
    out = {}
    for name, template in templates.items():
        for lang, report in reports.items():
            path = folder / f"{name}-{lang}.pptx"
            render_deck(report, path, template=load_template(template))
            out[f"{name}-{lang}"] = path
    return out


# the sections with slides of their own: the comments' count joins the themes slide, the
# pillars share the goals' slide (a panel each), or follow on their own where a template's
# content area is too narrow for two panels (LibreOffice's Yellow Idea)
SLIDE_KEYS = [k.value for k in Key if k not in (Key.COMMENTS, Key.PILLARS)]
APART = [k.value for k in Key if k != Key.COMMENTS]


def test_every_template_builds_both_languages_with_every_section(decks, templates):
    assert set(decks) == {f"{t}-{lang}" for t in templates for lang in ("lv", "en")}
    for name, path in decks.items():
        prs = Presentation(str(path))
        keys = list(dict.fromkeys(slide.name for slide in prs.slides))
        assert keys == SLIDE_KEYS, name
        for slide in prs.slides:
            assert slide.shapes.title is not None and slide.shapes.title.text_frame.text, name


def test_nothing_overflows_and_no_text_under_14_pt(decks):
    for name, path in decks.items():
        prs = Presentation(str(path))
        assert not overflowing_text(prs, name)
        assert not small_text(prs, name)


def test_content_stays_on_the_slide_and_inside_the_template_margins(decks):
    for name, path in decks.items():
        prs = Presentation(str(path))
        for n, slide in enumerate(prs.slides, start=1):
            for shape in slide.shapes:
                assert shape.left >= 0 and shape.top >= 0, f"{name} slide {n}: {shape.name}"
                assert shape.left + shape.width <= prs.slide_width, f"{name} slide {n}"
                assert shape.top + shape.height <= prs.slide_height, f"{name} slide {n}"


def test_the_slide_size_is_the_template_s(decks):
    for name, (w, h) in SIZES.items():
        prs = Presentation(str(decks[f"{name}-lv"]))
        assert prs.slide_width.inches == pytest.approx(w, abs=0.01)
        assert prs.slide_height.inches == pytest.approx(h, abs=0.01)
    prs = Presentation(str(decks["Focus-en"]))
    assert prs.slide_width.cm == pytest.approx(28, abs=0.01)


def test_libreoffice_renders_one_page_per_slide(decks, tmp_path):
    from cspreport.preview import pdf_pages

    convert(list(decks.values()), "pdf", tmp_path)
    for name, path in decks.items():
        assert pdf_pages(tmp_path / f"{path.stem}.pdf") == len(Presentation(str(path)).slides), \
            name


def test_every_bundled_libreoffice_template_builds_both_languages(bundled, build_2021,
                                                                     tmp_path):
    """Beyond the three: each Impress template LibreOffice ships (cover and content layouts,
    backgrounds, several masters, placeholders where its example slides put them) gives a
    deck in both languages with every section, nothing overflowing and no text under 14 pt."""
    reports = {lang: a.deck() for lang, a in
               assemble(read_notebooks(executed_notebooks(build_2021))).items()}
    assert len(bundled) >= 20
    problems = []
    for name, template in bundled.items():
        for lang, report in reports.items():
            path = tmp_path / f"{name}-{lang}.pptx"
            render_deck(report, path, template=load_template(template))
            prs = Presentation(str(path))
            keys = list(dict.fromkeys(slide.name for slide in prs.slides))
            if keys not in (SLIDE_KEYS, APART):
                problems.append(f"{path.name}: sections {keys}")
            problems += overflowing_text(prs, path.name) + small_text(prs, path.name)
            problems += check_package(path)
    assert not problems


def test_template_check_matches_placeholders_by_type(templates):
    result = CliRunner().invoke(app, ["template-check", str(templates["Metropolis"])])
    assert result.exit_code == 0, result.output
    # the roles and what was found for each, by type: LibreOffice names them "PlaceHolder n"
    assert "placeholders matched by type" in result.output
    assert "kpi: layout 'Title, Content'" in result.output
    assert "title: layout 'Title Slide'" in result.output


def test_a_layout_too_small_fails_before_writing_and_names_it(tmp_path, build_2021):
    from cspreport.render.pptx.deck import LayoutError

    template = make_sized(tmp_path / "tiny.pptx", 5.0, 2.8)
    report = assemble(read_notebooks(executed_notebooks(build_2021)))["lv"].deck()
    out = tmp_path / "deck.pptx"
    # a 5 × 2.8 in slide: the cover's subtitle box, even grown down to the slide's bottom
    # margin, cannot hold its five lines at 14 pt
    with pytest.raises(LayoutError, match=r"tiny\.pptx .*: layout 'Title Slide' \(role title\) "
                       r"is too small: its subtitle \(3\.50 × 0\.81 in\) cannot hold 'CSP"):
        render_deck(report, out, template=load_template(template))
    assert not out.exists()


def test_a_mapping_may_name_layouts_only(tmp_path, build_2021):
    """A mapping that names a layout and no placeholders: they are found by type. A cover on
    a layout of a title only still shows its subtitle and lines, in a text box."""
    template = make_sized(tmp_path / "t.pptx", 13.333, 7.5)
    mapping = tmp_path / "map.yaml"
    mapping.write_text("roles:\n  title: {layout: Title Only}\n  closing: {layout: Title Slide}\n"
                       "  kpi: {layout: Two Content}\n", encoding="utf-8")
    tpl = load_template(template, mapping)
    assert tpl.roles["title"].layout.name == "Title Only"
    assert tpl.roles["kpi"].layout.name == "Two Content"
    assert tpl.roles["kpi"].body is not None  # one of its two bodies, the larger or the first
    assert tpl.roles["list"].layout.name == "Title and Content"  # not named: by type
    report = assemble(read_notebooks(executed_notebooks(build_2021)))["en"].deck()
    prs = render_deck(report, tmp_path / "deck.pptx", template=tpl)
    cover = " ".join(s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame)
    assert "CSB client-service performance" in cover and "30 September 2021" in cover
    assert not overflowing_text(prs) and not small_text(prs)


def test_placeholders_go_where_the_template_s_example_slides_put_them(bundled):
    """Midnightblue's layouts all carry its cover's positions (the content box 6.89 × 1.77 in
    low on the slide); its second example slide puts the content at 0.4, 1.6 in, 10.2 × 4.1
    in (as LibreOffice shows it), and so does the deck."""
    from pptx.util import Emu

    tpl = load_template(bundled["Midnightblue"])
    role = tpl.roles["table"]
    (body,) = [ph for ph in role.layout.placeholders
               if ph.placeholder_format.idx == role.body]
    box = [round(Emu(v).inches, 1) for v in (body.left, body.top, body.width, body.height)]
    assert box == [0.4, 1.6, 10.2, 4.1]


def test_content_keeps_clear_of_the_templates_pictures(decks):
    """Grey Elegant draws an illustration on some masters: the deck takes a master without
    one for content, or lays content beside it. No chart, table or card covers more than 5 %
    of itself with a picture or drawing of its slide's layout or master."""
    from pptx.util import Emu

    from cspreport.render.pptx.geometry import Area, overlap
    from cspreport.render.pptx.template import obstacles

    for name in ("Grey_Elegant-lv", "Grey_Elegant-en", "Focus-en", "Metropolis-en"):
        prs = Presentation(str(decks[name]))
        for n, slide in enumerate(prs.slides, start=1):
            behind = [Area(*ob) for ob in obstacles(slide.slide_layout)]
            for shape in slide.shapes:
                if not (shape.has_chart or shape.has_table or shape.shape_type == 1):
                    continue
                mine = Area(*(Emu(v).inches for v in (shape.left, shape.top, shape.width,
                                                      shape.height)))
                covered = sum(overlap(mine, ob) for ob in behind)
                assert covered <= 0.05 * mine.w * mine.h, f"{name} slide {n}: {shape.name}"


# --- every package valid --------------------------------------------------------------------
def test_the_built_decks_and_tables_workbooks_are_valid_packages(build_2021):
    """The build of the built-in template, both languages: each deck and tables workbook (and
    every chart's workbook inside a deck) is a valid package."""
    files = sorted(build_2021.output_dir.glob("*.pptx")) + \
        sorted(build_2021.output_dir.glob("*.xlsx"))
    assert [f.name for f in files] == ["cspreport-2021-en.pptx", "cspreport-2021-lv.pptx",
                                       "cspreport-2021-en-tables.xlsx",
                                       "cspreport-2021-lv-tables.xlsx"]
    assert [problem for f in files for problem in check_package(f)] == []
    with zipfile.ZipFile(files[0]) as deck:  # the charts' workbooks were checked too
        assert any(n.startswith("ppt/embeddings/") and n.endswith(".xlsx")
                   for n in deck.namelist())


def test_decks_on_every_template_are_valid_packages_as_rendered_and_as_written(decks):
    """The decks of the three LibreOffice templates and the four sizes, as python-pptx saves
    them and as the build writes them (made reproducible)."""
    from cspreport.reproducible import normalise_zip_bytes

    assert len(decks) == 14
    for name, path in decks.items():
        assert check_package(path) == [], name
        written = normalise_zip_bytes(path.read_bytes(), dt.datetime(2021, 9, 30, 12), name)
        assert check_package_bytes(written, name) == []


def test_decks_on_the_corporate_test_template_are_valid_packages(build_2021, tmp_path):
    from cspreport.reproducible import normalise_zip
    from tests.fixtures.alt_template import MAPPING, make

    template = make(tmp_path / "corporate", potx=True)
    for lang, item in assemble(read_notebooks(executed_notebooks(build_2021))).items():
        path = tmp_path / f"corporate-{lang}.pptx"
        render_deck(item.deck(), path, template=load_template(template, MAPPING))
        normalise_zip(path, dt.datetime(2021, 9, 30, 12))
        assert check_package(path) == [], lang


def test_a_deck_on_a_template_libreoffice_saved_as_potx_is_valid_and_opens(build_2021,
                                                                            tmp_path):
    """LibreOffice saves a .potx with the core-properties relationship misspelt; a deck built
    on it once held docProps/core.xml twice. Now one, a valid package, and LibreOffice renders
    it one page a slide."""
    from cspreport.preview import pdf_pages
    from cspreport.reproducible import normalise_zip

    convert([LIBREOFFICE_TEMPLATES / "Focus.otp"], "potx", tmp_path)
    template = tmp_path / "Focus.potx"
    with zipfile.ZipFile(template) as src:  # as LibreOffice 7 writes it
        assert b"officedocument/2006/relationships/metadata/core-properties" in \
            src.read("_rels/.rels")
    report = assemble(read_notebooks(executed_notebooks(build_2021)))["lv"].deck()
    deck = tmp_path / "focus-potx-lv.pptx"
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Duplicate name")  # from zipfile
        render_deck(report, deck, template=load_template(template))
        normalise_zip(deck, dt.datetime(2021, 9, 30, 12))
    with zipfile.ZipFile(deck) as archive:
        assert archive.namelist().count("docProps/core.xml") == 1
    assert check_package(deck) == []
    convert([deck], "pdf", tmp_path)
    assert pdf_pages(tmp_path / "focus-potx-lv.pdf") == len(Presentation(str(deck)).slides)
