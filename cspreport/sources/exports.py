"""The systems' own exports: contact-centre event logs and the survey tool's respondent rows.

Which files an edition has, and what their columns and codes are called, is said by the
edition's ``exports.yaml`` (every system names them differently); nothing about a particular
system is written in code. Each export becomes a tidy table with our column names and codes,
indexed by the file's row numbers, so that every later error can still point at a row.

See docs/inputs.md, "Exports", for the columns, codes and the rules (what counts in a period).
"""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
from pathlib import Path, PurePosixPath

import pandas as pd
import pandera.pandas as pa
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from cspreport.definitions import (
    ANSWERS,
    CHANNEL_TIME,
    CHANNELS,
    MAX_CALL_SECONDS,
    NO_ANSWER,
    STATEMENTS,
)
from cspreport.errors import InputError, Location, quoted
from cspreport.sources import hygiene
from cspreport.sources.schemas import Col, Sheet
from cspreport.sources.tabular import (
    CsvOptions,
    Problems,
    csv_frame,
    explain_formulas,
    open_workbook,
    sheet_frame,
    validate,
)
from cspreport.sources.yamlfile import need_mapping, read_yaml, validation_problems
from cspreport.tables import SourceRef

EXPORTS = "exports.yaml"

# ----------------------------------------------------------------------------- config


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FileSpec(_Strict):
    """One export file: where it is, how to read it, what its columns and codes are called."""

    file: str
    sheet: str | None = None  # .xlsx: the sheet (default: the first)
    system: str | None = None  # the system it is exported from, as people call it
    delimiter: str = Field(",", min_length=1, max_length=1)  # .csv
    encoding: str = "utf-8"  # .csv
    columns: dict[str, str]  # our name -> the file's column name
    codes: dict[str, dict[str, list[str]]] = {}  # our column -> our code -> the file's codes
    coverage: tuple[dt.date, dt.date] | None = None  # the dates the export is complete for

    @model_validator(mode="after")
    def _file_kind(self):
        name = PurePosixPath(self.file.replace("\\", "/")).name
        what = hygiene.left_by_a_tool(name)
        if what:
            real = hygiene.real_name(name)
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
        return self


class WaveSpec(_Strict):
    answers: FileSpec
    comments: FileSpec | None = None


class SurveySpec(_Strict):
    codebook: dict[str, list[str]]  # our answer code (or no_answer) -> the tool's labels/codes
    waves: dict[int, WaveSpec]

    @model_validator(mode="after")
    def _codebook(self):
        missing = [a for a in ANSWERS if a not in self.codebook]
        unknown = [k for k in self.codebook if k not in (*ANSWERS, NO_ANSWER)]
        if missing or unknown:
            said = [f"missing: {', '.join(missing)}" if missing else "",
                    f"unknown: {', '.join(unknown)}" if unknown else ""]
            raise ValueError(f"codebook: expected the answers {', '.join(ANSWERS)} and "
                             f"optionally {NO_ANSWER}; " + "; ".join(filter(None, said)))
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
    try:
        return ExportsConfig.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(validation_problems(exc, doc, EXPORTS, ExportsConfig)) from None


# ----------------------------------------------------------------------------- specs

_YES_NO = {"yes": ["1", "true", "yes", "jā", "ja"], "no": ["0", "false", "no", "nē", "ne"]}
_DATETIME = "a date and time, local time in Riga (YYYY-MM-DD HH:MM[:SS])"


def _ids(what: str) -> Col:
    return Col("id", "str", f"{what} id")


def _rating(top: int) -> Col:
    return Col("rating", "float", f"a rating from 1 to {top}, or empty", nullable=True,
               checks=(pa.Check.in_range(1, top),))


CHANNEL_SPECS: dict[str, Sheet] = {
    "calls": Sheet("calls", (
        _ids("a call"),
        Col("start", "datetime", _DATETIME),
        Col("direction", "str", "incoming or outgoing",
            checks=(pa.Check.isin(["incoming", "outgoing"]),)),
        Col("answered", "bool", "yes or no"),
        Col("duration_s", "float", f"talk time in seconds, 0 to {MAX_CALL_SECONDS}",
            nullable=True, checks=(pa.Check.in_range(0, MAX_CALL_SECONDS),)),
        _rating(5),
        Col("transferred", "bool", "yes, no or empty", nullable=True),
        Col("callback", "bool", "yes, no or empty", nullable=True),
    ), unique=("id",), optional=frozenset({"rating", "transferred", "callback"})),
    "emails": Sheet("emails", (
        _ids("a message"),
        Col("received_at", "datetime", _DATETIME),
        Col("answered_at", "datetime", _DATETIME + ", or empty when not answered",
            nullable=True),
    ), unique=("id",)),
    "chats": Sheet("chats", (
        _ids("a chat"), Col("started_at", "datetime", _DATETIME), _rating(9),
    ), unique=("id",), optional=frozenset({"rating"})),
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
              checks=(pa.Check.isin([*ANSWERS, NO_ANSWER]),)) for s in STATEMENTS),
        Col("weight", "float", "a respondent weight > 0, or empty", nullable=True,
            checks=(pa.Check.gt(0),)),
    ), unique=("id",), optional=frozenset({"weight"}))


COMMENTS_SPEC = Sheet("comments", (
    _ids("a respondent"), Col("text", "str", "the comment's text"),
))

# ----------------------------------------------------------------------------- reading


def _load(data_dir: Path, spec: FileSpec, table: Sheet, codes: dict[str, dict[str, list[str]]],
          warnings: list[str]) -> tuple[pd.DataFrame | None, Problems, SourceRef]:
    """Read one export file, rename its columns to ours (headers matched as
    ``hygiene.header_key`` compares them), map its codes, validate."""
    path = data_dir / spec.file
    shown = spec.file
    expected = [spec.columns.get(c.name, c.name) for c in table.columns]
    ref = SourceRef(spec.file, spec.sheet, spec.system, table.name)
    try:  # a missing or unreadable file is one problem among the others, not the end
        if spec.file.lower().endswith(".xlsx"):
            book = open_workbook(path, shown, "an .xlsx export")
            raw, problems = sheet_frame(book, spec.sheet, shown, expected)
        else:
            raw, problems = csv_frame(path, shown, CsvOptions(spec.delimiter, spec.encoding),
                                      expected), []
    except InputError as exc:
        return None, list(exc.problems), ref
    if raw is None:
        return None, problems, ref
    header = raw.attrs.get("header", list(raw.columns))
    ours = {hygiene.header_key(theirs): mine for mine, theirs in spec.columns.items()}
    raw = raw.rename(columns=ours)
    for column, mapping in codes.items():
        if column in raw.columns:
            lookup = {str(v).strip().casefold(): code for code, vals in mapping.items()
                      for v in vals}
            raw[column] = _recode(raw[column], lookup)
    for col in table.columns:  # booleans: "yes"/"no" after mapping
        if col.kind == "bool" and col.name in raw.columns:
            raw[col.name] = _recode(raw[col.name], {"yes": True, "no": False}).astype(object)
    frame, found = validate(raw, table, shown, spec.sheet, display=spec.columns,
                            warnings=warnings, header=header)
    if frame is None:
        return None, explain_formulas(path, problems + found), ref
    frame.attrs["source"] = ref
    return frame, problems + found, ref


def _recode(values: pd.Series, lookup: dict) -> pd.Series:
    """Map codes (ignoring case and surrounding space); a value not in ``lookup`` stays as it
    was, so that validation reports it as found."""
    present = values.notna()
    keys = values[present].astype(str).str.strip().str.casefold()
    mapped = keys.map(lookup)
    out = values.astype(object).copy()
    out[present] = mapped.where(mapped.notna(), values[present]).astype(object)
    return out


def _described(table: Sheet, spec: FileSpec, codes: dict[str, dict[str, list[str]]]) -> Sheet:
    """The table's spec with expectations in the file's own codes, for the messages."""
    columns = []
    for col in table.columns:
        mapping = codes.get(col.name)
        if mapping and col.kind != "bool":
            theirs = "; ".join(f"{code}: {', '.join(map(str, vals))}"
                               for code, vals in mapping.items())
            col = dataclasses.replace(col, expected=f"{col.expected_text} ({theirs})")
        columns.append(col)
    return Sheet(table.name, tuple(columns), table.unique, table.optional)


def read_service_exports(data_dir: Path, config: ExportsConfig,
                         warnings: list[str] | None = None
                         ) -> tuple[dict[str, pd.DataFrame], dict[str, tuple[dt.date, dt.date]],
                                    dict[str, SourceRef]]:
    """Every channel's events, the dates each export covers, and where each came from; what
    was read in a way worth saying is added to ``warnings``."""
    warnings = warnings if warnings is not None else []
    events, coverage, refs, problems = {}, {}, {}, []
    for channel in CHANNELS:
        spec = config.service[channel]
        table = CHANNEL_SPECS[channel]
        codes = {c.name: _YES_NO for c in table.columns if c.kind == "bool"} | spec.codes
        frame, found, ref = _load(data_dir, spec, _described(table, spec, spec.codes), codes,
                                  warnings)
        problems += found
        refs[channel] = ref
        if frame is None:
            continue
        if channel == "calls":
            problems += _check_calls(frame, spec)
        stamps = [frame[c.name] for c in table.columns if c.kind == "datetime"]
        first = min(s.min() for s in stamps).date() if len(frame) else None
        last = max(s.max() for s in stamps).date() if len(frame) else None
        if spec.coverage is not None:
            start, end = spec.coverage
            for col in (c.name for c in table.columns if c.kind == "datetime"):
                outside = frame[(frame[col].dt.date < start) | (frame[col].dt.date > end)]
                if len(outside):
                    row = int(outside.index[0])
                    problems.append((Location(spec.file, spec.sheet, row, spec.columns[col]),
                                     f"{outside[col].iloc[0]} is outside the coverage "
                                     f"{start} – {end} that {EXPORTS} gives for {channel} "
                                     f"({len(outside)} rows)"))
                    break
            coverage[channel] = (start, end)
        elif first is not None:
            coverage[channel] = (first, last)
        else:
            problems.append((Location(spec.file, spec.sheet), "no events, and no coverage "
                             f"in {EXPORTS}: cannot tell which dates the export covers"))
        events[channel] = frame
    if problems:
        raise InputError(problems)
    return events, coverage, refs


def _check_calls(frame: pd.DataFrame, spec: FileSpec) -> Problems:
    """An answered call has a talk time; a call that was not answered has none."""
    bad = frame[frame["answered"] & frame["duration_s"].isna()]
    if len(bad):
        return [(Location(spec.file, spec.sheet, int(bad.index[0]), spec.columns["duration_s"]),
                 f"empty cell: an answered call needs its talk time ({len(bad)} rows)")]
    return []


def read_survey_exports(data_dir: Path, config: ExportsConfig,
                        warnings: list[str] | None = None
                        ) -> tuple[pd.DataFrame, pd.DataFrame, dict[int, SourceRef],
                                   dict[int, SourceRef]]:
    """Respondent rows of every wave (answers as codes, ``no_answer`` for a skipped statement)
    and their comments; what was read in a way worth saying is added to ``warnings``."""
    warnings = warnings if warnings is not None else []
    survey = config.survey
    labels = "; ".join(f"{code}: {', '.join(v)}" for code, v in survey.codebook.items())
    codebook = {s: survey.codebook for s in STATEMENTS}
    answers, comments, refs, comment_refs, problems = [], [], {}, {}, []
    for wave, spec in sorted(survey.waves.items()):
        frame, found, ref = _load(data_dir, spec.answers, _answers_spec(labels), codebook,
                                  warnings)
        problems += found
        refs[wave] = ref
        if frame is None:
            continue
        for s in STATEMENTS:
            frame[s] = frame[s].fillna(NO_ANSWER)  # an empty cell is no answer
        frame.insert(0, "wave", wave)
        answers.append(frame)
        if spec.comments is not None:
            text, found, cref = _load(data_dir, spec.comments, COMMENTS_SPEC, {}, warnings)
            problems += found
            comment_refs[wave] = cref
            if text is not None:
                unknown = text[~text["id"].isin(frame["id"])]
                if len(unknown):
                    problems.append((Location(cref.file, cref.sheet, int(unknown.index[0]),
                                              spec.comments.columns["id"]),
                                     f"respondent {quoted(unknown['id'].iloc[0])} is not in "
                                     f"{ref.file} ({len(unknown)} comment"
                                     f"{'s' if len(unknown) > 1 else ''})"))
                text.insert(0, "wave", wave)
                comments.append(text)
    if problems:
        raise InputError(problems)
    columns = ["wave", "id", "submitted_at", *STATEMENTS]
    return (pd.concat(answers) if answers else pd.DataFrame(columns=columns),
            pd.concat(comments) if comments else pd.DataFrame(columns=["wave", "id", "text"]),
            refs, comment_refs)


__all__ = ["CHANNEL_SPECS", "CHANNEL_TIME", "EXPORTS", "ExportsConfig", "read_config",
           "read_service_exports", "read_survey_exports"]
