"""The coding workbook: the analyst's way to finish the coding of comments by hand.

``write_coding_workbook`` writes what ``cspreport themes export`` hands the analyst: one row
per comment of the edition's wave (respondent, the comment with personal data removed, the
themes the rules gave), the comments the rules could not place ("other") first, then one
column per theme where an ``x`` marks a theme the comment raises; data validation lets only
``x`` in. Saved into the edition folder as ``coding.xlsx``, it is read by
``cspreport.sources.manual_coding`` and wins over the rules. ``agreement`` measures how far the
rules agree with the person (``cspreport themes compare``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cspreport.i18n import Catalogue
from cspreport.metrics.themes import OTHER, code_comments, wave_comments
from cspreport.sources.manual_coding import FIXED, MARK, SHEET, theme_header


def write_coding_workbook(edition, path: Path, lang: str = "lv") -> int:
    """Write the coding sheet for ``edition``'s wave to ``path``; returns the rows written."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation


    t = Catalogue(lang)
    comments = wave_comments(edition.tables.comment_texts, edition.wave)
    rules = code_comments(comments, edition.tables.theme_rules)
    labels = {th.code: th(lang) for th in edition.tables.content.suggestion_themes}
    labels[OTHER] = t("themes.other")
    by_id = rules.groupby("id", sort=False)["theme"].apply(list).to_dict() if len(rules) \
        else {}
    person = edition.tables.theme_coding or {}
    order = sorted(comments.itertuples(index=False),
                   key=lambda c: (by_id.get(c.id, [OTHER]) != [OTHER], str(c.id)))
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    codes = list(labels)
    sheet.append([*FIXED, *(theme_header(labels[c], c) for c in codes)])
    for c in order:
        given = person.get((int(c.wave), str(c.id)), [])
        sheet.append([int(c.wave), str(c.id), c.text,
                      ", ".join(labels[x] for x in by_id.get(c.id, [OTHER])),
                      *(MARK if code in given else None for code in codes)])
    rows = len(order)
    first_theme = len(FIXED) + 1
    last = get_column_letter(first_theme + len(codes) - 1)
    check = DataValidation(type="list", formula1=f'"{MARK}"', allow_blank=True,
                           showErrorMessage=True, errorTitle="cspreport",
                           error=f"{MARK} marks a theme the comment raises; leave empty if not")
    check.add(f"{get_column_letter(first_theme)}2:{last}{max(rows + 1, 2)}")
    sheet.add_data_validation(check)
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = {"A": 8, "B": 14, "C": 70, "D": 28}
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    for i in range(len(codes)):
        sheet.column_dimensions[get_column_letter(first_theme + i)].width = 14
    for row in sheet.iter_rows(min_row=2, max_col=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    shade = PatternFill("solid", fgColor="EEF3F8")
    for row in sheet.iter_rows(min_row=2, min_col=first_theme, max_col=first_theme + len(codes)
                               - 1):
        for cell in row:
            cell.fill = shade
    sheet.freeze_panes = "C2"
    notes = book.create_sheet("Read me")
    for line in (
        "Coding of survey comments into suggestion themes (cspreport themes export).",
        f"Put {MARK} under every theme a comment raises; {MARK} under "
        f"'{labels[OTHER]}' when it raises none.",
        "A row with at least one x is coded by a person and wins over the rules; a row "
        "without is left to the rules.",
        "Comments the rules could not place are listed first. Personal data is removed.",
        "Save this workbook into the edition folder as coding.xlsx (or name it under "
        "coding: in themes.yaml); cspreport build then uses it, and cspreport themes "
        "compare measures the rules against it.",
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 110
    book.save(path)
    return rows


@dataclass(frozen=True)
class Agreement:
    """How the rules' themes compare with a person's, on the comments a person coded."""
    per_theme: dict[str, tuple[int, int, int]]  # theme → (both, rules only, person only)
    differing: list[tuple[str, str, list[str], list[str]]]  # id, text, rules, person
    coded: int

    def precision(self, theme: str) -> float:
        both, rules, _ = self.per_theme[theme]
        return both / (both + rules) if both + rules else float("nan")

    def recall(self, theme: str) -> float:
        both, _, person = self.per_theme[theme]
        return both / (both + person) if both + person else float("nan")


def agreement(edition) -> Agreement:

    comments = wave_comments(edition.tables.comment_texts, edition.wave)
    person = edition.tables.theme_coding or {}
    rules = code_comments(comments, edition.tables.theme_rules)
    by_rules = rules.groupby("id", sort=False)["theme"].apply(list).to_dict() if len(rules) \
        else {}
    texts = dict(zip(comments["id"], comments["text"], strict=True))
    themes = [*(t.code for t in edition.tables.content.suggestion_themes), OTHER]
    counts = {t: [0, 0, 0] for t in themes}
    differing, coded = [], 0
    for (wave, rid), given in sorted(person.items()):
        if wave != edition.wave:
            continue
        coded += 1
        got = set(by_rules.get(rid, [OTHER]))
        want = set(given)
        for t in themes:
            if t in got and t in want:
                counts[t][0] += 1
            elif t in got:
                counts[t][1] += 1
            elif t in want:
                counts[t][2] += 1
        if got != want:
            differing.append((rid, texts.get(rid, ""), sorted(got), sorted(want)))
    return Agreement({t: tuple(c) for t, c in counts.items()}, differing, coded)


__all__ = ["Agreement", "agreement", "write_coding_workbook"]
