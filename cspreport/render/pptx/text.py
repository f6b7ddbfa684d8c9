"""Text on slides: runs, paragraphs, text frames, text boxes and the filled cards that hold
text, all in the report's font and with the report's proofing language on every run.

A text block is given as ``lines``: tuples (text, size, bold, colour) or (text, size, bold,
colour, url), one paragraph each.
"""

from __future__ import annotations

from dataclasses import dataclass

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Emu, Inches, Pt

from cspreport import style
from cspreport.render.pptx import oxml
from cspreport.render.pptx.geometry import PAD, Area


def rgb(colour: str) -> RGBColor:
    """A python-pptx colour from a palette hex string such as "1F4E79"."""
    return RGBColor.from_string(colour)


def inches(emu) -> float:
    """A python-pptx length (EMU) in inches."""
    return Emu(emu).inches


def plain(shape, fill: str, line: str | None = None) -> None:
    """A flat shape: solid ``fill``, a thin ``line`` outline or none, no theme shadow."""
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb(fill)
    if line:
        shape.line.color.rgb = rgb(line)
        shape.line.width = Pt(0.75)
    else:
        shape.line.fill.background()
    shape.shadow.inherit = False


@dataclass(frozen=True)
class Text:
    """Writes text in one proofing language (a BCP 47 tag such as "lv-LV")."""

    lang_tag: str

    def para(self, paragraph, text: str, size: float, *, bold: bool = False,
             colour: str = style.TEXT, align=None, url: str | None = None) -> None:
        """Add one run to ``paragraph``, optionally a hyperlink, and set its alignment."""
        run = paragraph.add_run()
        run.text = text
        font = run.font
        font.size, font.bold, font.name = Pt(size), bold, style.FONT
        font.color.rgb = rgb(colour)
        oxml.set_run_language(run, self.lang_tag)
        if url:
            run.hyperlink.address = url
        if align is not None:
            paragraph.alignment = align

    def fill_frame(self, frame, lines, *, anchor=MSO_ANCHOR.TOP, align=None) -> None:
        """Replace ``frame``'s text with ``lines``: word-wrapped, not auto-sized, inset by
        ``PAD`` at the sides and half that at top and bottom."""
        frame.clear()
        frame.word_wrap = True
        frame.auto_size = None
        frame.vertical_anchor = anchor
        frame.margin_left = frame.margin_right = Inches(PAD)
        frame.margin_top = frame.margin_bottom = Inches(PAD / 2)
        for i, (text, size, bold, colour, *url) in enumerate(lines):
            p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            self.para(p, text, size, bold=bold, colour=colour, align=align,
                      url=url[0] if url else None)

    def box(self, slide, area: Area, lines, *, anchor=MSO_ANCHOR.TOP, align=None):
        """A new text box on ``slide`` covering ``area``, holding ``lines``."""
        box = slide.shapes.add_textbox(Inches(area.x), Inches(area.y), Inches(area.w),
                                       Inches(area.h))
        self.fill_frame(box.text_frame, lines, anchor=anchor, align=align)
        return box

    def card(self, slide, area: Area, lines, *, align=None, anchor=MSO_ANCHOR.MIDDLE,
             fill: str = style.CARD):
        """A rounded card (``fill``, the report's card outline) covering ``area``, holding
        ``lines`` (centred vertically unless ``anchor`` says otherwise)."""
        shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Inches(area.x),
                                       Inches(area.y), Inches(area.w), Inches(area.h))
        shape.adjustments[0] = 0.08
        plain(shape, fill, style.CARD_LINE)
        self.fill_frame(shape.text_frame, lines, anchor=anchor, align=align)
        if anchor == MSO_ANCHOR.TOP:
            shape.text_frame.margin_top = Inches(PAD * 2)
        return shape

    @staticmethod
    def rule(slide, area: Area, colour: str):
        """A thin accent rule (a flat rectangle, no text) covering ``area``."""
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(area.x), Inches(area.y),
                                       Inches(area.w), Inches(area.h))
        plain(shape, colour)
        return shape
