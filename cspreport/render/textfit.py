"""How much room a piece of text needs: a font-size fit used by the deck renderer and by the
overflow test.

python-pptx cannot measure text (its ``fit_text`` needs the font file on disk), so this uses
an average glyph width for Calibri/Carlito, slightly generous, and word-wraps like PowerPoint.
"""

from __future__ import annotations

import math

AVG_CHAR_EM = 0.50  # average advance of Calibri text, in em; bold is ~5% wider
LINE_SPACING = 1.2  # line height in em
PT_PER_IN = 72.0


def line_count(text: str, width_in: float, size_pt: float, bold: bool = False) -> int:
    """Lines ``text`` wraps to in a box ``width_in`` wide (explicit newlines respected)."""
    char_in = size_pt * AVG_CHAR_EM * (1.06 if bold else 1.0) / PT_PER_IN
    per_line = max(1, int(width_in / char_in))
    lines = 0
    for para in text.split("\n"):
        words, current = para.split(), 0
        para_lines = 1
        for word in words:
            need = len(word) if current == 0 else current + 1 + len(word)
            if need <= per_line:
                current = need
            else:
                para_lines += 1 if current else 0
                # a word longer than a line is broken over as many lines as it takes
                extra = max(0, math.ceil(len(word) / per_line) - 1)
                para_lines += extra
                current = len(word) - extra * per_line
        lines += para_lines
    return lines


def text_height_in(text: str, width_in: float, size_pt: float, bold: bool = False) -> float:
    return line_count(text, width_in, size_pt, bold) * size_pt * LINE_SPACING / PT_PER_IN


def fits(text: str, width_in: float, height_in: float, size_pt: float, bold: bool = False
         ) -> bool:
    return text_height_in(text, width_in, size_pt, bold) <= height_in


def fit_size(text: str, width_in: float, height_in: float, max_pt: float, min_pt: float = 10,
             bold: bool = False) -> float:
    """The largest size from ``max_pt`` down (in 1 pt steps) at which the text fits; raises
    when even ``min_pt`` does not, so that content is split rather than left overflowing."""
    size = max_pt
    while size >= min_pt:
        if fits(text, width_in, height_in, size, bold):
            return size
        size -= 1
    raise ValueError(f"text does not fit {width_in:.2f}×{height_in:.2f} in at {min_pt} pt: "
                     f"{text[:60]!r}…")
