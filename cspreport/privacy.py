"""Respondents' words, safe to show: personal data replaced by a marker, control characters
removed (they would corrupt the deck's XML). HTML escaping is the HTML renderer's job.

What is replaced, however it is written (docs/inputs.md lists the same; tests/unit/
test_privacy.py feeds in fixed examples and generated variants):
- e-mail addresses, in any case;
- Latvian phone numbers: 8 digits starting with 2 (mobile), 6 (landline), 8 or 9 (toll-free,
  paid), with any single spaces, hyphens or dots between the digits (29 123 456,
  2912 3456, 29-12-34-56), with or without +371, 00371 or (+371) before them; and other
  international numbers written with a leading + or 00;
- personal codes, old (ddmmyy-nnnnn) and new (32nnnn-nnnnn), with or without the hyphen;
- company registration numbers (11 digits), also as VAT numbers with LV before them;
- IBANs (two capital letters, two check digits, then up to 30 letters and digits, in groups
  or not: LV80 BANK 0000 4351 9500 1);
- web addresses with a query string (they often carry ids and tokens); plain ones stay.
"""

from __future__ import annotations

import re

_SEP = r"[ \-.]?"  # between two digits of a number as people write it
_PATTERNS = [
    # e-mail addresses
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE),
    # web addresses with a query string
    re.compile(r"(?:https?://|www\.)[^\s?]+\?\S+", re.IGNORECASE),
    # IBAN: country, check digits, then 11–30 letters and digits, in groups of 4 or not
    re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b"),
    # Latvian phone numbers, with or without the country code
    re.compile(r"(?<![\d+])(?:(?:\+|00)\s?371[ \-]?|\(\+?371\)\s?)?[2689](?:" + _SEP
               + r"\d){7}(?![\d])"),
    # VAT numbers (LV + 11 digits), personal codes and company numbers (11 digits, a hyphen
    # after the sixth allowed)
    re.compile(r"(?<![\w+])(?:LV ?)?\d{6}" + r"[ \-]?" + r"\d{5}(?!\d)", re.IGNORECASE),
    # other international numbers: + or 00, a country code, then at least 7 more digits
    re.compile(r"(?<![\w+])(?:\+|00)\d(?:" + _SEP + r"\(?\d\)?){7,14}(?!\d)"),
]
MARKER = "[…]"  # what replaces personal data, until a report puts its own word in
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def redact(text: str, marker: str = MARKER) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub(marker, text)
    return _CONTROL.sub("", text)
