"""Categories a chart draws apart (``Chart.apart``, e.g. the comments that raise no theme): how
the deck and the HTML report both set them apart. Kept free of python-pptx, so that drawing a
chart in a notebook does not import the deck's libraries.
"""

from __future__ import annotations

import dataclasses

from cspreport.i18n import Formatter
from cspreport.report import Chart


def without_apart(chart: Chart, caption: str, fmt: Formatter) -> tuple[Chart, str]:
    """The chart without the categories drawn apart (e.g. the comments that raise no theme:
    not a theme, so not a bar that would be the eye's first stop when the longest), and the
    caption that says them in words instead ("Category: value" added for any value the caption
    does not already give; the captions name no bar, so they stay true without it). The deck
    and the HTML report both show a chart so."""
    if not chart.apart or len(chart.series) != 1:
        return chart, caption
    keep = [i for i in range(len(chart.categories)) if i not in chart.apart]
    values = chart.series[0].values
    shown = dataclasses.replace(
        chart, categories=tuple(chart.categories[i] for i in keep), apart=(),
        series=(dataclasses.replace(chart.series[0], values=tuple(values[i] for i in keep)),))
    for i in chart.apart:
        if values[i] is not None and fmt.number(values[i], chart.decimals) not in caption:
            caption += f" {chart.categories[i]}: {fmt.number(values[i], chart.decimals)}."
    return shown, caption.strip()


def apart_gap(chart: Chart) -> int | None:
    """Where an empty row goes between the categories and those drawn apart (e.g. "other
    comments", not a theme), so that the eye sees them as a group of their own: before the
    first of them, when they close a single-series chart; None otherwise."""
    apart = sorted(chart.apart)
    n = len(chart.categories)
    if len(chart.series) != 1 or not apart or apart[0] == 0 \
            or apart != list(range(apart[0], n)):
        return None
    return apart[0]


__all__ = ["apart_gap", "without_apart"]
