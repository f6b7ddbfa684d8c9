"""One palette and type scale for the deck and the HTML report.

The answer colours are a diverging blue–orange pair (distinguishable with the common forms of
colour blindness); every chart also labels its values, so colour never carries meaning alone.
"""

from __future__ import annotations

BRAND = "1F4E79"  # dark blue: titles, values
ACCENT = "2E86C1"  # mid blue: accent rule, first series
TEXT = "1A1A1A"
MUTED = "595959"  # notes; 7:1 on white
CARD = "EAF1F8"  # card and tile background
CARD_LINE = "C5D7EA"
WHITE = "FFFFFF"
APART = "E3E3E3"  # a bar drawn apart ("other comments"): pale, outlined in MUTED

# Series colours in order. Answers run from "fully agree" to "fully disagree", so the palette
# diverges: two blues for agreement, two oranges for disagreement.
SERIES = ("1F4E79", "6FA8DC", "F0B86E", "A6500A")

# Stacked segments below this percentage get no data label: no room for it (the table beside
# the chart gives every value).
SMALL_SEGMENT = 5

FONT = "Calibri"  # in PowerPoint; LibreOffice substitutes the metric-compatible Carlito
HTML_FONT_STACK = "Calibri, Carlito, 'Segoe UI', Arial, sans-serif"


def hex_rgb(value: str) -> tuple[int, int, int]:
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def label_colour(fill: str) -> str:
    """White or near-black, whichever reads better on ``fill`` (WCAG relative luminance)."""
    return WHITE if contrast(fill, WHITE) >= contrast(fill, TEXT) else TEXT


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in hex_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
