"""Start the next edition from the last one: ``cspreport new-edition 2022 --from data/2021``.

Creates ``data/<year>/`` and ``params/<year>.yaml``; never overwrites anything.

- ``params/<year>.yaml``: the source edition's parameters with the period a year on;
- ``content.yaml``: copied, with a marked reminder at the top of what to update (``cspreport
  check`` warns while the reminder is there);
- ``edition.xlsx``: every sheet and header of the source workbook; the plan indicators with
  their targets and without last year's actuals; no service statistics; the survey waves up to
  the source edition carried over as published figures (the waves the source had as
  respondent exports become rows of the survey sheets, so the new edition needs no old
  microdata);
- ``exports.yaml``: the same mappings of columns and codes, the coverage left to fill in, the
  survey waves now in the workbook taken out (and a new wave's files expected when the survey
  runs again: every two years);
- ``themes.yaml`` copied; ``exports/`` made empty, for the new exports.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from cspreport.analysis import open_edition
from cspreport.errors import CspreportError
from cspreport.metrics.service import shift_years
from cspreport.params import Params, project_root, resolve
from cspreport.sources.content import REMINDER
from cspreport.sources.schemas import (
    PLAN_INDICATORS,
    SERVICE_STATS,
    SURVEY_ANSWERS,
    SURVEY_COMMENTS,
    SURVEY_PARTICIPATION,
)

SURVEY_EVERY = 2  # years between survey waves


def source_params(src: Path, root: Path) -> Params | None:
    """The params of the edition in ``src``: of the params files whose data_dir is that
    folder, the latest edition (one folder can serve an earlier edition too)."""
    found = []
    for path in sorted((root / "params").glob("*.yaml")):
        try:
            params = Params.from_yaml(path)
        except CspreportError:
            continue
        if resolve(params.data_dir, root).resolve() == src.resolve():
            found.append(params)
    return max(found, key=lambda p: p.edition, default=None)


def new_edition(year: int, src: Path, root: Path | None = None) -> list[Path]:
    """Make the edition ``year`` from the one in ``src``; returns what was created."""
    root = root or project_root()
    src = resolve(src, root)
    if not src.is_dir():
        raise CspreportError(f"{src}: no such edition folder (e.g. --from data/2021)")
    target = src.parent / str(year)
    params_path = root / "params" / f"{year}.yaml"
    for path in (target, params_path):
        if path.exists():
            raise CspreportError(f"{path}: already exists; new-edition never overwrites "
                                 "anything (move it away first)")
    before = source_params(src, root) or Params(data_dir=str(src))
    if year <= before.edition:
        raise CspreportError(f"edition {year}: expected a year after the source edition "
                             f"{before.edition}")
    edition = open_edition(Params.from_mapping({**before.to_papermill(),
                                                "data_dir": str(src)}), root)
    created = []
    tmp = target.with_name(f".{target.name}.partial")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir(parents=True)
        (tmp / "exports").mkdir()
        _content(src, tmp, before.edition, year)
        _workbook(src, tmp, edition)
        _exports(src, tmp, edition, year)
        if (src / "themes.yaml").is_file():
            shutil.copyfile(src / "themes.yaml", tmp / "themes.yaml")
        tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    created += sorted(p for p in target.rglob("*"))
    shift = year - before.edition
    start, end = before.period_start, before.period_end
    # a year at a time, as new-edition always did: a 29 February, once the 28th, stays the
    # 28th in a later leap year
    for _ in range(shift):
        start, end = shift_years(start, 1), shift_years(end, 1)
    data_dir = target.relative_to(root).as_posix() if target.is_relative_to(root) \
        else str(target)
    params_path.parent.mkdir(exist_ok=True)
    params_path.write_text(
        f"# The {year} edition, made by cspreport new-edition from {before.data_dir}.\n"
        f"edition: {year}\n"
        f'period_start: "{start.isoformat()}"\n'
        f'period_end: "{end.isoformat()}"\n'
        f"data_dir: {data_dir}\n"
        f"lang: {before.lang}\n"
        f"min_respondents: {before.min_respondents}\n"
        f"output_dir: {before.output_dir}\n", encoding="utf-8")
    return [params_path, *created]


def _content(src: Path, target: Path, old: int, year: int) -> None:
    text = (src / "content.yaml").read_text(encoding="utf-8-sig")
    reminder = (
        f"{REMINDER} {year} (made by cspreport new-edition from the {old} edition): the texts\n"
        f"# below are still those of {old}. Review for {year}: goals, pillars, client knowledge,\n"
        "# support unit, survey points, cooperation, links, presenter, presented_on, contacts;\n"
        "# add the year's awards. Then delete these four lines (cspreport check warns).\n")
    (target / "content.yaml").write_text(reminder + text, encoding="utf-8")
    for logo in src.glob("*"):  # the logo content.yaml names, if any (.png/.jpg beside it)
        if logo.suffix.lower() in (".png", ".jpg", ".jpeg") and logo.is_file() \
                and not (target / logo.name).exists():
            (target / logo.name).write_bytes(logo.read_bytes())


def _workbook(src: Path, target: Path, edition) -> None:
    """The source workbook with last year's figures taken out and the survey carried over."""
    from openpyxl import load_workbook


    book = load_workbook(src / "edition.xlsx")
    tables = edition.tables

    def header(sheet) -> list[str]:
        return [str(c.value).strip() if c.value is not None else "" for c in sheet[1]]

    def refill(name: str, rows: list[dict]) -> None:
        sheet = book[name]
        names = header(sheet)
        sheet.delete_rows(2, sheet.max_row)
        for row in rows:
            sheet.append([row.get(n) for n in names])

    plan = book[PLAN_INDICATORS.name]
    names = header(plan)
    if "actual" in names:
        column = names.index("actual") + 1
        for row in range(2, plan.max_row + 1):
            plan.cell(row, column).value = None
    refill(SERVICE_STATS.name, [])
    refill(SURVEY_PARTICIPATION.name, [
        {"wave": int(w), "respondents": int(n)}
        for w, n in zip(tables.participation["wave"], tables.participation["respondents"],
                        strict=True)])
    refill(SURVEY_ANSWERS.name, [
        {"wave": int(r.wave), "statement": r.statement, "answer": r.answer,
         "percent": float(r.percent)} for r in tables.answers.itertuples()])
    refill(SURVEY_COMMENTS.name, [
        {"wave": int(w), "comments": int(n)}
        for w, n in zip(tables.comments["wave"], tables.comments["comments"], strict=True)])
    book.save(target / "edition.xlsx")


def _exports(src: Path, target: Path, edition, year: int) -> None:
    path = src / "exports.yaml"
    if not path.is_file():
        return
    config = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    for spec in (config.get("service") or {}).values():
        spec.pop("coverage", None)
    survey = config.get("survey")
    if survey:
        waves = survey.get("waves") or {}
        latest = max(waves, default=None)
        kept = {w: s for w, s in waves.items() if w > edition.params.edition}
        if latest is not None and year - latest >= SURVEY_EVERY:
            kept[year] = yaml.safe_load(yaml.safe_dump(waves[latest]).replace(
                str(latest), str(year)))
        survey["waves"] = kept
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=100)
    (target / "exports.yaml").write_text(
        f"# The systems' exports of the {year} edition: the same columns and codes as the\n"
        f"# {edition.params.edition} edition. Put the {year} exports into exports/ under these "
        "names, and\n# give each its coverage (the dates it is complete for), e.g.\n"
        f"#   coverage: [{year - 1}-01-01, {year}-12-31]\n"
        "# (without coverage, an export covers its first to its last date). Survey waves up "
        f"to {edition.params.edition}\n# are in edition.xlsx now.\n" + text, encoding="utf-8")


__all__ = ["new_edition"]
