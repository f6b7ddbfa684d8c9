"""Personal data in what a build wrote, whoever printed it: ``scan_outputs`` on small outputs
of each kind made by hand, each hit located (file, cell and output, element, slide, sheet and
cell) and masked; and nothing found in the real 2021 outputs."""

from __future__ import annotations

import base64

import nbformat
import yaml
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from cspreport.privacy import scan_outputs, texts_of
from tests.project import ROOT

SECTION_MIME = "application/vnd.cspreport.section+json"


def test_a_phone_number_printed_by_a_cell_is_found_by_cell_and_output(tmp_path):
    injected = new_code_cell("lang = 'lv'")
    injected.metadata["tags"] = ["injected-parameters"]  # papermill's, not the analyst's
    nb = new_notebook(cells=[
        new_markdown_cell("# Zvani"),
        new_code_cell("edition = 2021"),
        injected,
        # the source holds the number too: sources are not outputs
        new_code_cell('print("zvaniet 29 123 456")', outputs=[
            new_output("stream", name="stdout", text="zvaniet 29 123 456\n")]),
        new_code_cell("calls", outputs=[
            new_output("execute_result", execution_count=4, data={
                "text/plain": "   calls  share\n0  17680   93.275644\n1  2021-09-30  25.11.2021",
                "image/png": base64.b64encode(b"29123456 " * 20).decode(),
            })]),
    ])
    nb.metadata["sha256"] = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    (tmp_path / "notebooks").mkdir()
    nbformat.write(nb, tmp_path / "notebooks" / "05_calls.ipynb")
    assert scan_outputs(tmp_path) == [
        "notebooks/05_calls.ipynb, cell 3 of 4, output 1 (stdout): a phone number 29•••456"]


def test_html_a_section_record_and_markdown_in_a_notebook_are_scanned(tmp_path):
    record = {"format": 1, "key": "calls",
              "sections": {"lv": {"title": "Zvani", "items": [{"text": "raksti anna@firma.lv"}]}},
              "figures": {"lv": ["<svg><text>29 123 456</text></svg>"]}}
    nb = new_notebook(cells=[new_code_cell("ed.publish(...)", outputs=[
        new_output("display_data", data={
            "text/html": "<section id='sec-calls'>\n<p>Zvaniet: +371 67 123 456</p></section>",
            "text/markdown": "Konts LV80BANK0000435195001",
            SECTION_MIME: record})])])
    nbformat.write(nb, tmp_path / "a.ipynb")
    assert sorted(scan_outputs(tmp_path)) == [
        "a.ipynb, cell 1 of 1, output 1 (text/html, <p> in #sec-calls, line 2): "
        "a phone number +3•••456",
        "a.ipynb, cell 1 of 1, output 1 (text/markdown): an IBAN LV•••001",
        "a.ipynb, cell 1 of 1, output 1 (the section's record): an e-mail address an•••.lv",
    ]


def _data_uri(mime: str, data: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def test_html_report_text_and_its_csv_download_are_scanned(tmp_path):
    csv = "\ufeffZvanītājs,Zvani\r\nPersona A,3\r\n010190-12345,2\r\n".encode()
    picture = _data_uri("image/png", b"29123456 janis@firma.lv " * 10)
    (tmp_path / "report.html").write_text(
        "<!doctype html>\n"
        "<html><body><section id=\"sec-calls\">\n"
        "<table><tr><td>17 680</td><td>93,3 %</td></tr>\n"
        "<tr><td>2021-09-30</td><td>janis.berzins@firma.lv</td></tr></table>\n"
        f"<a download=\"calls.csv\" href=\"{_data_uri('text/csv;charset=utf-8', csv)}\">CSV</a>\n"
        f"<img alt=\"Zvani\" src=\"{picture}\">\n"
        "</section></body></html>\n", encoding="utf-8")
    assert scan_outputs(tmp_path) == [
        "report.html, <td> in #sec-calls, line 4: an e-mail address ja•••.lv",
        "report.html, <a href> in #sec-calls, line 5, the CSV 'calls.csv', row 3, column "
        "'Zvanītājs': a personal code or company number 01•••345",
    ]


def test_deck_notes_and_chart_texts_are_scanned_by_slide(tmp_path):
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches

    prs = Presentation()
    first = prs.slides.add_slide(prs.slide_layouts[1])
    first.shapes.title.text = "Zvani 2021-01-01 – 2021-09-30"
    first.placeholders[1].text = "17 680 zvanu, 93,3 % apmierināti"
    data = CategoryChartData()
    data.categories = ["Janvāris", "anna@firma.lv"]
    data.add_series("Zvani", (2331, 2098))
    first.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(1), Inches(1), Inches(4),
                           Inches(3), data)
    second = prs.slides.add_slide(prs.slide_layouts[1])
    second.shapes.title.text = "Kontakti"
    second.notes_slide.notes_text_frame.text = "Ja jautā, zvaniet 29 123 456."
    prs.save(tmp_path / "deck.pptx")
    assert scan_outputs(tmp_path) == [
        "deck.pptx, slide 1 (chart): an e-mail address an•••.lv",
        # python-pptx's chart workbook: categories in column A under a header row
        "deck.pptx, slide 1 (chart data, Sheet 'Sheet1' A3): an e-mail address an•••.lv",
        "deck.pptx, slide 2 (notes): a phone number 29•••456",
    ]


def test_workbook_cells_are_scanned_by_sheet_and_cell(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    summary = book.active
    summary.title = "Summary"
    summary.append(["Zvani", 17680, 0.93275644, "2021-09-30", "93,3 %"])
    calls = book.create_sheet("Calls")
    calls["B5"] = "LV80 BANK 0000 4351 9500 1"
    calls["C7"] = 29123456  # a phone number stored as a number
    book.save(tmp_path / "tables.xlsx")
    assert scan_outputs(tmp_path) == [
        "tables.xlsx, Sheet 'Calls' B5: an IBAN LV•••001",
        "tables.xlsx, Sheet 'Calls' C7: a phone number 29•••456",
    ]


def test_public_texts_of_the_edition_are_not_flagged(tmp_path):
    (tmp_path / "report.html").write_text(
        "<p>info@csp.gov.lv</p><p>67 366 966</p><p>29 123 456</p>", encoding="utf-8")
    assert scan_outputs(tmp_path, ["E-pasts", "info@csp.gov.lv", "+371 67366966"]) == [
        "report.html, <p>, line 1: a phone number 29•••456"]


def test_an_output_that_cannot_be_read_is_a_finding(tmp_path):
    (tmp_path / "deck.pptx").write_bytes(b"not a deck")
    found = scan_outputs(tmp_path)
    assert len(found) == 1
    assert found[0].startswith("deck.pptx: cannot be read to check it for personal data (")


def test_nothing_is_found_in_the_real_2021_outputs(build_2021):
    """Digests, ids, counts, dates, percentages, chart coordinates and metadata of the real
    outputs (both languages) are not taken for personal data."""
    content = yaml.safe_load((ROOT / "data" / "2021" / "content.yaml").read_text("utf-8"))
    out = build_2021.output_dir
    kinds = {p.suffix for p in out.rglob("*") if p.is_file()}
    assert {".ipynb", ".html", ".pptx", ".xlsx"} <= kinds
    assert scan_outputs(out, texts_of(content)) == []
    # and the scan does look at them: without the edition's public texts, its e-mail address
    # on the closing slide is found
    unallowed = scan_outputs(out)
    assert any("an e-mail address in•••.lv" in line and ".pptx, slide" in line
               for line in unallowed)


def test_the_provenance_line_is_no_phone_number(tmp_path):
    """The footer's hashes hold digit runs that read as phone numbers ("sha256 81587…" has
    "256 81587", a 2 and seven digits); a real number beside them is still found."""
    (tmp_path / "report.html").write_text(
        "<html><body><footer>cspreport 0.1.0; inputs sha256 81587f0e2c1a9b3d; commit "
        "2912345678; no git commit</footer><p>zvaniet 29 123 456</p></body></html>",
        encoding="utf-8")
    found = scan_outputs(tmp_path)
    assert len(found) == 1 and "29•••456" in found[0], found


def test_the_latvian_provenance_line_is_no_phone_number(tmp_path):
    """The Latvian footer names the commit "git versija": a commit of digits and one letter
    (25542719b3, a 2 and seven digits) is no phone number there either."""
    (tmp_path / "report.html").write_text(
        "<html><body><footer>cspreport 0.1.0; ievaddatu sha256 82c326d34f021cb0; git versija "
        "25542719b3</footer><p>zvaniet 29 123 456</p></body></html>", encoding="utf-8")
    found = scan_outputs(tmp_path)
    assert len(found) == 1 and "29•••456" in found[0], found


def test_a_file_known_to_be_scanned_is_left_out_the_others_are_not(tmp_path):
    """A build reuses an executed notebook the previous build found clean: ``scanned`` names
    it and it is not read again; every other file still is."""
    (tmp_path / "notebooks").mkdir()
    for name in ("01_reused.ipynb", "02_run.ipynb"):
        nb = new_notebook(cells=[new_code_cell("print(x)", outputs=[
            new_output("stream", name="stdout", text="zvaniet 29 123 456\n")])])
        nbformat.write(nb, tmp_path / "notebooks" / name)
    reused = tmp_path / "notebooks" / "01_reused.ipynb"
    assert scan_outputs(tmp_path, scanned=[reused]) == [
        "notebooks/02_run.ipynb, cell 1 of 1, output 1 (stdout): a phone number 29•••456"]
    assert len(scan_outputs(tmp_path)) == 2
