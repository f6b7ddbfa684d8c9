"""Tidy tables: what every source hands to the metrics, whatever file it came from.

One row per observation, one column per variable, codes rather than labels. ``sources``
records which file and sheet each table came from, so every figure can be traced.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the report's types import this module without pandas
    import pandas as pd

    from cspreport.sources.content import Content


# The files of an edition folder besides its exports (docs/inputs.md).
WORKBOOK = "edition.xlsx"
CONTENT = "content.yaml"
THEMES = "themes.yaml"
CODING = "coding.xlsx"  # the analyst's coding of comments, when the edition has one


@dataclass(frozen=True)
class SourceRef:
    file: str  # relative to the edition's data folder
    sheet: str | None
    # what people call it: the system an export comes from (exports.yaml's `system`), or
    # what the file holds (an export's table: calls, emails, answers, …); the notes name a
    # source by these, never by its file
    system: str | None = None
    holds: str | None = None
    # the system's name per language, when exports.yaml gives one ({lv: Zvanu centrs, en:
    # call centre}): (language, name) pairs; ``system`` then holds none
    systems: tuple[tuple[str, str], ...] = ()

    def system_in(self, lang: str) -> str | None:
        """The system's name in ``lang``: the one given for that language; a plain name
        (one for every language, e.g. "LimeSurvey") as it is; None when names are given per
        language but not for this one (then the source is named by what it holds)."""
        if self.systems:
            return dict(self.systems).get(lang)
        return self.system

    def __str__(self) -> str:
        return self.file if self.sheet is None else f"{self.file}, sheet {self.sheet}"

    @property
    def kind(self) -> str:
        """What kind of source this is, for the words that name it: "export" (a system's
        export), "workbook" (a sheet of the edition's workbook), "texts", "themes" (the theme
        rules) or "coding" (a person's coding of the comments)."""
        if self.holds is not None:
            return "export"
        return {WORKBOOK: "workbook", CONTENT: "texts", THEMES: "themes"}.get(self.file,
                                                                             "coding")


@dataclass(frozen=True)
class EditionTables:
    plan_indicators: pd.DataFrame  # code, target, actual, unit, actual_from
    service_stats: pd.DataFrame  # period_start, period_end, measure, value
    participation: pd.DataFrame  # wave, respondents
    answers: pd.DataFrame  # wave, statement, answer, percent
    comments: pd.DataFrame  # wave, comments
    content: Content
    sources: dict[str, SourceRef]
    data_dir: Path
    # From the systems' exports, when the edition has them (exports.yaml):
    events: dict[str, pd.DataFrame] = field(default_factory=dict)  # channel -> events
    coverage: dict[str, tuple[dt.date, dt.date]] = field(default_factory=dict)
    responses: pd.DataFrame | None = None  # wave, id, submitted_at, one column per statement
    comment_texts: pd.DataFrame | None = None  # wave, id, text
    wave_sources: dict[int, SourceRef] = field(default_factory=dict)
    theme_rules: dict[str, dict] | None = None  # themes.yaml: code -> stems, words
    # coding.xlsx: (wave, respondent) -> the themes a person gave, where a person coded
    theme_coding: dict[tuple[int, str], list[str]] | None = None
    # themes_training.yaml: (comment, themes) a person coded, for the theme model to learn
    theme_training: tuple[tuple[str, tuple[str, ...]], ...] | None = None
    comment_sources: dict[int, SourceRef] = field(default_factory=dict)
    # what was read in a way worth saying (dates given as Excel serial numbers)
    warnings: tuple[str, ...] = ()
