"""Uncertainty of survey shares and the significance of their changes, written once.

- ``wilson``: the Wilson score interval for a proportion (Wilson 1927). Unlike the textbook
  "p ± 1.96·SE" it stays inside [0, 1] and behaves at 0 and n, which matter here: shares of
  84–96% from a few hundred respondents.
- ``kish_n``: Kish's effective sample size, (Σw)² / Σw², for weighted shares: the interval
  of a weighted share is the Wilson interval at the effective n.
- ``two_proportion_z``: the two-sided two-proportion z-test with the pooled variance, for the
  change of one share (e.g. "fully agree") between two independent waves. It asks exactly
  the published question, whether that share changed; it equals the chi-square test of the
  2×2 table (z² = χ²). A chi-square test on the whole distribution would instead ask whether
  anything moved, and could not say which share did.
- ``rounding_range`` and ``change_over_rounding``: a wave known only as published whole
  percentages (2015–2019) is known only up to rounding, so its count is any whole number
  that rounds to the published figure. A change is called significant only when the test
  says so for *every* pair of counts consistent with the published figures; where some
  consistent counts say so and others do not, the data cannot tell.

  The rule assumed for the publisher's rounding: each published figure on its own, to the
  nearest whole percent, a half rounded away from zero (79.5 → 80), so a published 80% of
  n = 1 018 means 79.5 ≤ 100k/n < 80.5, i.e. k = 810…819; a sum of published figures ("fully
  or partly agree" = 80 + 17) lies in the sum of their ranges. The other rule a publisher may
  have used, largest remainder (the figures forced to sum to 100, as this package publishes a
  wave from an export), allows a figure to lie up to one point off; for the published waves
  2015–2019 it gives the same verdicts (tests/unit/test_metrics.py checks it).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

Z95 = 1.959963984540054  # the two-sided 95% quantile of the standard normal


def wilson(share: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for ``share`` (0–1) observed on ``n`` (effective) respondents."""
    if n <= 0:
        return 0.0, 1.0
    z2 = z * z
    centre = (share + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(share * (1 - share) / n + z2 / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def kish_n(weights: Sequence[float]) -> float:
    total = math.fsum(weights)
    squares = math.fsum(w * w for w in weights)
    return total * total / squares if squares else 0.0


def two_proportion_z(p1: float, n1: float, p2: float, n2: float) -> tuple[float, float]:
    """z and its two-sided p-value for H0: the two shares are equal."""
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 0.0, 1.0
    z = (p2 - p1) / se
    return z, math.erfc(abs(z) / math.sqrt(2))


@dataclass(frozen=True)
class Share:
    """A share with its 95% interval, and what it rests on."""

    value: float  # 0–1
    low: float
    high: float
    n: int  # respondents who answered
    n_eff: float  # effective n (= n when unweighted)
    reconstructed: bool = False  # counts rebuilt from published percentages and n
    weighted: bool = False
    # The counts consistent with the published rounded figures (reconstructed shares), None
    # when the count is known exactly (or is a sum of weights).
    counts: tuple[int, int] | None = None

    @property
    def count_range(self) -> tuple[float, float]:
        """The lowest and highest count (at the effective n) the share may rest on."""
        if self.counts is not None:
            return float(self.counts[0]), float(self.counts[1])
        count = self.value * self.n_eff
        if not self.weighted:  # a whole count, whatever the float of k / n times n gives
            count = float(round(count))
        return count, count

    @property
    def margin(self) -> float:
        """Half the interval's width, in the share's units (0–1)."""
        return (self.high - self.low) / 2


def share(value: float, n: int, n_eff: float | None = None, reconstructed: bool = False,
          weighted: bool = False, counts: tuple[int, int] | None = None) -> Share:
    eff = float(n if n_eff is None else n_eff)
    low, high = wilson(value, eff)
    return Share(value, low, high, n, eff, reconstructed, weighted, counts)


# ----------------------------------------------------------------------------- rounding


def rounding_range(percents: Sequence[float], n: int) -> tuple[int, int]:
    """The lowest and highest count of ``n`` respondents whose answers sum to what the
    published ``percents`` say, each figure rounded on its own, a half away from zero.

    A figure published with d decimals (whole percentages: d = 0) covers the shares within
    half a unit of its last place: P − h ≤ 100k/n < P + h, h = ½·10⁻ᵈ, so
    k = ⌈(P − h)·n/100⌉ … ⌈(P + h)·n/100⌉ − 1, clipped to 0…n. Computed in fractions: a
    bound that falls on a whole count (80% of 1 000) is not moved by floating-point error.
    A sum of figures lies anywhere in the sum of their ranges."""
    low = high = 0
    for p in percents:
        exact = Decimal(repr(float(p))).normalize()
        half = Fraction(1, 2) * Fraction(10) ** min(exact.as_tuple().exponent, 0)
        value = Fraction(exact)
        low += max(0, math.ceil((value - half) * n / 100))
        high += min(n, math.ceil((value + half) * n / 100) - 1)
    return low, high


@dataclass(frozen=True)
class RoundedTest:
    """The two-proportion test over every pair of counts consistent with what is known:
    the least and greatest z (after − before) and the lowest and highest p-value."""

    z_min: float
    z_max: float
    p_low: float
    p_high: float

    def verdict(self, alpha: float = 0.05) -> str:
        """"up" or "down" when significant (two-sided, level ``alpha``) for every pair,
        "cannot_tell" when for some pairs only, "no_change" when for none."""
        if self.p_high < alpha:
            return "up" if self.z_min > 0 else "down"
        return "cannot_tell" if self.p_low < alpha else "no_change"


def _z(k1: float, n1: float, k2: float, n2: float) -> float:
    return two_proportion_z(k1 / n1, n1, k2 / n2, n2)[0]


def _p(z: float) -> float:
    return math.erfc(abs(z) / math.sqrt(2))


def change_over_rounding(before: tuple[float, float], n1: float, after: tuple[float, float],
                         n2: float, enumerate_up_to: int = 10_000) -> RoundedTest:
    """The change from ``before`` to ``after`` tested for every pair of counts in their
    ranges (lowest, highest count of n₁ and n₂; equal ends for a count known exactly).

    z rises with the after-count and falls with the before-count: d z / d k₁ has the sign
    of −[P(1−P)/n₁ − (p₁−p₂)(1−2P)/(2N)], and the bracket is at least min(P, 1−P)/2n₁ > 0 (P the
    pooled share, N = n₁ + n₂; the same with n₂ for k₂). So over the ranges z is least at
    (highest before, lowest after) and greatest at (lowest before, highest after): the
    smallest p-value is at one of those two corners, and the change is significant for
    every pair exactly when both corners' z lie beyond the critical value on one side. The
    largest p-value is at the other corner, or, when z changes sign inside the ranges, at the
    pair whose shares are nearest equal. Where the ranges hold at most ``enumerate_up_to``
    pairs of whole counts every pair is tested instead, as a guard on that argument
    (tests/unit/test_uncertainty.py checks that both agree)."""
    (l1, h1), (l2, h2) = before, after
    whole = all(float(k).is_integer() for k in (l1, h1, l2, h2))
    if whole and (h1 - l1 + 1) * (h2 - l2 + 1) <= enumerate_up_to:
        zs = [_z(k1, n1, k2, n2) for k1, k2 in itertools.product(
            range(int(l1), int(h1) + 1), range(int(l2), int(h2) + 1))]
        return RoundedTest(min(zs), max(zs), _p(max(zs, key=abs)), _p(min(zs, key=abs)))
    return over_corners(before, n1, after, n2)


def over_corners(before: tuple[float, float], n1: float, after: tuple[float, float],
                 n2: float) -> RoundedTest:
    """``change_over_rounding`` from the ranges' corners alone (see there why that
    suffices)."""
    (l1, h1), (l2, h2) = before, after
    z_min, z_max = _z(h1, n1, l2, n2), _z(l1, n1, h2, n2)
    p_low = _p(max(z_min, z_max, key=abs))
    if z_min > 0 or z_max < 0:
        return RoundedTest(z_min, z_max, p_low, _p(min(z_min, z_max, key=abs)))
    if not all(float(k).is_integer() for k in (l1, h1, l2, h2)):
        return RoundedTest(z_min, z_max, p_low, 1.0)  # equal shares lie inside the ranges
    # z is 0 where the shares are equal: for each before-count, the whole after-counts on
    # either side of k₁·n₂/n₁ (z being monotone in the after-count)
    nearest = (_p(_z(k1, n1, k2, n2)) for k1 in range(int(l1), int(h1) + 1)
               for k2 in {min(max(math.floor(k1 * n2 / n1), l2), h2),
                          min(max(math.ceil(k1 * n2 / n1), l2), h2)})
    return RoundedTest(z_min, z_max, p_low, max(nearest))


@dataclass(frozen=True)
class Change:
    """One share's change between two waves: the test on the shares as given (``z``,
    ``p_value``: for a wave known only rounded, on its published figures), and the test over
    every count consistent with the published rounding (``over_rounding``), which decides."""

    before: Share
    after: Share
    z: float
    p_value: float
    over_rounding: RoundedTest | None = None

    @property
    def difference(self) -> float:
        return self.after.value - self.before.value

    @property
    def rounded(self) -> bool:
        """Whether either wave is known only as rounded percentages."""
        return self.before.counts is not None or self.after.counts is not None

    @property
    def p_range(self) -> tuple[float, float]:
        t = self.over_rounding
        return (self.p_value, self.p_value) if t is None else (t.p_low, t.p_high)

    def verdict(self, alpha: float = 0.05) -> str:
        """"up" or "down" (significant for every consistent count), "cannot_tell" (for
        some, not others) or "no_change" (for none)."""
        if self.over_rounding is not None:
            return self.over_rounding.verdict(alpha)
        if self.p_value < alpha:
            return "up" if self.z > 0 else "down"
        return "no_change"

    def significant(self, alpha: float = 0.05) -> bool:
        return self.verdict(alpha) in ("up", "down")

    def cannot_tell(self, alpha: float = 0.05) -> bool:
        return self.verdict(alpha) == "cannot_tell"


def change(before: Share, after: Share) -> Change:
    z, p = two_proportion_z(before.value, before.n_eff, after.value, after.n_eff)
    tested = change_over_rounding(before.count_range, before.n_eff, after.count_range,
                                  after.n_eff)
    return Change(before, after, z, p, tested)
