"""One edition's inputs → tidy tables.

An edition is a folder (``data_dir``) holding ``edition.xlsx`` (hand-maintained figures),
``content.yaml`` (the narrative) and, optionally, ``exports.yaml`` naming the systems' exports
(event logs, survey respondents) that figures are computed from. See docs/inputs.md.
"""

from __future__ import annotations

from pathlib import Path

from cspreport.errors import InputError, Location
from cspreport.sources.content import read_content, read_theme_rules
from cspreport.sources.exports import read_config, read_service_exports, read_survey_exports
from cspreport.sources.manual_coding import read_coding
from cspreport.sources.schemas import (
    PLAN_INDICATORS,
    SERVICE_STATS,
    SHEETS,
    SURVEY_ANSWERS,
    SURVEY_COMMENTS,
    SURVEY_PARTICIPATION,
)
from cspreport.sources.tabular import read_workbook
from cspreport.sources.theme_training import TRAINING, read_training
from cspreport.sources.tidy import CODING, CONTENT, THEMES, WORKBOOK, EditionTables, SourceRef


def read_edition_files(data_dir: Path) -> EditionTables:
    """Read and validate every input of the edition in ``data_dir``. Every file is read even
    when an earlier one has problems, so that one InputError lists everything still wrong or
    missing, all at once (the workbook, the texts, every export, the theme rules)."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise InputError.at("data folder not found (parameter data_dir)", data_dir)
    problems: list = []
    warnings: list[str] = []  # what was read in a way worth saying (Excel serial dates)

    def attempt(read, *args):
        try:
            return read(*args)
        except InputError as exc:
            problems.extend(exc.problems)
            return None

    frames = attempt(read_workbook, data_dir / WORKBOOK, SHEETS, WORKBOOK, warnings)
    content = attempt(read_content, data_dir / CONTENT, CONTENT)
    plan = frames[PLAN_INDICATORS.name] if frames else None
    if plan is not None and content is not None:
        problems += [(Location(CONTENT), f"plan_indicators: no text for indicator {code} "
                      f"(listed in {WORKBOOK}, sheet {PLAN_INDICATORS.name})")
                     for code in plan["code"] if code not in content.plan_indicators]
        for col in ("actual", "actual_from"):
            if col not in plan.columns:
                plan[col] = None

    if content is not None and content.logo and not (data_dir / content.logo).is_file():
        problems.append((Location(CONTENT), f"logo: no file {content.logo!r} in the edition's "
                         "folder (a .png or .jpg beside content.yaml)"))

    def ref(sheet) -> SourceRef:
        return SourceRef(WORKBOOK, sheet.name)

    sources = {
        "plan_indicators": ref(PLAN_INDICATORS),
        "service_stats": ref(SERVICE_STATS),
        "participation": ref(SURVEY_PARTICIPATION),
        "answers": ref(SURVEY_ANSWERS),
        "comments": ref(SURVEY_COMMENTS),
        "content": SourceRef(CONTENT, None),
    }

    extra = {}
    codes = [t.code for t in content.suggestion_themes] if content is not None else []
    rules, coding_name = (attempt(read_theme_rules, data_dir / THEMES, THEMES, codes)
                          if content is not None else None) or (None, None)
    if rules is not None:
        extra["theme_rules"] = rules
        sources["themes"] = SourceRef(THEMES, None)
    training = (attempt(read_training, data_dir / TRAINING, TRAINING, codes)
                if content is not None else None)
    if training is not None:
        extra["theme_training"] = training
        sources["training"] = SourceRef(TRAINING, None)
    config = attempt(read_config, data_dir)
    if config is not None and config.service:
        found = attempt(read_service_exports, data_dir, config, warnings)
        if found is not None:
            events, coverage, refs = found
            extra.update(events=events, coverage=coverage)
            sources.update({f"events.{c}": r for c, r in refs.items()})
    if config is not None and config.survey is not None:
        found = attempt(read_survey_exports, data_dir, config, warnings)
        if found is not None:
            responses, comments, wave_refs, comment_refs = found
            extra.update(responses=responses, comment_texts=comments, wave_sources=wave_refs,
                         comment_sources=comment_refs)
    coding_name = coding_name or (CODING if (data_dir / CODING).is_file() else None)
    if coding_name is not None and not problems:

        texts = extra.get("comment_texts")
        if texts is None:
            problems.append((Location(coding_name), "a coding workbook, but the edition has "
                             "no comment export to code (exports.yaml, survey, comments)"))
        else:
            extra["theme_coding"] = attempt(read_coding, data_dir / coding_name, coding_name,
                                            [*codes, "other"], texts)
            sources["coding"] = SourceRef(coding_name, "Coding")
    if problems:
        raise InputError(problems)
    return EditionTables(
        plan_indicators=plan,
        service_stats=frames[SERVICE_STATS.name],
        participation=frames[SURVEY_PARTICIPATION.name],
        answers=frames[SURVEY_ANSWERS.name],
        comments=frames[SURVEY_COMMENTS.name],
        content=content,
        sources=sources,
        data_dir=data_dir,
        warnings=tuple(warnings),
        **extra,
    )
