"""The PowerPoint renderer: report model → 16:9 deck with native, editable charts."""

from cspreport.render.pptx.deck import render_deck
from cspreport.render.pptx.find import slide_for, slides_for

__all__ = ["render_deck", "slide_for", "slides_for"]
