"""The report model's types: every figure, label and note a slide or an HTML section needs.

Plain frozen dataclasses with no heavy imports (no pandas), built by the section builders of
``cspreport.sections`` in a notebook's kernel. A notebook publishes each section as a JSON
record (``cspreport.publishing``) typed by pydantic from these dataclasses: ``SECTION`` writes
and reads one section, each carrying its ``kind`` first, by which it is rebuilt.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, TypeAdapter

from cspreport.i18n import LOCALES, Formatter
from cspreport.sources.tidy import SourceRef

# ----------------------------------------------------------------------------- keys


class Key(StrEnum):
    """The sections of the presentation, by name (a section's ``key``)."""

    TITLE = "title"
    SUMMARY = "summary"  # the year in one view, right after the cover
    PLAN = "plan"
    GOALS = "goals"
    PILLARS = "pillars"
    CLIENT_KNOWLEDGE = "client_knowledge"
    SUPPORT_UNIT = "support_unit"
    SERVICE = "service"
    SERVICE_MONTHLY = "service_monthly"
    SURVEY = "survey"
    PARTICIPATION = "participation"
    SATISFACTION = "satisfaction"
    STATEMENTS = "statements"
    COMMENTS = "comments"
    SUGGESTIONS = "suggestions"
    COOPERATION = "cooperation"
    AWARDS = "awards"
    CLOSING = "closing"


# ----------------------------------------------------------------------------- sections


# A cell of ``Figures`` that holds no number says why, with the shorthand of the Government
# Statistical Service's guidance on releasing statistics in spreadsheets (the notes sheet of
# the workbook explains each): a value left out for too few respondents, or one not available.
SUPPRESSED = "[c]"
NOT_AVAILABLE = "[x]"


@dataclass(frozen=True)
class Column:
    """A column of ``Figures``: its heading, and what its cells hold."""

    heading: str
    # "text": words; "count": a whole number; "share": a fraction of 1 (0.84), shown as a
    # percentage; "points": a change in percentage points (4.0 for +4 p.p.); "number": any
    # other figure (an average); "year": a year
    unit: Literal["text", "count", "share", "points", "number", "year"] = "text"
    decimals: int = 0  # as the report shows it


@dataclass(frozen=True)
class Figures:
    """A table of a section as the tables workbook holds it: numbers as numbers, each column
    saying what its numbers are, a change's significance in a column of its own (words). A
    section gives these where its shown tables are text (e.g. "90%", "+4 p.p. ▲"); the
    workbook then writes them instead of those tables. A cell is a number, words, or one of
    the shorthands ``SUPPRESSED`` and ``NOT_AVAILABLE`` (None: not available)."""

    key: str  # names the sheet: "plan", "satisfaction_detail"
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[float | str | None, ...], ...] = ()


@dataclass(frozen=True)
class Section:
    """One slide of the deck and one section of the HTML report.

    ``kind`` names the section's type for the renderers, which look their drawing function
    up by it (see ``dispatch``), and in the JSON record a notebook publishes, which is read
    back into the type it names (see ``SECTION``). Each kind sets it: not an argument."""

    kind: str = field(default="section", init=False, repr=False)
    key: str
    title: str
    notes: str = ""  # speaker notes / HTML source line: sources and period
    sources: tuple[SourceRef, ...] = ()
    # how the figures were obtained (intervals, tests, suppression, rounding): the deck's
    # notes and the HTML report's one collapsible detail of the section
    method: str = ""
    # what a presenter says of a slide of points (the points in order): the deck's notes only,
    # since the HTML shows the points themselves
    spoken: str = ""
    # answers a presenter keeps ready if asked ("If asked about those who disagreed: …"): the
    # deck's notes only, under the background heading; a reader of the HTML report or the
    # workbook has the figures themselves, and "if asked" makes no sense to them
    asked: str = ""
    # what the section's figures say, for readers: one or two sentences the HTML report shows
    # above them (the notes' opening, by the same rules; not the presenter's notes)
    lead: str = ""
    # the section's tables as numbers, for the tables workbook (optional; see ``Figures``)
    figures: tuple[Figures, ...] = ()


@dataclass(frozen=True)
class TitleSection(Section):
    kind: Literal["title"] = field(default="title", init=False, repr=False)
    subtitle: str = ""
    # cover: organisation, period, presenter, date; closing: contacts
    lines: tuple[str, ...] = ()
    logo: str = ""  # cover: the edition's logo as a data: URI, or none


@dataclass(frozen=True)
class Item:
    text: str
    url: str | None = None
    badge: str | None = None  # a short lead such as a year, shown before the text
    # the heading of the group the item belongs to (e.g. "What respondents asked → what we
    # do" and "Other measures"): the deck draws each group as a panel under its heading
    group: str = ""


@dataclass(frozen=True)
class ListSection(Section):
    kind: Literal["list"] = field(default="list", init=False, repr=False)
    items: tuple[Item, ...] = ()
    # the title of a deck slide this list shares with the list sections next to it that give
    # the same one (e.g. the goals and the pillars of client service): the deck draws each as
    # a panel under its own title; the HTML report keeps them apart
    slide: str = ""


def _nan_for_null(value: Any) -> Any:
    return float("nan") if value is None else value


# A figure that may be unknown (NaN). JSON has no NaN: a record writes it null (pydantic's
# default for JSON) and reads null back as NaN.
Figure = Annotated[float, BeforeValidator(_nan_for_null, json_schema_input_type=float | None)]


@dataclass(frozen=True)
class Tile:
    value: Figure
    value_text: str  # formatted, with its unit
    label: str
    note: str = ""  # e.g. "scale of 5"
    code: str = ""
    previous_text: str = ""  # the same period a year earlier, e.g. "2020: 16 542"
    previous: float | None = None  # its value


@dataclass(frozen=True)
class TilesSection(Section):
    kind: Literal["tiles"] = field(default="tiles", init=False, repr=False)
    tiles: tuple[Tile, ...] = ()


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # text, as shown: numbers written in the report's language
    numeric: tuple[bool, ...] = ()  # right-align these columns

    @classmethod
    def from_frame(cls, frame, lang: str, decimals: int | Mapping[str, int] | None = None,
                   index: bool = False) -> Table:
        """A table of a pandas DataFrame, its numbers written as the report writes them in
        ``lang`` (lv 3 525 and 2,3; en 3,525 and 2.3) and right-aligned. ``decimals``: places
        for every number column, or by column name; by default whole-number columns get none
        and others one. ``index``: the frame's index as the first column. An empty cell
        (NaN, None) is shown "–"."""
        import pandas as pd  # lazy: pandas (0.5 s) only for a table made from a frame

        if lang not in LOCALES:
            raise ValueError(f"lang: one of {', '.join(LOCALES)} (a table is in one "
                             f"language: make one per language of the report); got {lang!r}")
        if index:
            frame = frame.reset_index()
        fmt = Formatter(lang)
        columns = [str(c) for c in frame.columns]
        numeric = [pd.api.types.is_numeric_dtype(frame[c]) and not
                   pd.api.types.is_bool_dtype(frame[c]) for c in frame.columns]
        places = []
        for name, c in zip(columns, frame.columns, strict=True):
            given = decimals.get(name) if isinstance(decimals, Mapping) else decimals
            whole = pd.api.types.is_integer_dtype(frame[c])
            places.append(given if given is not None else (0 if whole else 1))

        def cell(value, is_number: bool, n: int) -> str:
            if not isinstance(value, str) and pd.isna(value) is True:  # NaN, None, NaT
                return "–"
            if is_number:
                return fmt.number(float(value), n)
            return str(value)

        rows = tuple(tuple(cell(v, is_number, n)
                           for v, is_number, n in zip(row, numeric, places, strict=True))
                     for row in frame.itertuples(index=False, name=None))
        return cls(tuple(columns), rows, tuple(numeric))


def without_empty_columns(table: Table) -> Table:
    """``table`` without the columns (other than the first) whose cells are all empty or "–":
    a column that says nothing is left out rather than shown as a column of dashes (e.g. the
    change from the wave before, for a statement first asked in this wave)."""
    keep = [j for j in range(len(table.columns))
            if j == 0 or any(row[j].strip() not in ("", "–") for row in table.rows)]
    if len(keep) == len(table.columns) or not table.rows:
        return table
    numeric = tuple(table.numeric[j] for j in keep) if table.numeric else ()
    return Table(tuple(table.columns[j] for j in keep),
                 tuple(tuple(row[j] for j in keep) for row in table.rows), numeric)


def table_footnote(table: Table) -> tuple[Table, str]:
    """A table's last row that has text in its first cell only is a note to the table (e.g.
    when the missing results will be known): the table without it, and its text, which the
    deck and the report set under the table rather than as a row that looks like data."""
    if len(table.rows) > 1 and table.rows[-1][0].strip() \
            and not any(c.strip() for c in table.rows[-1][1:]):
        return Table(table.columns, table.rows[:-1], table.numeric), table.rows[-1][0]
    return table, ""


@dataclass(frozen=True)
class TableSection(Section):
    kind: Literal["table"] = field(default="table", init=False, repr=False)
    table: Table = field(default_factory=lambda: Table((), ()))


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # None: suppressed (too few respondents to show)


@dataclass(frozen=True)
class Chart:
    kind: Literal["column", "bar", "stacked_bar_100", "line"]  # line: a trend, e.g. months
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    value_title: str
    category_title: str
    decimals: int = 0
    percent: bool = False  # values are percentages (0-100)
    alt: str = ""
    apart: tuple[int, ...] = ()  # categories drawn apart (muted), e.g. "other comments"


@dataclass(frozen=True)
class ChartSection(Section):
    kind: Literal["chart"] = field(default="chart", init=False, repr=False)
    chart: Chart | None = None
    table: Table | None = None  # shown beside the chart when given
    caption: str = ""  # one line under it, e.g. what ▲▼ mean
    detail: Table | None = None  # the HTML report's fuller table (intervals, tests)
    # respondents' words, personal data removed: (heading, quotes) for the HTML report
    quotes: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class ChartsSection(Section):
    """Small multiples: several charts of one kind side by side."""

    kind: Literal["charts"] = field(default="charts", init=False, repr=False)
    charts: tuple[Chart, ...] = ()
    # what to say of each chart, in the charts' order: the deck's notes give each slide the
    # sentences of the charts on it
    said: tuple[str, ...] = ()


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
    # The HTML report's pictures of each section's charts (SVG markup, one per chart), drawn
    # with seaborn when the notebook published the section.
    figures: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def has(self, key: str) -> bool:
        return any(s.key == key for s in self.sections)

    def section(self, key: str) -> Section:
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(f"no section {key!r}; sections: {', '.join(s.key for s in self.sections)}")


# Sections only some editions have: the monthly series needs the event logs, results by
# statement a wave that published them.
OPTIONAL_SECTIONS = frozenset({Key.SERVICE_MONTHLY, Key.STATEMENTS})

# ----------------------------------------------------------------------------- records

# Any section, told apart by its ``kind``: what a notebook publishes for each section.
AnySection = Annotated[TitleSection | ListSection | TilesSection | TableSection | ChartSection
                       | ChartsSection, Field(discriminator="kind")]
# A section to and from its JSON record: ``SECTION.dump_json(section)``,
# ``SECTION.validate_python(record)`` (tuples come back as tuples, null figures as NaN).
SECTION: TypeAdapter[Section] = TypeAdapter(AnySection)

# ----------------------------------------------------------------------------- dispatch

SECTION_TYPES: dict[str, type[Section]] = {
    cls.kind: cls for cls in typing.get_args(typing.get_args(AnySection)[0])}


def dispatch(handlers: Mapping[str, Callable[..., Any]], section: Section, *args, **kwargs):
    """Call the renderer's handler for ``section``'s kind: one lookup shared by the deck and
    the HTML renderers (each keeps a ``{kind: handler}`` table; a test checks that every
    renderer handles every kind)."""
    try:
        handler = handlers[section.kind]
    except KeyError:
        raise TypeError(f"no renderer for {section.kind!r} sections "
                        f"(section {section.key!r})") from None
    return handler(section, *args, **kwargs)
