"""One edition's inputs → tidy tables.

An edition is a folder (``data_dir``) holding ``edition.xlsx`` (hand-maintained figures),
``content.yaml`` (the narrative) and, optionally, ``exports.yaml`` naming the systems' exports
(event logs, survey respondents) that figures are computed from. See docs/inputs.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from cspreport.errors import InputError, Location
from cspreport.sources.content import read_content, read_theme_rules
from cspreport.sources.exports import (
    EXPORTS,
    read_config,
    read_service_exports,
    read_survey_exports,
)
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


class Step(Protocol):
    """How ``read_edition_files`` runs one reading step: ``call(warnings)`` reads (appending
    what is worth saying to the list it is given) and the step hands back what it read and
    those warnings. ``files``: the files of the edition (relative to it) the step reads;
    ``arguments``: anything else its result depends on (JSON-able); ``more(result)``: files
    it turned out to read as well (the logo content.yaml names). A cache (``tables.cache``)
    may give back what an earlier identical step read instead of calling it."""

    def __call__(self, kind: str, files: Sequence[str], arguments: object,
                 call: Callable[[list[str]], Any],
                 more: Callable[[Any], Sequence[str]] | None = None
                 ) -> tuple[Any, list[str]]: ...


def read_now(kind: str, files: Sequence[str], arguments: object,
             call: Callable[[list[str]], Any],
             more: Callable[[Any], Sequence[str]] | None = None) -> tuple[Any, list[str]]:
    """A step read as it is, every time."""
    said: list[str] = []
    return call(said), said


def read_edition_files(data_dir: Path, step: Step = read_now) -> EditionTables:
    """Read and validate every input of the edition in ``data_dir``. Every file is read even
    when an earlier one has problems, so that one InputError lists everything still wrong or
    missing, all at once (the workbook, the texts, every export, the theme rules).

    Each file (or group of files read together: exports.yaml and the exports it names) is
    one step run by ``step``, so that a cache can keep each one apart: in watch mode, a saved
    content.yaml is read again, and the steps that take its theme codes, but not the
    exports. The checks across files (the plan's codes against the texts, the logo, the
    coding against the comments) always run."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise InputError.at("data folder not found (parameter data_dir)", data_dir)
    problems: list = []
    warnings: list[str] = []  # what was read in a way worth saying (Excel serial dates)

    def attempt(kind, files, arguments, call, more=None):
        try:
            result, said = step(kind, list(files), arguments, call, more)
        except InputError as exc:
            problems.extend(exc.problems)
            return None
        warnings.extend(said)
        return result

    # each ``call`` looks its reader up here when it runs (tests count the calls)
    frames = attempt("workbook", [WORKBOOK], None,
                     lambda said: read_workbook(data_dir / WORKBOOK, SHEETS, WORKBOOK, said))
    content = attempt("content", [CONTENT], None,
                      lambda said: read_content(data_dir / CONTENT, CONTENT),
                      lambda found: [found.logo] if found.logo else [])
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
    rules, coding_name = (attempt("themes", [THEMES], codes,
                                  lambda said: read_theme_rules(data_dir / THEMES, THEMES,
                                                                codes))
                          if content is not None else None) or (None, None)
    if rules is not None:
        extra["theme_rules"] = rules
        sources["themes"] = SourceRef(THEMES, None)
    training = (attempt("training", [TRAINING], codes,
                        lambda said: read_training(data_dir / TRAINING, TRAINING, codes))
                if content is not None else None)
    if training is not None:
        extra["theme_training"] = training
        sources["training"] = SourceRef(TRAINING, None)
    config = attempt("exports", [EXPORTS], None, lambda said: read_config(data_dir))
    # the exports' steps read exports.yaml (their config) and the files it names
    service_files = [EXPORTS, *(spec.file for spec in config.service.values())] \
        if config is not None else []
    survey_files = [EXPORTS, *(f.file for wave in config.survey.waves.values()
                               for f in (wave.answers, wave.comments) if f is not None)] \
        if config is not None and config.survey is not None else []
    if config is not None and config.service:
        found = attempt("service exports", service_files, None,
                        lambda said: read_service_exports(data_dir, config, said))
        if found is not None:
            events, coverage, refs = found
            extra.update(events=events, coverage=coverage)
            sources.update({f"events.{c}": r for c, r in refs.items()})
    if config is not None and config.survey is not None:
        found = attempt("survey exports", survey_files, None,
                        lambda said: read_survey_exports(data_dir, config, said))
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
            known = [*codes, "other"]
            extra["theme_coding"] = attempt(
                "coding", [coding_name, *survey_files], known,
                lambda said: read_coding(data_dir / coding_name, coding_name, known, texts))
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
