"""The systems' own exports: contact-centre event logs and the survey tool's respondent rows.

Which files an edition has, and what their columns and codes are called, is said by the
edition's ``exports.yaml`` (every system names them differently); nothing about a particular
system is written in code. Each export becomes a tidy table with our column names and codes,
indexed by the file's row numbers, so that every later error can still point at a row.

See docs/inputs.md, "Exports", for the columns, codes and the rules (what counts in a period).
"""

from __future__ import annotations

import codecs
import copy
import dataclasses
import datetime as dt
import difflib
from pathlib import Path, PurePosixPath
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd
import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from cspreport.definitions import (
    ANSWERS,
    CHANNEL_TIME,
    CHANNELS,
    MAX_CALL_SECONDS,
    NO_ANSWER,
    STATEMENTS,
)
from cspreport.errors import InputError, Location, quoted
from cspreport.i18n import LOCALES
from cspreport.provenance import left_by_a_tool, real_name
from cspreport.sources import hygiene, presets
from cspreport.sources.schemas import Check, Col, Sheet
from cspreport.sources.tabular import (
    CsvOptions,
    Problems,
    TimeOptions,
    csv_frame,
    explain_formulas,
    looks_like_data,
    open_workbook,
    sheet_frame,
    validate,
)
from cspreport.sources.tidy import SourceRef
from cspreport.yamlfile import need_mapping, read_yaml, validation_problems

EXPORTS = "exports.yaml"
NOT_RATED = "not_rated"  # a rating code: the event was not rated (an empty cell)

# ----------------------------------------------------------------------------- config


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FileSpec(_Strict):
    """One export file: where it is, how to read it, what its columns and codes are called.
    With ``preset``, the preset's keys come first and the entry's own keys override them
    (``presets.merged``: mappings key by key, anything else replaced)."""

    file: str
    preset: str | None = None  # merged before validation (``_prepared``); kept for messages
    sheet: str | None = None  # .xlsx: the sheet (default: the first)
    # the system it is exported from, as people call it: one name ("LimeSurvey"), or one per
    # language of the report ({lv: Zvanu centrs, en: call centre})
    system: str | dict[str, str] | None = None
    delimiter: str = Field(",", min_length=1, max_length=1)  # .csv
    encoding: str = "utf-8"  # .csv
    header: Literal["first row", "none"] = "first row"  # "none": fields names them
    fields: list[str] | dict[int, list[str]] | None = None  # header: none: names by position
    date_format: str | None = None  # strptime, e.g. %d.%m.%Y %H:%M (default: ISO 8601)
    timezone: str | None = None  # of times without an offset (default: Europe/Riga)
    duration_format: Literal["seconds", "mm:ss", "hh:mm:ss"] = "seconds"  # duration_s
    where: dict[str, list[str]] = {}  # keep only the rows whose column holds one of these
    drop_empty: list[str] = []  # leave out the rows where any of these columns is empty
    one_event_per: str | None = None  # rows with the same value of this column of ours: one
    columns: dict[str, str | list[str]] = {}  # our name -> the file's (or the first it has);
    # a column of ours not given here is the file's column of the same name
    codes: dict[str, dict[str, list[str]]] = {}  # our column -> our code -> the file's codes
    codebook: dict[str, list[str]] | None = None  # survey answers: as SurveySpec's, per wave
    coverage: tuple[dt.date, dt.date] | None = None  # the dates the export is complete for

    @model_validator(mode="before")
    @classmethod
    def _header_words(cls, data):
        if isinstance(data, dict) and isinstance(data.get("header"), bool):
            data = {**data, "header": "first row" if data["header"] else "none"}
        return data

    @field_validator("system")
    @classmethod
    def _system_languages(cls, value):
        if isinstance(value, dict):
            unknown = [k for k in value if k not in LOCALES]
            if unknown or not value:
                raise ValueError(f"system: one name, or a name per language of the report "
                                 f"({', '.join(LOCALES)}), e.g. {{lv: Zvanu centrs, en: call "
                                 f"centre}}; got {', '.join(map(str, unknown)) or 'none'}")
        return value

    @model_validator(mode="after")
    def _file_kind(self):
        name = PurePosixPath(self.file.replace("\\", "/")).name
        what = left_by_a_tool(name)
        if what:
            real = real_name(name)
            instead = (f" (“{self.file[:len(self.file) - len(name)]}{real}”)" if real else "")
            raise ValueError(f"file “{self.file}”: {what}, not an export: name the export "
                             f"itself{instead}")
        if not self.file.lower().endswith((".csv", ".xlsx")):
            raise ValueError(f"file “{self.file}”: expected a .csv or .xlsx export")
        try:
            codecs.lookup(self.encoding)
        except LookupError:
            raise ValueError(f"encoding “{self.encoding}”: not a known text encoding (e.g. "
                             "utf-8, windows-1257, iso-8859-13)") from None
        if self.header == "none" and not self.fields:
            raise ValueError("header: none needs fields: the file's field names by position")
        if self.fields and self.header != "none":
            raise ValueError("fields names the fields of a file without a header row: give "
                             "header: none too, or leave fields out")
        if self.header == "none" and not self.file.lower().endswith(".csv"):
            raise ValueError("header: none is for .csv exports; an .xlsx sheet needs a "
                             "header row")
        if self.date_format is not None and "%" not in self.date_format:
            raise ValueError(f"date_format “{self.date_format}”: expected a format with % "
                             "codes, e.g. %d.%m.%Y %H:%M")
        if self.timezone is not None:
            try:
                ZoneInfo(self.timezone)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"timezone “{self.timezone}”: not a known time zone (e.g. "
                                 "Europe/Riga, UTC)") from None
        return self

    def times(self) -> TimeOptions:
        return TimeOptions(self.date_format, self.timezone)


class WaveSpec(_Strict):
    answers: FileSpec
    comments: FileSpec | None = None


def _check_codebook(codebook: dict[str, list[str]]) -> None:
    missing = [a for a in ANSWERS if a not in codebook]
    unknown = [k for k in codebook if k not in (*ANSWERS, NO_ANSWER)]
    if missing or unknown:
        said = [f"missing: {', '.join(missing)}" if missing else "",
                f"unknown: {', '.join(unknown)}" if unknown else ""]
        raise ValueError(f"codebook: expected the answers {', '.join(ANSWERS)} and "
                         f"optionally {NO_ANSWER}; " + "; ".join(filter(None, said)))


class SurveySpec(_Strict):
    # our answer code (or no_answer) -> the tool's labels/codes; a wave's answers may give
    # their own (or their preset's), which then wins
    codebook: dict[str, list[str]] | None = None
    waves: dict[int, WaveSpec]

    @model_validator(mode="after")
    def _codebook(self):
        if self.codebook is not None:
            _check_codebook(self.codebook)
        for year, wave in self.waves.items():
            if wave.answers.codebook is not None:
                _check_codebook(wave.answers.codebook)
            elif self.codebook is None:
                raise ValueError(f"codebook: missing (for wave {year}): the tool's labels or "
                                 "codes of each answer, e.g. fully_agree: [Pilnībā piekrīt]")
        return self


class ExportsConfig(_Strict):
    service: dict[str, FileSpec] = {}
    survey: SurveySpec | None = None

    @model_validator(mode="after")
    def _channels(self):
        unknown = [c for c in self.service if c not in CHANNELS]
        if unknown:
            raise ValueError(f"service: unknown channel {', '.join(unknown)}; the channels "
                             f"are: {', '.join(CHANNELS)}")
        if self.service and set(self.service) != set(CHANNELS):
            raise ValueError("service: give every channel (" + ", ".join(CHANNELS) + ") or none")
        return self


def read_config(data_dir: Path) -> ExportsConfig | None:
    path = data_dir / EXPORTS
    if not path.is_file():
        return None
    doc = read_yaml(path, EXPORTS, "the list of the systems' exports")
    if doc.data is None:
        return ExportsConfig()
    need_mapping(doc, EXPORTS, "the list of the systems' exports")
    data, problems = _prepared(doc)
    try:
        config = ExportsConfig.model_validate(data)
    except ValidationError as exc:
        problems += validation_problems(exc, doc, EXPORTS, ExportsConfig)
        config = None
    if problems:
        raise InputError(sorted(problems, key=lambda p: p[0].line or 0))
    return config


def _entries(data: dict):
    """Every export entry of exports.yaml: (its path of keys, what it is read as)."""
    service = data.get("service")
    if isinstance(service, dict):
        for channel, entry in service.items():
            if channel in CHANNEL_SPECS and isinstance(entry, dict):
                yield ("service", channel), channel
    survey = data.get("survey")
    waves = survey.get("waves") if isinstance(survey, dict) else None
    if isinstance(waves, dict):
        for year, wave in waves.items():
            if isinstance(wave, dict):
                for role in ("answers", "comments"):
                    if isinstance(wave.get(role), dict):
                        yield ("survey", "waves", year, role), role


def _yes_no(value):
    """YAML 1.1 reads yes/no (and on/off, true/false) as booleans: as codes they are the
    words yes and no."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value) if isinstance(value, int | float) else value


def _plain_codes(codes):
    if not isinstance(codes, dict):
        return codes
    return {_yes_no(column): ({_yes_no(code): ([_yes_no(v) for v in vals]
                                               if isinstance(vals, list) else vals)
                               for code, vals in mapping.items()}
                              if isinstance(mapping, dict) else mapping)
            for column, mapping in codes.items()}


def _prepared(doc) -> tuple[dict, list]:
    """exports.yaml's data with every ``preset`` laid under its entry and yes/no code keys
    read as words; and the names on our side that are not ours (``ratng``), each at its line
    with the nearest name."""
    data = copy.deepcopy(doc.data)
    problems = []
    for path, role in list(_entries(data)):
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        entry = dict(parent[path[-1]])
        for key in ("codes",):
            if key in entry:
                entry[key] = _plain_codes(entry[key])
        if isinstance(entry.get("codebook"), dict):
            entry["codebook"] = _plain_codes({"x": entry["codebook"]})["x"]
        if isinstance(entry.get("preset"), str):
            try:
                entry = presets.merged(presets.preset_spec(entry["preset"], role), entry)
            except ValueError as exc:
                problems.append((Location(EXPORTS, line=doc.line([*path, "preset"])),
                                 f"{doc.describe([*path, 'preset'])}: {exc}"))
        parent[path[-1]] = entry
        problems += _names_checked(doc, path, role, entry)
    return data, problems


def _table_for(role: str) -> Sheet:
    if role == "answers":
        return _answers_spec("")
    return COMMENTS_SPEC if role == "comments" else CHANNEL_SPECS[role]


def our_codes(col: Col) -> tuple[str, ...] | None:
    """The codes of ours a column holds (None: not a coded column)."""
    if col.kind == "bool":
        return ("yes", "no")
    if col.name == "direction":
        return ("incoming", "outgoing")
    if col.name == "rated":
        return ("good", "bad", NOT_RATED)
    if col.name in STATEMENTS:
        return (*ANSWERS, NO_ANSWER)
    return None


def _names_checked(doc, path: tuple, role: str, entry: dict) -> list:
    """Our names under ``columns`` and ``codes`` (and the codes themselves) must be ours."""
    table = _table_for(role)
    known = [c.name for c in table.columns]
    problems = []

    def unknown(keys: list, name, among, what: str, plural: str) -> None:
        where = [*path, *keys]
        problems.append((Location(EXPORTS, line=doc.line(where)),
                         f"{doc.describe(where)}: {quoted(name)} is not {what}"
                         f"{presets.nearest(name, among)}; {plural} are: "
                         f"{', '.join(map(str, among))}"))

    for group in ("columns", "codes"):
        mapping = entry.get(group)
        if not isinstance(mapping, dict):
            continue
        for name in mapping:
            if name not in known:
                unknown([group, name], name, known, f"a column of ours for {role}",
                        f"our columns for {role}")
    codes = entry.get("codes") if isinstance(entry.get("codes"), dict) else {}
    for name, mapping in codes.items():
        col = table.column(name)
        if col is None or not isinstance(mapping, dict):
            continue
        allowed = our_codes(col)
        for code in mapping:
            if col.name == "rating":
                if code != NOT_RATED and hygiene.as_number(code) is None:
                    unknown(["codes", name, code], code, ["1", "2", "…", NOT_RATED],
                            f"a code of ours for {name}", "its codes")
            elif allowed is None:
                problems.append((Location(EXPORTS, line=doc.line([*path, "codes", name])),
                                 f"{doc.describe([*path, 'codes', name])}: {name} is not a "
                                 "coded column (codes are for "
                                 + ", ".join(c.name for c in table.columns
                                             if our_codes(c) or c.name == "rating") + ")"))
                break
            elif code not in allowed:
                unknown(["codes", name, code], code, allowed, f"a code of ours for {name}",
                        "its codes")
    return problems


# ----------------------------------------------------------------------------- specs

_YES_NO = {"yes": ["1", "true", "yes", "jā", "ja"], "no": ["0", "false", "no", "nē", "ne"]}
_DATETIME = "a date and time, local time in Riga (YYYY-MM-DD HH:MM[:SS])"


def _ids(what: str) -> Col:
    return Col("id", "str", f"{what} id")


def _rating(top: int) -> Col:
    return Col("rating", "float", f"a rating from 1 to {top}, or empty", nullable=True,
               checks=(Check.in_range(1, top),))


# A categorical rating (LiveChat's "rated good" / "rated bad"): good or bad; empty when the
# event was not rated (the code not_rated).
_RATED = Col("rated", "str", "good or bad, or empty when not rated", nullable=True,
             checks=(Check.isin(["good", "bad"]),))


CHANNEL_SPECS: dict[str, Sheet] = {
    "calls": Sheet("calls", (
        _ids("a call"),
        Col("start", "datetime", _DATETIME),
        Col("direction", "str", "incoming or outgoing",
            checks=(Check.isin(["incoming", "outgoing"]),)),
        Col("answered", "bool", "yes or no"),
        Col("duration_s", "float", f"talk time in seconds, 0 to {MAX_CALL_SECONDS}",
            nullable=True, checks=(Check.in_range(0, MAX_CALL_SECONDS),)),
        _rating(5),
        _RATED,
        Col("transferred", "bool", "yes, no or empty", nullable=True),
        Col("callback", "bool", "yes, no or empty", nullable=True),
    ), unique=("id",), optional=frozenset({"rating", "rated", "transferred", "callback"})),
    "emails": Sheet("emails", (
        _ids("a message"),
        Col("received_at", "datetime", _DATETIME),
        Col("answered_at", "datetime", _DATETIME + ", or empty when not answered",
            nullable=True),
    ), unique=("id",)),
    "chats": Sheet("chats", (
        _ids("a chat"), Col("started_at", "datetime", _DATETIME), _rating(9), _RATED,
    ), unique=("id",), optional=frozenset({"rating", "rated"})),
    "voice_messages": Sheet("voice_messages", (
        _ids("a message"), Col("left_at", "datetime", _DATETIME),
        Col("listened_at", "datetime", _DATETIME + ", or empty", nullable=True),
    ), unique=("id",)),
    "edv_registrations": Sheet("edv_registrations", (
        _ids("a request"), Col("submitted_at", "datetime", _DATETIME),
    ), unique=("id",)),
}


def _answers_spec(labels: str) -> Sheet:
    return Sheet("answers", (
        _ids("a respondent"),
        Col("submitted_at", "datetime", _DATETIME),
        *(Col(s, "str", f"an answer: {labels}", nullable=True,
              checks=(Check.isin([*ANSWERS, NO_ANSWER]),)) for s in STATEMENTS),
        Col("weight", "float", "a respondent weight > 0, or empty", nullable=True,
            checks=(Check.gt(0),)),
    ), unique=("id",), optional=frozenset({"weight"}))


COMMENTS_SPEC = Sheet("comments", (
    _ids("a respondent"), Col("text", "str", "the comment's text"),
))

# ----------------------------------------------------------------------------- reading


@dataclasses.dataclass
class _Read:
    """One export read: its tidy table (None when it could not be read), the problems found,
    where it came from, and our column -> the file's column as the file names it."""

    frame: pd.DataFrame | None
    problems: Problems
    ref: SourceRef
    display: dict[str, str]


def _load(data_dir: Path, spec: FileSpec, table: Sheet, codes: dict[str, dict[str, list[str]]],
          warnings: list[str]) -> _Read:
    """Read one export file: rows filtered (``where``, ``drop_empty``), columns renamed to ours
    (headers matched as ``hygiene.header_key`` compares them), codes mapped (every value not
    mapped: one problem per column), validated, times as Riga's, and rows of one event made
    one (``one_event_per``). What it left out or joined is said in ``warnings`` and kept in
    the table's ``attrs`` (docs/inputs.md, "What check says about an export")."""
    path = data_dir / spec.file
    shown = spec.file
    ref = SourceRef(spec.file, spec.sheet, spec.system if isinstance(spec.system, str) else None,
                    table.name, systems=tuple(sorted((spec.system or {}).items()))
                    if isinstance(spec.system, dict) else ())
    wanted = {c.name: spec.columns.get(c.name, c.name) for c in table.columns}
    expected = [v if isinstance(v, str) else v[0] for v in wanted.values()]
    try:  # a missing or unreadable file is one problem among the others, not the end
        if spec.file.lower().endswith(".xlsx"):
            book = open_workbook(path, shown, "an .xlsx export")
            raw, problems = sheet_frame(book, spec.sheet, shown, expected)
        else:
            fields = spec.fields if spec.header == "none" else None
            raw, problems = csv_frame(path, shown, CsvOptions(spec.delimiter, spec.encoding,
                                                              fields), expected), []
    except InputError as exc:
        return _Read(None, list(exc.problems), ref, {})
    if raw is None:
        return _Read(None, problems, ref, {})
    header = raw.attrs.get("header", list(raw.columns))
    display = {mine: _pick(theirs, raw.columns) for mine, theirs in wanted.items()}
    raw, left_out, found = _filtered(raw, spec, display, shown, header)
    problems += found
    if found:
        return _Read(None, problems, ref, display)
    for what, n in left_out:
        warnings.append(f"{shown}: {n} row{'s' if n != 1 else ''} left out: {what}")
    ours = {hygiene.header_key(display[mine]): mine for mine in spec.columns}
    # a column of the file named as one of ours that is read from another column: not ours
    mapped = raw.drop(columns=[c for c in raw.columns if c in display and c not in ours
                               and hygiene.header_key(display[c]) != c])
    mapped = mapped.rename(columns=ours)
    for mine in spec.columns:  # two of ours from one column of the file
        if mine not in mapped.columns and hygiene.header_key(display[mine]) in raw.columns:
            mapped[mine] = raw[hygiene.header_key(display[mine])]
    problems += _recoded(mapped, table, codes, shown, spec, display)
    if spec.duration_format != "seconds" and "duration_s" in mapped.columns:
        mapped["duration_s"] = mapped["duration_s"].map(
            lambda v: _seconds(v, spec.duration_format))
    checked = table if spec.one_event_per is None else dataclasses.replace(table, unique=())
    frame, found = validate(mapped, checked, shown, spec.sheet, display=display,
                            warnings=warnings, header=header, times=spec.times())
    problems = problems + found
    if found and spec.header != "none" and looks_like_data(header) and any(
            what.startswith("column missing") for _, what in found):
        problems.append((Location(shown, spec.sheet, 1),
                         "row 1 looks like data, not a header row: if the export has no "
                         "header row, give header: none and the field names by position "
                         "(fields:) in exports.yaml"))
    if frame is None or problems:
        return _Read(None, explain_formulas(path, problems), ref, display)
    if spec.one_event_per is not None:
        rows = len(frame)
        frame = _one_per(frame, spec.one_event_per, table)
        if len(frame) < rows:
            left_out.append((f"{rows} rows are {len(frame)} events: rows with the same "
                             f"{display.get(spec.one_event_per, spec.one_event_per)} are one",
                             rows - len(frame)))
            warnings.append(f"{shown}: {rows} rows are {len(frame)} {table.name}: rows with "
                            f"the same {display.get(spec.one_event_per)} are one (docs/"
                            "inputs.md, \"Several rows for one event\")")
    frame.attrs["source"] = ref
    frame.attrs["left_out"] = tuple(left_out)
    frame.attrs["not_supplied"] = tuple(c for c in table.optional if c not in frame.columns)
    return _Read(frame, [], ref, display)


def _pick(theirs: str | list[str], columns) -> str:
    """The file's column for one of ours: the first of the names given that the file has
    (the first, for the message, when it has none)."""
    names = [theirs] if isinstance(theirs, str) else list(theirs)
    return next((n for n in names if hygiene.header_key(n) in columns), names[0])


def _filtered(raw: pd.DataFrame, spec: FileSpec, display: dict[str, str], shown: str,
              header: list[str]) -> tuple[pd.DataFrame, list[tuple[str, int]], Problems]:
    """The rows ``where`` keeps and ``drop_empty`` does not drop, with what each left out."""
    left_out: list[tuple[str, int]] = []
    problems: Problems = []

    def column(name: str) -> str | None:
        key = hygiene.header_key(display.get(name, name))
        if key in raw.columns:
            return key
        problems.append((Location(shown, spec.sheet, 1, display.get(name, name)),
                         "column missing (named by where or drop_empty in exports.yaml); "
                         + hygiene.columns_note([h for h in header if h], name)))
        return None

    for name, values in spec.where.items():
        key = column(name)
        if key is None:
            continue
        wanted = {str(v).strip().casefold() for v in values}
        keep = raw[key].fillna("").astype(str).str.strip().str.casefold().isin(wanted)
        if (~keep).sum():
            shown_values = ", ".join(map(str, values))
            left_out.append((f"'{display.get(name, name)}' is not {shown_values} (where)",
                             int((~keep).sum())))
        raw = raw[keep]
    for name in spec.drop_empty:
        key = column(name)
        if key is None:
            continue
        empty = raw[key].isna() | (raw[key].astype(str).str.strip() == "")
        if empty.sum():
            left_out.append((f"'{display.get(name, name)}' is empty (drop_empty)",
                             int(empty.sum())))
        raw = raw[~empty]
    return raw, left_out, problems


def _seconds(value, form: str):
    """``61:05`` (mm:ss) → 3665; a value not of the form stays as written (then reported)."""
    if not isinstance(value, str):
        return value
    parts = value.strip().split(":")
    if len(parts) != len(form.split(":")) or not all(p.isdigit() for p in parts):
        return value
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + int(part)
    return float(seconds)


_BLANK = object()  # a code mapped to an empty cell (not_rated)
_MISSING = object()  # a value none of the codes
_YES_WORDS = {"y", "j", "t", "1", "yes", "ja", "jā", "true", "answered", "atbildēts"}
_NO_WORDS = {"n", "0", "no", "ne", "nē", "false", "no answer", "busy", "failed",
             "not answered", "neatbildēts"}


def _recoded(frame: pd.DataFrame, table: Sheet, codes: dict[str, dict[str, list[str]]],
             shown: str, spec: FileSpec, display: dict[str, str]) -> Problems:
    """Map each coded column's values to our codes, in place (ignoring case and surrounding
    space; our own code as written is accepted too). Every value not mapped is said in ONE
    problem per column, with its count and a ``codes:`` line to paste into exports.yaml."""
    problems: Problems = []
    for col in table.columns:
        if col.name not in frame.columns:
            continue
        mapping = codes.get(col.name) or {}
        ours = our_codes(col)
        if ours is None and not mapping:
            continue
        lookup: dict[str, object] = {}
        for code in ours or ():
            lookup[code.casefold()] = code
        for code, values in mapping.items():
            for v in values:
                lookup[str(v).strip().casefold()] = _BLANK if code == NOT_RATED else code
        values = frame[col.name]
        present = values.notna()
        # a coded column holds a few distinct values: each looked up once, not once a row
        positions, written = pd.factorize(values[present].astype(str))
        found = [lookup.get(w.strip().casefold(), _MISSING) for w in written]
        result = pd.Series(np.array([None if f is _BLANK else f for f in found],
                                    dtype=object)[positions],
                           index=values.index[present.to_numpy()], dtype=object)
        missing = pd.Series(np.array([f is _MISSING for f in found], dtype=bool)[positions],
                            index=result.index)
        if ours is not None:
            if missing.any():
                problems.append(_unmapped(values[present][missing], col, ours, mapping,
                                          shown, spec, display))
                result[missing] = ours[0]  # already said: no message for each row
        else:  # a rating: numbers as written, or mapped
            result = result.where(~missing, values[present])
        out = values.astype(object).copy()
        if col.kind == "bool":
            yes, no = (result == "yes").to_numpy(), (result == "no").to_numpy()
            result[yes], result[no] = True, False
        out[present] = result
        frame[col.name] = out
    return problems


def _unmapped(values: pd.Series, col: Col, ours: tuple[str, ...], mapping: dict, shown: str,
              spec: FileSpec, display: dict[str, str]) -> tuple[Location, str]:
    """One column's values that are none of its codes: each with its count and first row, and
    the column's ``codes`` line with them added where a guess is safe (yes/no words, a close
    spelling; otherwise under "?", which check then asks about)."""
    written = values.astype(str).str.strip()
    counts = written.value_counts(sort=False)
    firsts = {v: int(written[written == v].index[0]) for v in counts.index}
    listed = ", ".join(f"{quoted(v)} ({n} row{'s' if n != 1 else ''}, first row {firsts[v]})"
                       for v, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    block = {code: [str(v) for v in mapping.get(code, [])] for code in ours}
    for value in counts.index:
        key = value.casefold()
        guess = ("yes" if key in _YES_WORDS else "no" if key in _NO_WORDS else None) \
            if col.kind == "bool" else None
        if guess is None:
            near = difflib.get_close_matches(key, [c.casefold() for c in ours], n=1, cutoff=0.7)
            guess = next((c for c in ours if near and c.casefold() == near[0]), "?")
        block.setdefault(guess, []).append(value)
    block = {k: v for k, v in block.items() if v}
    if col.name in STATEMENTS and col.name not in spec.codes:  # the survey's codebook
        line = yaml.safe_dump(block, default_flow_style=True, allow_unicode=True,
                              sort_keys=False, width=10_000).strip()
        where = "in exports.yaml, as the survey's (or this wave's answers') codebook:"
    else:
        line = yaml.safe_dump({col.name: block}, default_flow_style=True, allow_unicode=True,
                              sort_keys=False, width=10_000).strip()
        where = ("under codes: of this export in exports.yaml, as its line for " + col.name
                 if spec.codes else "to this export in exports.yaml: codes:")
    n = len(counts)
    return (Location(shown, spec.sheet, None, display.get(col.name, col.name)),
            f"{n} value{'s' if n != 1 else ''} not among the codes of {col.name} "
            f"({', '.join(ours)}): {listed}; add {where} {line} (check where each value went)")


def _one_per(frame: pd.DataFrame, key: str, table: Sheet) -> pd.DataFrame:
    """Rows with the same ``key`` as one event (Asterisk writes one row per phone a queue
    call rang): its earliest time, yes if any row says yes, the largest number (the talk time
    of the row that was answered), the rest from its earliest row, at that row's number."""
    times = [c.name for c in table.columns if c.kind in ("date", "datetime")
             and c.name in frame.columns]
    ordered = frame.sort_values(times[:1], kind="stable").reset_index()
    how = {"row": "first"}
    for col in table.columns:
        if col.name in frame.columns and col.name != key:
            how[col.name] = {"bool": "max", "datetime": "min", "date": "min", "float": "max",
                             "int": "max"}.get(col.kind, "first")
    out = ordered.groupby(key, sort=False).agg(how).reset_index()
    out = out.set_index("row").sort_index()
    return out[[c for c in frame.columns]]


def _described(table: Sheet, spec: FileSpec, codes: dict[str, dict[str, list[str]]]) -> Sheet:
    """The table's spec with expectations in the file's own codes and formats, for the
    messages."""
    columns = []
    for col in table.columns:
        mapping = codes.get(col.name)
        if mapping and col.kind != "bool":
            theirs = "; ".join(f"{code}: {', '.join(map(str, vals))}"
                               for code, vals in mapping.items())
            col = dataclasses.replace(col, expected=f"{col.expected_text} ({theirs})")
        if col.name == "duration_s" and spec.duration_format != "seconds":
            col = dataclasses.replace(col, expected=f"talk time written {spec.duration_format}")
        columns.append(col)
    return Sheet(table.name, tuple(columns), table.unique, table.optional)


def read_service_exports(data_dir: Path, config: ExportsConfig,
                         warnings: list[str] | None = None
                         ) -> tuple[dict[str, pd.DataFrame], dict[str, tuple[dt.date, dt.date]],
                                    dict[str, SourceRef]]:
    """Every channel's events, the dates each export covers, and where each came from; what
    was read in a way worth saying is added to ``warnings``.

    Each table's ``attrs`` say what the tables alone cannot: ``source`` (its SourceRef),
    ``left_out`` ((what, rows) for each filter and the rows joined into one event) and
    ``not_supplied`` (our optional columns the export does not give, e.g. ``rating`` for
    Asterisk's calls: the system supplies no call rating)."""
    warnings = warnings if warnings is not None else []
    events, coverage, refs, problems = {}, {}, {}, []
    for channel in CHANNELS:
        spec = config.service[channel]
        table = CHANNEL_SPECS[channel]
        codes = {c.name: _YES_NO for c in table.columns if c.kind == "bool"} | spec.codes
        read = _load(data_dir, spec, _described(table, spec, spec.codes), codes, warnings)
        problems += read.problems
        refs[channel] = read.ref
        frame = read.frame
        if frame is None:
            continue
        if channel == "calls":
            problems += _check_calls(frame, spec, read.display)
        stamps = [frame[c.name] for c in table.columns if c.kind == "datetime"
                  and c.name in frame.columns]
        first = min(s.min() for s in stamps).date() if len(frame) else None
        last = max(s.max() for s in stamps).date() if len(frame) else None
        if spec.coverage is not None:
            start, end = spec.coverage
            for col in (c.name for c in table.columns if c.kind == "datetime"):
                outside = frame[(frame[col].dt.date < start) | (frame[col].dt.date > end)]
                if len(outside):
                    row = int(outside.index[0])
                    problems.append((Location(spec.file, spec.sheet, row, read.display[col]),
                                     f"{outside[col].iloc[0]} is outside the coverage "
                                     f"{start} – {end} that {EXPORTS} gives for {channel} "
                                     f"({len(outside)} rows)"))
                    break
            coverage[channel] = (start, end)
        elif first is not None:
            coverage[channel] = (first, last)
            warnings.append(f"{spec.file}: no coverage for {channel} in {EXPORTS}: taken as "
                            f"the first to the last day in the file, {first} – {last} (give "
                            "coverage: [first day, last day] if the export is complete for "
                            "other dates)")
        else:
            problems.append((Location(spec.file, spec.sheet), "no events, and no coverage "
                             f"in {EXPORTS}: cannot tell which dates the export covers"))
        events[channel] = frame
    if problems:
        raise InputError(problems)
    return events, coverage, refs


def _check_calls(frame: pd.DataFrame, spec: FileSpec, display: dict[str, str]) -> Problems:
    """An answered call has a talk time; a call that was not answered has none."""
    bad = frame[frame["answered"] & frame["duration_s"].isna()]
    if len(bad):
        return [(Location(spec.file, spec.sheet, int(bad.index[0]), display["duration_s"]),
                 f"empty cell: an answered call needs its talk time ({len(bad)} rows)")]
    return []


def read_survey_exports(data_dir: Path, config: ExportsConfig,
                        warnings: list[str] | None = None
                        ) -> tuple[pd.DataFrame, pd.DataFrame, dict[int, SourceRef],
                                   dict[int, SourceRef]]:
    """Respondent rows of every wave (answers as codes, ``no_answer`` for a skipped statement)
    and their comments; what was read in a way worth saying is added to ``warnings``. The
    answers' ``attrs["left_out"]`` is, per wave, (what, rows) for each row filter (e.g. the
    incomplete responses a LimeSurvey export keeps), for the notes."""
    warnings = warnings if warnings is not None else []
    survey = config.survey
    answers, comments, refs, comment_refs, problems = [], [], {}, {}, []
    left_out: dict[int, tuple] = {}
    for wave, spec in sorted(survey.waves.items()):
        codebook = spec.answers.codebook or survey.codebook
        labels = "; ".join(f"{code}: {', '.join(v)}" for code, v in codebook.items())
        codes = {s: codebook for s in STATEMENTS} | spec.answers.codes
        read = _load(data_dir, spec.answers, _answers_spec(labels), codes, warnings)
        frame = read.frame
        problems += read.problems
        refs[wave] = read.ref
        if frame is None:
            continue
        left_out[wave] = frame.attrs.get("left_out", ())
        for s in STATEMENTS:
            frame[s] = frame[s].fillna(NO_ANSWER)  # an empty cell is no answer
        frame.insert(0, "wave", wave)
        answers.append(frame)
        if spec.comments is not None:
            cread = _load(data_dir, spec.comments, COMMENTS_SPEC, spec.comments.codes,
                          warnings)
            text = cread.frame
            problems += cread.problems
            comment_refs[wave] = cread.ref
            if text is not None:
                unknown = text[~text["id"].isin(frame["id"])]
                if len(unknown):
                    problems.append((Location(cread.ref.file, cread.ref.sheet,
                                              int(unknown.index[0]), cread.display["id"]),
                                     f"respondent {quoted(unknown['id'].iloc[0])} is not in "
                                     f"{read.ref.file} ({len(unknown)} comment"
                                     f"{'s' if len(unknown) > 1 else ''})"))
                text.insert(0, "wave", wave)
                comments.append(text)
    if problems:
        raise InputError(problems)
    columns = ["wave", "id", "submitted_at", *STATEMENTS]
    responses = pd.concat(answers) if answers else pd.DataFrame(columns=columns)
    responses.attrs = {"left_out": left_out}
    return (responses,
            pd.concat(comments) if comments else pd.DataFrame(columns=["wave", "id", "text"]),
            refs, comment_refs)


__all__ = ["CHANNEL_SPECS", "CHANNEL_TIME", "EXPORTS", "NOT_RATED", "ExportsConfig",
           "read_config", "read_service_exports", "read_survey_exports"]
