"""Read tables from .xlsx sheets and .csv files into validated DataFrames.

Rows keep their spreadsheet or file row numbers as the index (the header is row 1), so every
error points at the cell an analyst has to fix, even where blank rows were skipped. Validation
is pandera's; this module turns its failure cases into messages that name file, sheet, row and
column (as the file names the column) and what was expected.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from python_calamine import CalamineError, CalamineWorkbook

from cspreport.errors import InputError, Location
from cspreport.sources.schemas import Sheet

Problems = list[tuple[Location, str]]


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
    try:
        # only an empty cell is missing: "NA" or "null" in an export is text, not a gap
        frame = pd.read_csv(path, sep=options.delimiter, encoding=options.encoding, dtype=str,
                            keep_default_na=False, na_values=[""], skip_blank_lines=False,
                            skipinitialspace=True, engine="c")
    except UnicodeDecodeError as exc:
        raise InputError.at(f"not {options.encoding} text ({exc.reason} at byte {exc.start})",
                            shown) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError.at(f"not a readable CSV file ({exc})", shown) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.index = pd.RangeIndex(2, 2 + len(frame), name="row")
    return frame.dropna(how="all")


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
    try:
        validated = spec.schema().validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return None, _describe(exc.failure_cases, spec, shown, sheet_label, display or {})
    known = [c.name for c in spec.columns if c.name in validated.columns]
    return validated[known], []


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
        raise InputError(problems)
    return frames


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
            what = f"expected {expected}, found {found!r}"
        problems.setdefault((row, column), (loc(row, column), what))
    # A check that could not run because a cell did not convert (pandera reports it without a
    # row, as a TypeError) adds nothing to the conversion failure already reported.
    located = {p[0].column for p in problems.values() if p[0].row is not None}
    kept = [p for key, p in problems.items()
            if not (p[0].row is None and key[0] != "missing" and p[0].column in located)]
    return sorted(kept, key=lambda p: (p[0].row or 0, p[0].column or ""))
