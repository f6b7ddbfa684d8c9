"""Assemble executed notebooks into one self-contained HTML report.

nbconvert's ``basic`` template gives the cell outputs without a page around them; the page
(table of contents, styles, footer) is ours. Nothing is fetched from the network when the
report is opened: no require.js, no MathJax, no web fonts; images are data URIs.
"""

from __future__ import annotations

import re
from importlib import resources

import jinja2
import nbformat
from nbconvert import HTMLExporter

from cspreport import __version__
from cspreport.i18n import LANGUAGE_TAGS, Catalogue
from cspreport.render.html import section_id
from cspreport.render.style import HTML_FONT_STACK
from cspreport.report import Report

_ANCHOR = re.compile(r'<(?:section|header) class="cs-[a-z]+" id="(sec-[a-z_]+)"')


def _published_outputs(nb: nbformat.NotebookNode) -> list:
    """Only what the package displayed goes into the report: no code, no stream output
    (warnings, prints), no analyst notes (markdown cells)."""
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs = [o for o in cell.get("outputs", [])
                   if o.get("output_type") in ("display_data", "execute_result")
                   and "text/html" in o.get("data", {})]
        if outputs:
            new = nbformat.v4.new_code_cell(source="")
            new.outputs = [nbformat.v4.new_output("display_data", data={
                "text/html": o["data"]["text/html"]}) for o in outputs]
            cells.append(new)
    return cells


def render_report_page(notebooks: list[nbformat.NotebookNode], report: Report,
                       provenance: str = "", brand: str | None = None) -> str:
    merged = nbformat.v4.new_notebook(cells=[c for nb in notebooks for c in
                                             _published_outputs(nb)])
    for i, cell in enumerate(merged.cells):
        cell["id"] = f"out-{i:03d}"
    exporter = HTMLExporter(template_name="basic", exclude_input=True,
                            exclude_input_prompt=True, exclude_output_prompt=True,
                            exclude_markdown=True, exclude_raw=True)
    body, _ = exporter.from_notebook_node(merged)
    shown = set(_ANCHOR.findall(body))
    toc = [(section_id(s), s.title) for s in report.sections if section_id(s) in shown]
    t = Catalogue(report.lang)
    files = resources.files("cspreport.templates")
    css = files.joinpath("report.css").read_text("utf-8").replace("FONT_STACK", HTML_FONT_STACK)
    if brand:
        css = css.replace("--brand: #1F4E79", f"--brand: #{brand}")
    env = jinja2.Environment(autoescape=True, keep_trailing_newline=True)
    page = env.from_string(files.joinpath("report.html.j2").read_text("utf-8"))
    footer = " · ".join((t("report.generated", edition=report.edition),
                         t("report.period", period=report.period_text)))
    return page.render(
        lang_tag=LANGUAGE_TAGS[report.lang], title=f"{report.title} {report.edition}",
        css=jinja2.utils.markupsafe.Markup(css), body=jinja2.utils.markupsafe.Markup(body),
        toc=toc, contents=t("report.contents"), footer=footer, version=__version__,
        provenance=provenance,
    )
