"""The deck and the HTML report, assembled from executed notebooks.

Every notebook of ``notebooks/`` (in the order of their names: ``01_…``, ``02_…``) publishes
its sections as records in its outputs (``cspreport.publish``). Assembling reads those
records, in the order of the notebooks and of their cells, into one report per language, and
renders them: the deck (``cspreport.render.pptx``) and the HTML page
(``cspreport.render.report_page``). Nothing is computed here: a figure the notebooks did not
publish is not in the presentation. Cells an analyst tagged ``report`` add their outputs to
the HTML report where they stand (converted by nbconvert, without code).

``cspreport assemble FOLDER`` runs this on notebooks executed by papermill by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from cspreport.errors import BuildError
from cspreport.i18n import Formatter
from cspreport.params import Params
from cspreport.publishing import Published, cell_records, cells
from cspreport.render.pptx.deck import render_deck
from cspreport.render.report_page import render_report_page
from cspreport.render.workbook import write_tables_workbook
from cspreport.report import Key, Report
from cspreport.reproducible import fixed_datetime, normalise_zip

REPORT_TAG = "report"  # a cell with this tag adds its outputs to the HTML report


@dataclass(frozen=True)
class Assembled:
    """One language's report (every published section: the deck) and the HTML page's blocks
    in order: a section's key, or the HTML of an analyst's tagged cell. A section published
    for the deck only (the closing slide) has no block."""

    report: Report
    blocks: tuple[tuple[str, str], ...] = ()  # ("section", key) | ("html", markup)
    params: Params = field(default_factory=Params)
    deck_keys: tuple[str, ...] | None = None  # the sections the deck shows (None: all)

    def deck(self) -> Report:
        """The report as the deck shows it: without the sections published for HTML only."""
        from dataclasses import replace

        if self.deck_keys is None:
            return self.report
        return replace(self.report, sections=tuple(s for s in self.report.sections
                                                   if s.key in self.deck_keys))


def notebook_paths(folder: Path) -> list[Path]:
    """The notebooks of a folder in presentation order (by name)."""
    return sorted(p for p in Path(folder).glob("*.ipynb") if not p.name.startswith("."))


def read_notebooks(folder: Path) -> list[tuple[str, nbformat.NotebookNode]]:
    paths = notebook_paths(folder)
    if not paths:
        raise BuildError(f"{folder}: no executed notebooks (*.ipynb) to assemble")
    return [(p.name, nbformat.read(p, as_version=4)) for p in paths]


def run_params(name: str, nb: nbformat.NotebookNode) -> Params:
    """The parameters papermill ran a notebook with (recorded in its metadata)."""
    given = nb.metadata.get("papermill", {}).get("parameters")
    if given is None:
        raise BuildError(f"{name}: not executed by papermill (no parameters in its "
                         "metadata); run it with papermill -f params/<edition>.yaml")
    return Params.from_mapping(dict(given), origin=f"{name} (papermill parameters)")


def assemble(notebooks: list[tuple[str, nbformat.NotebookNode]]) -> dict[str, Assembled]:
    """One report per language from the records of ``notebooks`` (name, executed notebook)."""
    params = None
    published: list[tuple[str, Published | str]] = []
    for name, nb in notebooks:
        here = run_params(name, nb)
        if params is not None and here.for_notebooks("lv") != params.for_notebooks("lv"):
            raise BuildError(f"{name}: executed with other parameters than "
                             f"{notebooks[0][0]}; run every notebook with the same params file")
        params = params or here
        numbered = cells(nb)
        for i, cell in enumerate(numbered, start=1):
            if cell.get("cell_type") != "code":
                continue
            if REPORT_TAG in cell.get("metadata", {}).get("tags", []):
                published.append((name, _cell_html(cell)))
                continue
            where = f"{name}, cell {i} of {len(numbered)}"
            published += [(name, p) for p in cell_records(cell, where)]
    if params is None or not any(isinstance(p, Published) for _, p in published):
        raise BuildError("the notebooks published no section: were they executed?")
    return from_published(params, published)


def from_published(params: Params, published: list[tuple[str, Published | str]]
                   ) -> dict[str, Assembled]:
    """One report per language from published sections (and analysts' HTML blocks), each
    with the name of the notebook it came from, in presentation order."""
    out = {}
    for lang in params.languages:
        sections, blocks, figures, warnings, keys, deck = [], [], {}, [], set(), []
        for name, item in published:
            if isinstance(item, str):
                blocks.append(("html", item))
                continue
            section = item.sections.get(lang) or next(iter(item.sections.values()))
            if section.key in keys:
                raise BuildError(f"{name}: section {section.key!r} is published twice")
            keys.add(section.key)
            sections.append(section)
            figures[section.key] = item.figures.get(lang, ())
            warnings += item.warnings
            if "html" in item.outputs:
                blocks.append(("section", section.key))
            if "deck" in item.outputs:
                deck.append(section.key)
        title = next((s.title for s in sections if s.key == Key.TITLE), "")
        fmt = Formatter(lang)
        report = Report(lang, params.edition, params.period_start, params.period_end,
                        fmt.period(params.period_start, params.period_end), title,
                        tuple(sections), params.data_dir, tuple(dict.fromkeys(warnings)),
                        figures)
        out[lang] = Assembled(report, tuple(blocks), params, tuple(deck))
    return out


def _cell_html(cell) -> str:
    """An analyst's tagged cell, its outputs only, as nbconvert renders them."""
    from nbconvert import HTMLExporter

    nb = nbformat.v4.new_notebook(cells=[cell])
    exporter = HTMLExporter(template_name="basic", exclude_input=True,
                            exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb)
    return f'<section class="cs-section cs-analyst">{body}</section>'


def output_names(edition: int, lang: str) -> dict[str, str]:
    stem = f"cspreport-{edition}-{lang}"
    return {"html": f"{stem}.html", "pptx": f"{stem}.pptx", "xlsx": f"{stem}-tables.xlsx"}


def document_date(params: Params) -> dt.datetime:
    """The date stamped into documents: SOURCE_DATE_EPOCH, else noon of the period's end."""
    return fixed_datetime(dt.datetime.combine(params.period_end, dt.time(12)))


def write_outputs(assembled: dict[str, Assembled], folder: Path, provenance: str = "",
                  template_for=None, brand: str | None = None) -> list[Path]:
    """The deck and the HTML report of each language into ``folder``; ``template_for()``
    gives a fresh deck template (default: the built-in one)."""

    written = []
    for lang, item in assembled.items():
        names = output_names(item.report.edition, lang)
        when = document_date(item.params)
        deck = folder / names["pptx"]
        render_deck(item.deck(), deck, provenance=provenance, when=when,
                    template=template_for() if template_for else None, brand=brand)
        normalise_zip(deck, when)
        html = folder / names["html"]
        html.write_text(render_report_page(item.report, item.blocks, provenance, brand),
                        encoding="utf-8")
        tables = write_tables_workbook(item.report, folder / names["xlsx"], when)
        written += [deck, html, tables]
    return written


__all__ = ["Assembled", "assemble", "notebook_paths", "output_names", "read_notebooks",
           "write_outputs"]
