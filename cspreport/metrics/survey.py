"""Survey statistics: participation, answer distributions and agreement shares."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from cspreport.definitions import AGREE, NO_ANSWER, STATEMENTS
from cspreport.errors import InputError, Location
from cspreport.metrics.plan import SurveyWave, fieldwork
from cspreport.metrics.uncertainty import Change, Share, change, kish_n, rounding_range, share
from cspreport.sources.tidy import SourceRef
from cspreport.tables.waves import (
    SUM_TOLERANCE,
    WEIGHT_TOLERANCE,
    answer_counts,
    comments,
    comments_from_texts,
    distribution,
    distribution_from_responses,
    largest_remainder,
    participation,
    participation_from_responses,
    weights_of,
)

# The waves' tables are defined in the tables layer (the merge needs them); the survey's
# figures are read with them, so they are part of this module's vocabulary too.
__all__ = ["SUM_TOLERANCE", "WEIGHT_TOLERANCE", "WaveStatistics", "answer_counts", "comments",
           "comments_from_texts", "distribution", "distribution_from_responses",
           "distributions", "indicator_actual", "largest_remainder", "participation",
           "participation_from_responses", "shares", "statement_shares", "wave_statistics",
           "weights_of"]


def shares(dist: pd.DataFrame, wave: int, statement: str, source: SourceRef) -> dict[str, float]:
    """"fully" (fully agree) and "fully_or_partly" (fully or partly agree), in percent."""
    if wave not in dist.index or dist.loc[wave, list(AGREE)].isna().any():
        raise InputError([(Location(source.file, source.sheet, None, "answer"),
                           f"wave {wave}, statement {statement}: expected rows for "
                           f"{' and '.join(AGREE)}")])
    row = dist.loc[wave]
    return {"fully": float(row[AGREE[0]]), "fully_or_partly": float(row[list(AGREE)].sum())}


# ----------------------------------------------------------------------------- uncertainty


def statement_shares(responses: pd.DataFrame | None, answers: pd.DataFrame,
                     participation: pd.DataFrame, wave: int, statement: str
                     ) -> dict[str, Share] | None:
    """"fully" and "fully_or_partly" of one wave and statement, with 95% intervals.

    From respondent rows when the wave has them: the share of those who answered the
    statement, weighted when the export has weights (interval at Kish's effective n). From a
    published distribution otherwise: the published percentages on the published number of
    respondents (counts reconstructed, marked so), with the range of counts consistent with
    the published figures (``uncertainty.rounding_range``: "fully or partly" is the sum of two
    rounded figures, so its range is the sum of theirs)."""
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
    fully, partly = given[AGREE[0]], given[AGREE[1]]
    return {"fully": share(fully / 100, n, reconstructed=True,
                           counts=rounding_range([fully], n)),
            "fully_or_partly": share((fully + partly) / 100, n, reconstructed=True,
                                     counts=rounding_range([fully, partly], n))}


# ----------------------------------------------------------------------------- per wave, with tests


@dataclass(frozen=True)
class WaveStatistics:
    """The published shares ("fully", "fully_or_partly") of each (wave, statement) with
    their 95% intervals, and each one's change from the previous wave that has the statement
    (two-proportion z-test, over every count consistent with the published rounding where a
    wave is known only as rounded percentages: ``Change.verdict``). A (wave, statement)
    answered by fewer than ``min_respondents`` is left out (``hidden``): too few to show, or
    to compare."""

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
                             "p_low": ch.p_range[0] if ch else float("nan"),
                             "p_high": ch.p_range[1] if ch else float("nan"),
                             "significant": bool(ch and ch.significant()),
                             "verdict": ch.verdict() if ch else "",
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


def indicator_actual(tables, wave: int, ref: str
                     ) -> tuple[float, tuple[float, float] | None, SurveyWave]:
    """A plan indicator's actual taken from the survey (``survey:<statement>:<share>``): the
    published percentage of ``wave``, the 95% interval of the share behind it, and the wave
    with the days it was fielded (from the export's submission times, when it has them)."""
    _, statement, name = ref.split(":")
    answers = tables.answers
    rows = answers[(answers["wave"] == wave) & (answers["statement"] == statement)]
    src = rows["source"].iloc[0] if "source" in rows and len(rows) else \
        tables.sources["answers"]
    value = shares(distribution(answers, statement, src), wave, statement, src)[name]
    stat = statement_shares(tables.responses, answers, tables.participation, wave, statement)
    fielded = SurveyWave(wave, fieldwork(tables.responses, wave))
    if stat is None:
        return value, None, fielded
    return value, (100 * stat[name].low, 100 * stat[name].high), fielded


def distributions(answers: pd.DataFrame, source: SourceRef) -> dict[str, pd.DataFrame]:
    """The answer distribution (waves × answers, percent) of every statement the table has."""
    return {s: distribution(answers, s, source) for s in STATEMENTS
            if (answers["statement"] == s).any()}
