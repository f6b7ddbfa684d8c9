"""The deck's template: python-pptx's own default, made 16:9 with its layouts rescaled so that a
slide management adds by hand in PowerPoint looks like the generated ones."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml
from pptx import Presentation
from pptx.util import Emu, Inches

SLIDE_W = Inches(13.333)
SLIDE_H = Inches(7.5)

# Geometry of the content slides (inches): title band on top, content area, footer line.
MARGIN_X = 0.6
TITLE_TOP, TITLE_H = 0.3, 1.05
CONTENT_TOP = 1.55
CONTENT_BOTTOM = 6.85
FOOTER_TOP = 7.0


@cache
def role_layouts() -> dict[str, str]:
    text = resources.files("cspreport.render.pptx").joinpath("layouts.yaml").read_text("utf-8")
    return yaml.safe_load(text)["roles"]


def default_presentation():
    prs = Presentation()
    k = SLIDE_W / prs.slide_width
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    for part in (prs.slide_master, *prs.slide_layouts):
        for shape in part.placeholders:
            shape.left, shape.width = Emu(round(shape.left * k)), Emu(round(shape.width * k))
    title_only = layout(prs, "content")
    title_only.placeholders[0].left = Inches(MARGIN_X)
    title_only.placeholders[0].top = Inches(TITLE_TOP)
    title_only.placeholders[0].width = SLIDE_W - Inches(2 * MARGIN_X)
    title_only.placeholders[0].height = Inches(TITLE_H)
    return prs


def layout(prs, role: str):
    name = role_layouts()[role]
    for candidate in prs.slide_layouts:
        if candidate.name == name:
            return candidate
    raise KeyError(f"the template has no layout named {name!r} (role {role}); it has: "
                   + ", ".join(lay.name for lay in prs.slide_layouts))
