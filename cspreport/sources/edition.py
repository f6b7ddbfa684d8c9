"""One edition's inputs → tidy tables.

An edition is a folder (``data_dir``) holding ``edition.xlsx`` (the figures) and
``content.yaml`` (the narrative). See docs/inputs.md.
"""

from __future__ import annotations

from pathlib import Path

from cspreport.errors import InputError, Location
from cspreport.sources.content import read_content
from cspreport.sources.schemas import (
    PLAN_INDICATORS,
    SERVICE_STATS,
    SHEETS,
    SURVEY_ANSWERS,
    SURVEY_COMMENTS,
    SURVEY_PARTICIPATION,
)
from cspreport.sources.workbook import read_workbook
from cspreport.tables import EditionTables, SourceRef

WORKBOOK = "edition.xlsx"
CONTENT = "content.yaml"


def read_edition(data_dir: Path) -> EditionTables:
    """Read and validate every input of the edition in ``data_dir``."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise InputError.at("data folder not found (parameter data_dir)", data_dir)
    frames = read_workbook(data_dir / WORKBOOK, SHEETS, shown_as=WORKBOOK)
    content = read_content(data_dir / CONTENT, shown_as=CONTENT)

    plan = frames[PLAN_INDICATORS.name]
    missing = [c for c in plan["code"] if c not in content.plan_indicators]
    if missing:
        raise InputError([(Location(CONTENT), f"plan_indicators: no text for indicator {code} "
                           f"(listed in {WORKBOOK}, sheet {PLAN_INDICATORS.name})")
                          for code in missing])
    for col in ("actual", "actual_from"):
        if col not in plan.columns:
            plan[col] = None

    def ref(sheet) -> SourceRef:
        return SourceRef(WORKBOOK, sheet.name)

    return EditionTables(
        plan_indicators=plan,
        service_stats=frames[SERVICE_STATS.name],
        participation=frames[SURVEY_PARTICIPATION.name],
        answers=frames[SURVEY_ANSWERS.name],
        comments=frames[SURVEY_COMMENTS.name],
        content=content,
        sources={
            "plan_indicators": ref(PLAN_INDICATORS),
            "service_stats": ref(SERVICE_STATS),
            "participation": ref(SURVEY_PARTICIPATION),
            "answers": ref(SURVEY_ANSWERS),
            "comments": ref(SURVEY_COMMENTS),
            "content": SourceRef(CONTENT, None),
        },
        data_dir=data_dir,
    )
