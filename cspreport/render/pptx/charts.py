"""Native PowerPoint charts, their data embedded so that management can edit them.

A full-size chart labels every bar and hides the value axis; one of several charts on a slide
is titled, has a light value axis instead of labels, and draws an earlier year in a light solid
colour beside the year's dark one (they differ in lightness, not only in hue). No chart text is
smaller than 14 pt; every chart title looks alike (``chart_title``). A legend appears only
when there are several series; a stacked segment too small for its label loses the label (the
table beside the chart gives the value).
"""

from __future__ import annotations

from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.util import Inches, Pt

from cspreport import style
from cspreport.i18n import Formatter
from cspreport.render.apart import apart_gap
from cspreport.render.pptx import oxml
from cspreport.render.pptx.geometry import Area
from cspreport.render.pptx.text import rgb
from cspreport.report import Chart

CHART_TITLE_PT = 18  # every chart title of the deck: this size, bold, in the accent colour

CHART_TYPES = {"column": XL_CHART_TYPE.COLUMN_CLUSTERED, "bar": XL_CHART_TYPE.BAR_CLUSTERED,
               "stacked_bar_100": XL_CHART_TYPE.BAR_STACKED_100,
               "line": XL_CHART_TYPE.LINE_MARKERS}


def add_chart(slide, chart: Chart, area: Area, *, fmt: Formatter, brand: str,
              small: bool = False, text_colour: str = style.TEXT,
              title_colour: str | None = None) -> None:
    """Draw ``chart`` as a native chart covering ``area``; ``small`` for one of several;
    ``text_colour`` for its axes and legend (the template's text colour)."""
    number_format = fmt.chart_number_format(chart.decimals, chart.percent)
    data = CategoryChartData(number_format=number_format)
    gap = apart_gap(chart)
    data.categories = _with_gap(list(chart.categories), gap, "")
    for s in chart.series:
        data.add_series(s.name, _with_gap(list(s.values), gap, None))
    frame = slide.shapes.add_chart(CHART_TYPES[chart.kind], Inches(area.x), Inches(area.y),
                                   Inches(area.w), Inches(area.h), data)
    oxml.set_alt_text(frame, chart.alt)
    ch = frame.chart
    ch.font.size, ch.font.name = Pt(14), style.FONT
    ch.font.color.rgb = rgb(text_colour)
    title_colour = title_colour or brand
    if chart.kind == "line":
        _style_line(ch, chart, number_format, brand, title_colour, small)
    elif small:
        _style_small(ch, chart, number_format, brand, title_colour)
    else:
        _style_full(ch, chart, number_format, brand, text_colour, title_colour)


def chart_title(ch, text: str, colour: str) -> None:
    """The chart's title as every chart of the deck has it: ``CHART_TITLE_PT``, bold,
    ``colour`` (one chart style across the slides)."""
    ch.has_title = True
    ch.chart_title.text_frame.text = text
    font = ch.chart_title.text_frame.paragraphs[0].runs[0].font
    font.size, font.bold = Pt(CHART_TITLE_PT), True
    font.color.rgb = rgb(colour)


def _style_line(ch, chart: Chart, number_format: str, brand: str, title_colour: str,
                small: bool) -> None:
    """A trend: lines with markers over a light value axis (a label on every point would
    crowd a year of months); one series in the brand colour, several in the series colours
    with a legend. Titled with what it counts when one of several (``small``) or when a
    single series has no legend to say it."""
    ch.has_title = False
    if small or (len(chart.series) == 1 and chart.value_title):
        chart_title(ch, chart.value_title, title_colour)
    legend(ch, len(chart.series), 14)
    axis = _value_axis(ch, number_format)
    if chart.percent:
        axis.maximum_scale, axis.minimum_scale = 100, 0
    ch.category_axis.tick_labels.font.size = Pt(14)
    ch.category_axis.format.line.color.rgb = rgb(style.MUTED)
    for i, series in enumerate(ch.plots[0].series):
        colour = rgb(brand if len(chart.series) == 1 else style.SERIES[i % len(style.SERIES)])
        series.smooth = False
        series.format.line.color.rgb = colour
        series.format.line.width = Pt(2.5)
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = colour
        series.marker.format.line.color.rgb = colour


def _style_full(ch, chart: Chart, number_format: str, brand: str, text_colour: str,
                title_colour: str) -> None:
    """The only chart on its slide: every bar labelled, no value axis. With one series the
    chart is titled with what its values count (e.g. "Respondents"), since no legend or axis
    says it; with several, the legend names them."""
    ch.has_title = False
    if len(chart.series) == 1 and chart.value_title:
        chart_title(ch, chart.value_title, title_colour)
    legend(ch, len(chart.series), 14)
    plot = ch.plots[0]
    plot.gap_width = 60
    if chart.kind == "stacked_bar_100":
        plot.overlap = 100
    elif len(chart.series) > 1:
        plot.overlap = -10
    value_axis, category_axis = ch.value_axis, ch.category_axis
    value_axis.has_major_gridlines = False
    value_axis.visible = False  # every bar is labelled; the axis would only repeat it
    if chart.percent and chart.kind != "stacked_bar_100":
        value_axis.maximum_scale, value_axis.minimum_scale = 100, 0
    category_axis.tick_labels.font.size = Pt(16)
    category_axis.format.line.color.rgb = rgb(style.MUTED)
    if chart.kind in ("bar", "stacked_bar_100"):
        category_axis.reverse_order = True  # first category on top, as read
    for i, series in enumerate(plot.series):
        fill = brand if len(chart.series) == 1 else style.SERIES[i % len(style.SERIES)]
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = rgb(fill)
        labels = series.data_labels
        labels.show_value = True
        labels.number_format, labels.number_format_is_linked = number_format, False
        labels.font.size = Pt(14 if chart.kind == "stacked_bar_100" else 16)
        labels.font.bold = True
        if chart.kind == "stacked_bar_100":
            labels.position = XL_LABEL_POSITION.CENTER
            labels.font.color.rgb = rgb(style.label_colour(fill))
        else:
            labels.position = XL_LABEL_POSITION.OUTSIDE_END
            labels.font.color.rgb = rgb(text_colour)
    hide_small_labels(plot, chart)
    if len(chart.series) == 1:
        _mute_apart(plot.series[0], chart)


def _with_gap(values: list, gap: int | None, blank) -> list:
    return values if gap is None else [*values[:gap], blank, *values[gap:]]


def _mute_apart(series, chart: Chart) -> None:
    """Categories drawn apart look unlike the themes, and lighter, so that they are not the
    eye's first stop even when the longest: a pale grey bar with a grey outline (the
    outline keeps it 7:1 against white; no hatching, which no chart here uses) and a grey
    label that is not bold, 14 pt."""
    shift = 0 if apart_gap(chart) is None else 1
    for index in chart.apart:
        if chart.series[0].values[index] is None:  # suppressed: no bar, no label
            continue
        point = series.points[index + shift]
        fill = point.format.fill
        fill.solid()
        fill.fore_color.rgb = rgb(style.APART)
        point.format.line.color.rgb = rgb(style.MUTED)
        point.format.line.width = Pt(1)
        # the chart data's number format (a point's own label has no format of its own)
        label = point.data_label
        label.position = XL_LABEL_POSITION.OUTSIDE_END
        label.font.size, label.font.bold = Pt(14), False
        label.font.color.rgb = rgb(style.MUTED)


def _style_small(ch, chart: Chart, number_format: str, brand: str, title_colour: str) -> None:
    """One of several charts on a slide: titled, a light value axis instead of labels on
    every bar; an earlier year in a light solid colour, the latest in the brand colour."""
    chart_title(ch, chart.value_title, title_colour)
    legend(ch, len(chart.series), 14)
    plot = ch.plots[0]
    plot.gap_width, plot.overlap = 40, 0
    _value_axis(ch, number_format)
    ch.category_axis.tick_labels.font.size = Pt(14)
    last = len(chart.series) - 1
    for i, series in enumerate(plot.series):
        fill = series.format.fill
        fill.solid()
        fill.fore_color.rgb = rgb(brand if i == last else style.SERIES[1])


def legend(ch, n_series: int, size: float) -> None:
    """A legend under the plot, only when there is more than one series to tell apart."""
    ch.has_legend = n_series > 1
    if ch.has_legend:
        ch.legend.position = XL_LEGEND_POSITION.BOTTOM
        ch.legend.include_in_layout = False
        ch.legend.font.size = Pt(size)


def hide_small_labels(plot, chart: Chart) -> None:
    """A segment under SMALL_SEGMENT % has no room for its label (the table beside the chart
    gives it); delete those labels one by one."""
    if chart.kind != "stacked_bar_100":
        return
    for series, model_series in zip(plot.series, chart.series, strict=True):
        for idx, value in enumerate(model_series.values):
            if value < style.SMALL_SEGMENT:
                oxml.delete_data_label(series, idx)


def _value_axis(ch, number_format: str):
    """The value axis as every chart of the deck draws it: light gridlines, no axis line,
    14 pt labels in the chart's number format."""
    axis = ch.value_axis
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = rgb(style.CARD_LINE)
    axis.format.line.fill.background()
    axis.tick_labels.font.size = Pt(14)
    axis.tick_labels.number_format = number_format
    axis.tick_labels.number_format_is_linked = False
    return axis
