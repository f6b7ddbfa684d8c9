"""Respondents' words, safe to show: personal data replaced by a marker, control characters
removed (they would corrupt the deck's XML). HTML escaping is the HTML renderer's job.

What is replaced, however it is written (docs/inputs.md lists the same; tests/unit/
test_privacy.py feeds in fixed examples and generated variants):
- e-mail addresses, in any case;
- Latvian phone numbers: 8 digits starting with 2 (mobile), 6 (landline), 8 or 9 (toll-free,
  paid), with any single spaces, hyphens or dots between the digits (29 123 456,
  2912 3456, 29-12-34-56), with or without +371, 00371 or (+371) before them; and other
  international numbers written with a leading + or 00;
- personal codes, old (ddmmyy-nnnnn) and new (32nnnn-nnnnn), with or without the hyphen;
- company registration numbers (11 digits), also as VAT numbers with LV before them;
- IBANs (two capital letters, two check digits, then up to 30 letters and digits, in groups
  or not: LV80 BANK 0000 4351 9500 1);
- web addresses with a query string (they often carry ids and tokens); plain ones stay.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

_SEP = r"[ \-.]?"  # between two digits of a number as people write it
# What each pattern finds, as a message names it; _PATTERNS is what ``redact`` replaces.
_NAMED = [
    ("an e-mail address", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)),
    ("a web address with a query string",
     re.compile(r"(?:https?://|www\.)[^\s?]+\?\S+", re.IGNORECASE)),
    # IBAN: country, check digits, then 11–30 letters and digits, in groups of 4 or not
    ("an IBAN", re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")),
    # Latvian phone numbers, with or without the country code
    ("a phone number",
     re.compile(r"(?<![\d+])(?:(?:\+|00)\s?371[ \-]?|\(\+?371\)\s?)?[2689](?:" + _SEP
                + r"\d){7}(?![\d])")),
    # VAT numbers (LV + 11 digits), personal codes and company numbers (11 digits, a hyphen
    # after the sixth allowed)
    ("a personal code or company number",
     re.compile(r"(?<![\w+])(?:LV ?)?\d{6}" + r"[ \-]?" + r"\d{5}(?!\d)", re.IGNORECASE)),
    # other international numbers: + or 00, a country code, then at least 7 more digits
    ("a phone number", re.compile(r"(?<![\w+])(?:\+|00)\d(?:" + _SEP
                                  + r"\(?\d\)?){7,14}(?!\d)")),
]
_PATTERNS = [pattern for _, pattern in _NAMED]
MARKER = "[…]"  # what replaces personal data, until a report puts its own word in
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def redact(text: str, marker: str = MARKER) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub(marker, text)
    return _CONTROL.sub("", text)


# ----------------------------------------------------------------------------- outputs

SCANNED = ("*.ipynb", "*.html", "*.pptx", "*.xlsx", "*.csv")  # PDFs are made from the decks
_SECTION_MIME = "application/vnd.cspreport.section+json"  # cspreport.publishing.MIME
_TEXT_MIMES = ("text/plain", "text/markdown")
# Dates and decimal numbers look like phone numbers to the patterns (2021-09-30, 25.11.2021,
# 93.275644, a chart's coordinates): outputs are full of them, so the scan blanks them out
# first. (Respondents' words are redacted whole: there, a date may go too.)
_DATE = re.compile(r"(?<!\d)(?:(\d{4})[-./](\d{1,2})[-./](\d{1,2})"
                   r"|(\d{1,2})[-./](\d{1,2})[-./](\d{4}))(?!\d)")
_DECIMAL = re.compile(r"(?<![\d.])\d+\.\d+(?!\.?\d)")  # not 29.12.34.56
# Digests and commits (the provenance line: "inputs sha256 81587f…; commit 1a2b3c4d5e", in
# Latvian "git versija 25542719b3") are hex, and their digits can read as a phone number
# ("256 81587…"): blanked out first too.
_DIGEST = re.compile(r"(?i)\b(?:sha-?256|sha-?1|md5|commit|git versija)\s*[0-9a-f]{6,64}…?"
                     r"|\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{16,64}\b")
_CANDIDATE = re.compile(r"[\d@?]")  # every pattern needs one of these: most text is skipped


def texts_of(value) -> Iterator[str]:
    """Every text and number in a YAML value (nested mappings and lists), as text: what an
    edition publishes on purpose (content.yaml), which a scan must not call personal."""
    if isinstance(value, dict):
        for item in value.values():
            yield from texts_of(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts_of(item)
    elif isinstance(value, str | int | float) and not isinstance(value, bool):
        yield str(value)


def scan_outputs(folder: Path, allowed: Iterable[str] = (), scanned: Iterable[Path] = ()
                 ) -> list[str]:
    """Personal data in what a build wrote into ``folder``: one line per hit, naming the file,
    where in it (notebook cell and output, slide, sheet and cell, HTML element) and what was
    found, masked ("a phone number 29•••456"), never the whole value.

    Only what a reader sees is scanned, so that digests, ids and metadata are not taken for
    phone numbers: executed notebooks' outputs (streams, text, HTML, Markdown and the sections'
    records, not cell sources, images or metadata); the HTML report's text and attribute
    values, and the CSV downloads it embeds as data URIs (not its pictures, scripts or
    styles); the decks' slides, notes, charts' cached texts and chart workbooks; the tables
    workbooks' cells; CSV files. PDFs are not read: they are pictures of the decks scanned.
    Dates written with separators are not phone numbers here. ``allowed``: texts that are
    public by design (the edition's own, e.g. the office's e-mail address on the closing
    slide); a hit found inside one of them is not reported. A notebook's cells are counted as
    in the analyst's notebook (papermill's injected parameters cell left out). A file that
    cannot be read is a finding too: what is not read is not checked. ``scanned``: files
    left out, known to be copies of files found clean with the same ``allowed`` texts (an
    executed notebook a build reuses)."""
    folder = Path(folder)
    skipped = {Path(path) for path in scanned}
    public = "\n".join(_compact(text) for text in allowed)
    readers = {".ipynb": _notebook_texts, ".html": _html_texts, ".pptx": _deck_texts,
               ".xlsx": _workbook_texts, ".csv": _csv_file_texts}
    found = []
    files = sorted({p for pattern in SCANNED for p in folder.rglob(pattern)
                    if p.is_file() and p not in skipped})
    for path in files:
        name = path.relative_to(folder).as_posix()
        try:
            for where, text in readers[path.suffix.lower()](path):
                for kind, value in _personal(text):
                    if _compact(value) not in public:
                        place = where() if callable(where) else where
                        found.append(f"{name}, {place}: {kind} {_masked(value)}")
        except Exception as exc:  # unread is unchecked: that is a finding too
            found.append(f"{name}: cannot be read to check it for personal data "
                         f"({type(exc).__name__}: {exc})")
    return found


def _personal(text: str) -> Iterator[tuple[str, str]]:
    """Every piece of personal data in ``text``: what it is and the text matched."""
    if not text or not _CANDIDATE.search(text):
        return
    text = _DECIMAL.sub(_blank, _DATE.sub(_blank_date, _DIGEST.sub(_blank, text)))
    for kind, pattern in _NAMED:
        matches = [match.group() for match in pattern.finditer(text)]
        for value in matches:
            yield kind, value
        if matches:  # found once, as redact replaces it once (an IBAN is no phone number)
            text = pattern.sub(_blank, text)


def _blank(match: re.Match) -> str:
    return "#" * len(match.group())  # neither a digit nor a separator of the patterns


def _blank_date(match: re.Match) -> str:
    import datetime as dt

    y, m, d = ((match[1], match[2], match[3]) if match[1] else (match[6], match[5], match[4]))
    try:
        dt.date(int(y), int(m), int(d))
    except ValueError:
        return match.group()  # 2912-34-56 is no date
    return _blank(match)


def _compact(text: str) -> str:
    """A text compared as written or spaced otherwise (+371 67 366 966 = 67366966)."""
    return re.sub(r"[\s\-.()]", "", text).casefold()


def _masked(value: str) -> str:
    """Enough of a value to find it, not enough to read it: 29•••456."""
    value = "".join(value.split())
    return f"{value[:2]}•••{value[-3:]}"


# Each reader yields (where, text): where is a description or a function that makes one
# (called only for a hit, when working it out costs time).
Texts = Iterator[tuple["str | Callable[[], str]", str]]


def _notebook_texts(path: Path) -> Texts:
    import json

    nb = json.loads(path.read_bytes())
    # Cells counted as in the analyst's notebook: without the one papermill injected.
    cells = [cell for cell in nb.get("cells", [])
             if "injected-parameters" not in cell.get("metadata", {}).get("tags", ())]
    for i, cell in enumerate(cells, start=1):
        for j, output in enumerate(cell.get("outputs", ()), start=1):
            where = f"cell {i} of {len(cells)}, output {j}"
            kind = output.get("output_type")
            if kind == "stream":
                yield f"{where} ({output.get('name', 'stream')})", _joined(output.get("text"))
            elif kind == "error":
                yield f"{where} (error)", f"{output.get('ename')}: {output.get('evalue')}"
            for mime, value in output.get("data", {}).items():
                if mime in _TEXT_MIMES:
                    yield f"{where} ({mime})", _joined(value)
                elif mime == "text/html":
                    for inner, text in _html_strings(_joined(value).encode()):
                        yield (lambda w=where, f=inner: f"{w} (text/html, {f()})"), text
                elif mime == _SECTION_MIME:
                    for text in _record_strings(value):
                        yield f"{where} (the section's record)", text


def _joined(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def _record_strings(value) -> Iterator[str]:
    """The texts of a section's record; its chart pictures (SVG under "figures") are not."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "figures":
                yield from _record_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _record_strings(item)


def _html_texts(path: Path) -> Texts:
    yield from _html_strings(path.read_bytes())


def _html_strings(data: bytes) -> Iterator[tuple[Callable[[], str], str]]:
    """The text and attribute values of an HTML page, each with a function naming its
    element; text/csv data URIs decoded and read by row and column."""
    from lxml import html as lxml_html

    if not data.strip():
        return
    root = lxml_html.document_fromstring(data)
    for el in root.iter():
        parent = el.getparent()
        if el.tail and parent is not None:  # the text after an element is its parent's
            yield (lambda e=parent: _element(e)), el.tail
        if not isinstance(el.tag, str):
            continue  # comments, processing instructions: their own text is not shown
        if el.tag not in ("script", "style"):
            yield (lambda e=el: _element(e)), el.text or ""
        for attr, value in el.attrib.items():
            if value.startswith("data:"):
                if value[5:].lower().startswith("text/csv"):
                    csv_name = repr(el.get("download")) if el.get("download") else "download"
                    for where, text in _data_uri_csv(value):
                        yield (lambda e=el, a=attr, w=f"the CSV {csv_name}, {where}":
                               f"{_element(e, a)}, {w}"), text
                continue  # pictures and other data
            yield (lambda e=el, a=attr: _element(e, a)), value


def _element(el, attr: str | None = None) -> str:
    """<td> in #sec-calls, line 412: the element, the nearest named one around it, its line."""
    tag = f"<{el.tag} {attr}>" if attr else f"<{el.tag}>"
    named = next((a.get("id") for a in el.iterancestors() if a.get("id")), None)
    inside = f" in #{named}" if named else ""
    line = f", line {el.sourceline}" if el.sourceline else ""
    return f"{tag}{inside}{line}"


def _data_uri_csv(uri: str) -> Iterator[tuple[str, str]]:
    import urllib.request

    with urllib.request.urlopen(uri) as response:  # a data: URI: decoded, no network
        raw = response.read()
        charset = response.headers.get_content_charset() or "utf-8"
    yield from _csv_strings(raw.decode(charset if charset != "utf-8" else "utf-8-sig",
                                       errors="replace"))


def _csv_strings(text: str) -> Iterator[tuple[str, str]]:
    import csv
    import io

    rows = csv.reader(io.StringIO(text))
    header: list[str] = []
    for r, row in enumerate(rows, start=1):
        if r == 1:
            header = row
        for c, value in enumerate(row):
            column = repr(header[c]) if r > 1 and c < len(header) else f"{c + 1}"
            yield f"row {r}, column {column}", value


def _csv_file_texts(path: Path) -> Texts:
    yield from _csv_strings(path.read_bytes().decode("utf-8-sig", errors="replace"))


def _deck_texts(path: Path) -> Texts:
    """Every paragraph of every slide and its notes, the charts' cached texts (categories,
    series names, titles) and the workbooks behind the charts, by slide number."""
    from pptx import Presentation
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    prs = Presentation(str(path))
    for n, slide in enumerate(prs.slides, start=1):
        yield from ((f"slide {n}", text) for text in _paragraphs(slide.part._element))
        if slide.has_notes_slide:
            yield from ((f"slide {n} (notes)", text)
                        for text in _paragraphs(slide.notes_slide.part._element))
        for rel in slide.part.rels.values():
            if rel.is_external or rel.reltype != RT.CHART:
                continue
            chart = rel.target_part
            yield from ((f"slide {n} (chart)", text) for text in _chart_strings(chart._element))
            xlsx = chart.chart_workbook.xlsx_part
            if xlsx is not None:
                yield from ((f"slide {n} (chart data, {where})", text)
                            for where, text in _workbook_strings(xlsx.blob))


def _paragraphs(element) -> Iterator[str]:
    """The text of every DrawingML paragraph (its runs joined: a number split over runs is
    still found), in shapes, tables, charts' titles and notes."""
    from pptx.oxml.ns import qn

    t = qn("a:t")
    for p in element.iter(qn("a:p")):
        text = "".join(node.text or "" for node in p.iter(t))
        if text:
            yield text


def _chart_strings(element) -> Iterator[str]:
    from pptx.oxml.ns import qn

    yield from _paragraphs(element)
    cache = qn("c:strCache")
    for v in element.iter(qn("c:v")):
        point = v.getparent()
        if point is not None and point.getparent() is not None \
                and point.getparent().tag == cache:
            yield v.text or ""


def _workbook_texts(path: Path) -> Texts:
    yield from _workbook_strings(path.read_bytes())


def _workbook_strings(data: bytes) -> Iterator[tuple[str, str]]:
    """Every cell of a workbook that holds text or a whole number, as "Sheet 'Calls' B5"."""
    import io

    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            for r, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                for c, value in enumerate(row, start=1):
                    if isinstance(value, bool) or value is None:
                        continue
                    if isinstance(value, float) and value.is_integer():
                        value = int(value)
                    if isinstance(value, str | int):
                        yield f"Sheet {sheet.title!r} {get_column_letter(c)}{r}", str(value)
    finally:
        book.close()
