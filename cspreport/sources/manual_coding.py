"""The analyst's own coding of comments into themes (``coding.xlsx`` in the edition folder,
or the file ``coding:`` in themes.yaml names): a person's decision wins over the rules.

The file is the one ``cspreport themes export`` writes: sheet ``Coding``, one row per comment
(wave, respondent, the comment with personal data removed, the themes the rules gave), then
one column per theme, headed ``Label [code]``, where the analyst puts an ``x`` for every theme
the comment raises (``x`` under "other" for none). A row with at least one ``x`` is coded by a
person; a row without is left to the rules.
"""

from __future__ import annotations

import re
from pathlib import Path

from cspreport.errors import InputError, Location, quoted
from cspreport.sources.tabular import column_letter, open_workbook, sheet_frame

SHEET = "Coding"
FIXED = ("wave", "respondent", "comment", "rules")  # the columns before the themes
_CODE = re.compile(r"\[([a-z_]+)\]\s*$")
MARK = "x"


def theme_header(label: str, code: str) -> str:
    return f"{label} [{code}]"


def read_coding(path: Path, shown: str, codes: list[str], comments
                ) -> dict[tuple[int, str], list[str]]:
    """(wave, respondent) → the themes a person gave, for the rows a person coded.

    ``codes``: the known themes and ``other``; ``comments``: the comment export's rows
    (wave, id) every coded row must be one of."""
    book = open_workbook(path, shown, "the coding workbook written by cspreport themes export")
    frame, problems = sheet_frame(book, SHEET, shown, [*FIXED, "one column per theme"])
    if frame is None:
        raise InputError(problems)
    header = list(frame.columns)
    problems = []
    for name in ("wave", "respondent"):
        if name not in header:
            problems.append((Location(shown, SHEET, 1),
                             f"column missing: expected '{name}' (as cspreport themes export "
                             "writes it)"))
    themes: dict[str, str] = {}  # column → code
    for position, name in enumerate(header):
        if name in FIXED:
            continue
        found = _CODE.search(str(name))
        letter = column_letter(position)
        if not found:
            problems.append((Location(shown, SHEET, 1, str(name)),
                             f"column {letter}: not a theme column (expected a heading ending "
                             f"in [code], one of: {', '.join(codes)})"))
        elif found.group(1) not in codes:
            problems.append((Location(shown, SHEET, 1, str(name)),
                             f"column {letter}: unknown theme {quoted(found.group(1))}; the "
                             f"themes are: {', '.join(codes)}"))
        else:
            themes[name] = found.group(1)
    if problems:
        raise InputError(problems)
    known = {(int(w), str(i)) for w, i in zip(comments["wave"], comments["id"], strict=True)}
    coded: dict[tuple[int, str], list[str]] = {}
    first_row: dict[tuple[int, str], int] = {}
    for row, values in frame.iterrows():
        marks = []
        for column, code in themes.items():
            value = values[column]
            if value is None or (isinstance(value, float) and value != value):
                continue
            if str(value).strip().casefold() != MARK:
                problems.append((Location(shown, SHEET, int(row), column),
                                 f"expected x or an empty cell, found {quoted(value)}"))
                continue
            marks.append(code)
        try:
            key = (int(values["wave"]), str(values["respondent"]).strip())
        except (TypeError, ValueError):
            problems.append((Location(shown, SHEET, int(row), "wave"),
                             f"expected a survey year such as 2021, found "
                             f"{quoted(values['wave'])}"))
            continue
        if key not in known:
            problems.append((Location(shown, SHEET, int(row), "respondent"),
                             f"respondent {quoted(key[1])} of wave {key[0]} has no comment in "
                             "the comment export"))
            continue
        if key in first_row:
            problems.append((Location(shown, SHEET, int(row), "respondent"),
                             f"duplicate row: respondent {quoted(key[1])} of wave {key[0]} is "
                             f"already on row {first_row[key]}"))
            continue
        first_row[key] = int(row)
        if "other" in marks and len(marks) > 1:
            problems.append((Location(shown, SHEET, int(row)),
                             "x under other and under a theme: other means none of the themes"))
            continue
        if marks:
            coded[key] = marks
    if problems:
        raise InputError(problems)
    return coded


__all__ = ["FIXED", "MARK", "SHEET", "read_coding", "theme_header"]
