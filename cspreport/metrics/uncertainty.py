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
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

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

    @property
    def margin(self) -> float:
        """Half the interval's width, in the share's units (0–1)."""
        return (self.high - self.low) / 2


def share(value: float, n: int, n_eff: float | None = None, reconstructed: bool = False,
          weighted: bool = False) -> Share:
    eff = float(n if n_eff is None else n_eff)
    low, high = wilson(value, eff)
    return Share(value, low, high, n, eff, reconstructed, weighted)


@dataclass(frozen=True)
class Change:
    before: Share
    after: Share
    z: float
    p_value: float

    @property
    def difference(self) -> float:
        return self.after.value - self.before.value

    def significant(self, alpha: float = 0.05) -> bool:
        return self.p_value < alpha


def change(before: Share, after: Share) -> Change:
    z, p = two_proportion_z(before.value, before.n_eff, after.value, after.n_eff)
    return Change(before, after, z, p)
