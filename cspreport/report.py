"""The report model's types: every figure, label and note a slide or an HTML section needs.

Plain frozen dataclasses with no heavy imports, so that a notebook kernel can receive a report
built (and its sections rendered) by the build process without importing pandas.
``cspreport.model`` builds them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from cspreport.tables import SourceRef

# ----------------------------------------------------------------------------- sections


@dataclass(frozen=True)
class Section:
    """One slide of the deck and one section of the HTML report."""

    key: str
    title: str
    notes: str = ""  # speaker notes / HTML source line: sources and period
    sources: tuple[SourceRef, ...] = ()


@dataclass(frozen=True)
class TitleSection(Section):
    subtitle: str = ""
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Item:
    text: str
    url: str | None = None
    badge: str | None = None  # a short lead such as a year, shown before the text


@dataclass(frozen=True)
class ListSection(Section):
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Tile:
    value: float
    value_text: str  # formatted, with its unit
    label: str
    note: str = ""  # e.g. "scale of 5"
    code: str = ""
    previous_text: str = ""  # the same period a year earlier, e.g. "2020: 16 542"


@dataclass(frozen=True)
class TilesSection(Section):
    tiles: tuple[Tile, ...] = ()


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()  # right-align these columns


@dataclass(frozen=True)
class TableSection(Section):
    table: Table = field(default_factory=lambda: Table((), ()))


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # None: suppressed (too few respondents to show)


@dataclass(frozen=True)
class Chart:
    kind: str  # "column" | "bar" | "stacked_bar_100"
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    value_title: str
    category_title: str
    decimals: int = 0
    percent: bool = False  # values are percentages (0-100)
    alt: str = ""


@dataclass(frozen=True)
class ChartSection(Section):
    chart: Chart | None = None
    table: Table | None = None  # shown beside the chart when given
    caption: str = ""  # one line under it, e.g. what ▲▼ mean
    detail: Table | None = None  # the HTML report's fuller table (intervals, tests)
    # respondents' words, personal data removed: (heading, quotes) for the HTML report
    quotes: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class ChartsSection(Section):
    """Small multiples: several charts of one kind side by side."""

    charts: tuple[Chart, ...] = ()


@dataclass(frozen=True)
class Report:
    lang: str
    edition: int
    period_start: dt.date
    period_end: dt.date
    period_text: str
    title: str
    sections: tuple[Section, ...]
    data_dir: str
    warnings: tuple[str, ...] = ()  # e.g. an export and an aggregate sheet that disagree
    # HTML of each section, rendered once by the build and handed to the notebook kernels
    # (see cspreport.prerender); None: the notebooks render sections themselves.
    prerendered: Mapping[str, str] | None = None

    def has(self, key: str) -> bool:
        return any(s.key == key for s in self.sections)

    def section(self, key: str) -> Section:
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(f"no section {key!r}; sections: {', '.join(s.key for s in self.sections)}")


# Sections only some editions have: the monthly series needs the event logs, results by
# statement a wave that published them.
OPTIONAL_SECTIONS = frozenset({"service_monthly", "statements"})

