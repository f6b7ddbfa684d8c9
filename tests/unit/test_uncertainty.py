"""The interval and the test, against statsmodels and against numbers worked out by hand."""

import math

import pytest
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from cspreport.metrics.uncertainty import change, kish_n, share, two_proportion_z, wilson


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
