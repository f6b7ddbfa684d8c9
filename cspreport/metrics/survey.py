"""Survey statistics: participation, answer distributions and agreement shares."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from cspreport.definitions import AGREE, ANSWERS, NO_ANSWER
from cspreport.errors import InputError, Location
from cspreport.metrics.uncertainty import Change, Share, change, kish_n, share
from cspreport.tables import SourceRef

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


def shares(dist: pd.DataFrame, wave: int, statement: str, source: SourceRef) -> dict[str, float]:
    """"fully" (fully agree) and "fully_or_partly" (fully or partly agree), in percent."""
    if wave not in dist.index or dist.loc[wave, list(AGREE)].isna().any():
        raise InputError([(Location(source.file, source.sheet, None, "answer"),
                           f"wave {wave}, statement {statement}: expected rows for "
                           f"{' and '.join(AGREE)}")])
    row = dist.loc[wave]
    return {"fully": float(row[AGREE[0]]), "fully_or_partly": float(row[list(AGREE)].sum())}


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


# ----------------------------------------------------------------------------- uncertainty


def weights_of(rows: pd.DataFrame) -> pd.Series | None:
    """Respondent weights when the export has them (a ``weight`` column), else None."""
    if "weight" in rows.columns and rows["weight"].notna().any():
        return rows["weight"].astype(float)
    return None


def statement_shares(responses: pd.DataFrame | None, answers: pd.DataFrame,
                     participation: pd.DataFrame, wave: int, statement: str
                     ) -> dict[str, Share] | None:
    """"fully" and "fully_or_partly" of one wave and statement, with 95% intervals.

    From respondent rows when the wave has them: the share of those who answered the
    statement, weighted when the export has weights (interval at Kish's effective n). From a
    published distribution otherwise: the published percentages on the published number of
    respondents (counts reconstructed, marked so)."""
    if responses is not None and (responses["wave"] == wave).any():
        rows = responses[(responses["wave"] == wave) & (responses[statement] != NO_ANSWER)]
        if rows.empty:
            return None
        fully = rows[statement] == AGREE[0]
        either = rows[statement].isin(AGREE)
        w = weights_of(rows)
        if w is None:
            n = len(rows)
            return {"fully": share(float(fully.mean()), n),
                    "fully_or_partly": share(float(either.mean()), n)}
        total, n_eff = float(w.sum()), kish_n(list(w))
        return {"fully": share(float(w[fully].sum()) / total, len(rows), n_eff, weighted=True),
                "fully_or_partly": share(float(w[either].sum()) / total, len(rows), n_eff,
                                         weighted=True)}
    rows = answers[(answers["wave"] == wave) & (answers["statement"] == statement)]
    given = dict(zip(rows["answer"], rows["percent"].astype(float), strict=True))
    published = participation.loc[participation["wave"] == wave, "respondents"]
    if not all(a in given for a in AGREE) or published.empty:
        return None
    n = int(published.iloc[0])
    return {"fully": share(given[AGREE[0]] / 100, n, reconstructed=True),
            "fully_or_partly": share((given[AGREE[0]] + given[AGREE[1]]) / 100, n,
                                     reconstructed=True)}


# ----------------------------------------------------------------------------- per wave, with tests


@dataclass(frozen=True)
class WaveStatistics:
    """The published shares ("fully", "fully_or_partly") of each (wave, statement) with
    their 95% intervals, and each one's change from the previous wave that has the statement
    (two-proportion z-test). A (wave, statement) answered by fewer than ``min_respondents``
    is left out (``hidden``): too few to show, or to compare."""

    stats: dict[tuple[int, str], dict[str, Share]]
    changes: dict[tuple[int, str], dict[str, Change]]
    hidden: tuple[tuple[int, str], ...] = ()

    @property
    def reconstructed(self) -> list[int]:
        return sorted({w for (w, _), st in self.stats.items() if st["fully"].reconstructed})

    @property
    def weighted(self) -> bool:
        return any(st["fully"].weighted for st in self.stats.values())

    def frame(self) -> pd.DataFrame:
        rows = []
        for (wave, statement), st in self.stats.items():
            for name, s in st.items():
                ch = self.changes.get((wave, statement), {}).get(name)
                rows.append({"wave": wave, "statement": statement, "share": name,
                             "percent": 100 * s.value, "low": 100 * s.low,
                             "high": 100 * s.high, "n": s.n, "n_eff": s.n_eff,
                             "change_pp": 100 * ch.difference if ch else float("nan"),
                             "p_value": ch.p_value if ch else float("nan"),
                             "significant": bool(ch and ch.significant()),
                             "reconstructed": s.reconstructed, "weighted": s.weighted})
        return pd.DataFrame(rows)

    def _repr_html_(self) -> str:
        return self.frame().to_html(index=False, float_format=lambda v: f"{v:.3f}")


def wave_statistics(responses: pd.DataFrame | None, answers: pd.DataFrame,
                    participation: pd.DataFrame, waves, statements,
                    min_respondents: int) -> WaveStatistics:
    stats, changes, hidden = {}, {}, []
    for statement in statements:
        before = None
        for wave in waves:
            st = statement_shares(responses, answers, participation, wave, statement)
            if st is None:
                continue
            if st["fully"].n < min_respondents:
                hidden.append((wave, statement))
                continue
            stats[wave, statement] = st
            if before is not None:
                changes[wave, statement] = {k: change(stats[before, statement][k], st[k])
                                            for k in ("fully", "fully_or_partly")}
            before = wave
    return WaveStatistics(stats, changes, tuple(hidden))


def indicator_actual(tables, wave: int, ref: str) -> tuple[float, tuple[float, float] | None]:
    """A plan indicator's actual taken from the survey (``survey:<statement>:<share>``): the
    published percentage of ``wave`` and the 95% interval of the share behind it."""
    _, statement, name = ref.split(":")
    answers = tables.answers
    rows = answers[(answers["wave"] == wave) & (answers["statement"] == statement)]
    src = rows["source"].iloc[0] if "source" in rows and len(rows) else \
        tables.sources["answers"]
    value = shares(distribution(answers, statement, src), wave, statement, src)[name]
    stat = statement_shares(tables.responses, answers, tables.participation, wave, statement)
    if stat is None:
        return value, None
    return value, (100 * stat[name].low, 100 * stat[name].high)


def distributions(answers: pd.DataFrame, source: SourceRef) -> dict[str, pd.DataFrame]:
    """The answer distribution (waves × answers, percent) of every statement the table has."""
    from cspreport.definitions import STATEMENTS

    return {s: distribution(answers, s, source) for s in STATEMENTS
            if (answers["statement"] == s).any()}
