"""Respondents' words, safe to show: personal data replaced by a marker, control characters
removed (they would corrupt the deck's XML). HTML escaping is the HTML renderer's job.

What is replaced (tests/unit/test_privacy.py feeds each in):
- e-mail addresses;
- phone numbers: Latvian 8-digit numbers starting 2 or 6 (mobile, landline), with or without
  +371, and international numbers written with a leading +;
- Latvian personal codes, ddmmyy-nnnnn (also the newer 32nnnn-nnnnn);
- company registration numbers: 11 digits starting 4 or 5, also as VAT numbers (LV…);
- web addresses with a query string (they often carry ids and tokens); plain addresses stay.
"""

from __future__ import annotations

import re

_PATTERNS = [
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    re.compile(r"https?://[^\s?]+\?\S+|www\.[^\s?]+\?\S+"),
    re.compile(r"\b\d{6}-\d{5}\b"),
    re.compile(r"\b(?:LV)?[45]\d{10}\b"),
    re.compile(r"(?<![\w+])\+\d[\d \-]{7,}\d"),
    re.compile(r"(?<!\d)(?:(?:\+|00)?371[ \-]?)?[26]\d{7}(?!\d)"),
]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def redact(text: str, marker: str = "[…]") -> str:
    for pattern in _PATTERNS:
        text = pattern.sub(marker, text)
    return _CONTROL.sub("", text)
