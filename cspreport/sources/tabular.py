"""Read tables from .xlsx sheets and .csv files into validated DataFrames.

Rows keep their spreadsheet or file row numbers as the index (the header is row 1), so every
error points at the cell an analyst has to fix, even where blank rows were skipped. Validation
is pandera's; this module turns its failure cases into messages that name file, sheet, row and
column (as the file names the column) and what was expected.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from python_calamine import CalamineError, CalamineWorkbook

from cspreport.errors import InputError, Location, quoted, shorten
from cspreport.sources.schemas import Sheet

Problems = list[tuple[Location, str]]
MAX_PER_COLUMN = 10  # bad cells named one by one in a column; more are counted


@dataclass(frozen=True)
class CsvOptions:
    delimiter: str = ","
    encoding: str = "utf-8"


# ----------------------------------------------------------------------------- files


def open_workbook(path: Path, shown: str, what: str = "an Excel .xlsx workbook"):
    """Open an .xlsx file for reading (with calamine: some ten times faster than openpyxl on
    large exports, which matters for respondent-level survey files)."""
    if not path.is_file():
        raise InputError.at(f"file not found (expected {what})", shown)
    if path.stat().st_size == 0:
        raise InputError.at(f"empty file (expected {what})", shown)
    with path.open("rb") as fh:
        if fh.read(4) != b"PK\x03\x04":
            raise InputError.at("not a readable Excel .xlsx workbook (not a zip archive)", shown)
    try:
        return CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        raise InputError.at(f"not a readable Excel .xlsx workbook ({exc})", shown) from None


def sheet_frame(book, sheet_name: str | None, shown: str, expected: list[str]
                ) -> tuple[pd.DataFrame | None, Problems]:
    """The raw cells of a sheet (the first one when ``sheet_name`` is None) as a DataFrame
    indexed by spreadsheet row number."""
    if sheet_name is not None and sheet_name not in book.sheet_names:
        return None, [(Location(shown, sheet_name),
                       "sheet missing; the workbook has: " + ", ".join(book.sheet_names))]
    ws = (book.get_sheet_by_name(sheet_name) if sheet_name is not None
          else book.get_sheet_by_index(0))
    # skip_empty_area=False keeps the grid anchored at A1, so list index + 1 = row number
    rows = ws.to_python(skip_empty_area=False)
    header = rows[0] if rows else None
    if header is None or all(_clean(h) is None for h in header):
        return None, [(Location(shown, sheet_name, 1), "empty sheet: expected a header row "
                       "with " + ", ".join(expected))]
    names = [str(h).strip() if _clean(h) is not None else None for h in header]
    twice = _duplicates(names)
    if twice:
        return None, [(Location(shown, sheet_name, 1),
                       f"two columns are named '{name}' (columns {' and '.join(letters)}): "
                       "each column needs a name of its own") for name, letters in twice]
    keep = [i for i, n in enumerate(names) if n]
    records, index = [], []
    for number, values in enumerate(rows[1:], start=2):
        cells = [_clean(values[i]) if i < len(values) else None for i in keep]
        if all(c is None for c in cells):
            continue
        records.append(cells)
        index.append(number)
    frame = pd.DataFrame.from_records(records, index=pd.Index(index, name="row"),
                                      columns=[names[i] for i in keep])
    return frame, []


def csv_frame(path: Path, shown: str, options: CsvOptions, expected: list[str]) -> pd.DataFrame:
    """The raw text cells of a CSV export, indexed by file row number (header = row 1)."""
    if not path.is_file():
        raise InputError.at("file not found (expected a CSV export)", shown)
    with path.open("rb") as fh:
        head = fh.read(4096)
    if not head.strip():
        raise InputError.at("empty file (expected a CSV export with a header row: "
                            + ", ".join(expected) + ")", shown)
    if head.startswith(b"PK\x03\x04") or b"\x00" in head:
        raise InputError.at("not a CSV text file (it looks like a binary or .xlsx file)", shown)
    import codecs

    # a byte-order mark is not part of the first column's name
    encoding = ("utf-8-sig" if codecs.lookup(options.encoding).name == "utf-8"
                else options.encoding)
    try:
        header = _header(path, options.delimiter, encoding)
        # only an empty cell is missing: "NA" or "null" in an export is text, not a gap
        frame = pd.read_csv(path, sep=options.delimiter, encoding=encoding, dtype=str,
                            keep_default_na=False, na_values=[""], skip_blank_lines=False,
                            skipinitialspace=True, engine="c")
    except UnicodeDecodeError as exc:
        raise InputError.at(f"not {options.encoding} text: a byte at position {exc.start} "
                            "cannot be read; set the export's encoding in exports.yaml "
                            "(e.g. windows-1257) or save it as UTF-8", shown) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        detail = str(exc).replace("Error tokenizing data. C error: ", "").strip()
        raise InputError.at(f"not a readable CSV file: {shorten(detail)}", shown) from None
    twice = _duplicates(header)
    if twice:
        raise InputError([(Location(shown, row=1), f"two columns are named '{name}' "
                           f"(columns {' and '.join(map(_csv_position, letters))}): each "
                           "column needs a name of its own") for name, letters in twice])
    frame.columns = header
    others = [d for d in (";", ",", "\t", "|") if d != options.delimiter]
    if len(header) == 1 and len(expected) > 1:
        guess = max(others, key=lambda d: header[0].count(d))
        if header[0].count(guess):
            shown_delim = {"\t": "a tab"}.get(options.delimiter, f"“{options.delimiter}”")
            raise InputError([(Location(shown, row=1), (
                f"read with the delimiter {shown_delim} (exports.yaml), the header is one "
                f"column: “{shorten(header[0])}”; it looks separated by "
                f"{'a tab' if guess == chr(9) else '“' + guess + '”'}: set delimiter for "
                "this export in exports.yaml"))])
    frame.index = pd.RangeIndex(2, 2 + len(frame), name="row")
    return frame.dropna(how="all")


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column as a spreadsheet shows it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _duplicates(names: list[str | None]) -> list[tuple[str, list[str]]]:
    seen: dict[str, list[str]] = {}
    for i, name in enumerate(names):
        if name:
            seen.setdefault(name.casefold(), []).append(column_letter(i))
    return [(next(n for n in names if n and n.casefold() == key), letters)
            for key, letters in seen.items() if len(letters) > 1]


def _header(path: Path, delimiter: str, encoding: str) -> list[str]:
    """The header row's names as written (pandas would rename a repeated name to "x.1")."""
    import csv

    with path.open(encoding=encoding, newline="") as fh:
        row = next(csv.reader(fh, delimiter=delimiter), [])
    return [c.strip() for c in row]


def _csv_position(letter: str) -> str:
    """A CSV has no column letters: the n-th column, counted from 1."""
    index = 0
    for ch in letter:
        index = index * 26 + ord(ch) - 64
    return str(index)


def _clean(value):
    """Empty text is an empty cell; a whole number stored as a float (as spreadsheets do)
    becomes an int, so that a code typed as 1 reads as "1", not "1.0"."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# ----------------------------------------------------------------------------- validation


def validate(frame: pd.DataFrame, spec: Sheet, shown: str, sheet_label: str | None,
             display: Mapping[str, str] | None = None) -> tuple[pd.DataFrame | None, Problems]:
    """Validate ``frame`` against ``spec``; ``display`` maps our column names to the names the
    file uses, for the messages."""
    display = display or {}
    frame, bad_dates = _parse_dates(frame, spec, shown, sheet_label, display)
    try:
        validated = spec.schema().validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        found = _describe(exc.failure_cases, spec, shown, sheet_label, display)
        said = {(p[0].row, p[0].column) for p in bad_dates}
        found = [p for p in found if (p[0].row, p[0].column) not in said]
        return None, sorted(bad_dates + found, key=lambda p: (p[0].row or 0, p[0].column or ""))
    if bad_dates:
        return None, bad_dates
    known = [c.name for c in spec.columns if c.name in validated.columns]
    return validated[known], []


def _parse_dates(frame: pd.DataFrame, spec: Sheet, shown: str, label: str | None,
                 display: Mapping[str, str]) -> tuple[pd.DataFrame, Problems]:
    """Dates and times written as text, parsed in one vectorised pass (ISO 8601: YYYY-MM-DD,
    optionally HH:MM[:SS]). pandera's own coercion, on a column with one bad value, falls
    back to converting cell by cell: 15 s for a 10 000-row export instead of a few ms."""
    problems: Problems = []
    frame = frame.copy()
    for col in spec.columns:
        if col.kind not in ("date", "datetime") or col.name not in frame.columns:
            continue
        values = frame[col.name]
        if not (values.dtype == object or pd.api.types.is_string_dtype(values)):
            continue
        text = values.where(values.isna(), values.astype(str).str.strip())
        parsed = pd.to_datetime(text, format="ISO8601", errors="coerce")
        given = [isinstance(v, dt.datetime | dt.date) for v in values]
        parsed = parsed.where(~pd.Series(given, index=values.index),
                              pd.to_datetime(values.where(given), errors="coerce"))
        failed = values.notna() & parsed.isna()
        for row in failed[failed].index[:MAX_PER_COLUMN]:
            problems.append((Location(shown, label, int(row), display.get(col.name, col.name)),
                             f"expected {col.expected_text}, found {quoted(values[row])}"))
        if failed.sum() > MAX_PER_COLUMN:
            problems.append((Location(shown, label, None, display.get(col.name, col.name)),
                             f"… and {int(failed.sum()) - MAX_PER_COLUMN} more rows like these"))
        frame[col.name] = parsed
    return frame, problems


def read_workbook(path: Path, sheets: tuple[Sheet, ...], shown_as: str | None = None
                  ) -> dict[str, pd.DataFrame]:
    """Read and validate ``sheets`` of the workbook at ``path``.

    ``shown_as`` is the file name errors use (relative to the data folder), so that messages
    stay short and the same on every machine. All problems of all sheets are reported at once.
    """
    shown = shown_as or str(path)
    book = open_workbook(path, shown, "the edition workbook")
    problems: Problems = []
    frames: dict[str, pd.DataFrame] = {}
    for sheet in sheets:
        raw, found = sheet_frame(book, sheet.name, shown, [c.name for c in sheet.columns])
        if raw is not None:
            frame, found = validate(raw, sheet, shown, sheet.name)
            if frame is not None:
                frames[sheet.name] = frame
        problems += found
    if problems:
        raise InputError(explain_formulas(path, problems))
    return frames


def explain_formulas(path: Path, problems: Problems) -> Problems:
    """An "empty" cell that holds a formula has no value saved with it (the file was written
    by a program that does not compute formulas): say so, and how to fix it. Looked up with
    openpyxl only when such a problem exists."""
    empty = [p for p in problems if p[1].startswith("empty cell") and p[0].row and p[0].column]
    if not empty or path.suffix.lower() != ".xlsx":
        return problems
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception:
        return problems
    out = []
    try:
        for loc, what in problems:
            formula = None
            if (loc, what) in empty:
                sheet = book[loc.sheet] if loc.sheet in book.sheetnames else book.worksheets[0]
                header = [c.value for c in next(sheet.iter_rows(max_row=1))]
                names = [str(h).strip() if h is not None else None for h in header]
                if loc.column in names:
                    cell = sheet.cell(loc.row, names.index(loc.column) + 1).value
                    if isinstance(cell, str) and cell.startswith("="):
                        formula = cell
            if formula:
                what = (f"a formula ({shorten(formula)}) without a saved value: open the "
                        "workbook in Excel or LibreOffice and save it, so that its values are "
                        "stored with it")
            out.append((loc, what))
    finally:
        book.close()
    return out


def _describe(cases: pd.DataFrame, sheet: Sheet, shown: str, label: str | None,
              display: Mapping[str, str]) -> Problems:
    """Turn pandera's failure cases into one (location, expectation) per bad cell."""
    problems: dict[tuple, tuple[Location, str]] = {}

    def loc(row, column):
        return Location(shown, label, row, display.get(column, column) if column else None)

    for case in cases.itertuples(index=False):
        check = str(case.check)
        column = None if pd.isna(case.column) else str(case.column)
        row = None if case.index is None or pd.isna(case.index) else int(case.index)
        if check == "column_in_dataframe":
            column = str(case.failure_case)
            col = sheet.column(column)
            what = f"column missing: expected {col.expected_text}" if col else "column missing"
            problems.setdefault(("missing", column), (loc(1, column), what))
            continue
        if check.startswith("dtype(") and (row, column) in problems:
            continue  # the coercion failure already says it
        if "duplicate" in check or "unique" in check:
            names = ", ".join(display.get(c, c) for c in sheet.unique)
            problems.setdefault((row, "unique"), (
                Location(shown, label, row),
                f"duplicate row: ({names}) must identify one row"))
            continue
        col = sheet.column(column) if column else None
        expected = col.expected_text if col else "a valid value"
        if check == "not_nullable":
            what = f"empty cell: expected {expected}"
        else:
            found = case.failure_case
            found = found.item() if hasattr(found, "item") else found  # numpy -> Python
            what = f"expected {expected}, found {quoted(found)}"
        problems.setdefault((row, column), (loc(row, column), what))
    # A check that could not run because a cell did not convert (pandera reports it without a
    # row, as a TypeError) adds nothing to the conversion failure already reported.
    located = {p[0].column for p in problems.values() if p[0].row is not None}
    kept = [p for key, p in problems.items()
            if not (p[0].row is None and key[0] != "missing" and p[0].column in located)]
    return sorted(kept, key=lambda p: (p[0].row or 0, p[0].column or ""))
