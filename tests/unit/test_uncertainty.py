"""The interval and the test, against statsmodels and against numbers worked out by hand."""

import math
import random

import pytest
from openpyxl import load_workbook
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from cspreport.metrics.uncertainty import (
    change,
    change_over_rounding,
    kish_n,
    over_corners,
    rounding_range,
    share,
    two_proportion_z,
    wilson,
)
from tests.project import ROOT


@pytest.mark.parametrize("n", [1, 2, 5, 17, 100, 733, 1152])
def test_wilson_agrees_with_statsmodels_on_a_grid_including_0_and_n(n):
    for k in sorted({0, 1, n // 3, n // 2, n - 1, n}):
        ours = wilson(k / n, n)
        theirs = proportion_confint(k, n, alpha=0.05, method="wilson")
        assert ours[0] == pytest.approx(theirs[0], abs=1e-9), (k, n)
        assert ours[1] == pytest.approx(theirs[1], abs=1e-9), (k, n)


def test_wilson_by_hand():
    # 8 of 10: centre (0.8 + 1.92/10) / 1.384 = 0.7168, half 1.96/1.384*sqrt(.016+.00960) = 0.2266
    lo, hi = wilson(0.8, 10)
    assert (round(lo, 4), round(hi, 4)) == (0.4902, 0.9433)


def test_kish_effective_n():
    assert kish_n([1, 1, 1, 1]) == 4
    assert kish_n([1, 3]) == pytest.approx(16 / 10)  # (1+3)^2 / (1+9)


def test_two_proportion_z_agrees_with_statsmodels():
    for k1, n1, k2, n2 in [(814, 1018, 616, 733), (428, 579, 814, 1018), (5, 20, 15, 25)]:
        z, p = two_proportion_z(k1 / n1, n1, k2 / n2, n2)
        sz, sp = proportions_ztest([k2, k1], [n2, n1])
        assert z == pytest.approx(sz, abs=1e-9)
        assert p == pytest.approx(sp, abs=1e-9)


def test_two_proportion_z_by_hand():
    # 50/100 vs 60/100: pooled .55, se sqrt(.55*.45*.02) = .070356, z = .1/.070356 = 1.4213
    z, p = two_proportion_z(0.5, 100, 0.6, 100)
    assert round(z, 4) == 1.4213
    assert round(p, 4) == round(math.erfc(1.4213 / math.sqrt(2)), 4) == 0.1552


def test_change_is_significant_below_5_percent():
    big = change(share(0.74, 579), share(0.84, 733))
    assert big.significant() and big.difference == pytest.approx(0.10)
    small = change(share(0.80, 1018), share(0.81, 733))
    assert not small.significant()


# ----------------------------------------------------------------------------- rounding

EXPORT = ROOT / "data" / "2021" / "exports" / "survey_2021.xlsx"


def test_rounding_range_by_hand():
    # 80% of 1 018, rounded half away from zero: 79.5 <= 100k/1018 < 80.5
    # -> 809.31 <= k < 819.49 -> k = 810..819 (809 is 79.47%, 820 is 80.55%)
    assert rounding_range([80], 1018) == (810, 819)
    # 17%: 16.5 <= 100k/1018 < 17.5 -> 167.97 <= k < 178.15 -> 168..178
    assert rounding_range([17], 1018) == (168, 178)
    # "fully or partly" = 80 + 17 published separately: the sum of the ranges
    assert rounding_range([80, 17], 1018) == (978, 997)
    # a bound on a whole count: 80.5% of 1 000 is 805 exactly and rounds up to 81
    assert rounding_range([80], 1000) == (795, 804)
    assert rounding_range([0], 1018) == (0, 5)  # 5/1018 = 0.49%; 6/1018 = 0.59%
    assert rounding_range([100], 1018) == (1013, 1018)  # 1012/1018 = 99.41%
    assert rounding_range([80.5], 1000) == (805, 805)  # one decimal: 80.45 <= x < 80.55


def _count_2021_overall() -> tuple[int, int, int]:
    """2021's overall statement counted in the export as a person would: fully agree, fully
    or partly agree, respondents who answered."""
    sheet = load_workbook(EXPORT, read_only=True)["Atbildes"]
    rows = list(sheet.iter_rows(values_only=True))
    answers = [r[rows[0].index("Saziņa, kultūra, profesionalitāte")] for r in rows[1:]]
    fully = answers.count("Pilnībā piekrīt")
    return fully, fully + answers.count("Daļēji piekrīt"), len(answers)


def test_naive_says_significant_the_rule_says_cannot_tell():
    fully, either, n = _count_2021_overall()
    assert (fully, either, n) == (616, 697, 733)  # 84% and 95% as published
    # 2019 published 80 + 17 = 97 of n = 1 018. Naive: the midpoint count 0.97 * 1018 = 987.46
    _, naive = proportions_ztest([0.97 * 1018, 697], [1018, 733])
    assert naive < 0.05  # "significant": z = 2.06, p ≈ 0.039
    # The counts consistent with 80 and 17: 810..819 + 168..178 = 978..997 (96.07–97.94%).
    # Against 697/733 = 95.09%:
    #   k = 997 (97.94%): gap 2.85 p.p., pooled 1694/1751 = 0.9674, z = 3.31, p ≈ 0.0009
    #   k = 978 (96.07%): gap 0.98 p.p., pooled 1675/1751 = 0.9566, z = 0.99, p ≈ 0.32
    _, p_high_end = proportions_ztest([997, 697], [1018, 733])
    _, p_low_end = proportions_ztest([978, 697], [1018, 733])
    assert p_high_end < 0.001 and 0.3 < p_low_end < 0.33
    tested = change_over_rounding((978, 997), 1018, (697, 697), 733)
    assert tested.p_low == pytest.approx(p_high_end, abs=1e-9)
    assert tested.p_high == pytest.approx(p_low_end, abs=1e-9)
    assert tested.verdict() == "cannot_tell"
    # and through the shares as the survey metrics build them
    ch = change(share(0.97, 1018, reconstructed=True, counts=(978, 997)), share(697 / 733, 733))
    assert ch.p_value < 0.05 and ch.cannot_tell() and not ch.significant()


def test_significant_over_the_whole_range():
    # 2017 → 2019, fully agree: 74% of 579 -> 73.5 <= 100k/579 < 74.5 -> k = 426..431;
    # 80% of 1 018 -> 810..819. The least favourable pair is 431/579 = 74.44% against
    # 810/1018 = 79.57% (gap 5.1 p.p., p ≈ 0.018); the most, 426 against 819 (p ≈ 0.0014)
    assert rounding_range([74], 579) == (426, 431)
    _, worst = proportions_ztest([431, 810], [579, 1018])
    _, best = proportions_ztest([426, 819], [579, 1018])
    assert best < worst < 0.05
    tested = change_over_rounding((426, 431), 579, (810, 819), 1018)
    assert (tested.p_low, tested.p_high) == (pytest.approx(best, abs=1e-12),
                                             pytest.approx(worst, abs=1e-12))
    assert tested.verdict() == "up"
    assert change_over_rounding((810, 819), 1018, (426, 431), 579).verdict() == "down"


def test_exact_counts_on_both_sides_unchanged():
    # two exported waves: the one pair of counts, the test as before
    ch = change(share(428 / 579, 579), share(616 / 733, 733))
    _, p = proportions_ztest([428, 616], [579, 733])
    assert ch.p_range == (pytest.approx(p, abs=1e-12), pytest.approx(p, abs=1e-12))
    assert ch.p_value == pytest.approx(p, abs=1e-12)
    assert ch.significant() and ch.verdict() == "up" and not ch.rounded
    flat = change(share(0.80, 1000), share(0.81, 700))
    assert flat.verdict() == "no_change" and not flat.cannot_tell()


def test_corners_agree_with_every_pair():
    """The corners argument (z monotone in each count) against testing every pair, on ranges
    that do and do not overlap, small and large n."""
    rng = random.Random(19)
    for _ in range(300):
        n1, n2 = rng.randint(5, 1500), rng.randint(5, 1500)
        l1, l2 = rng.randint(0, n1), rng.randint(0, n2)
        h1, h2 = min(n1, l1 + rng.randint(0, 25)), min(n2, l2 + rng.randint(0, 25))
        every = change_over_rounding((l1, h1), n1, (l2, h2), n2)
        corners = over_corners((l1, h1), n1, (l2, h2), n2)
        assert corners.p_low == pytest.approx(every.p_low, abs=1e-12), (l1, h1, n1, l2, h2)
        assert corners.p_high == pytest.approx(every.p_high, abs=1e-12), (l1, h1, n1, l2, h2)
        assert corners.verdict() == every.verdict()
