"""The package checker on small hand-made packages, one broken rule each, and on good ones; the
refusal of duplicate entries when a file is made reproducible."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import warnings
import zipfile

import pytest

from cspreport.packagecheck import check_package, check_package_bytes
from cspreport.reproducible import DuplicateEntryError, normalise_zip_bytes
from tests.project import REPO

TYPES = ('<?xml version="1.0" encoding="UTF-8"?>'
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
         'relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>{more}</Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '{rels}</Relationships>')
DOC = ('<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
       'relationships/officeDocument" Target="ppt/presentation.xml"/>')
LINK = ('<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/hyperlink" Target="https://www.csp.gov.lv/" TargetMode="External"/>')


def package(entries: list[tuple[str, str | bytes]]) -> bytes:
    """A zip of ``entries`` as given (a name may come twice)."""
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w") as archive:
        warnings.simplefilter("ignore", UserWarning)  # zipfile's "Duplicate name"
        for name, content in entries:
            archive.writestr(name, content)
    return out.getvalue()


def good(**changes) -> list[tuple[str, str | bytes]]:
    """A minimal valid package: content types, the package's relationships (one to the main
    part, one external link), the main part and its own relationship to a picture."""
    entries = {"[Content_Types].xml": TYPES.format(
                   more='<Default Extension="png" ContentType="image/png"/>'),
               "_rels/.rels": RELS.format(rels=DOC + LINK),
               "ppt/presentation.xml": "<p/>",
               "ppt/_rels/presentation.xml.rels": RELS.format(rels=(
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/image" Target="media/logo%201.png"/>')),
               "ppt/media/logo 1.png": b"\x89PNG"}
    entries.update(changes)
    return [(name, content) for name, content in entries.items() if content is not None]


def test_a_valid_package_has_no_problem(tmp_path):
    path = tmp_path / "deck.pptx"
    path.write_bytes(package(good()))
    assert check_package(path) == []


def test_a_duplicate_entry_is_named(tmp_path):
    path = tmp_path / "deck.pptx"
    path.write_bytes(package([*good(), ("docProps/core.xml", "<a/>"),
                              ("docProps/core.xml", "<b/>")]))
    assert check_package(path) == [
        f"{path}: docProps/core.xml: 2 zip entries have this name (one expected)"]


def test_a_part_without_a_content_type_is_named():
    data = package(good(**{"ppt/media/chart.emf": b"EMF"}))
    assert check_package_bytes(data, "deck.pptx") == [
        "deck.pptx: ppt/media/chart.emf: no content type (no Override for the part in "
        "[Content_Types].xml, no Default for '.emf')"]


def test_an_override_gives_a_part_its_content_type():
    types = TYPES.format(more='<Override PartName="/ppt/media/Chart.EMF" '
                              'ContentType="image/x-emf"/>')
    data = package(good(**{"[Content_Types].xml": types, "ppt/media/logo 1.png": None,
                           "ppt/_rels/presentation.xml.rels": RELS.format(rels=""),
                           "ppt/media/chart.emf": b"EMF"}))
    assert check_package_bytes(data, "deck.pptx") == []  # part names match in any case


def test_a_package_without_content_types_is_named():
    data = package(good(**{"[Content_Types].xml": None}))
    assert check_package_bytes(data, "deck.pptx") == [
        "deck.pptx: no [Content_Types].xml (the content type of each part)"]


def test_a_relationship_to_a_missing_part_is_named():
    data = package(good(**{"ppt/media/logo 1.png": None}))
    assert check_package_bytes(data, "deck.pptx") == [
        "deck.pptx: ppt/_rels/presentation.xml.rels: relationship rId1 points at "
        "'media/logo%201.png', which is not in the package"]


def test_malformed_xml_is_named():
    data = package(good(**{"ppt/presentation.xml": "<p><unclosed></p>"}))
    (problem,) = check_package_bytes(data, "deck.pptx")
    assert problem.startswith("deck.pptx: ppt/presentation.xml: malformed XML (")
    assert "line 1" in problem


def test_an_embedded_workbook_is_checked_too():
    """A native chart's data: a workbook inside the deck, named with the part it is in."""
    inner = package([("[Content_Types].xml", TYPES.format(more="")),
                     ("_rels/.rels", RELS.format(rels=DOC.replace("ppt/presentation.xml",
                                                                  "xl/workbook.xml")))])
    data = package(good(**{
        "[Content_Types].xml": TYPES.format(more='<Default Extension="png" '
                                                 'ContentType="image/png"/><Default '
                                                 'Extension="xlsx" ContentType="application/'
                                                 'vnd.openxmlformats-officedocument.'
                                                 'spreadsheetml.sheet"/>'),
        "ppt/embeddings/Workbook1.xlsx": inner}))
    assert check_package_bytes(data, "deck.pptx") == [
        "deck.pptx: ppt/embeddings/Workbook1.xlsx: _rels/.rels: relationship rId1 points at "
        "'xl/workbook.xml', which is not in the package"]


def test_a_file_that_is_no_zip_is_named(tmp_path):
    path = tmp_path / "deck.pptx"
    path.write_text("a deck")
    assert check_package(path) == [f"{path}: not a zip archive (every Office package is one)"]


def test_the_command_line_prints_one_line_a_problem_and_fails(tmp_path):
    ok, bad = tmp_path / "ok.pptx", tmp_path / "bad.pptx"
    ok.write_bytes(package(good()))
    bad.write_bytes(package(good(**{"ppt/presentation.xml": None})))
    done = subprocess.run([sys.executable, "-m", "cspreport.packagecheck", str(ok), str(bad)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"ok: {ok} (5 parts)",
        f"{bad}: _rels/.rels: relationship rId1 points at 'ppt/presentation.xml', which is "
        "not in the package"]
    assert done.stderr == ""
    done = subprocess.run([sys.executable, "-m", "cspreport.packagecheck", str(ok)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert (done.returncode, done.stdout) == (0, f"ok: {ok} (5 parts)\n")


def test_normalising_refuses_duplicate_entries_and_keeps_a_package_valid():
    when = dt.datetime(2021, 9, 30, 12)
    twice = package([*good(), ("docProps/core.xml", "<a/>"), ("docProps/core.xml", "<b/>")])
    with pytest.raises(DuplicateEntryError, match=r"^deck\.pptx: more than one zip entry named "
                       r"docProps/core\.xml; a valid Office file holds each part once"):
        normalise_zip_bytes(twice, when, "deck.pptx")
    inner = package([*good(), ("ppt/media/logo 1.png", b"again")])
    outer = package(good(**{"ppt/embeddings/Workbook1.xlsx": inner}))
    with pytest.raises(DuplicateEntryError, match=r"^deck\.pptx, ppt/embeddings/Workbook1\.xlsx"
                                                  r": more than one zip entry named ppt/media/"
                                                  r"logo 1\.png;"):
        normalise_zip_bytes(outer, when, "deck.pptx")
    normalised = normalise_zip_bytes(package(good()), when, "deck.pptx")
    assert check_package_bytes(normalised, "deck.pptx") == []


def test_the_built_in_template_is_a_valid_package():
    template = REPO / "cspreport" / "render" / "pptx" / "cspreport.pptx"
    assert check_package(template) == []
