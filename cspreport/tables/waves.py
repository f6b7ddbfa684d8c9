"""A survey wave's tables: the answer distribution and the counts of respondents and comments,
in the shape of the aggregate sheets, whether a wave comes from the sheets or from a survey
tool's export of respondents (whole percentages by the largest-remainder rule).

These are the tidy tables the merge needs to set an export's wave beside the sheet's, so they
sit in the tables layer; the survey metrics (``cspreport.metrics.survey``) use them too.
"""

from __future__ import annotations

from fractions import Fraction

import pandas as pd

from cspreport.definitions import ANSWERS
from cspreport.errors import InputError, Location
from cspreport.sources.tidy import SourceRef

# Published percentages are rounded to whole numbers; four of them can miss 100 by up to 2.
SUM_TOLERANCE = 2.0


def participation(table: pd.DataFrame) -> list[tuple[int, int]]:
    """Respondents per wave, oldest wave first."""
    ordered = table.sort_values("wave")
    return [(int(w), int(n)) for w, n in zip(ordered["wave"], ordered["respondents"], strict=True)]


def distribution(answers: pd.DataFrame, statement: str, source: SourceRef) -> pd.DataFrame:
    """Percent per answer (columns, in ANSWERS order) and wave (rows) for one statement.

    A complete distribution must sum to 100 within rounding; an answer a wave does not list
    is unknown (NaN), not zero.
    """
    rows = answers[answers["statement"] == statement]
    table = rows.pivot(index="wave", columns="answer", values="percent").reindex(columns=ANSWERS)
    table.index = table.index.astype(int)
    table = table.astype(float)
    for wave, shares in table.iterrows():
        if shares.notna().all() and abs(shares.sum() - 100) > SUM_TOLERANCE:
            lines = rows.index[rows["wave"] == wave]
            raise InputError([(Location(source.file, source.sheet, int(lines.min()), "percent"),
                               f"the answers of wave {wave}, statement {statement} sum to "
                               f"{shares.sum():g} (rows {lines.min()}–{lines.max()}); expected "
                               f"100 within ±{SUM_TOLERANCE:g} for rounding")])
    return table


def comments(table: pd.DataFrame, wave: int) -> int | None:
    """How many respondents of ``wave`` left a comment: the one count the report gives (the
    comment export's where the wave has one, else the workbook's); None when neither has
    the wave."""
    rows = table[table["wave"] == wave]
    return None if rows.empty else int(rows["comments"].iloc[0])



# ----------------------------------------------------------------------------- from respondents


# Weighted counts are sums of float weights: two remainders closer than this are a tie.
WEIGHT_TOLERANCE = Fraction(1, 10**9)


def largest_remainder(counts: list[float], total: int = 100) -> list[int]:
    """Whole percentages of ``counts`` that sum to ``total`` (Hamilton's method).

    Each share is first rounded down; the points still missing go, one each, to the shares
    with the largest remainders; ties go to the earlier answer, i.e. the more favourable one.
    Computed exactly: respondent counts are whole numbers, so every share is a fraction and
    two equal remainders are equal, not decided by floating-point error. Weighted counts
    (sums of weights) are taken as the exact values of their floats, and remainders closer
    than ``WEIGHT_TOLERANCE`` (10⁻⁹ of a percentage point) count as a tie.
    """
    exact_counts = [Fraction(c) for c in counts]
    n = sum(exact_counts)
    if n == 0:
        return [0] * len(counts)
    exact = [c * total / n for c in exact_counts]
    floors = [int(x) for x in exact]  # int() of a non-negative Fraction is its floor
    remainders = [x - f for x, f in zip(exact, floors, strict=True)]
    whole = all(c.denominator == 1 for c in exact_counts)

    def key(i: int):
        r = remainders[i]
        if not whole:  # round to the tolerance so that near-equal remainders tie
            r = round(r / WEIGHT_TOLERANCE) * WEIGHT_TOLERANCE
        return (-r, i)

    for i in sorted(range(len(counts)), key=key)[: total - sum(floors)]:
        floors[i] += 1
    return floors


def answer_counts(responses: pd.DataFrame, statement: str) -> pd.DataFrame:
    """Respondents per wave (rows) and answer (columns, ANSWERS order); ``no_answer`` is left
    out, so the row sum is the statement's denominator. With weights: sums of weights."""
    w = weights_of(responses)
    if w is None:
        counts = pd.crosstab(responses["wave"], responses[statement])
        return counts.reindex(columns=list(ANSWERS), fill_value=0).astype(int)
    counts = pd.crosstab(responses["wave"], responses[statement], values=w, aggfunc="sum")
    return counts.reindex(columns=list(ANSWERS)).fillna(0.0)


def distribution_from_responses(responses: pd.DataFrame, statement: str) -> pd.DataFrame:
    """Percent per answer and wave, whole numbers summing to 100 per wave."""
    counts = answer_counts(responses, statement)
    rows = {int(w): largest_remainder(list(counts.loc[w])) for w in counts.index}
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(ANSWERS)).astype(float)


def participation_from_responses(responses: pd.DataFrame) -> dict[int, int]:
    return {int(w): int(n) for w, n in responses.groupby("wave").size().items()}


def comments_from_texts(texts: pd.DataFrame) -> dict[int, int]:
    return {int(w): int(n) for w, n in texts.groupby("wave").size().items()}


def weights_of(rows: pd.DataFrame) -> pd.Series | None:
    """Respondent weights when the export has them (a ``weight`` column), else None."""
    if "weight" in rows.columns and rows["weight"].notna().any():
        return rows["weight"].astype(float)
    return None
