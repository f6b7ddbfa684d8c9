"""One self-contained HTML page from a report assembled out of executed notebooks.

The page (table of contents, styles, footer) is a Jinja template; each section is rendered by
``cspreport.render.html`` with the pictures its notebook published. Nothing is fetched from
the network when the report is opened: no scripts, no web fonts; images are data URIs.
"""

from __future__ import annotations

from importlib import resources

import jinja2

from cspreport.i18n import LANGUAGE_TAGS, Catalogue
from cspreport.render.html import section_html, section_id
from cspreport.report import Report
from cspreport.style import HTML_FONT_STACK
from cspreport.version import __version__


def render_report_page(report: Report, blocks=None, provenance: str = "",
                       brand: str | None = None) -> str:
    """One page: the sections of ``report`` in the order of ``blocks`` (("section", key) or
    ("html", an analyst's cell)), with their published pictures."""
    if blocks is None:
        blocks = [("section", s.key) for s in report.sections]
    parts = []
    for kind, value in blocks:
        if kind == "html":
            parts.append(value)
            continue
        section = report.section(value)
        parts.append(section_html(section, report.lang, report.figures.get(value, ()),
                                  report.lang))
    body = "\n".join(parts)
    shown = {value for kind, value in blocks if kind == "section"}
    toc = [(section_id(s), s.title) for s in report.sections if s.key in shown]
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
