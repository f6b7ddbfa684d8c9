"""The PowerPoint renderer: report model → 16:9 deck with native, editable charts."""

from cspreport.render.pptx.deck import render_deck

__all__ = ["render_deck"]
