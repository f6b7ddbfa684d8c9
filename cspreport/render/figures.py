"""The report's chart pictures, drawn with seaborn from the same ``Chart`` models that become
native charts in the deck: one drawing per section kind (``section_figures``), which the HTML
report shows and a notebook displays, and which an analyst may change before publishing.

Pictures are SVG without a date stamp, with a fixed hash salt for their element ids, so the
same figure gives the same bytes; SVG stays sharp on any screen.
"""

from __future__ import annotations

import functools
import io
import textwrap
import threading

import matplotlib
import matplotlib.font_manager
import matplotlib.layout_engine
import matplotlib.ticker
import matplotlib.transforms
import pandas as pd
from matplotlib.figure import Figure

from cspreport import style
from cspreport.i18n import Formatter
from cspreport.render.apart import apart_gap, without_apart
from cspreport.report import Chart, ChartSection, ChartsSection, Section


def _fonts() -> list[str]:
    """The deck's font where it is installed (Carlito is Calibri's metric twin), else
    matplotlib's own: naming a missing family would log a warning for every text drawn."""
    installed = {f.name for f in matplotlib.font_manager.fontManager.ttflist}
    return [f for f in ("Carlito", "Calibri") if f in installed] + ["DejaVu Sans"]


_RC = {
    "font.family": _fonts(),
    "font.size": 11,
    "axes.spines.right": False,
    "axes.spines.top": False,
}
_SVG = {
    "svg.hashsalt": "cspreport",
    "svg.fonttype": "none",  # text stays text: small, sharp, selectable, read by screen readers
}


def _palette(n: int, brand: str) -> list[str]:
    """One series in the brand colour; answers (several series) in the diverging palette,
    whatever the brand: as the deck draws them."""
    return ["#" + brand] if n == 1 else ["#" + c for c in style.SERIES[:n]]


def _axis_titles(ax, x: str, y: str) -> None:
    """Axis titles apart from the tick labels: set off by space, smaller, grey and italic, so
    that a title under a row of category labels does not read as part of the nearest one."""
    title = {"color": "#" + style.MUTED, "fontstyle": "italic", "fontsize": 10}
    ax.set_xlabel(x, labelpad=10, **title)
    ax.set_ylabel(y, labelpad=10, **title)


# rcParams are global: one report figure at a time. Figures are made without pyplot (no
# backend is chosen, nothing is shown, a notebook's own inline charts are left alone).
_RC_LOCK = threading.Lock()
_PAD_IN = 0.05  # white margin around a saved chart's tight box (inches)

# How large each section kind's charts are drawn (inches): small enough that their words
# stay readable when a phone scales the picture to fit; small multiples smaller, titled.
# A phone of 390 px shows a chart about 360 px wide: drawn 4.6 in wide (442 px at 96 dpi), its
# 11 pt words are still about 12 px there; on a wide screen it is drawn about 1.2 times larger.
_ONE_CHART = {"width_in": 4.6, "height_in": 3.4}
# labels of horizontal bars broken at this many characters: a long theme name ("Communication
# and preventive measures") would take the width the bars need on a narrow chart
_BAR_LABEL = 22
_MULTIPLE = {"width_in": 4.4, "height_in": 2.8, "title": True}


def section_figures(section: Section, lang: str, brand: str | None = None
                    ) -> tuple[Figure, ...]:
    """The report's pictures of ``section``'s charts, one matplotlib Figure per chart in
    order (none for a section without charts): the words and numbers of ``lang``, ``brand``
    (hex, no #; default: the palette's) as the main colour, labelled axes. The one drawing of
    a section kind, for the HTML report and for an analyst to change before publishing
    (``ed.figures``); ``figure_svg`` turns one into the report's SVG."""
    fmt = Formatter(lang)
    if section.kind == ChartSection.kind:
        # without the categories set apart, as the deck: the caption says them
        charts = (without_apart(section.chart, "", fmt)[0],) if section.chart is not None \
            else ()
        size = _ONE_CHART
    elif section.kind == ChartsSection.kind:
        charts, size = section.charts, _MULTIPLE
    else:
        return ()
    return tuple(chart_figure(chart, fmt, brand=brand, **size) for chart in charts)


def section_svgs(section: Section, lang: str, brand: str | None = None) -> tuple[str, ...]:
    """``section_figures`` as the report's SVG markup."""
    return tuple(figure_svg(figure) for figure in section_figures(section, lang, brand))


def chart_figure(chart: Chart, fmt: Formatter, width_in: float = 8.0, height_in: float = 4.2,
                 title: bool = False, brand: str | None = None) -> Figure:
    """One chart drawn as the report shows it. ``title``: put the chart's value title on top
    (small multiples); ``brand``: the brand colour (hex, no #) of the single series, of the
    latest year and of the titles, as in the deck (default: the palette's)."""
    import seaborn as sns  # lazy: seaborn and scipy (seconds) only when a chart is drawn
    brand = brand or style.BRAND
    with _RC_LOCK, sns.axes_style("white"), matplotlib.rc_context(_RC):
        fig = Figure(figsize=(width_in, height_in), dpi=110)
        ax = fig.subplots()
        if chart.kind == "stacked_bar_100":
            _stacked(ax, chart, fmt)
        elif chart.kind == "line":
            _line(ax, chart, fmt, brand)
        else:
            _grouped(ax, chart, fmt, brand, small=title)
        if title:
            ax.set_title(chart.value_title, loc="left", fontweight="bold", color="#" + brand)
            ax.set_ylabel("")
            ax.set_xlabel("")  # months speak for themselves; the legend goes there
        # laid out once, as fig.tight_layout() does, but leaving the figure without a layout
        # engine: with one, saving lays it out again in a draw that only measures
        matplotlib.layout_engine.TightLayoutEngine().execute(fig)
    return fig


def figure_svg(figure: Figure) -> str:
    """A matplotlib figure (the report's, changed or not, or one of an analyst's own) as the
    report's SVG: text kept as text, no date, ids from a fixed salt, so the same figure gives
    the same bytes; "tight", so that a legend below the axes is never cut off."""
    buffer = io.BytesIO()
    with _RC_LOCK, matplotlib.rc_context(_SVG):
        # a figure without a layout engine (the report's, most of an analyst's own) is
        # measured as it stands; savefig's "tight" would first draw it once to measure it
        bbox = ("tight" if figure.get_layout_engine() is not None
                else figure.get_tightbbox().padded(_PAD_IN))
        figure.savefig(buffer, format="svg", bbox_inches=bbox, pad_inches=_PAD_IN,
                       metadata={"Date": None, "Creator": None})
    return buffer.getvalue().decode("utf-8")


def _label(value: float, chart: Chart, fmt: Formatter) -> str:
    if value is None or value != value:  # suppressed
        return ""
    text = fmt.number(value, chart.decimals)
    return text + "%" if chart.percent else text


def _grouped(ax, chart: Chart, fmt: Formatter, brand: str, small: bool = False) -> None:
    import seaborn as sns  # lazy: as in chart_figure
    data = pd.DataFrame(
        [(cat, s.name, v) for s in chart.series for cat, v in
         zip(chart.categories, s.values, strict=True)],
        columns=["category", "series", "value"],
    )
    horizontal = chart.kind == "bar"
    palette = _palette(len(chart.series), brand)
    if small and len(chart.series) == 2:  # an earlier year light, this one dark (as the deck)
        palette = ["#" + style.SERIES[1], "#" + brand]
    # categories drawn apart (e.g. "other comments") follow an empty slot, as in the deck
    gap = apart_gap(chart)
    order = list(dict.fromkeys(chart.categories))
    if gap is not None:
        order = [*order[:gap], _GAP, *order[gap:]]
    titles = (chart.value_title if horizontal else chart.category_title,
              chart.category_title if horizontal else chart.value_title)
    # titled first: seaborn labels an untitled axis, and works out the tick labels to do it
    _axis_titles(ax, *titles)
    # one value a bar: nothing to estimate, no interval (errorbar=None: no bootstrap)
    sns.barplot(data=data, x="value" if horizontal else "category",
                y="category" if horizontal else "value", hue="series",
                palette=palette, ax=ax, saturation=1, order=order, errorbar=None,
                legend=len(chart.series) > 1)
    if small:  # many bars: a light grid instead of a label on each
        ax.grid(axis="y", color="#" + style.CARD_LINE)
        ax.set_axisbelow(True)
    else:
        for container in ax.containers:
            ax.bar_label(container, labels=[_label(v, chart, fmt)
                                            for v in container.datavalues],
                         padding=3, fontweight="bold")
    if len(chart.series) == 1:
        _mute_apart(ax, chart, gap, horizontal)
    _axis_titles(ax, *titles)  # again: an empty title seaborn filled in
    if horizontal:
        lines = 1
        ax.set_yticks(ax.get_yticks(), [textwrap.fill(label.get_text(), _BAR_LABEL)
                                        for label in ax.get_yticklabels()])
    else:
        lines = _wrap_categories(ax, len(order))
    value_axis = ax.xaxis if horizontal else ax.yaxis
    value_axis.set_major_formatter(_tick_formatter(fmt))
    top = max((v for s in chart.series for v in s.values if v is not None), default=1)
    limit, step = nice_axis(top, chart.percent)
    (ax.set_xlim if horizontal else ax.set_ylim)(0, limit)
    value_axis.set_major_locator(matplotlib.ticker.MultipleLocator(step))
    for text in ax.texts:  # labels of bars near the top may reach past the axis
        text.set_clip_on(False)
    if len(chart.series) > 1:
        # below the axis title, not against it: lower by a line (16 pt) for each further
        # line of the category labels above it
        lower = matplotlib.transforms.offset_copy(ax.transAxes, fig=ax.figure,
                                                  y=-16 * (lines - 1), units="points")
        sns.move_legend(ax, "upper center", bbox_to_anchor=(0.5, -0.24), bbox_transform=lower,
                        ncol=len(chart.series), title=None, frameon=False)


def _line(ax, chart: Chart, fmt: Formatter, brand: str) -> None:
    """A trend, as the deck draws it: a line with markers per series over the categories in
    their order (months), a light grid, the value axis in the language's numbers."""
    import seaborn as sns  # lazy: as in chart_figure
    data = pd.DataFrame(
        [(n, cat, s.name, v) for s in chart.series
         for n, (cat, v) in enumerate(zip(chart.categories, s.values, strict=True))],
        columns=["position", "category", "series", "value"])
    sns.lineplot(data=data, x="position", y="value", hue="series", ax=ax, marker="o",
                 errorbar=None,  # one value a point: no interval
                 palette=_palette(len(chart.series), brand), linewidth=2.5,
                 legend=len(chart.series) > 1)
    ax.set_xticks(range(len(chart.categories)), list(chart.categories))
    ax.grid(axis="y", color="#" + style.CARD_LINE)
    ax.set_axisbelow(True)
    ax.set_xlabel(chart.category_title)
    ax.set_ylabel(chart.value_title)
    ax.yaxis.set_major_formatter(_tick_formatter(fmt, "%" if chart.percent else ""))
    top = max((v for s in chart.series for v in s.values if v is not None), default=1)
    limit, step = nice_axis(top, chart.percent)
    ax.set_ylim(0, limit)
    ax.yaxis.set_major_locator(matplotlib.ticker.MultipleLocator(step))
    if len(chart.series) > 1:
        sns.move_legend(ax, "upper center", bbox_to_anchor=(0.5, -0.15), ncol=len(chart.series),
                        title=None, frameon=False)


def _tick_formatter(fmt: Formatter, suffix: str = "") -> matplotlib.ticker.FuncFormatter:
    """Value-axis tick labels in the language's numbers. Each label is asked for at every
    layout and draw: worked out once per value."""
    @functools.cache
    def label(value: float) -> str:
        return fmt.number(value) + suffix

    return matplotlib.ticker.FuncFormatter(lambda value, _: label(value))


def _wrap_categories(ax, slots: int) -> int:
    """Category labels under columns broken into lines as wide as their column's slot, so
    that a long one ("Professional and knowledgeable") does not run into its neighbour;
    returns the most lines a label takes."""
    # about 13 characters of the 11 pt font to an inch of the axes (some 85% of the figure)
    width = max(8, int(ax.figure.get_figwidth() * 0.85 / max(slots, 1) * 13))
    labels = [label.get_text() for label in ax.get_xticklabels()]
    if not any(len(text) > width for text in labels):
        return 1
    wrapped = [textwrap.fill(text, width) for text in labels]
    ax.set_xticks(ax.get_xticks(), wrapped)
    return max(text.count("\n") + 1 for text in wrapped)


_GAP = "\u200b"  # the empty slot's category: a zero-width space, shown as nothing


def _mute_apart(ax, chart: Chart, gap: int | None, horizontal: bool) -> None:
    """Categories drawn apart look unlike the others and lighter, as in the deck: a pale grey
    bar with a grey outline, its label grey and not bold. Bars and labels are found
    by their place on the category axis (seaborn leaves suppressed bars out)."""
    muted = "#" + style.MUTED
    for index in chart.apart:
        if chart.series[0].values[index] is None:
            continue
        place = index + (gap is not None and index >= gap)
        for bar in ax.containers[0]:
            middle = (bar.get_y() + bar.get_height() / 2 if horizontal
                      else bar.get_x() + bar.get_width() / 2)
            if abs(middle - place) < 0.25:
                bar.set_facecolor("#" + style.APART)
                bar.set_edgecolor(muted)
        for text in ax.texts:
            x, y = getattr(text, "xy", text.get_position())  # a bar label: where it points
            if abs((y if horizontal else x) - place) < 0.25:
                text.set_color(muted)
                text.set_fontweight("normal")


def nice_axis(top: float, percent: bool = False) -> tuple[float, float]:
    """The end of a value axis and its tick step: percentages end at 100 in steps of 20; a
    count axis ends at the first "nice" tick (1, 2, 2.5 or 5 times a power of ten) that leaves
    room above the highest bar for its label, with four to six ticks."""
    if percent:
        return 100.0, 20.0
    top = max(float(top), 1.0)
    target = top * 1.15
    for power in range(0, 12):
        for base in (1, 2, 2.5, 5):
            step = base * 10 ** power
            if step * 6 >= target and (step >= 1 or power == 0):
                ticks = -(-target // step)  # ceiling
                return float(ticks * step), float(step)
    return target, target / 5  # pragma: no cover - beyond 10^12


def _stacked(ax, chart: Chart, fmt: Formatter) -> None:
    import seaborn as sns  # lazy: as in chart_figure
    categories = list(chart.categories)[::-1]  # first category on top
    left = [0.0] * len(categories)
    for colour, series in zip(_palette(len(chart.series), style.BRAND), chart.series,
                              strict=True):
        values = list(series.values)[::-1]
        bars = ax.barh(categories, values, left=left, color=colour, label=series.name,
                       height=0.62)
        text_colour = "#" + style.label_colour(colour.lstrip("#"))
        ax.bar_label(bars, labels=[_label(v, chart, fmt) if v >= style.SMALL_SEGMENT else ""
                                   for v in values], label_type="center", color=text_colour,
                     fontweight="bold")
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_xlim(0, 100)
    ax.xaxis.set_major_locator(matplotlib.ticker.MultipleLocator(20))
    _axis_titles(ax, chart.value_title, chart.category_title)
    # two answers a row: four in one row run past the edge of a chart drawn for a phone
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.24), ncol=min(len(chart.series), 2),
              frameon=False)
    sns.despine(ax=ax, left=True)
