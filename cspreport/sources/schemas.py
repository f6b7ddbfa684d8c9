"""The sheets of an edition workbook, column by column.

Each sheet is declared once here; the declaration gives the pandera schema that validates it
and the words the error messages use for what a column should hold. docs/inputs.md documents
the same sheets for analysts (a test checks that it names every column).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cspreport.definitions import ANSWERS, MEASURE_BY_CODE, STATEMENTS, SURVEY_SHARES

if TYPE_CHECKING:
    import pandera.pandas as pa

_DTYPES = {"str": str, "int": "Int64", "float": "Float64", "date": "datetime64[ns]",
           "datetime": "datetime64[ns]", "bool": "boolean"}
_EXPECT = {
    "str": "text",
    "int": "a whole number",
    "float": "a number",
    "date": "a date (YYYY-MM-DD)",
    "datetime": "a date and time (YYYY-MM-DD HH:MM:SS)",
    "bool": "yes or no",
}


@dataclass(frozen=True)
class Check:
    """A check of a column's values, as pandera's ``Check.<name>(*args)``: declared here,
    made into pandera's only when a table is validated (``Sheet.schema``), so that opening
    an edition's cached tables (every notebook's kernel) never imports pandera (0.1 s, and
    0.2 s more to set up its backends)."""

    name: str  # in_range, isin, ge, gt, str_matches
    args: tuple = ()

    @classmethod
    def in_range(cls, low, high) -> Check:
        return cls("in_range", (low, high))

    @classmethod
    def isin(cls, values) -> Check:
        return cls("isin", (tuple(values),))

    @classmethod
    def ge(cls, value) -> Check:
        return cls("ge", (value,))

    @classmethod
    def gt(cls, value) -> Check:
        return cls("gt", (value,))

    @classmethod
    def str_matches(cls, pattern: str) -> Check:
        return cls("str_matches", (pattern,))

    def pandera(self) -> pa.Check:
        import pandera.pandas as pa  # lazy: pandera only when a table is validated

        args = [list(a) if isinstance(a, tuple) else a for a in self.args]
        return getattr(pa.Check, self.name)(*args)


@dataclass(frozen=True)
class Col:
    name: str
    kind: str  # one of _DTYPES
    expected: str = ""  # what a valid value is, in words, beyond its kind
    nullable: bool = False
    checks: tuple[Check, ...] = ()
    max_length: int | None = None  # a text the report shows: at most this many characters
    room: str = "a cell of the report"  # where it is shown, for the message


    @property
    def expected_text(self) -> str:
        return self.expected or _EXPECT[self.kind]


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Col, ...]
    unique: tuple[str, ...] = ()  # these columns together identify a row
    optional: frozenset[str] = field(default_factory=frozenset)  # columns that may be absent

    def schema(self) -> pa.DataFrameSchema:
        import pandera.pandas as pa  # lazy: pandera only when a table is validated

        return pa.DataFrameSchema(
            {
                c.name: pa.Column(
                    _DTYPES[c.kind],
                    checks=[check.pandera() for check in c.checks],
                    nullable=c.nullable,
                    coerce=True,
                    required=c.name not in self.optional,
                )
                for c in self.columns
            },
            unique=list(self.unique) or None,
            report_duplicates="exclude_first",
        )

    def column(self, name: str) -> Col | None:
        return next((c for c in self.columns if c.name == name), None)


def _one_of(values) -> Check:
    return Check.isin(values)


# The longest texts of the workbook the report shows (docs/inputs.md, "How long a text may
# be"): a code names a row; a unit follows each value in the plan's narrow target column.
MAX_CODE = 20
MAX_UNIT = 20

_WAVE = Col("wave", "int", "a survey year such as 2021", checks=(Check.in_range(1990, 2100),))

PLAN_INDICATORS = Sheet(
    "plan_indicators",
    (
        Col("code", "str", "an indicator code such as PI1", max_length=MAX_CODE,
            room="an indicator code"),
        Col("target", "float", "the target value, a number ≥ 0", checks=(Check.ge(0),)),
        Col("actual", "float", "the achieved value (a number ≥ 0) or empty", nullable=True,
            checks=(Check.ge(0),)),
        Col("unit", "str", "the unit shown after the value, e.g. %", max_length=MAX_UNIT,
            room="a unit, shown after every value of the indicator,"),
        Col("actual_from", "str",
            "empty, or survey:<statement>:<fully|fully_or_partly> to take the actual from "
            "the survey", nullable=True,
            checks=(Check.str_matches(
                r"^survey:(?:" + "|".join(STATEMENTS) + "):(?:" + "|".join(SURVEY_SHARES)
                + ")$"),)),
    ),
    unique=("code",),
    optional=frozenset({"actual", "actual_from"}),
)

SERVICE_STATS = Sheet(
    "service_stats",
    (
        Col("period_start", "date"),
        Col("period_end", "date"),
        Col("measure", "str", "one of " + ", ".join(MEASURE_BY_CODE),
            checks=(_one_of(MEASURE_BY_CODE),)),
        Col("value", "float", "a number ≥ 0", checks=(Check.ge(0),)),
    ),
    unique=("period_start", "period_end", "measure"),
)

SURVEY_PARTICIPATION = Sheet(
    "survey_participation",
    (_WAVE, Col("respondents", "int", "a whole number > 0", checks=(Check.gt(0),))),
    unique=("wave",),
)

SURVEY_ANSWERS = Sheet(
    "survey_answers",
    (
        _WAVE,
        Col("statement", "str", "one of " + ", ".join(STATEMENTS), checks=(_one_of(STATEMENTS),)),
        Col("answer", "str", "one of " + ", ".join(ANSWERS), checks=(_one_of(ANSWERS),)),
        Col("percent", "float", "a percentage from 0 to 100", checks=(Check.in_range(0, 100),)),
    ),
    unique=("wave", "statement", "answer"),
)

SURVEY_COMMENTS = Sheet(
    "survey_comments",
    (_WAVE, Col("comments", "int", "a whole number ≥ 0", checks=(Check.ge(0),))),
    unique=("wave",),
)

SHEETS: tuple[Sheet, ...] = (
    PLAN_INDICATORS, SERVICE_STATS, SURVEY_PARTICIPATION, SURVEY_ANSWERS, SURVEY_COMMENTS,
)
