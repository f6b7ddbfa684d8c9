"""Find a deck's slides by section: every slide is named after the key of the section it
shows (continuation slides too), so tests and tools need not count slide positions."""

from __future__ import annotations


def slides_for(prs, key: str) -> list:
    """The slides of section ``key``, in order (empty when the deck has none)."""
    return [slide for slide in prs.slides if slide.name == key]


def slide_for(prs, key: str):
    """The first slide of section ``key``; KeyError naming the deck's keys when it has none."""
    slides = slides_for(prs, key)
    if not slides:
        known = list(dict.fromkeys(slide.name for slide in prs.slides))
        raise KeyError(f"no slide for section {key!r}; the deck's sections: "
                       f"{', '.join(known) or 'none'}")
    return slides[0]
