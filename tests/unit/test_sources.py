"""Reading an edition: the bundled one reads clean; every kind of bad input names its place."""

import datetime as dt

import pytest

from cspreport.errors import InputError
from cspreport.sources.edition_files import read_edition_files
from tests.helpers import edit_workbook, set_cell


def test_bundled_edition_reads(edition_dir):
    t = read_edition_files(edition_dir)
    assert list(t.plan_indicators["code"]) == ["PI1", "PI2", "PI3", "PI4"]
    assert set(t.service_stats["measure"]) >= {"calls_total", "chat_rating_avg"}
    assert list(t.participation["wave"]) == [2015, 2017, 2019, 2021]
    assert t.content.goals[0].lv == "Atgriezeniskā saite"
    # the index is the spreadsheet row, header = row 1
    assert list(t.participation.index) == [2, 3, 4, 5]


def test_inputs_are_never_written(edition_dir):
    before = {p: p.stat().st_mtime_ns for p in edition_dir.iterdir()}
    read_edition_files(edition_dir)
    assert {p: p.stat().st_mtime_ns for p in edition_dir.iterdir()} == before


def test_missing_workbook_names_the_file(edition_dir):
    (edition_dir / "edition.xlsx").unlink()
    with pytest.raises(InputError, match=r"^edition.xlsx: file not found"):
        read_edition_files(edition_dir)


def test_missing_data_folder(tmp_path):
    with pytest.raises(InputError, match="data folder not found"):
        read_edition_files(tmp_path / "nothing")


def test_text_in_a_number_column_names_file_sheet_row_and_column(edition_dir):
    set_cell(edition_dir / "edition.xlsx", "service_stats", "D4", "about two")
    with pytest.raises(InputError) as err:
        read_edition_files(edition_dir)
    assert str(err.value) == ("edition.xlsx, sheet 'service_stats', row 4, column 'value': "
                              "expected a number ≥ 0, found “about two”")


def test_unknown_code_and_out_of_range_value_are_both_reported(edition_dir):
    book = edition_dir / "edition.xlsx"
    set_cell(book, "survey_answers", "C3", "mostly_agree")
    set_cell(book, "survey_answers", "D5", 140)
    with pytest.raises(InputError) as err:
        read_edition_files(edition_dir)
    lines = str(err.value).splitlines()
    assert lines[0].startswith("edition.xlsx, sheet 'survey_answers', row 3, column 'answer': "
                               "expected one of fully_agree, partly_agree")
    assert lines[0].endswith("found “mostly_agree”")
    assert lines[1] == ("edition.xlsx, sheet 'survey_answers', row 5, column 'percent': "
                        "expected a percentage from 0 to 100, found 140")


def test_empty_required_cell(edition_dir):
    set_cell(edition_dir / "edition.xlsx", "survey_participation", "B3", None)
    with pytest.raises(InputError, match=r"sheet 'survey_participation', row 3, column "
                                         r"'respondents': empty cell: expected a whole number"):
        read_edition_files(edition_dir)


def test_missing_column(edition_dir):
    edit_workbook(edition_dir / "edition.xlsx", lambda b: b["service_stats"].delete_cols(4))
    with pytest.raises(InputError, match=r"edition.xlsx, sheet 'service_stats', row 1, column "
                                         r"'value': column missing: expected a number ≥ 0"):
        read_edition_files(edition_dir)


def test_missing_sheet_lists_the_sheets_there_are(edition_dir):
    edit_workbook(edition_dir / "edition.xlsx", lambda b: b.remove(b["survey_comments"]))
    with pytest.raises(InputError, match=r"sheet 'survey_comments': sheet missing; the "
                                         r"workbook has: README, plan_indicators"):
        read_edition_files(edition_dir)


def test_duplicate_row(edition_dir):
    edit_workbook(edition_dir / "edition.xlsx",
                  lambda b: b["survey_participation"].append([2021, 700]))
    with pytest.raises(InputError, match=r"sheet 'survey_participation', row 6: duplicate row: "
                                         r"\(wave\) must identify one row"):
        read_edition_files(edition_dir)


def test_a_file_that_is_not_a_workbook(edition_dir):
    (edition_dir / "edition.xlsx").write_text("period_start;value\n2021-01-01;5\n")
    with pytest.raises(InputError, match=r"^edition.xlsx: not a readable Excel .xlsx workbook"):
        read_edition_files(edition_dir)


def test_blank_rows_do_not_shift_row_numbers(edition_dir):
    def blank_row_then_bad_cell(book):
        ws = book["survey_participation"]
        ws.insert_rows(3)  # a blank row 3; the 2017 wave moves to row 4
        ws["B4"] = "many"

    edit_workbook(edition_dir / "edition.xlsx", blank_row_then_bad_cell)
    with pytest.raises(InputError, match=r"row 4, column 'respondents': expected a whole "
                                         r"number > 0, found “many”"):
        read_edition_files(edition_dir)


def test_dates_are_read_as_dates(edition_dir):
    t = read_edition_files(edition_dir)
    first = t.service_stats.iloc[0]
    assert first["period_start"].date() == dt.date(2021, 1, 1)


class TestContent:
    def test_item_without_english(self, edition_dir):
        path = edition_dir / "content.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("{lv: Zināšanas, en: Knowledge}", "{lv: Zināšanas}"),
                        encoding="utf-8")
        line = next(i for i, t in enumerate(text.splitlines(), 1) if "Zināšanas" in t)
        with pytest.raises(InputError) as err:
            read_edition_files(edition_dir)
        # the fourth pillar, counted from 1 as a person counts, at its line in the file
        assert str(err.value) == (f"content.yaml, line {line}: success_pillars, item 4, en: "
                                  "missing: this key is needed")

    def test_indicator_without_text(self, edition_dir):
        set_cell(edition_dir / "edition.xlsx", "plan_indicators", "A5", "PI9")
        with pytest.raises(InputError, match=r"content\.yaml: plan_indicators: no text for "
                                             r"indicator PI9"):
            read_edition_files(edition_dir)

    def test_missing_content_file(self, edition_dir):
        (edition_dir / "content.yaml").unlink()
        with pytest.raises(InputError, match=r"^content\.yaml: file not found"):
            read_edition_files(edition_dir)
