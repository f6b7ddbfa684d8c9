"""The edition's narrative content (``content.yaml``): every item in Latvian and English."""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cspreport.errors import InputError, Location
from cspreport.yamlfile import need_mapping, read_yaml, validation_problems


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# The longest texts the report shows, by where it shows them (docs/inputs.md, "How long a
# text may be"): a longer one is refused at its line, not left to stop the deck later with a
# message about the template. The built-in template holds each at 14 pt with room to spare;
# a title also becomes the deck's title property, which holds at most 255 characters.
MAX_LABEL = 200  # a title, a name, a label, a link or a contact line
MAX_CELL = 300  # a table cell: the wording of a plan indicator
MAX_ITEM = 1000  # a list item or a paragraph


class Text(_Strict):
    """One piece of text in both languages: a list item or a paragraph."""

    lv: str = Field(min_length=1, max_length=MAX_ITEM)
    en: str = Field(min_length=1, max_length=MAX_ITEM)

    def __call__(self, lang: str) -> str:
        return getattr(self, lang)


class Label(Text):
    """A title, a name or a label, in both languages."""

    lv: str = Field(min_length=1, max_length=MAX_LABEL)
    en: str = Field(min_length=1, max_length=MAX_LABEL)


class Cell(Text):
    """The text of a table cell, in both languages."""

    lv: str = Field(min_length=1, max_length=MAX_CELL)
    en: str = Field(min_length=1, max_length=MAX_CELL)


class PlanIndicator(Cell):
    """A plan indicator's wording (the table's cell), and optionally a short name to say it by
    in the notes ("Darbinieku saziņas, kultūras un profesionalitātes vērtējums"): a label of
    25 words read out is no speech."""

    short: Label | None = None


class Theme(Label):
    code: str = Field(pattern=r"^[a-z_]+$")
    # the cooperation measure that answers the theme: the ``code`` of a cooperation item
    measure: str | None = Field(None, pattern=r"^[a-z_]+$")


class Measure(Text):
    """A cooperation measure; a ``code`` lets a suggestion theme name it as its answer."""

    code: str | None = Field(None, pattern=r"^[a-z_]+$")


class Link(Label):
    url: str = Field(pattern=r"^https?://", max_length=MAX_ITEM)


class Award(Text):
    year: int = Field(ge=1990, le=2100)


class Contact(Label):
    """A line of the closing slide: what it is (in both languages) and the address, phone
    number or web page itself."""

    value: str = Field(min_length=1, max_length=MAX_LABEL)


class Said(_Strict):
    """What a presenter says of a slide of points, by section, in both languages: when given
    it replaces the sentence the report makes from the points (a list read out is no speech)."""

    goals: Text | None = None
    pillars: Text | None = None
    client_knowledge: Text | None = None
    support_unit: Text | None = None
    survey: Text | None = None
    cooperation: Text | None = None
    awards: Text | None = None


class Content(_Strict):
    title: Label
    subtitle: Label
    organisation: Label
    plan_indicators: dict[str, PlanIndicator]
    goals: list[Text]
    success_pillars: list[Text]
    client_knowledge: list[Text]
    support_unit: list[Text]
    survey_goal: Text
    survey_points: list[Text]
    suggestion_themes: list[Theme]
    cooperation: list[Measure]
    links: list[Link]
    awards: list[Award]
    # the cover and the closing slide; all optional
    presenter: Label | None = None  # who presents, e.g. a name and role, or a team
    presented_on: dt.date | None = None  # the day of the presentation
    logo: str | None = Field(None, pattern=r"(?i)^[^/\\]+\.(png|jpe?g)$")  # a file in the edition
    contacts: list[Contact] = []
    said: Said = Said()  # what a presenter says of a slide of points (optional)


def read_content(path: Path, shown_as: str | None = None) -> Content:
    """The edition's texts; a logo it names, when the file is there, must be a picture that
    the deck and the report can show (``logo_problem``)."""
    shown = shown_as or str(path)
    doc = read_yaml(path, shown, "the edition's content.yaml")
    need_mapping(doc, shown, "the edition's texts")
    try:
        content = Content.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(validation_problems(exc, doc, shown, Content)) from None
    problems = measure_problems(content, doc, shown)
    if problems:
        raise InputError(problems)
    logo = Path(path).parent / content.logo if content.logo else None
    if logo is not None and logo.is_file():  # a missing one: the edition's check says so
        problem = logo_problem(logo)
        if problem:
            raise InputError([(Location(shown, line=doc.line(("logo",))),
                               f"logo: {content.logo!r} {problem}")])
    return content


def measure_problems(content: Content, doc, shown: str) -> list[tuple[Location, str]]:
    """A theme's ``measure`` must be the ``code`` of one cooperation item, and no two
    cooperation items may share a code: each problem at its line."""
    problems = []
    codes: dict[str, int] = {}
    for i, item in enumerate(content.cooperation):
        if item.code is None:
            continue
        if item.code in codes:
            problems.append((Location(shown, line=doc.line(("cooperation", i, "code"))),
                             f"cooperation, item {i + 1}, code: {item.code!r} is already the "
                             f"code of item {codes[item.code] + 1}; each measure needs its "
                             "own code"))
        codes.setdefault(item.code, i)
    for i, theme in enumerate(content.suggestion_themes):
        if theme.measure is not None and theme.measure not in codes:
            known = (f"the codes of cooperation are: {', '.join(codes)}" if codes else
                     "no cooperation item has a code: give the measure one (code: ...)")
            problems.append((Location(shown, line=doc.line(("suggestion_themes", i,
                                                            "measure"))),
                             f"suggestion_themes, item {i + 1} ({theme.code}), measure: "
                             f"{theme.measure!r} is not the code of a cooperation measure "
                             f"({known})"))
    return problems


# A logo is embedded as it is in the deck and, as a data URI, in the HTML report: a larger
# one only makes both heavier (a cover shows it about 2.6 × 1.2 in, some 800 pixels across).
# It is refused rather than shrunk, so that what is published is the file the user gave.
LOGO_MAX_BYTES = 10 * 1024 * 1024
LOGO_MAX_PIXELS = 25_000_000
_FORMATS = ("PNG", "JPEG", "MPO")  # MPO: the JPEG some cameras write


def logo_problem(path: Path) -> str | None:
    """What is wrong with the logo at ``path`` for a deck and a web page (None: nothing): a
    file that is no PNG or JPEG picture, or one past the limits above. Pillow reads only the
    header to tell the size, and its own warning about very large pictures is not shown:
    the limit here is lower and said in plain words."""
    from PIL import Image

    fix = "save a smaller copy (a logo needs no more than about 2000 pixels across)"
    size = path.stat().st_size
    if size > LOGO_MAX_BYTES:
        return (f"is {size / 1024 / 1024:.1f} MB; a logo may be at most "
                f"{LOGO_MAX_BYTES // 1024 // 1024} MB: {fix}")
    too_large = (f"a logo may have at most {LOGO_MAX_PIXELS // 1_000_000} million pixels: "
                 f"{fix}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(path) as image:
                width, height, kind = image.width, image.height, image.format
                image.verify()  # the data as far as it can be checked without decoding
        except Image.DecompressionBombError:  # past Pillow's own limit, far above ours
            return f"is too large an image; {too_large}"
        except (OSError, SyntaxError, ValueError, EOFError):
            return ("is not an image (no PNG or JPEG picture could be read from it); put a "
                    ".png or .jpg file of the logo there")
    if kind not in _FORMATS:
        return f"is not a PNG or JPEG image (it is {kind}); save the logo as .png or .jpg"
    if width * height > LOGO_MAX_PIXELS:
        return f"is too large an image ({width} × {height} pixels); {too_large}"
    return None


class ThemeRule(_Strict):
    stems: list[str] = []
    words: list[str] = []


class ThemeRules(_Strict):
    themes: dict[str, ThemeRule]
    coding: str | None = None  # the analyst's coding workbook, relative to the edition


def read_theme_rules(path: Path, shown_as: str, codes: list[str]
                     ) -> tuple[dict[str, dict] | None, str | None]:
    """The edition's theme rules (None when it has no themes.yaml) and the name of the
    analyst's coding workbook when themes.yaml gives one; every code must be one of
    content.yaml's suggestion themes."""
    if not path.is_file():
        return None, None
    doc = read_yaml(path, shown_as, "the theme rules")
    need_mapping(doc, shown_as, "the theme rules")
    try:
        rules = ThemeRules.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(validation_problems(exc, doc, shown_as, ThemeRules)) from None
    unknown = [c for c in rules.themes if c not in codes]
    if unknown:
        raise InputError([(Location(shown_as, line=doc.line(("themes", c))),
                           f"themes, {c}: not a suggestion theme of content.yaml (they are: "
                           f"{', '.join(codes)})") for c in unknown])
    return {code: rule.model_dump() for code, rule in rules.themes.items()}, rules.coding

# The first line of content.yaml that ``cspreport new-edition`` writes, until the analyst has
# reviewed the texts and removed it.
REMINDER = "# NEW EDITION"


def reminders(data_dir: Path) -> list[str]:
    """What ``cspreport new-edition`` asked the analyst to review and is still there."""
    path = data_dir / "content.yaml"
    try:
        with path.open(encoding="utf-8-sig") as fh:
            first = fh.readline()
    except OSError:
        return []
    if first.startswith(REMINDER):
        return ["content.yaml, line 1: the texts are still those of the edition it was made "
                "from: review every list (and add this year's awards), then delete the "
                "reminder lines at the top"]
    return []
