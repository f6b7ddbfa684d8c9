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
