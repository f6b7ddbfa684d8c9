"""Inputs as tools leave them: what Excel, LibreOffice and export tools put into or beside a file
that a person cannot see, and how it is matched, read or named.

- Files a program keeps beside an open file (Excel's ``~$edition.xlsx``, LibreOffice's
  ``.~lock.edition.xlsx#``, temporary and backup copies) are not inputs.
- Column headers are compared after Unicode NFC normalisation, with zero-width and other
  format characters removed and every kind of space folded to one ordinary space; a header
  that still does not match is shown with its invisible characters escaped and the difference
  said in words.
- Control characters (a NUL byte and the like) in a text are named, not passed on.
- Dates left as Excel serial numbers (44197 = 2021-01-01) are read as the dates they are.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from cspreport.errors import shorten

# ----------------------------------------------------------------------------- headers

_NAMES = {  # the invisible characters met in exports, as a person calls them
    "\u200b": "a zero-width space",
    "\u200c": "a zero-width non-joiner",
    "\u200d": "a zero-width joiner",
    "\u2060": "a word joiner",
    "\ufeff": "a byte-order mark",
    "\u00ad": "a soft hyphen",
    "\u00a0": "a non-breaking space",
    "\u202f": "a narrow non-breaking space",
    "\u2007": "a figure space",
    "\u2009": "a thin space",
    "\t": "a tab",
}


def header_key(name) -> str:
    """A header as it is compared: NFC, without zero-width and other format characters, every
    run of spaces of any kind one ordinary space, no space at either end."""
    text = "".join(ch for ch in str(name) if unicodedata.category(ch) != "Cf")
    return " ".join(unicodedata.normalize("NFC", text).split())


def _odd(ch: str) -> bool:
    """A character a reader cannot tell apart from another, or cannot see at all."""
    return (ch in _NAMES or (unicodedata.category(ch) in ("Cf", "Cc", "Mn", "Zs", "Zl", "Zp")
            and ch != " "))


def escaped(name) -> str:
    """A header or text as a message shows it: invisible characters written as escapes
    (``zvan\\u200bu_skaits``), so that what differs can be seen."""
    out = []
    for ch in str(name):
        if _odd(ch):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 and unicodedata.category(ch) == "Cc"
                       else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def _char_name(ch: str) -> str:
    if ch in _NAMES:
        return f"{_NAMES[ch]} U+{ord(ch):04X}"
    name = unicodedata.name(ch, "").lower() or "a character"
    article = "an" if name[:1] in "aeiou" else "a"
    return f"{article} {name} U+{ord(ch):04X}"


def difference(found, expected) -> str | None:
    """How the header ``found`` differs from ``expected`` when only invisible characters,
    the kind of space, a decomposed letter or case tell them apart, in words; None when they
    differ in more than that."""
    found, expected = str(found), str(expected)
    if header_key(found).casefold() != header_key(expected).casefold():
        return None
    notes: list[str] = []
    for i, ch in enumerate(found):
        before = header_key(found[:i])
        where = f"after '{before}'" if before else "at the start"
        if before and not header_key(found[i + 1:]):
            where = "at the end"
        if unicodedata.category(ch) == "Mn" and i:
            pair = found[i - 1] + ch
            notes.append(f"a decomposed '{unicodedata.normalize('NFC', pair)}' "
                         f"({escaped(pair)}: the letter and {_char_name(ch)} written apart)")
        elif ch == " ":
            if where in ("at the start", "at the end"):
                notes.append(f"a space {where}")
            elif found[i - 1] == " ":
                notes.append(f"two spaces {where}")
        elif _odd(ch):
            notes.append(f"{_char_name(ch)} {where}")
    if header_key(found) != header_key(expected):
        notes.append("letters in another case")
    return "; ".join(dict.fromkeys(notes)) or None


def columns_note(written: list[str], expected: str) -> str:
    """What a "column missing" message adds: the nearest header and how it differs, or the
    headers the file has."""
    for name in written:
        diff = difference(name, expected)
        if diff:
            return f"found '{escaped(name)}' ({diff}): rename the column to '{expected}'"
    shown = ", ".join(f"'{escaped(n)}'" for n in written[:30])
    more = f" and {len(written) - 30} more" if len(written) > 30 else ""
    return f"the columns are: {shown}{more}" if written else "the file has no named columns"


# ----------------------------------------------------------------------------- control characters

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # C0 and DEL, not tab, CR or LF


def control_character(text: str) -> str | None:
    """The first control character in ``text``, in words (with what precedes it), or None."""
    match = CONTROL.search(text)
    if match is None:
        return None
    ch = match.group()
    what = ("a NUL character (\\x00)" if ch == "\x00"
            else f"a control character ({escaped(ch)})")
    before = text[:match.start()].strip()
    where = f" after “{shorten(before[-40:])}”" if before else " at the start"
    return what + where


# ----------------------------------------------------------------------------- Excel dates

EXCEL_EPOCH = pd.Timestamp("1899-12-30")  # day 0 of Excel's 1900 date system, as used
SERIAL_RANGE = (20000, 80000)  # 1954-10-03 … 2119-01-11: dates an export can hold


NUMBER_TEXT = r"\d+(?:[.,]\d+)?"  # a number written as text: 44197, 44197.5 or 44197,5


def as_number(value) -> float | None:
    """A cell as a number when it is one (a number, or text such as "44197" or "44197,5")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(NUMBER_TEXT, text):
            return float(text.replace(",", "."))
    return None


def from_serial(number: float) -> pd.Timestamp:
    """An Excel serial date: days since 1899-12-30, the fraction the time of day (to the
    second, as Excel shows it)."""
    return (EXCEL_EPOCH + pd.to_timedelta(number, unit="D")).round("s")


def serial_text(number: float) -> str:
    """``44197 = 2021-01-01``, ``44197.5 = 2021-01-01 12:00``: an example for a message."""
    stamp = from_serial(number)
    shown = stamp.strftime("%Y-%m-%d") if stamp == stamp.normalize() else \
        stamp.strftime("%Y-%m-%d %H:%M")
    value = int(number) if float(number).is_integer() else number
    return f"{value} = {shown}"


__all__ = ["CONTROL", "SERIAL_RANGE", "as_number", "columns_note", "control_character",
           "difference", "escaped", "from_serial", "header_key", "serial_text"]
