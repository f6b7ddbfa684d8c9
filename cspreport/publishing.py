"""Publishing a section from a notebook: a preview to look at, and a record to assemble from.

``Edition.publish`` (or ``cspreport.publish``) calls a section builder once per language of
the run and displays one output holding two representations:

- ``text/html``: the section as the report will show it, in the first language (what the
  analyst sees under the cell);
- ``application/vnd.cspreport.section+json``: the sections in every language, the SVG
  pictures of their charts and any warnings, as plain JSON (the pattern of papermill's
  scrapbook: an executed notebook records structured values that a later step reads back).

``cspreport.assemble`` reads these records from executed notebooks, in the order of the
notebooks and their cells, and writes the deck and the HTML report from them alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cspreport.report import Section, section_from_dict, to_dict

MIME = "application/vnd.cspreport.section+json"
FORMAT = 1  # the record's layout; the assembler refuses a record it does not know
OUTPUTS = ("deck", "html")


@dataclass(frozen=True)
class Published:
    """One published section in every language of the run."""

    key: str
    sections: Mapping[str, Section]  # lang -> section
    figures: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> SVGs
    warnings: tuple[str, ...] = ()
    outputs: tuple[str, ...] = OUTPUTS  # where it appears: the deck, the HTML report

    def record(self) -> dict[str, Any]:
        return {"format": FORMAT, "key": self.key,
                "sections": {lang: to_dict(s) for lang, s in self.sections.items()},
                "figures": {lang: list(f) for lang, f in self.figures.items()},
                "warnings": list(self.warnings), "outputs": list(self.outputs)}

    @classmethod
    def from_record(cls, data: Mapping[str, Any]) -> Published:
        if data.get("format") != FORMAT:
            raise ValueError(f"a published section of format {data.get('format')!r}; this "
                             f"cspreport reads format {FORMAT}: re-run the notebook")
        return cls(data["key"],
                   {lang: section_from_dict(s) for lang, s in data["sections"].items()},
                   {lang: tuple(f) for lang, f in data.get("figures", {}).items()},
                   tuple(data.get("warnings", ())), tuple(data.get("outputs", OUTPUTS)))

    def _repr_html_(self) -> str:
        from cspreport.render.html import section_html

        lang = next(iter(self.sections))
        return section_html(self.sections[lang], lang, self.figures.get(lang, ()))

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self._repr_html_(), MIME: self.record()}


def publish_sections(sections: Mapping[str, Section | None], figure=None,
                     warnings: Iterable[str] = (), outputs: Iterable[str] = OUTPUTS) -> None:
    """Display and record ``sections`` (one per language; None: nothing to publish, e.g. no
    monthly series without event logs). ``figure``: a matplotlib figure of your own to show
    in the HTML report instead of the pictures drawn from the section's charts; ``outputs``:
    where the section appears ("deck", "html")."""
    outputs = tuple(outputs)
    if not outputs or set(outputs) - set(OUTPUTS):
        raise ValueError(f"outputs: one or both of {', '.join(OUTPUTS)}; got {outputs}")
    from IPython.display import display

    from cspreport.render.html import section_figures

    if any(s is None for s in sections.values()):
        return None
    first = next(iter(sections.values()))
    if figure is not None:
        svg = figure_svg(figure)
        figures = {lang: (svg,) for lang in sections}
    else:
        figures = {lang: section_figures(s, lang) for lang, s in sections.items()}
    # Displayed, not returned: a cell ending in publish(...) records the section once.
    display(Published(first.key, dict(sections), figures, tuple(warnings), outputs))


def publish(build: Callable[..., Section | None] | Section, *args, edition=None,
            figure=None, warnings: Iterable[str] = (), outputs: Iterable[str] = OUTPUTS,
            **kwargs) -> None:
    """Publish a section: ``build(context, *args, **kwargs)`` for each language of
    ``edition`` (a builder of ``cspreport.sections``), or a ready ``Section`` of your own
    (shown as it is in every language)."""
    if isinstance(build, Section):
        langs = edition.languages if edition is not None else ("lv",)
        return publish_sections({lang: build for lang in langs}, figure, warnings, outputs)
    if edition is None:
        raise TypeError("publish(builder, ...) needs edition=: the edition opened with "
                        "cspreport.open_edition(params)")
    sections = {lang: build(edition.context(lang), *args, **kwargs)
                for lang in edition.languages}
    return publish_sections(sections, figure, [*edition.warnings, *warnings], outputs)


def figure_svg(figure) -> str:
    """A matplotlib figure as SVG, the same bytes for the same figure."""
    import io

    buffer = io.BytesIO()
    with _svg_salt():
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None},
                       bbox_inches="tight")
    return buffer.getvalue().decode("utf-8")


def _svg_salt():
    import matplotlib

    return matplotlib.rc_context({"svg.hashsalt": "cspreport", "svg.fonttype": "none"})


def records(nb) -> list[Published]:
    """The sections an executed notebook published, in cell order."""
    out = []
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if MIME in data:
                out.append(Published.from_record(data[MIME]))
    return out


__all__ = ["MIME", "Published", "figure_svg", "publish", "publish_sections", "records"]
