"""What the notebooks call to show a section: the same HTML the report is assembled from."""

from __future__ import annotations

from IPython.display import HTML, display

from cspreport.report import OPTIONAL_SECTIONS, Report


def show(report: Report, *keys: str) -> None:
    """Display the sections ``keys`` of ``report`` (all sections when none are named)."""
    if not keys:
        sections = list(report.sections)
    else:  # a section the edition's data cannot give (no event logs: no monthly series) is skipped
        sections = [report.section(k) for k in keys
                    if not (k in OPTIONAL_SECTIONS and not report.has(k))]
    ready = report.prerendered or {}
    for section in sections:
        if section.key in ready:
            display(HTML(ready[section.key]))
        else:
            from cspreport.render.html import section_html

            display(HTML(section_html(section, report)))
