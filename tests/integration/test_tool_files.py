"""Templates and logos as the office's tools leave them: a password-protected template, a file
that is no template, a macro-enabled template, a template LibreOffice saved as .potx, a logo
that is no picture or a very large one. Each is handled (the deck a plain, valid .pptx
without macros) or refused with a plain message naming the file, through the command line as
a user runs it, with the previous output and the inputs untouched."""

from __future__ import annotations

import io
import shutil
import warnings
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from cspreport.errors import InputError
from cspreport.packagecheck import check_package, check_package_bytes
from cspreport.render.pptx.template import TemplateError, load_template
from cspreport.sources.content import read_content
from tests.helpers import previous_output
from tests.integration.test_bad_inputs import (
    EDITION,
    JARGON,
    ROOT,
    digests,
    params,
    run_cli,
    write_params,
)
from tests.project import REPO

BUILT_IN = REPO / "cspreport" / "render" / "pptx" / "cspreport.pptx"
OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")  # what an encrypted Office file starts with
MACRO_TEMPLATE = "application/vnd.ms-powerpoint.template.macroEnabled.main+xml"
PRESENTATION = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
# the type LibreOffice writes for a .potx's core properties (officedocument, lower case)
MISSPELT_CORE = ("http://schemas.openxmlformats.org/officedocument/2006/relationships/metadata/"
                 "core-properties")
CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"


def edited_template(path: Path, edits: dict[str, callable], extra: dict[str, bytes]) -> Path:
    """The built-in template with ``edits`` (part name -> function of its bytes) applied and
    ``extra`` parts added, written to ``path``."""
    with zipfile.ZipFile(BUILT_IN) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, edits.get(info.filename, lambda b: b)(data))
        for name, data in extra.items():
            dst.writestr(name, data)
    return path


def macro_template(path: Path) -> Path:
    """A macro-enabled template (.potm), as PowerPoint saves one: a VBA project part, the
    presentation's relationship to it, its content type, and the main part's content type
    a macro-enabled template's."""
    def types(data: bytes) -> bytes:
        assert PRESENTATION.encode() in data
        return data.replace(PRESENTATION.encode(), MACRO_TEMPLATE.encode()).replace(
            b"</Types>", b'<Override PartName="/ppt/vbaProject.bin" '
                         b'ContentType="application/vnd.ms-office.vbaProject"/></Types>')

    def rels(data: bytes) -> bytes:
        return data.replace(b"</Relationships>", f'<Relationship Id="rId99" Type="{VBA_REL}" '
                                                 'Target="vbaProject.bin"/></Relationships>'
                            .encode())

    return edited_template(path, {"[Content_Types].xml": types,
                                  "ppt/_rels/presentation.xml.rels": rels},
                           {"ppt/vbaProject.bin": OLE_SIGNATURE + b"Attribute VB_Name = x"})


def libreoffice_potx(path: Path) -> Path:
    """The built-in template saved as LibreOffice saves a .potx: a template's content type
    and the core-properties relationship with LibreOffice's misspelt type."""
    def types(data: bytes) -> bytes:
        return data.replace(b"presentationml.presentation.main+xml",
                            b"presentationml.template.main+xml")

    def rels(data: bytes) -> bytes:
        assert CORE.encode() in data
        return data.replace(CORE.encode(), MISSPELT_CORE.encode())

    return edited_template(path, {"[Content_Types].xml": types, "_rels/.rels": rels}, {})


def saved(tpl) -> bytes:
    """The template's presentation saved as the deck saves it, after setting a document
    property (as the deck does)."""
    tpl.prs.core_properties.title = "CSP"
    out = io.BytesIO()
    tpl.prs.save(out)
    return out.getvalue()


# --- templates, loaded ----------------------------------------------------------------------
def test_a_template_libreoffice_saved_as_potx_gives_one_core_properties_part(tmp_path):
    """LibreOffice's misspelt relationship type once left python-pptx to add a second
    docProps/core.xml: the deck held the entry twice."""
    data = saved(load_template(libreoffice_potx(tmp_path / "lo.potx")))
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert names.count("docProps/core.xml") == 1
    assert check_package_bytes(data, "deck.pptx") == []
    assert b"<dc:title>CSP</dc:title>" in zipfile.ZipFile(io.BytesIO(data)).read(
        "docProps/core.xml")


def test_a_macro_enabled_template_gives_a_deck_without_macros(tmp_path):
    data = saved(load_template(macro_template(tmp_path / "macros.potm")))
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert not [n for n in archive.namelist() if "vba" in n.lower()]
    for name in archive.namelist():
        assert b"vbaProject" not in archive.read(name), name
        assert b"macroEnabled" not in archive.read(name), name
    assert PRESENTATION.encode() in archive.read("[Content_Types].xml")
    assert check_package_bytes(data, "deck.pptx") == []


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("secret.pptx", OLE_SIGNATURE + bytes(504), "secret.pptx: the template is password-protected "
     "(encrypted); save a copy without a password and use that"),
    ("old.ppt", OLE_SIGNATURE + bytes(504), "old.ppt: not a PowerPoint template (.pptx/.potx): "
     "a PowerPoint 97–2003 file; open it in PowerPoint or LibreOffice and save it as .pptx or "
     ".potx"),
    ("notes.pptx", b"meeting notes", "notes.pptx: not a PowerPoint template (.pptx/.potx): it "
     "is not a zip archive, as every .pptx/.potx file is"),
    ("book.pptx", (EDITION / "edition.xlsx").read_bytes(), "book.pptx: not a PowerPoint "
     "template (.pptx/.potx): it is an Excel workbook"),
])
def test_a_file_that_is_no_usable_template_is_named(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(TemplateError) as caught:
        load_template(path)
    assert str(caught.value) == f"{tmp_path}/{expected}"


# --- logos, read ----------------------------------------------------------------------------
def with_logo(tmp_path: Path, make) -> Path:
    """content.yaml of the 2021 edition naming logo.png (line 18), and ``make(path)``'s file
    there."""
    content = tmp_path / "content.yaml"
    text = (EDITION / "content.yaml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    assert lines[16].startswith("presented_on:")
    content.write_text("".join([*lines[:17], "logo: logo.png\n", *lines[17:]]), encoding="utf-8")
    make(tmp_path / "logo.png")
    return content


def png(width: int, height: int, mode: str = "RGB"):
    return lambda path: Image.new(mode, (width, height)).save(path, "PNG")


@pytest.mark.parametrize(("make", "expected"), [
    (lambda p: p.write_text("not a picture"), "is not an image (no PNG or JPEG picture could be "
     "read from it); put a .png or .jpg file of the logo there"),
    (lambda p: p.write_bytes(OLE_SIGNATURE), "is not an image"),
    (lambda p: (png(300, 100)(p), p.write_bytes(p.read_bytes()[:60])), "is not an image"),
    (lambda p: Image.new("RGB", (30, 10)).save(p, "GIF"), "is not a PNG or JPEG image (it is "
     "GIF); save the logo as .png or .jpg"),
    # 6000 × 5000 = 30 million pixels, over 25 million
    (png(6000, 5000, "1"), "is too large an image (6000 × 5000 pixels); a logo may have at most "
     "25 million pixels: save a smaller copy"),
    # 20000 × 10000: past Pillow's own limit (it would raise, not warn)
    (png(20000, 10000, "1"), "is too large an image; a logo may have at most 25 million pixels"),
    # 11 MiB, over 10 MB
    (lambda p: p.write_bytes(bytes(11 * 1024 * 1024)), "is 11.0 MB; a logo may be at most "
     "10 MB: save a smaller copy"),
])
def test_a_logo_that_cannot_go_on_the_cover_is_a_located_message(tmp_path, make, expected):
    content = with_logo(tmp_path, make)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(InputError) as error:
            read_content(content, "content.yaml")
    assert str(error.value).startswith(f"content.yaml, line 18: logo: 'logo.png' {expected}")
    # no library warning (a resource warning of another test's objects, collected by chance
    # meanwhile, is not this reader's)
    caught = [w for w in caught if not issubclass(w.category, ResourceWarning)]
    assert not caught, [str(w.message) for w in caught]


def test_a_logo_of_a_usual_size_is_fine(tmp_path):
    content = with_logo(tmp_path, png(5000, 5000, "1"))  # 25 million pixels: the limit
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert read_content(content, "content.yaml").logo == "logo.png"
    assert not caught


# --- through the command line ---------------------------------------------------------------
def run_build(tmp_path: Path, change=None, **extra):
    """``cspreport build`` of a copy of the 2021 edition with a previous output in place; the
    exit code and message, after checking that the output and the inputs are as they were."""
    data = tmp_path / "data" / "2021"
    shutil.copytree(EDITION, data)
    previous_output(tmp_path / "out" / "2021")
    before = digests(tmp_path / "out")
    if change is not None:
        change(tmp_path)
    inputs = digests(tmp_path / "data"), digests(tmp_path / "tools")
    done = run_cli("build", "-q", str(write_params(tmp_path, {**params(tmp_path), **extra})),
                   cwd=ROOT)
    assert digests(tmp_path / "out") == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["2021"]
    assert (digests(tmp_path / "data"), digests(tmp_path / "tools")) == inputs
    return done


def test_an_encrypted_template_is_a_plain_message_through_the_command_line(tmp_path):
    template = tmp_path / "tools" / "corporate.pptx"

    def change(tmp):
        template.parent.mkdir()
        template.write_bytes(OLE_SIGNATURE + bytes(504))

    done = run_build(tmp_path, change, template=str(template))
    assert done.returncode == 1
    assert done.stderr.strip() == (f"error: {template}: the template is password-protected "
                                   "(encrypted); save a copy without a password and use that")
    assert not any(word in done.stderr for word in JARGON)


def test_a_logo_that_is_no_image_is_a_plain_message_through_the_command_line(tmp_path):
    def change(tmp):
        data = tmp / "data" / "2021"
        text = (data / "content.yaml").read_text(encoding="utf-8")
        (data / "content.yaml").write_text(text.replace(
            "presented_on: 2021-11-25", "presented_on: 2021-11-25\nlogo: logo.png", 1),
            encoding="utf-8")
        (data / "logo.png").write_text("<svg>not a png</svg>")
        (tmp / "tools").mkdir()

    done = run_build(tmp_path, change)
    assert done.returncode == 1
    assert "content.yaml, line 18: logo: 'logo.png' is not an image (no PNG or JPEG picture " \
           "could be read from it)" in done.stderr
    assert not any(word in done.stderr for word in JARGON)


@pytest.mark.slow
def test_a_build_on_a_macro_enabled_template_writes_a_plain_valid_deck(mini_root, edition_dir,
                                                                       tmp_path):
    template = macro_template(tmp_path / "corporate.potm")
    params_file = write_params(tmp_path, {"data_dir": str(edition_dir), "lang": "both",
                                          "output_dir": str(tmp_path / "out"),
                                          "template": str(template)})
    done = run_cli("build", "-q", str(params_file), cwd=mini_root)
    assert done.returncode == 0, done.stderr
    decks = sorted((tmp_path / "out" / "2021").glob("*.pptx"))
    assert [d.name for d in decks] == ["cspreport-2021-en.pptx", "cspreport-2021-lv.pptx"]
    for deck in decks:
        archive = zipfile.ZipFile(deck)
        assert not [n for n in archive.namelist() if "vba" in n.lower()]
        assert not [n for n in archive.namelist() if b"vbaProject" in archive.read(n)]
        assert check_package(deck) == []
