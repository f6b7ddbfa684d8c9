"""Run parameters: one YAML file per period under ``params/``, or a notebook's parameters cell.

Papermill only *warns* about a parameter the notebook does not declare, so a typo such as
``period_ed`` would silently build the default period. Both entry points therefore go through
``Params.from_mapping``, which rejects unknown names and wrong types with a message that says
what was expected.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from cspreport.errors import InputError, ParamsError, shorten
from cspreport.style import WHITE, contrast
from cspreport.yamlfile import read_yaml

LANGUAGES = ("lv", "en")
LANG_CHOICES = (*LANGUAGES, "both")


@dataclass(frozen=True)
class Params:
    """What one run builds. Relative paths are relative to the project root."""
    edition: int = 2021
    period_start: dt.date = dt.date(2021, 1, 1)
    period_end: dt.date = dt.date(2021, 9, 30)
    data_dir: str = "data/2021"
    lang: str = "lv"
    output_dir: str = "output"
    min_respondents: int = 5  # smaller breakdowns of respondents are suppressed, never shown
    template: str | None = None  # the office's .pptx/.potx; None: the built-in template
    template_map: str | None = None  # YAML mapping slide roles to its layouts/placeholders
    brand_colour: str | None = None  # RRGGBB for titles, values and the first series
    cell_timeout: int = 600  # seconds a notebook cell may run before the build stops it

    # ----------------------------------------------------------------- construction
    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], origin: str = "parameters") -> Params:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            hints = []
            for name in unknown:
                close = difflib.get_close_matches(name, sorted(known), n=1)
                hints.append(f"'{name}'" + (f" (did you mean '{close[0]}'?)" if close else ""))
            raise ParamsError(
                f"{origin}: unknown parameter {', '.join(hints)}; "
                f"the known parameters are: {', '.join(sorted(known))}"
            )
        checked = {name: _check(name, value, origin) for name, value in values.items()}
        params = cls(**checked)
        if params.period_start > params.period_end:
            raise ParamsError(
                f"{origin}: period_start {params.period_start} is after period_end "
                f"{params.period_end}"
            )
        return params

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
        known = {f.name for f in fields(cls)}
        unknown = {name: None for name in injected if name not in known}
        if unknown:
            cls.from_mapping({**values, **unknown}, origin="notebook parameters")
        return cls.from_mapping(values, origin="notebook parameters")

    # ----------------------------------------------------------------- use
    @property
    def languages(self) -> tuple[str, ...]:
        return LANGUAGES if self.lang == "both" else (self.lang,)

    def for_notebooks(self, lang: str) -> dict[str, Any]:
        """What a notebook is given: the edition, period, data and one language. Where the
        output goes and what the deck looks like do not change a notebook's content."""
        values = self.to_papermill()
        for key in ("output_dir", "template", "template_map", "brand_colour", "cell_timeout"):
            values.pop(key)
        values["lang"] = lang
        return values

    def to_papermill(self) -> dict[str, Any]:
        """Parameters as papermill injects them: plain YAML-able values."""
        out = asdict(self)
        out["period_start"] = self.period_start.isoformat()
        out["period_end"] = self.period_end.isoformat()
        return out

    def data_path(self, root: Path | None = None) -> Path:
        return resolve(self.data_dir, root)

    def output_path(self, root: Path | None = None) -> Path:
        return resolve(self.output_dir, root) / str(self.edition)


def _injected_names() -> list[str]:
    """The names papermill assigned in the cell it injected into this kernel, if any."""
    import ast

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


def _check(name: str, value: Any, origin: str) -> Any:
    def fail(expected: str) -> ParamsError:

        shown = f"“{shorten(value)}”" if isinstance(value, str) else shorten(repr(value))
        return ParamsError(f"{origin}: parameter '{name}' = {shown}: expected {expected}")

    if name == "min_respondents":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise fail("a whole number of respondents, at least 1")
        return value
    if name == "cell_timeout":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise fail("a whole number of seconds, at least 1")
        return value
    if name == "edition":
        if isinstance(value, bool) or not isinstance(value, int) or not 1990 <= value <= 2100:
            raise fail("a year such as 2021")
        return value
    if name in ("period_start", "period_end"):
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise fail("a date written YYYY-MM-DD")
    if name == "lang":
        if value not in LANG_CHOICES:
            raise fail("one of " + ", ".join(LANG_CHOICES))
        return value
    if name in ("template", "template_map"):
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise fail("a file path, or nothing for the built-in template")
        return value
    if name == "brand_colour":
        if value is None:
            return None

        if not (isinstance(value, str) and re.fullmatch(r"#?[0-9A-Fa-f]{6}", value)):
            raise fail("a colour written RRGGBB, e.g. 1F4E79")
        colour = value.lstrip("#").upper()
        if contrast(colour, WHITE) < 4.5:
            raise fail(f"a colour dark enough for text on white (contrast "
                       f"{contrast(colour, WHITE):.1f}:1, at least 4.5:1 is needed)")
        return colour
    if name in ("data_dir", "output_dir"):
        if not isinstance(value, str) or not value.strip():
            raise fail("a folder path")
        return value
    raise AssertionError(f"no check for parameter {name}")  # pragma: no cover


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
