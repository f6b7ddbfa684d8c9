"""A chart's numbers as rows of a table, for every renderer that shows the figures beside or
instead of the picture: the HTML report's data table and CSV download, the tables workbook.

Categories go down, series across (``chart_rows``), or one row per value
(``chart_long_rows``: the tidy layout of a spreadsheet, e.g. channel, month, year, events). A
value left out for too few respondents (``None`` in a ``Series``) is never drawn as a number:
each renderer says what stands in its place (a dash in a table, an empty cell in a CSV file,
the shorthand [c] in the tables workbook).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from cspreport.report import Chart


def _as_is(chart: Chart, value: float) -> float:
    return value


def chart_rows(charts: Sequence[Chart], cell: Callable[[Chart, float], Any] = _as_is,
               suppressed: Any = None) -> tuple[list[str], list[list]]:
    """(columns, rows) of one chart, or of several charts over the same categories (small
    multiples). Columns: the first chart's category title, then one per series: the series'
    name for one chart; for several, the chart's value title and the series' name ("Calls
    2021"), so that each column says which chart it belongs to. ``cell(chart, value)`` makes
    each shown value (e.g. text in the report's language); a suppressed value becomes
    ``suppressed``."""
    several = len(charts) > 1
    columns = [charts[0].category_title,
               *(f"{c.value_title} {s.name}" if several else s.name
                 for c in charts for s in c.series)]
    rows = [[category, *(suppressed if s.values[i] is None else cell(c, s.values[i])
                         for c in charts for s in c.series)]
            for i, category in enumerate(charts[0].categories)]
    return columns, rows


def apart_rows(chart: Chart, rows: list[list], total: str,
               cell: Callable[[Chart, float], Any] = _as_is) -> list[list]:
    """``rows`` of one chart of counts (``chart_rows``) with the categories it sets apart
    (comments that raise no theme) after a total of the others, labelled ``total``, so that no
    one adds them up with the rest: the themes, "Theme mentions, total 145", then "Other
    comments 38". No total when a count of the others is suppressed (a total beside it would
    give it away); ``rows`` as they are for a chart of shares or of several series."""
    apart = set(chart.apart)
    if not apart or len(chart.series) != 1 or chart.percent or chart.decimals:
        return rows
    values = chart.series[0].values
    kept = [r for i, r in enumerate(rows) if i not in apart]
    others = [v for i, v in enumerate(values) if i not in apart]
    if all(v is not None for v in others):
        kept.append([total, cell(chart, sum(others))])
    return kept + [r for i, r in enumerate(rows) if i in apart]


def total_label(section_key: str, t) -> str:
    """What the total of ``apart_rows`` is called: the themes' comments add up to mentions,
    not to comments (a comment may raise several themes)."""
    return t("workbook.mentions_total") if section_key == "suggestions" else t("workbook.total")


def chart_long_rows(charts: Sequence[Chart], suppressed: Any = None) -> list[list]:
    """One row per value of the charts, tidy: [the chart's value title, category, series'
    name, value] (e.g. ["Calls", "Jan", "2021", 2331.0]), chart by chart, each chart's series
    in turn, categories in their order; a suppressed value becomes ``suppressed``."""
    return [[c.value_title, category, s.name, suppressed if s.values[i] is None else s.values[i]]
            for c in charts for s in c.series for i, category in enumerate(c.categories)]


__all__ = ["apart_rows", "chart_long_rows", "chart_rows", "total_label"]
