"""One self-contained HTML page from a report assembled out of executed notebooks.

The page (table of contents, styles, footer) is a Jinja template; each section is rendered by
``cspreport.render.html`` with the pictures its notebook published. Nothing is fetched from
the network when the report is opened: no scripts, no web fonts; images are data URIs.
"""

from __future__ import annotations

import re
from importlib import resources

import jinja2

from cspreport import style
from cspreport.i18n import LANGUAGE_TAGS, Catalogue
from cspreport.render.html import section_html, section_id
from cspreport.report import Report, Section, TilesSection, TitleSection
from cspreport.version import __version__


def render_report_page(report: Report, blocks=None, provenance: str = "",
                       brand: str | None = None) -> str:
    """One page: the sections of ``report`` in the order of ``blocks`` (("section", key) or
    ("html", an analyst's cell)), with their published pictures; ``brand``: the brand
    colour (hex, no #) of the page (its charts are drawn in it by the notebooks)."""
    if blocks is None:
        blocks = [("section", s.key) for s in report.sections]
    folded_into = _folds(report, blocks)

    def figures(section: Section) -> tuple[str, ...]:
        # as the notebook drew them (in the brand colour, a notebook parameter): never redrawn
        return report.figures.get(section.key, ())

    parts, shown = [], []
    for kind, value in blocks:
        if kind == "html":
            parts.append(value)
            continue
        if value in folded_into:
            continue  # shown inside its neighbour
        section = report.section(value)
        folded = [(report.section(k), figures(report.section(k)))
                  for k, into in folded_into.items() if into == value]
        parts.append(section_html(section, report.lang, figures(section), report.lang,
                                  folded))
        shown.append(value)
    body = "\n".join(parts)
    toc = [(section_id(s), s.title) for s in report.sections if s.key in shown]
    t = Catalogue(report.lang)
    files = resources.files("cspreport.templates")
    css = files.joinpath("report.css").read_text("utf-8").replace("FONT_STACK",
                                                                   style.HTML_FONT_STACK)
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
        provenance=_provenance(provenance, t), about=t("report.about"),
    )


def _folds(report: Report, blocks) -> dict[str, str]:
    """Sections too small to stand alone on the page (one tile: a count with nothing beside
    it), each with the section it is shown in: the next one, else the one before. The deck
    keeps them as they are."""
    keys = [value for kind, value in blocks if kind == "section"]

    def single(key: str) -> bool:
        section = report.section(key)
        return section.kind == TilesSection.kind and len(section.tiles) == 1

    folds = {}
    for i, key in enumerate(keys):
        if single(key):
            beside = [k for k in keys[i + 1:i + 2] + keys[max(i - 1, 0):i]
                      if not single(k) and report.section(k).kind != TitleSection.kind]
            if beside:
                folds[key] = beside[0]
    return folds


# The build's one-line summary (cspreport.provenance.BuildRecord.summary) is written in
# English for the deck's properties; on the page its words are the report's.
_PROVENANCE_WORDS = (("inputs sha256", "report.provenance_inputs"),
                     ("(uncommitted changes)", "report.provenance_dirty"),
                     ("no git commit", "report.provenance_no_commit"),
                     ("commit", "report.provenance_commit"))


def _provenance(line: str, t: Catalogue) -> str:
    if not line:
        return ""
    pattern = "|".join(re.escape(words) for words, _ in _PROVENANCE_WORDS)
    said = {words: t(key) for words, key in _PROVENANCE_WORDS}
    return re.sub(pattern, lambda m: said[m.group(0)], line)
