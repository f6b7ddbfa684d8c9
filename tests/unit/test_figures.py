"""The report's charts: axes that end at a round number, percentages at 100."""

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
