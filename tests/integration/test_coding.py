"""The analyst's coding of comments: export a coding sheet, correct it by hand (openpyxl
plays the analyst), build, compare; and every kind of bad coding workbook named by place."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html
from openpyxl import load_workbook
from typer.testing import CliRunner

from cspreport.cli import app
from cspreport.errors import InputError
from cspreport.sources.edition_files import read_edition_files
from tests.helpers import plain

# `build` run in-process finds the notebooks from the working directory: the test project's
pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("in_test_project")]


def theme_counts(html: Path) -> dict[str, int]:
    page = lxml_html.fromstring(html.read_bytes())
    (node,) = page.xpath('//*[@id="sec-suggestions"]')
    rows = node.xpath(".//table")[0].xpath(".//tr")
    cells = [[plain(c.text_content().strip()) for c in r.xpath("./th|./td")] for r in rows]
    return {label: int(n.replace(" ", "")) for label, n in cells[1:]}


@pytest.fixture
def exported(tmp_path, edition_dir):
    params = tmp_path / "p.yaml"
    params.write_text(f"data_dir: {edition_dir}\noutput_dir: {tmp_path / 'out'}\n")
    result = CliRunner().invoke(app, ["themes", "export", str(params),
                                      str(tmp_path / "coding.xlsx")])
    assert result.exit_code == 0, result.output
    return params, tmp_path / "coding.xlsx", edition_dir


def test_the_coding_sheet_lists_every_comment_others_first_with_validation(exported):
    _, coding, _ = exported
    sheet = load_workbook(coding)["Coding"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["wave", "respondent", "comment", "rules"]
    assert header[4:] == ["Administratīvie dati [admin_data]", "Termiņi [deadlines]",
                          "Validācijas [validations]", "Automātiskā summēšana [auto_totals]",
                          "Preprints [preprints]", "Sarežģītība [complexity]",
                          "Saziņa un preventīvie pasākumi [communication]",
                          "Citi komentāri [other]"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 155  # every comment of the 2021 wave
    rules = [r[3] for r in rows]
    others = [r for r in rules if r == "Citi komentāri"]
    assert rules[:len(others)] == others  # what the rules could not place comes first
    assert "@" not in " ".join(r[2] for r in rows)  # personal data removed
    (validation,) = sheet.data_validations.dataValidation
    assert validation.formula1 == '"x"' and str(validation.sqref) == "E2:L156"


def test_a_person_corrects_two_comments_and_the_counts_change_by_exactly_that(
        exported, tmp_path, build_2021):
    params, coding, edition = exported
    book = load_workbook(coding)
    sheet = book["Coding"]
    header = [c.value for c in sheet[1]]
    column = {h.split("[")[1].rstrip("]"): i + 1 for i, h in enumerate(header[4:], start=4)}
    rows = list(sheet.iter_rows(min_row=2))
    # the first comment the rules could not place: a person sees pre-filled forms in it
    first = rows[0]
    assert first[3].value == "Citi komentāri"
    sheet.cell(first[0].row, column["preprints"], "x")
    # a comment the rules gave only "Termiņi": the person reads validation checks in it
    second = next(r for r in rows if r[3].value == "Termiņi")
    sheet.cell(second[0].row, column["validations"], "x")
    book.save(edition / "coding.xlsx")

    result = CliRunner().invoke(app, ["build", "-q", str(params)])
    assert result.exit_code == 0, result.output
    before = theme_counts(build_2021.output_dir / "cspreport-2021-lv.html")
    after = theme_counts(tmp_path / "out" / "2021" / "cspreport-2021-lv.html")
    # first: other → pre-filled forms; second: deadlines → validation checks
    expected = dict(before)
    expected["Citi komentāri"] -= 1
    expected["Preprints"] += 1
    expected["Termiņi"] -= 1
    expected["Validācijas"] += 1
    # the table's totals: one comment that raised no theme now raises one (a mention more);
    # the comments stay 155
    expected["Tēmu pieminējumi kopā"] += 1
    assert after == expected and after["Komentāri kopā"] == before["Komentāri kopā"]
    compare = CliRunner().invoke(app, ["themes", "compare", str(params)])
    assert compare.exit_code == 0, compare.output
    lines = compare.output.splitlines()
    assert lines[0] == "2 comments coded by a person; the rules against them:"
    # (both, rules only, person only): deadlines the rules gave to the second comment and
    # the person to neither; pre-filled forms the person gave to the first, the rules not
    assert any(line.split()[0] == "deadlines" and line.endswith("(0, 1, 0)") for line in lines)
    assert any(line.split()[0] == "preprints" and line.endswith("(0, 0, 1)") for line in lines)
    assert "2 comments where they differ:" in compare.output
    notes = (tmp_path / "out" / "2021" / "cspreport-2021-lv.html").read_text(encoding="utf-8")
    assert "Tēmas noteikusi persona 2 komentāriem, pēc noteikumiem – 153." in notes


def test_a_theme_given_by_a_person_counts(exported):
    """Two comments the rules left under other, coded as deadlines: +2 and −2."""
    from cspreport.analysis import open_edition
    from cspreport.metrics import themes
    from cspreport.params import Params

    _, coding, edition = exported
    ed = open_edition(Params(data_dir=str(edition)))
    comments = themes.wave_comments(ed.tables.comment_texts, ed.wave)
    codes = [t.code for t in ed.tables.content.suggestion_themes]
    before = themes.counts_by_theme(themes.code_comments(comments, ed.tables.theme_rules),
                                    codes, ed.params.min_respondents
                                    ).set_index("theme")["comments"]
    book = load_workbook(coding)
    sheet = book["Coding"]
    for row in (2, 3):
        assert sheet.cell(row, 4).value == "Citi komentāri"
        sheet.cell(row, 6, "x")  # column F: deadlines
    book.save(edition / "coding.xlsx")
    ed = open_edition(Params(data_dir=str(edition)))
    coded = themes.code_comments(comments, ed.tables.theme_rules, ed.tables.theme_coding)
    after = themes.counts_by_theme(coded, codes, ed.params.min_respondents
                                   ).set_index("theme")["comments"]
    assert after["deadlines"] == before["deadlines"] + 2
    assert after["other"] == before["other"] - 2
    assert sorted(coded.drop_duplicates("id")["coded_by"].value_counts().items()) == [
        ("person", 2), ("rules", 153)]


@pytest.mark.parametrize(("edit", "message"), [
    (lambda s: s.cell(1, 13, "Cenas [prices]"),
     "coding.xlsx, sheet 'Coding', row 1, column 'Cenas [prices]': column M: unknown theme "
     "“prices”; the themes are: admin_data"),
    (lambda s: (s.cell(2, 2, "NOBODY"), s.cell(2, 6, "x")),
     "coding.xlsx, sheet 'Coding', row 2, column 'respondent': respondent “NOBODY” of wave "
     "2021 has no comment in the comment export"),
    (lambda s: (s.cell(3, 2, s.cell(2, 2).value), s.cell(3, 6, "x")),
     "coding.xlsx, sheet 'Coding', row 3, column 'respondent': duplicate row: respondent"),
    (lambda s: s.cell(2, 6, "yes"),
     "coding.xlsx, sheet 'Coding', row 2, column 'Termiņi [deadlines]': expected x or an empty "
     "cell, found “yes”"),
    (lambda s: (s.cell(2, 6, "x"), s.cell(2, 12, "x")),
     "coding.xlsx, sheet 'Coding', row 2: x under other and under a theme"),
])
def test_a_bad_coding_workbook_is_named_by_place(exported, edit, message):
    _, coding, edition = exported
    book = load_workbook(coding)
    edit(book["Coding"])
    book.save(edition / "coding.xlsx")
    with pytest.raises(InputError) as err:
        read_edition_files(edition)
    assert message in str(err.value)


def test_export_never_overwrites(exported):
    params, coding, _ = exported
    result = CliRunner().invoke(app, ["themes", "export", str(params), str(coding)])
    assert result.exit_code == 1
    assert "already exists; cspreport never overwrites a file" in result.output


def test_compare_without_a_persons_coding_says_how_to_start(tmp_path, edition_dir):
    params = tmp_path / "p.yaml"
    params.write_text(f"data_dir: {edition_dir}\n")
    shutil.rmtree(tmp_path / "nothing", ignore_errors=True)
    result = CliRunner().invoke(app, ["themes", "compare", str(params)])
    assert result.exit_code == 1
    assert "no coding workbook (coding.xlsx) coded by a person" in result.output
