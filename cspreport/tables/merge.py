"""When an export and a hand-maintained aggregate sheet give the same table.

The rule (docs/inputs.md, "Exports and aggregate sheets together"): **the export wins** for
every wave it covers; the aggregate sheet still supplies the waves the export does not have
(e.g. survey waves of 2015–2019 whose microdata is gone). Where both give a wave and the
figures differ, the export's are used and a warning names both. Each row of the merged tables
keeps, in its ``source`` column, the file (and sheet) it came from.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from cspreport.definitions import STATEMENTS
from cspreport.sources.tidy import EditionTables
from cspreport.tables import waves as survey_metrics


def merge_survey(tables: EditionTables) -> tuple[EditionTables, list[str]]:
    """Participation, answer distribution and comment counts with export waves preferred."""
    src = tables.sources
    participation = tables.participation.assign(source=src["participation"])
    answers = tables.answers.assign(source=src["answers"])
    comments = tables.comments.assign(source=src["comments"])
    warnings: list[str] = []
    if tables.responses is None or tables.responses.empty:
        return replace(tables, participation=participation, answers=answers,
                       comments=comments), warnings

    for statement in STATEMENTS:  # validate the sheet while its rows still have numbers
        survey_metrics.distribution(tables.answers, statement, src["answers"])
    resp = tables.responses
    counted = survey_metrics.participation_from_responses(resp)
    participation = _prefer_counts(participation, "respondents", counted, tables.wave_sources,
                                   src["participation"], warnings)

    new_answers = []
    for statement in STATEMENTS:
        dist = survey_metrics.distribution_from_responses(resp, statement)
        for wave in dist.index:
            for answer, pct in dist.loc[wave].items():
                new_answers.append({"wave": wave, "statement": statement, "answer": answer,
                                    "percent": pct, "source": tables.wave_sources[wave]})
            old = answers[(answers["wave"] == wave) & (answers["statement"] == statement)]
            given = dict(zip(old["answer"], old["percent"].astype(float), strict=True))
            differs = {a: (given[a], dist.loc[wave, a]) for a in given
                       if given[a] != dist.loc[wave, a]}
            if differs:
                detail = ", ".join(f"{a} {v[1]:g} (sheet {v[0]:g})" for a, v in differs.items())
                warnings.append(f"survey wave {wave}, {statement}: computed from "
                                f"{tables.wave_sources[wave].file}: {detail}; the export is used")
    answers = _replace_waves(answers, new_answers, counted)

    if tables.comment_texts is not None and not tables.comment_texts.empty:
        comments = _prefer_counts(comments, "comments",
                                  survey_metrics.comments_from_texts(tables.comment_texts),
                                  tables.comment_sources, src["comments"], warnings)
    return replace(tables, participation=participation, answers=answers,
                   comments=comments), warnings


def _prefer_counts(table: pd.DataFrame, column: str, counted: dict[int, int],
                   sources: dict, sheet, warnings: list[str]) -> pd.DataFrame:
    """A count per wave from the export replaces the sheet's; a difference is a warning."""
    rows = []
    for wave, n in counted.items():
        old = table.loc[table["wave"] == wave, column]
        if len(old) and int(old.iloc[0]) != n:
            warnings.append(f"survey wave {wave}: {sources[wave].file} has {n} {column}, "
                            f"{sheet} says {int(old.iloc[0])}; the export is used")
        rows.append({"wave": wave, column: n, "source": sources[wave]})
    return _replace_waves(table, rows, counted)


def _replace_waves(table: pd.DataFrame, rows: list[dict], waves) -> pd.DataFrame:
    kept = table[~table["wave"].isin(list(waves))]
    new = pd.DataFrame(rows, columns=table.columns)
    # the sheet's rows keep their spreadsheet row numbers as index; exported rows get none
    new.index = pd.Index([pd.NA] * len(new), dtype="Int64", name="row")
    merged = pd.concat([kept, new]) if len(kept) else new
    return merged.astype({"wave": int}).sort_values("wave", kind="stable")


def until(tables: EditionTables, edition: int) -> EditionTables:
    """An edition shows the survey waves up to its own year, not later ones."""
    return replace(tables, **{name: getattr(tables, name)[getattr(tables, name)["wave"]
                                                        <= edition]
                              for name in ("participation", "answers", "comments")})


__all__ = ["merge_survey", "until"]
