"""Read tables from .xlsx sheets and .csv files into validated DataFrames.

Rows keep their spreadsheet or file row numbers as the index (the header is row 1), so every
error points at the cell an analyst has to fix, even where blank rows were skipped. Validation
is pandera's; this module turns its failure cases into messages that name file, sheet, row and
column (as the file names the column) and what was expected.

What tools leave in a file is dealt with here, for the workbook and the exports alike
(``hygiene``): headers are matched whatever invisible characters they hold, control
characters are named where they are, dates left as Excel serial numbers are read as dates,
and a text longer than the report can show is refused at its cell.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from python_calamine import CalamineError, CalamineWorkbook

from cspreport.errors import InputError, Location, quoted, shorten
from cspreport.sources import hygiene
from cspreport.sources.schemas import Sheet

Problems = list[tuple[Location, str]]
MAX_PER_COLUMN = 10  # bad cells named one by one in a column; more are counted


@dataclass(frozen=True)
class CsvOptions:
    delimiter: str = ","
    encoding: str = "utf-8"
    # header: none: the names of the fields by position (a list), or by the number of fields
    # on a row when a system writes more or fewer of them depending on its options
    fields: list[str] | dict[int, list[str]] | None = None


@dataclass(frozen=True)
class TimeOptions:
    """How an export writes its times: ``date_format`` (strptime; None: ISO 8601) and the
    time zone of times written without an offset (None: Riga's)."""

    date_format: str | None = None
    timezone: str | None = None


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
    written = [str(h).strip() if _clean(h) is not None else None for h in header]
    names = [hygiene.header_key(n) if n is not None else None for n in written]
    twice = _duplicates(names)
    if twice:
        return None, [(Location(shown, sheet_name, 1),
                       f"two columns are named '{name}' (columns "
                       f"{' and '.join(map(column_letter, positions))}): "
                       "each column needs a name of its own") for name, positions in twice]
    keep = [i for i, n in enumerate(names) if n]
    problems: Problems = [
        (Location(shown, sheet_name, 1), f"the name of column {column_letter(i)} holds {found}: "
         "the cell may be damaged; expected a column name of plain text")
        for i in keep if (found := hygiene.control_character(written[i]))]
    records, index = [], []
    for number, values in enumerate(rows[1:], start=2):
        cells = [_clean(values[i]) if i < len(values) else None for i in keep]
        if all(c is None for c in cells):
            continue
        for i, c in zip(keep, cells, strict=True):
            if isinstance(c, str) and len(problems) < MAX_PER_COLUMN and \
                    (found := hygiene.control_character(c)):
                problems.append((Location(shown, sheet_name, number, names[i]),
                                 f"{found}: the cell may be damaged or pasted from another "
                                 "program; expected plain text: type the text again"))
        records.append(cells)
        index.append(number)
    if problems:
        return None, problems
    frame = pd.DataFrame.from_records(records, index=pd.Index(index, name="row"),
                                      columns=[names[i] for i in keep])
    frame.attrs["header"] = [written[i] for i in keep]
    return frame, []


def csv_frame(path: Path, shown: str, options: CsvOptions, expected: list[str]) -> pd.DataFrame:
    """The raw text cells of a CSV export, indexed by file row number (header = row 1)."""
    if not path.is_file():
        raise InputError.at("file not found (expected a CSV export)", shown)
    raw = path.read_bytes()
    head = raw[:4096]
    if not head.strip():
        raise InputError.at("empty file (expected a CSV export with a header row: "
                            + ", ".join(expected) + ")", shown)
    import codecs

    wide = codecs.lookup(options.encoding).name.startswith(("utf-16", "utf-32"))
    # a text export has no NUL, or one by mistake; a binary file (or UTF-16 text read as
    # 8-bit) has them everywhere
    if head.startswith(b"PK\x03\x04") or (not wide and head.count(b"\x00") > len(head) // 8):
        raise InputError.at("not a CSV text file (it looks like a binary or .xlsx file); "
                            "a UTF-16 text export needs encoding: utf-16 in exports.yaml",
                            shown)
    # a byte-order mark is not part of the first column's name
    encoding = ("utf-8-sig" if codecs.lookup(options.encoding).name == "utf-8"
                else options.encoding)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError.at(f"not {options.encoding} text: a byte at position {exc.start} "
                            "cannot be read; set the export's encoding in exports.yaml "
                            "(e.g. windows-1257) or save it as UTF-8", shown) from None
    if hygiene.CONTROL.search(text):  # pandas would turn a NUL into a space, silently
        raise InputError(_control_characters(text, options.delimiter, shown))
    if options.fields is not None:
        return _headerless(text, shown, options)
    try:
        written = _header(text, options.delimiter)
        header = [hygiene.header_key(n) for n in written]
        # only an empty cell is missing: "NA" or "null" in an export is text, not a gap
        frame = pd.read_csv(io.StringIO(text), sep=options.delimiter, dtype=str,
                            keep_default_na=False, na_values=[""], skip_blank_lines=False,
                            skipinitialspace=True, engine="c")
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        detail = str(exc).replace("Error tokenizing data. C error: ", "").strip()
        raise InputError.at(f"not a readable CSV file: {shorten(detail)}", shown) from None
    twice = _duplicates(header)
    if twice:
        raise InputError([(Location(shown, row=1), f"two columns are named '{name}' "
                           f"(columns {' and '.join(str(i + 1) for i in positions)}): each "
                           "column needs a name of its own") for name, positions in twice])
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
    frame = frame.dropna(how="all")
    frame.attrs["header"] = written
    return frame


def _headerless(text: str, shown: str, options: CsvOptions) -> pd.DataFrame:
    """A CSV export without a header row (Asterisk's Master.csv): the fields named by position;
    its rows are numbered from 1, since row 1 is data."""
    import csv

    by_count = (options.fields if isinstance(options.fields, dict)
                else {len(options.fields): options.fields})
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=options.delimiter))
    except csv.Error as exc:
        raise InputError.at(f"not a readable CSV file: {shorten(str(exc))}", shown) from None
    records, index, problems = [], [], []
    counts = " or ".join(str(n) for n in sorted(by_count))
    for number, row in enumerate(rows, start=1):
        if not any(c.strip() for c in row):
            continue
        names = by_count.get(len(row))
        if names is None:
            if len(problems) < MAX_PER_COLUMN:
                problems.append((Location(shown, row=number),
                                 f"{len(row)} fields; expected {counts} (header: none, the "
                                 "fields by position in exports.yaml)"))
            continue
        records.append(dict(zip(names, [c.strip() or None for c in row], strict=True)))
        index.append(number)
    if problems:
        raise InputError(problems)
    written = max(by_count.values(), key=len) if not records else \
        max((list(r) for r in records), key=len)
    frame = pd.DataFrame.from_records(records, index=pd.Index(index, name="row"),
                                      columns=written)
    frame.attrs["header"] = written
    return frame


def looks_like_data(header: list[str]) -> bool:
    """A header row whose cells are mostly numbers, dates or empty: the file's first row is
    data (an export written without a header row)."""
    cells = [str(h).strip() for h in header]
    data = [c for c in cells if not c or hygiene.as_number(c) is not None
            or re.match(r"\d{1,4}[-./]\d{1,2}[-./]\d{1,4}", c)]
    return len(cells) > 1 and len(data) * 3 >= len(cells)


def _control_characters(text: str, delimiter: str, shown: str) -> Problems:
    """Where the control characters of a CSV text are, by row and column (looked for only
    when there is one: the csv module is slower than pandas)."""
    import csv

    problems: Problems = []
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(rows, [])
    for i, name in enumerate(header):
        if found := hygiene.control_character(name):
            problems.append((Location(shown, row=1), f"the name of column {i + 1} holds "
                             f"{found}: the file may be damaged or not a text export"))
    names = [hygiene.header_key(n) for n in header]
    for number, row in enumerate(rows, start=2):
        for i, value in enumerate(row):
            if len(problems) >= MAX_PER_COLUMN:
                return problems
            if found := hygiene.control_character(value):
                column = names[i] if i < len(names) and names[i] else f"{i + 1}"
                problems.append((Location(shown, row=number, column=column),
                                 f"{found}: the file may be damaged or not a text export; "
                                 "expected plain text"))
    return problems or [(Location(shown), "a control character: the file may be damaged "
                         "or not a text export")]


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column as a spreadsheet shows it (``index`` from 0)."""
    # lazy: openpyxl (0.2 s) only when a message names a column
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _duplicates(names: list[str | None]) -> list[tuple[str, list[int]]]:
    """Each name given to more than one column (whatever its case), with the columns'
    positions, counted from 0 (a sheet shows them as letters, a CSV file has none)."""
    seen: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        if name:
            seen.setdefault(name.casefold(), []).append(i)
    return [(next(n for n in names if n and n.casefold() == key), positions)
            for key, positions in seen.items() if len(positions) > 1]


def _header(text: str, delimiter: str) -> list[str]:
    """The header row's names as written (pandas would rename a repeated name to "x.1")."""
    import csv

    row = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
    return [c.strip() for c in row]


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
             display: Mapping[str, str] | None = None, warnings: list[str] | None = None,
             header: list[str] | None = None, times: TimeOptions | None = None
             ) -> tuple[pd.DataFrame | None, Problems]:
    """Validate ``frame`` against ``spec``; ``display`` maps our column names to the names the
    file uses, for the messages; ``header`` is the file's header as written (default: the
    one ``sheet_frame`` or ``csv_frame`` kept), named when a column is missing. What was read
    in a way worth saying (dates given as Excel serial numbers) is added to ``warnings``;
    ``times`` says how the times are written (default: ISO 8601, Riga's wall time)."""
    display = display or {}
    header = header if header is not None else frame.attrs.get("header", list(frame.columns))
    frame, early = _parse_dates(frame, spec, shown, sheet_label, display,
                                warnings if warnings is not None else [], times or TimeOptions())
    early += _too_long(frame, spec, shown, sheet_label, display)
    import pandera.pandas as pa  # lazy: pandera only when a table is validated (not on a hit)

    try:
        validated = spec.schema().validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        found = _describe(exc.failure_cases, spec, shown, sheet_label, display)
        said = {(p[0].row, p[0].column) for p in early}
        found = [_with_header(p, header) for p in found if (p[0].row, p[0].column) not in said]
        return None, sorted(early + found, key=lambda p: (p[0].row or 0, p[0].column or ""))
    if early:
        return None, sorted(early, key=lambda p: (p[0].row or 0, p[0].column or ""))
    known = [c.name for c in spec.columns if c.name in validated.columns]
    return validated[known], []


def _with_header(problem: tuple[Location, str], header: list[str]) -> tuple[Location, str]:
    """A missing column's message, with the header that nearly matches it (and how it
    differs) or the columns the file has."""
    loc, what = problem
    if not what.startswith("column missing") or loc.column is None:
        return problem
    return loc, f"{what}; {hygiene.columns_note([h for h in header if h], loc.column)}"


def _too_long(frame: pd.DataFrame, spec: Sheet, shown: str, label: str | None,
              display: Mapping[str, str]) -> Problems:
    """A text longer than the report can show, refused at its cell (it would otherwise stop
    the deck later, with a message about the template's layout)."""
    problems: Problems = []
    for col in spec.columns:
        if col.max_length is None or col.name not in frame.columns:
            continue
        lengths = frame[col.name].map(lambda v: len(v) if isinstance(v, str) else 0)
        for row in lengths[lengths > col.max_length].index[:MAX_PER_COLUMN]:
            problems.append((Location(shown, label, int(row), display.get(col.name, col.name)),
                             f"a text of {_count(lengths[row])} characters; {col.room} holds "
                             f"at most {_count(col.max_length)}: shorten it"))
    return problems


def _count(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def _parse_dates(frame: pd.DataFrame, spec: Sheet, shown: str, label: str | None,
                 display: Mapping[str, str], warnings: list[str], times: TimeOptions
                 ) -> tuple[pd.DataFrame, Problems]:
    """Dates and times written as text, parsed in one vectorised pass (ISO 8601: YYYY-MM-DD,
    optionally HH:MM[:SS]). pandera's own coercion, on a column with one bad value, falls
    back to converting cell by cell: 15 s for a 10 000-row export instead of a few ms; and it
    would read a number as nanoseconds since 1970.

    A number in a date column is an Excel serial date whose cell lost its date format: read
    as one (1899-12-30 + n days) when it lies within ``hygiene.SERIAL_RANGE``, and said in a
    warning. A number held as text (a CSV export) is read so only when the whole column is
    numbers: among dates written out, it is an error."""
    problems: Problems = []
    frame = frame.copy()
    for col in spec.columns:
        if col.kind not in ("date", "datetime") or col.name not in frame.columns:
            continue
        values = frame[col.name].astype(object)
        present = values.notna()
        where = display.get(col.name, col.name)
        numbers, typed, given = _cell_kinds(values, present)
        all_numbers = bool(present.any()) and bool(numbers[present].notna().all())
        serial = typed | (numbers.notna() & all_numbers)
        low, high = hygiene.SERIAL_RANGE
        in_range = serial & numbers.between(low, high)
        text = values.where(~present | serial, values.astype(str).str.strip())
        parsed, located = _times(text.where(~serial), times)
        for row, what in located[:MAX_PER_COLUMN]:
            problems.append((Location(shown, label, int(row), where), what))
        parsed = parsed.where(~given, pd.to_datetime(values.where(given), errors="coerce"))
        if in_range.any():
            days = pd.to_timedelta(numbers[in_range], unit="D")
            parsed = parsed.where(~in_range, (hygiene.EXCEL_EPOCH + days).dt.round("s"))
            first = numbers[in_range].iloc[0]
            sheet = f", sheet '{label}'" if label else ""
            warnings.append(f"{shown}{sheet}, column '{where}': dates given as Excel serial "
                            f"numbers (e.g. {hygiene.serial_text(first)}), read as such; "
                            f"{int(in_range.sum())} cells")
        failed = present & parsed.isna()
        failed[[row for row, _ in located]] = False
        for row in failed[failed].index[:MAX_PER_COLUMN]:
            expected = (f"a date and time written {times.date_format}"
                        if times.date_format else col.expected_text)
            found = f"expected {expected}, found {quoted(values[row])}"
            if serial[row]:
                found += (f": a number (as an Excel serial date it would have to lie between "
                          f"{hygiene.serial_text(low)} and {hygiene.serial_text(high)})")
            elif pd.notna(numbers[row]):
                found += (": a number among dates written out (an Excel serial date? give "
                          "the column as dates)")
            problems.append((Location(shown, label, int(row), where), found))
        if failed.sum() > MAX_PER_COLUMN:
            problems.append((Location(shown, label, None, where),
                             f"… and {int(failed.sum()) - MAX_PER_COLUMN} more rows like these"))
        frame[col.name] = parsed
    return frame, problems


def _cell_kinds(values: pd.Series, present: pd.Series
                ) -> tuple[pd.Series, pd.Series, pd.Series]:
    """For each cell of a date column: the number it is (``hygiene.as_number``, NaN when
    none), whether it is typed as a number (not text, not yes/no) and whether it is a date
    or time already. Decided once per Python type of cell, and the text's numbers by one
    regular expression over the column, not by a call per cell (10 000-row exports)."""
    kinds = pd.Series([type(v) for v in values.to_numpy(dtype=object)], index=values.index,
                      dtype=object)
    types = set(kinds)
    typed = present & kinds.isin(
        [t for t in types if issubclass(t, int | float) and not issubclass(t, bool)])
    given = kinds.isin([t for t in types if issubclass(t, dt.datetime | dt.date)])
    numbers = pd.Series(float("nan"), index=values.index, dtype=float)
    if typed.any():
        numbers[typed] = [float(v) for v in values[typed]]
    texts = kinds.isin([t for t in types if issubclass(t, str)])
    if texts.any():
        stripped = values[texts].str.strip()
        number = stripped[stripped.str.fullmatch(hygiene.NUMBER_TEXT).astype(bool)]
        if len(number):
            numbers[number.index] = [float(t.replace(",", ".")) for t in number]
    return numbers, typed.astype(bool), given.astype(bool)


RIGA = "Europe/Riga"  # the period is Riga's calendar (docs/inputs.md, "Times and time zones")
_OFFSET = re.compile(r"(?:[zZ]|[+-]\d{2}:?\d{2})$")


def _times(text: pd.Series, times: TimeOptions) -> tuple[pd.Series, list[tuple[int, str]]]:
    """Times written as text, as Riga's wall time (naive), and the rows whose time cannot be
    one, with why.

    - A time with an offset or ``Z`` is the instant it says, converted to Riga's time; each
      cell may have its own offset (winter +02:00, summer +03:00).
    - A time without one is the wall time of ``times.timezone`` (default Riga's), converted
      to Riga's. In Riga, a wall time in the hour skipped when the clocks go forward (the
      last Sunday of March, 03:00–04:00) does not exist: an error at its cell, since it means
      the times are not Riga's. A wall time in the hour repeated when they go back (the last
      Sunday of October, 03:00–04:00) is kept as written: its date, all a period needs, is the
      same either way. In another zone, a repeated wall time is taken as the first of the two.
    """
    present = text.notna()
    written = text[present].astype(str)
    fmt = times.date_format
    parse = fmt or "ISO8601"
    if fmt:
        aware = pd.Series("%z" in fmt or "%Z" in fmt, index=written.index, dtype=bool)
    else:
        aware = written.str.contains(_OFFSET)
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    located: list[tuple[int, str]] = []
    if aware.any():
        instants = pd.to_datetime(written[aware], format=parse, utc=True, errors="coerce")
        out[instants.index] = instants.dt.tz_convert(RIGA).dt.tz_localize(None)
    naive = written[~aware]
    if len(naive):
        wall = pd.to_datetime(naive, format=parse, errors="coerce")
        if wall.dt.tz is not None:  # a format whose times all carry an offset after all
            wall = wall.dt.tz_convert(RIGA).dt.tz_localize(None)
        zone = times.timezone or RIGA
        first = [True] * len(wall)  # a repeated wall time: the first (summer time) of the two
        local = wall.dt.tz_localize(zone, ambiguous=first, nonexistent="NaT")
        skipped = wall.notna() & local.isna()
        if zone == RIGA:
            out[wall.index] = wall.where(~skipped)
        else:
            out[wall.index] = local.dt.tz_convert(RIGA).dt.tz_localize(None)
        for row in skipped[skipped].index:
            located.append((row, f"{quoted(text[row])} does not exist in {zone}: that night "
                            "the clocks went forward an hour (03:00 → 04:00 in Riga). If the "
                            "system writes its times in UTC, give timezone: UTC for this "
                            "export in exports.yaml"))
    return out, located


def read_workbook(path: Path, sheets: tuple[Sheet, ...], shown_as: str | None = None,
                  warnings: list[str] | None = None) -> dict[str, pd.DataFrame]:
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
            frame, found = validate(raw, sheet, shown, sheet.name, warnings=warnings)
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
                names = [hygiene.header_key(h) if h is not None else None for h in header]
                if hygiene.header_key(loc.column) in names:
                    column = names.index(hygiene.header_key(loc.column)) + 1
                    cell = sheet.cell(loc.row, column).value
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
