"""The report model's types: every figure, label and note a slide or an HTML section needs.

Plain frozen dataclasses with no heavy imports, so that a notebook kernel can receive a report
built (and its sections rendered) by the build process without importing pandas.
``cspreport.model`` builds them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any, ClassVar

from cspreport.tables import SourceRef

# ----------------------------------------------------------------------------- keys


class Key(StrEnum):
    """The sections of the presentation, by name (a section's ``key``)."""

    TITLE = "title"
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


@dataclass(frozen=True)
class Section:
    """One slide of the deck and one section of the HTML report.

    ``kind`` names the section's type for the renderers, which look their drawing function
    up by it (see ``dispatch``) and for the JSON a notebook publishes (see ``to_dict``)."""

    kind: ClassVar[str] = "section"
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


@dataclass(frozen=True)
class TitleSection(Section):
    kind: ClassVar[str] = "title"
    subtitle: str = ""
    # cover: organisation, period, presenter, date; closing: contacts
    lines: tuple[str, ...] = ()
    logo: str = ""  # cover: the edition's logo as a data: URI, or none


@dataclass(frozen=True)
class Item:
    text: str
    url: str | None = None
    badge: str | None = None  # a short lead such as a year, shown before the text


@dataclass(frozen=True)
class ListSection(Section):
    kind: ClassVar[str] = "list"
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Tile:
    value: float
    value_text: str  # formatted, with its unit
    label: str
    note: str = ""  # e.g. "scale of 5"
    code: str = ""
    previous_text: str = ""  # the same period a year earlier, e.g. "2020: 16 542"
    previous: float | None = None  # its value


@dataclass(frozen=True)
class TilesSection(Section):
    kind: ClassVar[str] = "tiles"
    tiles: tuple[Tile, ...] = ()


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()  # right-align these columns


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


@dataclass(frozen=True)
class TableSection(Section):
    kind: ClassVar[str] = "table"
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
    apart: tuple[int, ...] = ()  # categories drawn apart (muted), e.g. "other comments"


@dataclass(frozen=True)
class ChartSection(Section):
    kind: ClassVar[str] = "chart"
    chart: Chart | None = None
    table: Table | None = None  # shown beside the chart when given
    caption: str = ""  # one line under it, e.g. what ▲▼ mean
    detail: Table | None = None  # the HTML report's fuller table (intervals, tests)
    # respondents' words, personal data removed: (heading, quotes) for the HTML report
    quotes: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class ChartsSection(Section):
    """Small multiples: several charts of one kind side by side."""

    kind: ClassVar[str] = "charts"
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

# ----------------------------------------------------------------------------- dispatch

SECTION_TYPES: dict[str, type[Section]] = {
    cls.kind: cls for cls in (TitleSection, ListSection, TilesSection, TableSection,
                              ChartSection, ChartsSection)
}


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


# ----------------------------------------------------------------------------- JSON
# A notebook publishes its sections as JSON (``cspreport.publish``); the assembler reads them
# back from the executed notebook. Plain dataclasses in, plain JSON out: tuples become lists,
# NaN becomes null, and the decoder rebuilds the types from the field annotations.


def to_dict(obj: Any) -> Any:
    if isinstance(obj, Section):
        return {"kind": obj.kind, **{f.name: to_dict(getattr(obj, f.name))
                                     for f in fields(obj)}}
    if hasattr(obj, "__dataclass_fields__"):
        return {f.name: to_dict(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, tuple | list):
        return [to_dict(x) for x in obj]
    if isinstance(obj, float) and obj != obj:
        return None
    if isinstance(obj, StrEnum):
        return str(obj)
    return obj


def section_from_dict(data: Mapping[str, Any]) -> Section:
    data = dict(data)
    kind = data.pop("kind")
    if kind not in SECTION_TYPES:
        raise ValueError(f"unknown section kind {kind!r}")
    return _decode(SECTION_TYPES[kind], data)


def _decode(tp: Any, value: Any) -> Any:
    import types
    import typing

    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return _decode(options[0], value)
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v) for v in value)
        return tuple(_decode(a, v) for a, v in zip(args, value, strict=True))
    if hasattr(tp, "__dataclass_fields__"):
        hints = typing.get_type_hints(tp)
        return tp(**{f.name: _decode(hints[f.name], value[f.name])
                     for f in fields(tp) if f.name in value})
    if tp is float:
        return float("nan") if value is None else float(value)
    return value
