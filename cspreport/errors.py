"""Errors that cspreport reports to a user, each naming where the problem is.

Every error a user can cause (a bad params file, a missing or malformed input) is a
``CspreportError``; its message is the whole story, so the CLI prints it without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class CspreportError(Exception):
    """Base class of the errors cspreport reports to its user."""


class ParamsError(CspreportError):
    """The parameters of a run are unknown, mistyped or inconsistent."""


class BuildError(CspreportError):
    """A build step (a notebook, a renderer) failed."""


MAX_QUOTED = 80  # characters of a cell or value quoted in a message


def shorten(text: str, limit: int = MAX_QUOTED) -> str:
    """A value as a message quotes it: on one line, and cut with "…" (and its length) when
    long, so that a 100 000-character cell does not flood the screen."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    return f"{text[:limit - 1]}… ({len(text)} characters)"


def quoted(value) -> str:
    """A found value in a message: text in quotes (shortened), a number as a number."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    return f"“{shorten(value)}”"


@dataclass(frozen=True)
class Location:
    """Where in an input a problem is: file, sheet, spreadsheet row (1 = header) and column,
    or the line of a text file (YAML)."""

    file: Path | str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        parts = [str(self.file)]
        if self.sheet is not None:
            parts.append(f"sheet '{self.sheet}'")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)


class InputError(CspreportError):
    """An input file is missing or does not hold what it should.

    ``problems`` lists every (location, what was expected) pair found, so that an analyst can
    fix a sheet in one pass instead of one error per build.
    """

    def __init__(self, problems: list[tuple[Location, str]]):
        if not problems:
            raise ValueError("InputError needs at least one problem")
        self.problems = problems
        lines = [f"{loc}: {what}" for loc, what in problems[:20]]
        if len(problems) > 20:
            lines.append(f"... and {len(problems) - 20} more problems")
        super().__init__("\n".join(lines))

    @classmethod
    def at(cls, what: str, file: Path | str, sheet: str | None = None, row: int | None = None,
           column: str | None = None) -> InputError:
        return cls([(Location(file, sheet, row, column), what)])
