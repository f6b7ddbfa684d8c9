"""The report's charts: axes that end at a round number, percentages at 100."""

import itertools

import pytest

from cspreport.render.figures import nice_axis


@pytest.mark.parametrize(("top", "expected"), [
    # 1 152 respondents: room for the label (×1.15 = 1 325) → the next 250 is 1 500, 6 ticks
    (1152, (1500, 250)),
    (733, (1000, 200)),    # 843 → 1 000 in steps of 200 (5 ticks)
    (29, (40, 10)),        # 33 → 40 in steps of 10
    (9, (12, 2)),          # 10.35 → 12 in steps of 2
    (1, (2, 1)),           # at least one whole step above a count of 1
])
def test_count_axes_end_at_a_round_number(top, expected):
    assert nice_axis(top) == expected


def test_percent_axes_end_at_100():
    assert nice_axis(96, percent=True) == (100, 20)
    assert nice_axis(100, percent=True) == (100, 20)


def test_long_category_labels_are_broken_so_that_neighbours_do_not_touch():
    """The survey's statements under their columns ("Professional and knowledgeable", 30
    characters, in a slot of about 1.5 inches) ran into each other on the page."""
    from cspreport.render.figures import section_figures
    from cspreport.report import Chart, ChartSection, Series

    statements = ("Professional and knowledgeable", "Responsive and interested",
                  "Kind and polite")
    chart = Chart("column", statements, (Series("Fully agree", (78.0, 85.0, 88.0)),
                                         Series("Fully or partly agree", (96.0, 94.0, 94.0))),
                  value_title="Share, %", category_title="Statement", alt="", percent=True)
    (fig,) = section_figures(ChartSection("statements", "Results", chart=chart), "en")
    fig.draw_without_rendering()
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == ["Professional and\nknowledgeable", "Responsive and\ninterested",
                      "Kind and polite"]
    boxes = [t.get_window_extent() for t in ax.get_xticklabels()]
    assert all(left.x1 < right.x0 for left, right in itertools.pairwise(boxes))
    # the legend below the axis title, not over it
    title = ax.xaxis.label.get_window_extent()
    assert all(t.get_window_extent().y1 <= title.y0 for t in ax.get_legend().get_texts())


def _svg_texts(svg: str) -> tuple[float, float, list[tuple[str, float, float]]]:
    """The SVG's width and height (pt) and each text's words and anchor point."""
    import re
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg.split("?>", 1)[1])
    width, height = (float(root.get(k).removesuffix("pt")) for k in ("width", "height"))
    texts = []
    for el in root.iter("{http://www.w3.org/2000/svg}text"):
        if el.get("x") is not None:
            x, y = float(el.get("x")), float(el.get("y"))
        else:  # a line of a broken label: placed by its transform
            x, y = map(float, re.search(r"translate\(([-\d.]+) ([-\d.]+)\)",
                                        el.get("transform")).groups())
        texts.append((el.text, x, y))
    return width, height, texts


def test_a_chart_s_svg_holds_every_word_and_is_the_same_each_time():
    """Saved from the layout of the chart's drawing (one draw): the legend below the axes, the
    axis titles and the labels all lie inside the picture, and the same chart gives the same
    bytes."""
    from cspreport.render.figures import section_svgs
    from cspreport.report import Chart, ChartSection, Series

    chart = Chart("column", ("2019", "2021"), (Series("Fully agree", (78.0, 85.0)),
                                               Series("Partly agree", (15.0, 9.0))),
                  value_title="Share, %", category_title="Survey year", alt="", percent=True)
    section = ChartSection("statements", "Results", chart=chart)
    (svg,) = section_svgs(section, "en")
    assert section_svgs(section, "en") == (svg,)
    width, height, texts = _svg_texts(svg)
    words = [t for t, _, _ in texts]
    for expected in ("Fully agree", "Partly agree", "Share, %", "Survey year", "78%", "2021"):
        assert expected in words
    # every text's anchor inside the picture (a baseline at most the picture's height)
    assert all(0 <= x <= width and 0 < y <= height for _, x, y in texts)
    # the legend is the lowest text, below the axis title
    legend_y = max(y for t, _, y in texts if t == "Fully agree")
    assert legend_y > max(y for t, _, y in texts if t == "Survey year")
    assert legend_y == max(y for _, _, y in texts)


def test_an_analyst_s_figure_with_a_layout_engine_is_saved_tight_too():
    """A figure laid out by matplotlib's engine when drawn (constrained layout) is measured
    by savefig's own tight box: its words inside the picture."""
    from matplotlib.figure import Figure

    from cspreport.render.figures import figure_svg

    fig = Figure(figsize=(4, 3), layout="constrained")
    ax = fig.subplots()
    ax.bar(["a", "b"], [1, 2])
    ax.set_xlabel("Far below the axes", labelpad=40)
    _, height, texts = _svg_texts(figure_svg(fig))
    label = [(x, y) for t, x, y in texts if t == "Far below the axes"]
    assert len(label) == 1 and 0 < label[0][1] <= height
    assert figure_svg(fig) == figure_svg(fig)
