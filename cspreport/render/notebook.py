"""What the notebooks call to show a section: the same HTML the report is assembled from."""

from __future__ import annotations

from IPython.display import HTML, display

from cspreport.model import Report
from cspreport.render.html import section_html


def show(report: Report, *keys: str) -> None:
    """Display the sections ``keys`` of ``report`` (all sections when none are named)."""
    sections = [report.section(k) for k in keys] if keys else list(report.sections)
    for section in sections:
        display(HTML(section_html(section, report)))
