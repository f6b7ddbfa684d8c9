"""Run parameters: one YAML file per period under ``params/``, or a notebook's parameters cell.

Papermill only *warns* about a parameter the notebook does not declare, so a typo such as
``period_ed`` would silently build the default period. Both entry points therefore go through
``Params.from_mapping``, which rejects unknown names and wrong types with a message that says
what was expected. ``Params`` is a pydantic model (frozen, no names but its own): the checks
are its field types and validators, and each field carries the words of what it expects
(``Expected``), which the message gives in place of pydantic's own.
"""

from __future__ import annotations

import ast
import datetime as dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StrictInt,
    StrictStr,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from cspreport.errors import InputError, ParamsError, shorten
from cspreport.style import WHITE, contrast
from cspreport.yamlfile import read_yaml

Lang = Literal["lv", "en", "both"]
LANG_CHOICES: tuple[str, ...] = get_args(Lang)
LANGUAGES = ("lv", "en")


@dataclass(frozen=True)
class Expected:
    """What a parameter's value should be, in the words of the message that refuses one
    (``parameter 'lang' = “de”: expected one of lv, en, both``)."""
    text: str


# pydantic's error type for a refusal that says its own expectation (the brand colour's
# contrast) or is about the parameters together (the period): its message is the user's
_PLAIN = "cspreport"


def _date(value: Any) -> Any:
    """A date from YAML (a date, or a datetime at midnight) or from text written YYYY-MM-DD,
    as Python reads ISO dates; anything else is left for the date type to refuse."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("blank")
    return value


def _colour(value: str) -> str:
    """RRGGBB (or #RRGGBB, any case) as RRGGBB in capitals, dark enough for text on white."""
    if not re.fullmatch(r"#?[0-9A-Fa-f]{6}", value):
        raise ValueError("not RRGGBB")
    colour = value.lstrip("#").upper()
    if contrast(colour, WHITE) < 4.5:
        raise PydanticCustomError(_PLAIN, "a colour dark enough for text on white (contrast "
                                  "{ratio}:1, at least 4.5:1 is needed)",
                                  {"ratio": f"{contrast(colour, WHITE):.1f}"})
    return colour


Year = Annotated[StrictInt, Field(ge=1990, le=2100), Expected("a year such as 2021")]
Date = Annotated[dt.date, Strict(), BeforeValidator(_date), Expected("a date written YYYY-MM-DD")]
Text = Annotated[StrictStr, AfterValidator(_not_blank)]
Folder = Annotated[Text, Expected("a folder path")]
File = Annotated[Text | None, Expected("a file path, or nothing for the built-in template")]


class Params(BaseModel):
    """What one run builds. Relative paths are relative to the project root.

    ``Params()`` is the 2021 edition's defaults; ``from_mapping`` (and the params file and the
    notebook's parameters through it) checks what it is given and says in plain words what
    was expected; ``model_copy(update=…)`` and ``model_dump()`` as for any pydantic model."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    edition: Year = 2021
    period_start: Date = dt.date(2021, 1, 1)
    period_end: Date = dt.date(2021, 9, 30)
    data_dir: Folder = "data/2021"
    lang: Annotated[Lang, Expected("one of " + ", ".join(LANG_CHOICES))] = "lv"
    output_dir: Folder = "output"
    # smaller breakdowns of respondents are suppressed, never shown
    min_respondents: Annotated[StrictInt, Field(ge=1),
                               Expected("a whole number of respondents, at least 1")] = 5
    template: File = None  # the office's .pptx/.potx; None: the built-in template
    template_map: File = None  # YAML mapping slide roles to its layouts/placeholders
    # RRGGBB for titles, values and the first series
    brand_colour: Annotated[Annotated[StrictStr, AfterValidator(_colour)] | None,
                            Expected("a colour written RRGGBB, e.g. 1F4E79")] = None
    # seconds a notebook cell may run before the build stops it
    cell_timeout: Annotated[StrictInt, Field(ge=1),
                            Expected("a whole number of seconds, at least 1")] = 600

    @model_validator(mode="after")
    def _period_runs_forwards(self) -> Params:
        if self.period_start > self.period_end:
            raise PydanticCustomError(_PLAIN, "period_start {start} is after period_end {end}",
                                      {"start": str(self.period_start),
                                       "end": str(self.period_end)})
        return self

    # ----------------------------------------------------------------- construction
    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], origin: str = "parameters") -> Params:
        """``values`` checked: an unknown name, a value of the wrong kind or a period that
        runs backwards is a ParamsError saying, after ``origin``, what was expected."""
        try:
            return cls.model_validate(dict(values))
        except ValidationError as exc:
            raise ParamsError(f"{origin}: {_in_words(exc, values)}") from None

    @classmethod
    def from_yaml(cls, path: str | Path) -> Params:
        """A params file: the parameters that differ from the defaults. An empty file is an
        error, not "all defaults": building the wrong edition into the checkout's output/ is
        worse than a message."""

        path = Path(path)
        if path.is_dir():
            raise ParamsError(f"{path}: a folder, not a params file (e.g. params/2021.yaml)")
        try:
            doc = read_yaml(path, str(path), "a params file")
        except InputError as exc:
            raise ParamsError(str(exc).replace("file not found (expected a params file)",
                                               "params file not found")) from None
        if doc.data is None:
            raise ParamsError(f"{path}: empty params file: give at least edition, "
                              "period_start, period_end and data_dir (see params/2021.yaml)")
        if not isinstance(doc.data, dict):
            raise ParamsError(f"{path}: expected a mapping of parameter names to values "
                              "(lines such as edition: 2021)")
        return cls.from_mapping(doc.data, origin=str(path))

    @classmethod
    def from_notebook(cls, **values: Any) -> Params:
        """The parameters of a notebook, passed by the names its parameters cell declares:
        ``Params.from_notebook(edition=edition, period_start=period_start, …)``.

        Papermill only warns about a parameter the notebook does not declare, so the names it
        injected (its cell starting ``# Parameters``) are checked too: a name that is no
        parameter of cspreport (``period_ed``) is an error. Re-running the cell, or defining
        names of one's own in the notebook, changes nothing."""
        injected = _injected_names()
        unknown = {name: None for name in injected if name not in cls.model_fields}
        if unknown:
            cls.from_mapping({**values, **unknown}, origin="notebook parameters")
        return cls.from_mapping(values, origin="notebook parameters")

    # ----------------------------------------------------------------- use
    @property
    def languages(self) -> tuple[str, ...]:
        return LANGUAGES if self.lang == "both" else (self.lang,)

    def for_notebooks(self, lang: str) -> dict[str, Any]:
        """What a notebook is given: the edition, period, data and one language, and the
        brand colour its charts are drawn in when there is one (when there is none, a
        notebook that does not declare it runs without papermill's warning). Where the output
        goes and the deck's template do not change a notebook's content."""
        values = self.to_papermill()
        for key in ("output_dir", "template", "template_map", "cell_timeout"):
            values.pop(key)
        if values["brand_colour"] is None:
            values.pop("brand_colour")
        values["lang"] = lang
        return values

    def to_papermill(self) -> dict[str, Any]:
        """Parameters as papermill injects them: plain YAML-able values (dates as
        YYYY-MM-DD), in the order the fields are declared."""
        return self.model_dump(mode="json")

    def data_path(self, root: Path | None = None) -> Path:
        return resolve(self.data_dir, root)

    def output_path(self, root: Path | None = None) -> Path:
        return resolve(self.output_dir, root) / str(self.edition)


def _injected_names() -> list[str]:
    """The names papermill assigned in the cell it injected into this kernel, if any."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - not in a kernel
        return []
    shell = get_ipython()
    if shell is None:
        return []
    for source in reversed(shell.user_ns.get("In", [])):
        if source.lstrip().startswith("# Parameters"):
            try:
                tree = ast.parse(source)
            except SyntaxError:
                return []
            return [t.id for node in tree.body if isinstance(node, ast.Assign)
                    for t in node.targets if isinstance(t, ast.Name)]
    return []


def _in_words(exc: ValidationError, values: Mapping[str, Any]) -> str:
    """The first thing wrong with ``values``, as Params.from_mapping always said it: unknown
    names first (with the nearest known name), then the first value, in the order given,
    that is not what its parameter expects; pydantic's own words never reach the user."""
    known = sorted(Params.model_fields)
    errors = exc.errors()
    unknown = sorted({str(e["loc"][0]) for e in errors
                      if e["type"] in ("extra_forbidden", "invalid_key")})
    if unknown:
        hints = []
        for name in unknown:
            close = difflib.get_close_matches(name, known, n=1)
            hints.append(f"'{name}'" + (f" (did you mean '{close[0]}'?)" if close else ""))
        return (f"unknown parameter {', '.join(hints)}; "
                f"the known parameters are: {', '.join(known)}")
    given = list(values)
    first = min(errors, key=lambda e: given.index(e["loc"][0]) if e["loc"] else len(given))
    if not first["loc"]:  # about the parameters together: the period
        return first["msg"]
    name = first["loc"][0]
    value = values[name]
    shown = f"“{shorten(value)}”" if isinstance(value, str) else shorten(repr(value))
    if first["type"] == _PLAIN:
        expected = first["msg"]
    else:
        expected = next(m.text for m in Params.model_fields[name].metadata
                        if isinstance(m, Expected))
    return f"parameter '{name}' = {shown}: expected {expected}"


def project_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: cwd) holding ``params/`` and
    ``pyproject.toml``: notebooks opened in Jupyter run in ``notebooks/`` and still find
    ``data/`` and ``output/``."""
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / "pyproject.toml").is_file() and (folder / "params").is_dir():
            return folder
    return start


def resolve(path: str | Path, root: Path | None = None) -> Path:
    """``path`` with ``~`` expanded, relative to the project root unless absolute."""
    path = Path(path).expanduser()
    return path if path.is_absolute() else (root or project_root()) / path
