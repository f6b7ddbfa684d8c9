"""Small helpers the tests share: editing a workbook cell, normalising number text."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook


def edit_workbook(workbook: Path, change) -> None:
    """Open ``workbook``, let ``change(book)`` alter it, save it in place."""
    book = load_workbook(workbook)
    change(book)
    book.save(workbook)


def set_cell(workbook: Path, sheet: str, cell: str, value) -> None:
    edit_workbook(workbook, lambda book: book[sheet].__setitem__(cell, value))


def plain(text: str) -> str:
    """Text with non-breaking and narrow spaces as ordinary spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")



# ----------------------------------------------------------------------------- decks


def overflowing_text(prs, name: str = "deck") -> list[str]:
    """Every text of ``prs`` (shapes and table cells) that needs more height than its shape
    gives it, measured with the glyph-width model the renderer fits with (5 % slack)."""
    from pptx.util import Emu

    from cspreport.render.textfit import text_height_in

    found = []
    for n, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            boxes = []
            if shape.has_text_frame:
                tf = shape.text_frame
                boxes.append((tf, Emu(shape.width - tf.margin_left - tf.margin_right).inches,
                              Emu(shape.height - tf.margin_top - tf.margin_bottom).inches))
            if shape.has_table:
                for row in shape.table.rows:
                    for j, cell in enumerate(row.cells):
                        if cell.is_spanned:  # covered by a merged cell: measured with it
                            continue
                        span = sum(shape.table.columns[k].width
                                   for k in range(j, j + cell.span_width))
                        w = Emu(span - cell.margin_left - cell.margin_right).inches
                        h = Emu(row.height - cell.margin_top - cell.margin_bottom).inches
                        boxes.append((cell.text_frame, w, h))
            for frame, width, height in boxes:
                if not frame.text:
                    continue
                need = sum(text_height_in(p.runs[0].text, width, p.runs[0].font.size.pt,
                                          bool(p.runs[0].font.bold))
                           for p in frame.paragraphs if p.runs and p.runs[0].font.size)
                if need > height * 1.05 + 0.02:
                    found.append(f"{name} slide {n}: {frame.text[:40]!r} needs {need:.2f} in, "
                                 f"has {height:.2f} in")
    return found


def small_text(prs, name: str = "deck", least: float = 14) -> list[str]:
    """Every text on a slide smaller than ``least`` pt: runs of shapes and tables, and every
    size a chart sets (axes, labels, legend, title). The footer (edition and slide number,
    the bottom 0.55 in of the slide) is left out. A run without a size of its own is checked
    against nothing: the deck sets every size it writes."""
    import re

    from pptx.util import Emu

    found = []
    bottom = Emu(prs.slide_height).inches - 0.55
    for n, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            runs = []
            if shape.has_text_frame and Emu(shape.top).inches < bottom:
                runs += [r for p in shape.text_frame.paragraphs for r in p.runs]
            if shape.has_table:
                runs += [r for row in shape.table.rows for c in row.cells
                         for p in c.text_frame.paragraphs for r in p.runs]
            for r in runs:
                if r.font.size is not None and r.font.size.pt < least:
                    found.append(f"{name} slide {n}: {r.text[:40]!r} at {r.font.size.pt} pt")
            if shape.has_chart:
                xml = shape.chart.part.blob.decode("utf-8")
                for size in re.findall(r'<a:(?:defRPr|rPr)[^>]*\ssz="(\d+)"', xml):
                    if int(size) < least * 100:
                        found.append(f"{name} slide {n}: chart text at {int(size) / 100} pt")
    return found


def executed_notebooks(result, lang: str = "both") -> Path:
    """Where a build (a BuildResult) keeps its executed notebooks: one folder per language set
    (``lang`` of its params) in the output folder."""
    return result.output_dir / "notebooks" / lang


# ----------------------------------------------------------------------------- exports, counted
# Expected figures counted straight from an export with the standard library and openpyxl, as
# a person would with a filter in Excel: never through the package's readers or metrics.


def csv_rows_in(path: Path, column: str, first: str, last: str, delimiter: str = ";") -> int:
    """Rows of the CSV ``path`` whose ``column`` (a timestamp written YYYY-MM-DD …) falls on a
    day from ``first`` to ``last`` (YYYY-MM-DD, both included)."""
    import csv

    with path.open(encoding="utf-8-sig", newline="") as fh:
        return sum(first <= (row[column] or "")[:10] <= last
                   for row in csv.DictReader(fh, delimiter=delimiter) if row[column])


def xlsx_rows_in(path: Path, sheet: str, column: str, first: str, last: str) -> int:
    """Rows of ``sheet`` in the workbook ``path`` whose date-time ``column`` falls on a day
    from ``first`` to ``last`` (YYYY-MM-DD, both included); empty cells do not count."""
    book = load_workbook(path, read_only=True)
    rows = book[sheet].iter_rows(values_only=True)
    at = next(rows).index(column)
    days = [row[at].date().isoformat() for row in rows if row[at] is not None]
    book.close()
    return sum(first <= day <= last for day in days)


def previous_output(out: Path, period=("2021-01-01", "2021-09-30")) -> None:
    """A stand-in for an earlier build's output in ``out``: a deck and the manifest of ours
    that records it (a folder without such a manifest is never built into)."""
    import hashlib
    import json

    out.mkdir(parents=True, exist_ok=True)
    deck = out / "cspreport-2021-lv.pptx"
    deck.write_bytes(b"the previous deck")
    entry = {"params": {"edition": 2021, "period_start": period[0], "period_end": period[1],
                        "lang": "lv"},
             "outputs": {deck.name: hashlib.sha256(deck.read_bytes()).hexdigest()}}
    (out / "manifest.json").write_text(json.dumps({"cspreport_output": 2,
                                                   "builds": {"lv": entry}}))


def use_sample_systems(data: Path, systems: Path) -> None:
    """Point the edition in ``data`` at the sample exports of real systems (tests/fixtures/
    systems, copied in as ``systems/``): calls from Asterisk, e-mails from Zendesk, chats from
    LiveChat and the 2021 survey wave from LimeSurvey, with nothing but ``preset``, ``file``
    and the survey's question codes (voice messages and EDV registrations stay as they are)."""
    import shutil

    shutil.copytree(systems, data / "systems", ignore=shutil.ignore_patterns("*.py", "*.md"))
    text = (data / "exports.yaml").read_text(encoding="utf-8")
    start, end = text.index("  calls:"), text.index("  voice_messages:")
    text = text[:start] + (
        "  calls: {preset: asterisk-cdr, file: systems/asterisk/Master.csv}\n"
        "  emails: {preset: zendesk-tickets, file: systems/zendesk/tickets.csv}\n"
        "  chats: {preset: livechat-chats, file: systems/livechat/chats.csv}\n") + text[end:]
    text = text[:text.index("    2021:")] + (
        "    2021:\n"
        "      answers:\n"
        "        preset: limesurvey-responses\n"
        "        file: systems/limesurvey/results-survey123456.csv\n"
        "        columns: {overall: \"Q1[SQ001]\", professional: \"Q1[SQ002]\", "
        "responsive: \"Q1[SQ003]\", polite: \"Q1[SQ004]\"}\n"
        "      comments: {preset: limesurvey-responses, file: systems/limesurvey/"
        "results-survey123456.csv, columns: {text: Q2}}\n")
    (data / "exports.yaml").write_text(text, encoding="utf-8")


def tile_values(slide) -> list[str]:
    """The value (first line) of each tile of a slide: its rounded boxes holding text, not a
    caption or the footnote under them (a text box that may also run to two lines)."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    return [plain(s.text_frame.text).splitlines()[0] for s in slide.shapes
            if s.has_text_frame and "\n" in s.text_frame.text
            and s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE]
