"""Inputs as tools leave them: invisible characters in headers, control characters, Excel
serial dates, oversize texts and lock files, on small hand-made editions (the exports of
tests/unit/test_exports.py) and on a copy of the bundled one. Expected values are worked out
by hand here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook

from cspreport import provenance
from cspreport.analysis import open_edition
from cspreport.errors import InputError
from cspreport.params import Params
from cspreport.provenance import left_by_a_tool
from cspreport.sources.edition_files import read_edition_files
from cspreport.sources.hygiene import difference, escaped, header_key
from tests.project import ROOT
from tests.unit import test_exports as tiny_edition
from tests.unit.test_exports import config, write_xlsx


@pytest.fixture
def tiny(tmp_path) -> Path:
    """The tiny hand-made edition of test_exports: the 2021 workbook and content, five
    small CSV exports and a six-respondent survey."""
    import shutil

    d = tmp_path / "tiny"
    (d / "exports").mkdir(parents=True)
    for name in ("edition.xlsx", "content.yaml"):
        shutil.copy(ROOT / "data" / "2021" / name, d / name)
    for name, text in [("calls", tiny_edition.CALLS), ("emails", tiny_edition.EMAILS),
                       ("chats", tiny_edition.CHATS), ("voice", tiny_edition.VOICE),
                       ("edv", tiny_edition.EDV)]:
        (d / "exports" / f"{name}.csv").write_text(text, encoding="utf-8")
    write_xlsx(d / "exports" / "survey.xlsx", tiny_edition.SURVEY)
    write_xlsx(d / "exports" / "comments.xlsx", tiny_edition.COMMENTS)
    write_config(d, config())
    return d


def error(folder: Path) -> str:
    with pytest.raises(InputError) as err:
        read_edition_files(folder)
    return str(err.value)


def write_config(folder: Path, cfg: dict) -> None:
    (folder / "exports.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True),
                                         encoding="utf-8")


# --- headers -----------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "expected"), [
    ("Sa\u0304kuma laiks", "Sākuma laiks"),  # NFD ā: a + combining macron
    ("zvan\u200bu_skaits", "zvanu_skaits"),  # zero-width space
    ("zvanu\u200d_skaits\u2060", "zvanu_skaits"),  # zero-width joiner, word joiner
    ("\ufeffid", "id"),  # a byte-order mark left inside the text
    ("Sākuma\u00a0laiks", "Sākuma laiks"),  # non-breaking space
    ("Sākuma\u202flaiks", "Sākuma laiks"),  # narrow non-breaking space
    ("  Sākuma \t  laiks ", "Sākuma laiks"),  # several spaces, a tab, at either end
])
def test_headers_that_differ_only_by_invisible_characters_are_one_name(written, expected):
    assert header_key(written) == expected


def test_a_difference_is_said_in_words_and_escapes():
    assert escaped("zvan\u200bu_skaits") == "zvan\\u200bu_skaits"
    assert difference("zvan\u200bu_skaits", "Zvanu_skaits") == (
        "a zero-width space U+200B after 'zvan'; letters in another case")
    assert difference("Sa\u0304kuma\u00a0laiks ", "sākuma laiks") == (
        "a decomposed 'ā' (a\\u0304: the letter and a combining macron U+0304 written apart); "
        "a non-breaking space U+00A0 after 'Sākuma'; a space at the end; letters in another "
        "case")
    assert difference("start", "started_at") is None


def csv_with_header(tiny: Path, name: str, header: str, encoding="utf-8", delimiter=","):
    """Rewrite the tiny edition's export ``name`` with another header line (and delimiter)."""
    path = tiny / "exports" / f"{name}.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    body = "".join(lines[1:]).replace(",", delimiter)
    path.write_bytes((header + "\n" + body).encode(encoding))


def test_export_headers_match_whatever_invisible_characters_they_hold(tiny):
    # the calls export: a zero-width space, a decomposed letter and a non-breaking space
    cfg = config()
    cfg["service"]["calls"]["columns"].update(start="Sākuma laiks", direction="Virziens")
    cfg["service"]["calls"]["delimiter"] = ";"
    # the chats export in Windows-1257 (which has no zero-width space, but has U+00A0)
    cfg["service"]["chats"].update(encoding="windows-1257",
                                   columns={"id": "Čata ID", "started_at": "started_at",
                                            "rating": "rating"})
    write_config(tiny, cfg)
    csv_with_header(tiny, "calls", "i\u200bd;Sa\u0304kuma\u00a0laiks;Virziens\u202f;answered;"
                    "duration_s;rating", delimiter=";")
    csv_with_header(tiny, "chats", "Čata\u00a0ID ,started_at,rating", encoding="cp1257")
    # the survey's .xlsx export: a byte-order mark and a zero-width joiner in its headers
    survey = load_workbook(tiny / "exports" / "survey.xlsx")
    survey.active["A1"] = "\ufeffid"
    survey.active["C1"] = "over\u200dall"
    survey.save(tiny / "exports" / "survey.xlsx")
    t = read_edition_files(tiny)
    assert t.events["calls"]["start"].iloc[0] == pd.Timestamp("2020-03-02 10:00:00")
    assert t.events["calls"]["id"].tolist() == ["c1", "c2", "c3", "c4", "c5", "c6"]
    assert t.events["chats"]["id"].tolist() == ["ch1", "ch2", "ch3"]
    assert t.responses["overall"].tolist()[:2] == ["fully_agree", "fully_agree"]


def test_a_header_in_another_case_is_named_with_the_difference(tiny):
    csv_with_header(tiny, "chats", "id,Started\u200b_at,rating")
    assert ("exports/chats.csv, row 1, column 'started_at': column missing: expected a date "
            "and time, local time in Riga (YYYY-MM-DD HH:MM[:SS]); found 'Started\\u200b_at' "
            "(a zero-width space U+200B after 'Started'; letters in another case): rename the "
            "column to 'started_at'") in error(tiny)


def test_a_missing_column_lists_the_columns_the_file_has(tiny):
    csv_with_header(tiny, "chats", "id,begun\u00a0at,rating")
    assert ("exports/chats.csv, row 1, column 'started_at': column missing: expected a date "
            "and time, local time in Riga (YYYY-MM-DD HH:MM[:SS]); the columns are: 'id', "
            "'begun\\u00a0at', 'rating'") in error(tiny)


def test_workbook_headers_are_matched_the_same_way(edition_dir):
    book = load_workbook(edition_dir / "edition.xlsx")
    book["plan_indicators"]["A1"] = "co\u200bde "
    book["survey_participation"]["B1"] = "respondent\u00a0s"  # not the same word
    book.save(edition_dir / "edition.xlsx")
    assert error(edition_dir) == (
        "edition.xlsx, sheet 'survey_participation', row 1, column 'respondents': column "
        "missing: expected a whole number > 0; the columns are: 'wave', 'respondent\\u00a0s'")
    book["survey_participation"]["B1"] = "Respondents"
    book.save(edition_dir / "edition.xlsx")
    assert error(edition_dir).endswith(
        "found 'Respondents' (letters in another case): rename the column to 'respondents'")


# --- control characters ------------------------------------------------------------------

def test_a_nul_in_a_csv_field_is_named_at_its_row_and_column(tiny):
    path = tiny / "exports" / "chats.csv"
    path.write_bytes(path.read_bytes().replace(b"ch2,", b"ch\x002,"))
    assert error(tiny) == ("exports/chats.csv, row 3, column 'id': a NUL character (\\x00) "
                           "after “ch”: the file may be damaged or not a text export; "
                           "expected plain text")


def test_a_nul_in_a_csv_header_is_named(tiny):
    csv_with_header(tiny, "edv", "id;submitted\x00_at", delimiter=";")
    cfg = config()
    cfg["service"]["edv_registrations"]["delimiter"] = ";"
    write_config(tiny, cfg)
    assert error(tiny) == ("exports/edv.csv, row 1: the name of column 2 holds a NUL character "
                           "(\\x00) after “submitted”: the file may be damaged or not a text "
                           "export")


def test_other_control_characters_in_a_windows_1257_export(tiny):
    cfg = config()
    cfg["service"]["voice_messages"]["encoding"] = "windows-1257"
    write_config(tiny, cfg)
    path = tiny / "exports" / "voice.csv"
    text = path.read_text(encoding="utf-8").replace("v3,", "Ziņa\x07,")
    path.write_bytes(text.encode("cp1257"))
    assert error(tiny) == ("exports/voice.csv, row 4, column 'id': a control character "
                           "(\\x07) after “Ziņa”: the file may be damaged or not a text "
                           "export; expected plain text")


def test_a_binary_file_is_still_not_a_csv(tiny):
    # an old .xls workbook (an OLE file) saved under the name of the CSV export
    (tiny / "exports" / "chats.csv").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
                                                 + bytes(2000))
    assert error(tiny).startswith("exports/chats.csv: not a CSV text file")


def test_a_control_character_in_a_workbook_cell(edition_dir, tiny):
    # openpyxl writes _x0000_ as Excel escapes a NUL in a cell's text
    book = load_workbook(edition_dir / "edition.xlsx")
    book["plan_indicators"]["D3"] = "%_x0000_"
    book.save(edition_dir / "edition.xlsx")
    assert error(edition_dir) == (
        "edition.xlsx, sheet 'plan_indicators', row 3, column 'unit': a NUL character (\\x00) "
        "after “%”: the cell may be damaged or pasted from another program; expected plain "
        "text: type the text again")
    write_xlsx(tiny / "exports" / "comments.xlsx", [["id", "text"], ["a", "Labi"],
                                                    ["e", "Paldies_x001B_[0m!"]])
    assert error(tiny) == (
        "exports/comments.xlsx, row 3, column 'text': a control character (\\x1b) after "
        "“Paldies”: the cell may be damaged or pasted from another program; expected plain "
        "text: type the text again")


# --- Excel serial dates ----------------------------------------------------------------

# Worked by hand: 1900-01-01 → 2021-01-01 is 121 × 365 + 30 leap days = 44 195 days, and
# Excel counts from 1899-12-30 (two days earlier, for its 29 February 1900), so 2021-01-01 is
# 44197; 2021-06-15 is 165 days later (31+28+31+30+31+14): 44362; 2021-09-15 another 92:
# 44454. The fraction is the time of day: 0.5 is noon, 0.75 is 18:00.
def test_csv_dates_given_as_serial_numbers_are_read_as_dates(tiny):
    (tiny / "exports" / "edv.csv").write_text("id,submitted_at\nr1,44197.5\nr2,44362\n"
                                              "r3,44454.75\n", encoding="utf-8")
    t = read_edition_files(tiny)
    assert t.events["edv_registrations"]["submitted_at"].tolist() == [
        pd.Timestamp("2021-01-01 12:00"), pd.Timestamp("2021-06-15"),
        pd.Timestamp("2021-09-15 18:00")]
    assert t.warnings == ("exports/edv.csv, column 'submitted_at': dates given as Excel serial "
                          "numbers (e.g. 44197.5 = 2021-01-01 12:00), read as such; 3 cells",)


def test_semicolon_csv_with_decimal_commas(tiny):
    cfg = config()
    cfg["service"]["edv_registrations"]["delimiter"] = ";"
    write_config(tiny, cfg)
    (tiny / "exports" / "edv.csv").write_text("id;submitted_at\nr1;44197,5\nr2;44362\n",
                                              encoding="utf-8")
    t = read_edition_files(tiny)
    assert t.events["edv_registrations"]["submitted_at"].tolist() == [
        pd.Timestamp("2021-01-01 12:00"), pd.Timestamp("2021-06-15")]


def test_xlsx_cells_that_lost_their_date_format(tiny):
    cfg = config()
    cfg["service"]["edv_registrations"]["file"] = "exports/edv.xlsx"
    write_config(tiny, cfg)
    write_xlsx(tiny / "exports" / "edv.xlsx", [
        ["id", "submitted_at"], ["r1", 44197.5], ["r2", dt.datetime(2021, 6, 15, 10)],
        ["r3", 44454]])
    t = read_edition_files(tiny)
    assert t.events["edv_registrations"]["submitted_at"].tolist() == [
        pd.Timestamp("2021-01-01 12:00"), pd.Timestamp("2021-06-15 10:00"),
        pd.Timestamp("2021-09-15")]
    assert "1970" not in str(t.events["edv_registrations"])
    assert t.warnings == ("exports/edv.xlsx, column 'submitted_at': dates given as Excel "
                          "serial numbers (e.g. 44197.5 = 2021-01-01 12:00), read as such; "
                          "2 cells",)
    # and the warning reaches whoever opens the edition (a build prints it)
    ed = open_edition(Params(data_dir=str(tiny), period_end=dt.date(2021, 6, 30)))
    assert t.warnings[0] in ed.warnings


def test_a_number_outside_the_range_of_dates_is_an_error(tiny):
    write_xlsx(tiny / "exports" / "edv.xlsx", [["id", "submitted_at"], ["r1", 44197],
                                               ["r2", 123]])
    cfg = config()
    cfg["service"]["edv_registrations"]["file"] = "exports/edv.xlsx"
    write_config(tiny, cfg)
    assert error(tiny) == (
        "exports/edv.xlsx, row 3, column 'submitted_at': expected a date and time, local time "
        "in Riga (YYYY-MM-DD HH:MM[:SS]), found 123: a number (as an Excel serial date it "
        "would have to lie between 20000 = 1954-10-03 and 80000 = 2119-01-11)")


def test_a_number_among_dates_written_out_is_an_error(tiny):
    (tiny / "exports" / "edv.csv").write_text(
        "id,submitted_at\nr1,2021-01-15 10:00:00\nr2,44362\n", encoding="utf-8")
    assert error(tiny) == (
        "exports/edv.csv, row 3, column 'submitted_at': expected a date and time, local time "
        "in Riga (YYYY-MM-DD HH:MM[:SS]), found “44362”: a number among dates written out (an "
        "Excel serial date? give the column as dates)")


def test_workbook_dates_given_as_serial_numbers(edition_dir):
    book = load_workbook(edition_dir / "edition.xlsx")
    sheet = book["service_stats"]
    rows = [r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value is not None]
    for r in rows:
        sheet.cell(r, 1).value = 44197  # 2021-01-01, the number format gone
        sheet.cell(r, 1).number_format = "General"
    book.save(edition_dir / "edition.xlsx")
    t = read_edition_files(edition_dir)
    assert set(t.service_stats["period_start"]) == {pd.Timestamp("2021-01-01")}
    assert t.warnings == (f"edition.xlsx, sheet 'service_stats', column 'period_start': dates "
                          f"given as Excel serial numbers (e.g. 44197 = 2021-01-01), read as "
                          f"such; {len(rows)} cells",)


# --- oversize texts -----------------------------------------------------------------------

def test_a_unit_longer_than_the_report_shows_is_refused_at_its_cell(edition_dir):
    book = load_workbook(edition_dir / "edition.xlsx")
    book["plan_indicators"]["D3"] = "x" * 21
    book["plan_indicators"]["A4"] = "P" * 30_000  # a cell holds at most 32 767
    book.save(edition_dir / "edition.xlsx")
    assert error(edition_dir) == (
        "edition.xlsx, sheet 'plan_indicators', row 3, column 'unit': a text of 21 characters; "
        "a unit, shown after every value of the indicator, holds at most 20: shorten it\n"
        "edition.xlsx, sheet 'plan_indicators', row 4, column 'code': a text of 30 000 "
        "characters; an indicator code holds at most 20: shorten it")
    book["plan_indicators"]["D3"] = "y" * 20  # at the limit: fine
    book["plan_indicators"]["A4"] = "PI3"
    book.save(edition_dir / "edition.xlsx")
    assert read_edition_files(edition_dir).plan_indicators["unit"].tolist()[1] == "y" * 20


def content_with(folder: Path, path: tuple, text: str) -> None:
    data = yaml.safe_load((folder / "content.yaml").read_text(encoding="utf-8"))
    node = data
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = text
    (folder / "content.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                         encoding="utf-8")


@pytest.mark.parametrize(("path", "limit"), [
    (("plan_indicators", "PI2", "lv"), 300),
    (("goals", 1, "en"), 1000),
    (("title", "lv"), 200),
    (("contacts", 0, "value"), 200),
])
def test_a_content_text_longer_than_the_report_shows(edition_dir, path, limit):
    content_with(edition_dir, path, "ā" * limit)
    read_edition_files(edition_dir)  # at the limit: fine
    content_with(edition_dir, path, "ā" * (limit + 1))
    message = error(edition_dir)
    where = ", ".join(f"item {p + 1}" if isinstance(p, int) else p for p in path)
    assert message.startswith("content.yaml, line ")
    size, most = (f"{n:,}".replace(",", " ") for n in (limit + 1, limit))
    assert message.endswith(f"{where}: a text of {size} characters; the report holds at most "
                            f"{most} here: shorten it"), message


# --- lock files ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["~$edition.xlsx", ".~lock.edition.xlsx#", "~$calls.xlsx",
                                  "~WRL0001.tmp", "content.yaml~", "#content.yaml#",
                                  "Thumbs.db"])
def test_files_a_program_keeps_beside_an_open_file_are_not_inputs(tmp_path, name):
    (tmp_path / "exports").mkdir()
    (tmp_path / "edition.xlsx").write_bytes(b"book")
    (tmp_path / name).write_bytes(b"owner")
    (tmp_path / "exports" / name).write_bytes(b"owner")
    assert left_by_a_tool(name)
    assert list(provenance.describe_files(tmp_path)) == ["edition.xlsx"]


@pytest.mark.parametrize(("file", "instead"), [
    ("exports/~$emails.xlsx", " (“exports/emails.xlsx”)"),
    ("exports/.~lock.emails.xlsx#", " (“exports/emails.xlsx”)"),
    ("exports/emails.tmp", ""),
])
def test_exports_yaml_naming_a_lock_file(tiny, file, instead):
    cfg = config()
    cfg["service"]["emails"]["file"] = file
    write_config(tiny, cfg)
    message = error(tiny)
    assert message.startswith("exports.yaml, line "), message
    assert f"service, emails: file “{file}”: " in message
    assert message.endswith(f", not an export: name the export itself{instead}")


def test_the_bundled_edition_reads_as_before(edition_dir):
    t = read_edition_files(edition_dir)
    assert t.warnings == ()
    assert len(t.events["calls"]) > 10_000 and t.events["calls"]["start"].min().year == 2020
