"""Read the sheets of an edition workbook (.xlsx) into validated DataFrames.

Rows keep their spreadsheet row numbers as the index (the header is row 1), so every error
points at the cell an analyst has to fix, even where blank rows were skipped.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from cspreport.errors import InputError, Location
from cspreport.sources.schemas import Sheet


def read_workbook(path: Path, sheets: tuple[Sheet, ...], shown_as: str | None = None
                  ) -> dict[str, pd.DataFrame]:
    """Read and validate ``sheets`` of the workbook at ``path``.

    ``shown_as`` is the file name errors use (relative to the data folder), so that messages
    stay short and the same on every machine. All problems of all sheets are reported at once.
    """
    shown = shown_as or str(path)
    if not path.is_file():
        raise InputError.at("file not found (expected the edition workbook)", shown)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise InputError.at(f"not a readable Excel .xlsx workbook ({exc})", shown) from None
    try:
        problems: list[tuple[Location, str]] = []
        frames: dict[str, pd.DataFrame] = {}
        for sheet in sheets:
            if sheet.name not in book.sheetnames:
                problems.append((Location(shown, sheet.name),
                                 "sheet missing; the workbook has: " + ", ".join(book.sheetnames)))
                continue
            frame, sheet_problems = _read_sheet(book[sheet.name], sheet, shown)
            problems += sheet_problems
            if frame is not None:
                frames[sheet.name] = frame
    finally:
        book.close()
    if problems:
        raise InputError(problems)
    return frames


def _read_sheet(ws, sheet: Sheet, shown: str) -> tuple[pd.DataFrame | None, list]:
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None or all(h is None for h in header):
        return None, [(Location(shown, sheet.name, 1), "empty sheet: expected a header row with "
                       + ", ".join(c.name for c in sheet.columns))]
    names = [str(h).strip() if h is not None else None for h in header]
    records, index = [], []
    for number, values in enumerate(rows, start=2):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        records.append({n: _clean(v) for n, v in zip(names, values, strict=False) if n})
        index.append(number)
    frame = pd.DataFrame.from_records(records, index=pd.Index(index, name="row"),
                                      columns=[n for n in names if n])
    try:
        validated = sheet.schema().validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return None, _describe(exc.failure_cases, sheet, shown)
    known = [c.name for c in sheet.columns if c.name in validated.columns]
    return validated[known], []


def _clean(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _describe(cases: pd.DataFrame, sheet: Sheet, shown: str) -> list[tuple[Location, str]]:
    """Turn pandera's failure cases into one (location, expectation) per bad cell."""
    problems: dict[tuple, tuple[Location, str]] = {}
    for case in cases.itertuples(index=False):
        check = str(case.check)
        column = None if pd.isna(case.column) else str(case.column)
        row = None if case.index is None or pd.isna(case.index) else int(case.index)
        if check == "column_in_dataframe":
            column = str(case.failure_case)
            col = sheet.column(column)
            what = f"column missing: expected {col.expected_text}" if col else "column missing"
            problems.setdefault(("missing", column), (Location(shown, sheet.name, 1, column),
                                                      what))
            continue
        if check.startswith("dtype(") and (row, column) in problems:
            continue  # the coercion failure already says it
        if check.endswith("duplicates") or "unique" in check or "duplicate" in check:
            names = ", ".join(sheet.unique)
            key = (row, "unique")
            problems.setdefault(key, (Location(shown, sheet.name, row),
                                      f"duplicate row: ({names}) must identify one row"))
            continue
        col = sheet.column(column) if column else None
        expected = col.expected_text if col else "a valid value"
        if check == "not_nullable":
            what = f"empty cell: expected {expected}"
        else:
            what = f"expected {expected}, found {case.failure_case!r}"
        problems.setdefault((row, column), (Location(shown, sheet.name, row, column), what))
    # A check that could not run because a cell did not convert (pandera reports it without a
    # row, as a TypeError) adds nothing to the conversion failure already reported.
    located = {loc.column for loc, _ in problems.values() if loc.row is not None}
    kept = [p for key, p in problems.items()
            if not (p[0].row is None and key[0] != "missing" and p[0].column in located)]
    return sorted(kept, key=lambda p: (p[0].row or 0, p[0].column or ""))
