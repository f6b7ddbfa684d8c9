"""Publishing a section from a notebook: a preview to look at, and a record to assemble from.

``Edition.publish`` (or ``cspreport.publish``) calls a section builder once per language of
the run and displays one output holding two representations:

- ``text/html``: the section as the report will show it, in the first language (what the
  analyst sees under the cell);
- ``application/vnd.cspreport.section+json``: the record: the sections in every language,
  the SVG pictures of their charts and any warnings, as plain JSON (the pattern of papermill's
  scrapbook: an executed notebook records structured values that a later step reads back).

``cspreport.assemble`` reads these records from executed notebooks, in the order of the
notebooks and their cells, and writes the deck and the HTML report from them alone. pydantic
writes and reads a record (``RECORD``, from the dataclass ``Published`` and the report
model's dataclasses); ``section_schema()`` is its JSON schema.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pydantic import TypeAdapter, ValidationError
from pydantic_core import PydanticSerializationError

from cspreport.errors import BuildError, shorten
from cspreport.render.html import section_html
from cspreport.report import SECTION_TYPES, AnySection, ChartsSection, Section, Table

if TYPE_CHECKING:
    from matplotlib.figure import Figure

MIME = "application/vnd.cspreport.section+json"
FORMAT = 1  # the record's layout; the assembler refuses a record it does not know
OUTPUTS = ("deck", "html")


@dataclass(frozen=True)
class Published:
    """One published section in every language of the run: the fields of its record, in
    their order ("format" first)."""

    format: Literal[1] = field(default=FORMAT, init=False, repr=False)  # FORMAT
    key: str
    sections: Mapping[str, AnySection]  # lang -> section
    figures: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> SVGs
    warnings: tuple[str, ...] = ()
    # where it appears: the deck, the HTML report
    outputs: tuple[Literal["deck", "html"], ...] = OUTPUTS

    def record(self) -> dict[str, Any]:
        """The record as plain JSON values (NaN written null: JSON has no NaN). As leniently
        as Jupyter's own JSON: lists for tuples and numpy numbers (a section of an analyst's
        own, figured with pandas) are written as they are; a value of the wrong type is
        refused when the record is read (``from_record``), naming the cell."""
        try:
            return json.loads(RECORD.dump_json(self, fallback=_number, warnings=False))
        except PydanticSerializationError as exc:
            text = str(exc)  # pydantic's wrapping around the words of _number: left out
            raise RecordError(f"section {self.key!r} cannot be published: "
                              f"{text[text.find(_UNWRITABLE):]}") from None

    @classmethod
    def from_record(cls, data: Any) -> Published:
        """The published section a record holds; ``RecordError`` saying what is wrong with
        it, in words, when it cannot be read."""
        if not isinstance(data, Mapping):
            raise RecordError(f"expected an object ({{...}}), found {_found(data)}")
        if data.get("format") != FORMAT:
            raise RecordError(f"its format is {_found(data.get('format'))}, this cspreport "
                              f"reads format {FORMAT}")
        try:
            return RECORD.validate_python(data)
        except ValidationError as exc:
            raise RecordError(_in_words(exc)) from None

    def _repr_html_(self) -> str:

        lang = next(iter(self.sections))
        return section_html(self.sections[lang], lang, self.figures.get(lang, ()))

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self._repr_html_(), MIME: self.record()}


def publish_sections(sections: Mapping[str, Section | None], figure=None,
                     warnings: Iterable[str] = (), outputs: Iterable[str] = OUTPUTS,
                     brand: str | None = None) -> None:
    """Display and record ``sections`` (one per language; None: nothing to publish, e.g. no
    monthly series without event logs). ``figure``: the pictures of the section's charts in
    the HTML report, in place of those drawn here (see ``own_figures``); ``outputs``: where
    the section appears ("deck", "html"); ``brand``: the colour (hex, no #) to draw in."""
    outputs = tuple(outputs)
    if not outputs or set(outputs) - set(OUTPUTS):
        raise ValueError(f"outputs: one or both of {', '.join(OUTPUTS)}; got {outputs}")
    from IPython.display import display

    if any(s is None for s in sections.values()):
        return None
    for section in sections.values():
        _table_of_text(section)
    first = next(iter(sections.values()))
    # the build's own process reads records (this module) and never draws
    # lazy: matplotlib and seaborn only where a chart is drawn
    from cspreport.render.figures import section_svgs

    if figure is not None:
        figures = own_figures(sections, figure)
    else:  # each chart drawn once, and what the cell shows is what the report shows
        figures = {lang: section_svgs(s, lang, brand) for lang, s in sections.items()}
    published = Published(first.key, dict(sections), figures, tuple(warnings), outputs)
    published.record()  # a section it cannot write fails the cell (display would only warn)
    # Displayed, not returned: a cell ending in publish(...) records the section once.
    display(published)


def publish(build: Callable[..., Section | None] | Section, *args, edition=None,
            figure=None, warnings: Iterable[str] = (), outputs: Iterable[str] = OUTPUTS,
            **kwargs) -> None:
    """Publish a section: ``build(context, *args, **kwargs)`` for each language of
    ``edition`` (a builder of ``cspreport.sections``), or a ready ``Section`` of your own
    (shown as it is in every language). Its charts are drawn in the edition's brand colour;
    ``figure``: the pictures of its charts as you made or changed them (``figures``)."""
    brand = edition.params.brand_colour if edition is not None else None
    if isinstance(build, Section):
        langs = edition.languages if edition is not None else ("lv",)
        return publish_sections({lang: build for lang in langs}, figure, warnings, outputs,
                                brand)
    if edition is None:
        raise TypeError("publish(builder, ...) needs edition=: the edition opened with "
                        "cspreport.open_edition(params)")
    sections = {lang: build(edition.context(lang), *args, **kwargs)
                for lang in edition.languages}
    return publish_sections(sections, figure, [*edition.warnings, *warnings], outputs, brand)


def figures(build: Callable[..., Section | None] | Section, *args, edition=None,
            lang: str | None = None, **kwargs) -> list[Figure]:
    """The report's pictures of a section's charts as matplotlib Figures, one per chart, for
    you to change (titles, colours, annotations) and publish with ``figure=``:

        figs = ed.figures(sections.service.service_monthly, monthly)
        figs[0].axes[0].set_title("Calls")
        ed.publish(sections.service.service_monthly, monthly, figure=figs)

    ``build`` and its arguments as for ``publish``; drawn in ``lang`` (default: the first
    language of the run) and in the edition's brand colour. Empty when the section has no
    chart (or there is no section: None)."""
    langs = edition.languages if edition is not None else ("lv",)
    lang = lang or langs[0]
    if isinstance(build, Section):
        section = build
    elif edition is None:
        raise TypeError("figures(builder, ...) needs edition=: the edition opened with "
                        "cspreport.open_edition(params)")
    else:
        section = build(edition.context(lang), *args, **kwargs)
    if section is None:
        return []
    brand = edition.params.brand_colour if edition is not None else None
    from cspreport.render.figures import section_figures  # lazy: as in publish_sections

    return list(section_figures(section, lang, brand))


def own_figures(sections: Mapping[str, Section], figure) -> dict[str, tuple[str, ...]]:
    """The SVG pictures of ``figure`` for each language's section: one matplotlib Figure for
    a section of one chart, a list of Figures, one per chart in order, for several (small
    multiples); the same in every language, or a mapping of each language to its own. A
    section without charts, a wrong count or anything but a Figure is a PublishError saying
    what was expected."""
    from cspreport.render.figures import figure_svg  # lazy: as in publish_sections

    if not isinstance(figure, Mapping):
        # each language's section checked (the same charts), the figures of the first kept
        checked = [_checked(s, figure) for s in sections.values()]
        svgs = tuple(figure_svg(f) for f in checked[0])  # written once, shown in every language
        return {lang: svgs for lang in sections}
    missing = [lang for lang in sections if lang not in figure]
    if missing:
        key = next(iter(sections.values())).key
        raise PublishError(f"section {key!r}: figure= gives no figures for "
                           f"{', '.join(missing)} (expected a mapping of each language of the "
                           f"run, {', '.join(sections)}, to its figures)")
    return {lang: tuple(figure_svg(f) for f in _checked(s, figure[lang]))
            for lang, s in sections.items()}


def _checked(section: Section, figure) -> list[Figure]:
    """``figure`` as a list of Figures, one per chart of ``section``, or a PublishError."""
    from matplotlib.figure import Figure  # an analyst's figures given: matplotlib is loaded

    charts = _charts_of(section)
    where = f"section {section.key!r}"
    if not charts:
        raise PublishError(f"{where} has no chart (a {section.kind} section): figure= "
                           "replaces the pictures of a section's charts; publish your figure "
                           "in a ChartSection of your own")
    many = isinstance(figure, (list, tuple))
    given = list(figure) if many else [figure]
    if len(charts) == 1:
        expected = "one matplotlib Figure (or a list of one)"
    else:
        titles = ", ".join(repr(c.value_title) for c in charts)
        expected = (f"a list of {len(charts)} matplotlib Figures, one per chart in this order: "
                    f"{titles}")
    if len(given) != len(charts):
        found = f"a list of {len(given)}" if many else "one figure"
        raise PublishError(f"{where} has {_count(len(charts))}: figure= expects {expected}; "
                           f"found {found}")
    for n, item in enumerate(given, start=1):
        if not isinstance(item, Figure):
            place = f"item {n} of figure=" if many else "figure="
            # an Axes or a seaborn grid: the figure it is drawn on is what was meant
            hint = (" (give its .figure)" if isinstance(getattr(item, "figure", None), Figure)
                    else "")
            raise PublishError(f"{where}: {place} is of type {type(item).__name__}, not a "
                               f"matplotlib Figure{hint}; expected {expected}")
    return given


def _charts_of(section: Section) -> tuple:
    """The charts whose pictures a section shows, in order."""
    if isinstance(section, ChartsSection):
        return section.charts
    chart = getattr(section, "chart", None)
    return (chart,) if chart is not None else ()


def _count(n: int) -> str:
    return "one chart" if n == 1 else f"{n} charts"


def _table_of_text(section: Section) -> None:
    """A section's table holds its cells as shown (text): a number in it (a table written by
    hand from a DataFrame's values) is refused, naming the row and column, before any
    renderer meets it."""
    table = getattr(section, "table", None)
    if not isinstance(table, Table):
        return
    for r, row in enumerate(table.rows, start=1):
        for c, value in enumerate(row):
            if not isinstance(value, str):
                column = table.columns[c] if c < len(table.columns) else f"column {c + 1}"
                raise PublishError(
                    f"section {section.key!r}: table row {r}, column {column!r}: "
                    f"{shorten(repr(value))} is not text (a table holds its cells as shown); "
                    "make the table with Table.from_frame(df, lang), which writes the numbers "
                    "as the report does in that language, or give every cell as text")


# ----------------------------------------------------------------------------- records

# A published section to and from its record (the JSON under ``MIME``).
RECORD: TypeAdapter[Published] = TypeAdapter(Published)


def section_schema() -> dict[str, Any]:
    """The JSON schema of a published section's record (what a notebook's output holds under
    ``MIME``): for tools that read executed notebooks without cspreport."""
    return RECORD.json_schema()


class PublishError(BuildError):
    """A section that cannot be published as it was given; the message says what to do."""


class RecordError(BuildError):
    """A published section's record that cannot be read (written by hand, or by another
    version of cspreport)."""


def cells(nb) -> list:
    """A notebook's cells as its analyst numbers them: without the parameters cell papermill
    injected."""
    return [cell for cell in nb.get("cells", [])
            if "injected-parameters" not in cell.get("metadata", {}).get("tags", ())]


def cell_records(cell, where: str) -> list[Published]:
    """The sections one cell published, in order; ``where`` names the cell in an error (the
    notebook, and the cell as ``cells`` numbers it)."""
    if cell.get("cell_type") != "code":
        return []
    out = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if MIME in data:
            try:
                out.append(Published.from_record(data[MIME]))
            except RecordError as exc:
                raise RecordError(f"{where}: a published section cannot be read: {exc}; "
                                  "run the notebook again") from None
    return out


def records(nb, name: str = "the notebook") -> list[Published]:
    """The sections an executed notebook (named ``name`` in an error) published, in cell
    order."""
    numbered = cells(nb)
    return [published for i, cell in enumerate(numbered, start=1)
            for published in cell_records(cell, f"{name}, cell {i} of {len(numbered)}")]


def _in_words(exc: ValidationError) -> str:
    """What is wrong with a record, in words: where (the path of keys to the value) and what
    was expected, for the first problem pydantic found (and how many more)."""
    errors = exc.errors()
    err = errors[0]
    loc = list(err["loc"])
    if loc[:1] == ["sections"] and len(loc) > 2:
        del loc[2]  # the tag of the section's kind, which pydantic adds to the path
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    kind, ctx, found = err["type"], err.get("ctx") or {}, err.get("input")
    kinds = ", ".join(SECTION_TYPES)
    if kind == "union_tag_invalid":
        what = f"unknown section kind {_found(ctx.get('tag'))} (the kinds: {kinds})"
    elif kind == "union_tag_not_found":
        what = f"no section kind (the kinds: {kinds})"
    elif kind == "missing":
        what = "missing"
    elif kind == "literal_error":
        what = f"expected {ctx.get('expected')}, found {_found(found)}"
    else:
        what = next((f"expected {words}, found {_found(found)}"
                     for kinds_, words in _EXPECTED if kind in kinds_), err["msg"])
    others = len(errors) - 1
    more = "" if not others else f" (and {others} more problem{'s' if others > 1 else ''})"
    return f"{where}: {what}{more}" if where else f"{what}{more}"


def _number(value: Any) -> Any:
    """A numpy number as the Python number it holds (pydantic writes no numpy types)."""
    item = getattr(value, "item", None)
    if not callable(item):
        raise TypeError(f"{_UNWRITABLE}{type(value).__name__}; a section holds text, numbers, "
                        "true or false, None, and tuples of them")
    return item()


_UNWRITABLE = "a value of type "


def _found(value: Any) -> str:
    """A found value as the record writes it (JSON), shortened."""
    return shorten(json.dumps(value, ensure_ascii=False, default=str))


# pydantic's error types that say "not the right kind of value", in words
_EXPECTED = (
    (("dict_type", "dataclass_type", "mapping_type"), "an object ({...})"),
    (("list_type", "tuple_type", "iterable_type"), "a list ([...])"),
    (("string_type",), "text"),
    (("int_type", "int_parsing", "int_from_float"), "a whole number"),
    (("float_type", "float_parsing"), "a number"),
    (("bool_type", "bool_parsing"), "true or false"),
)


__all__ = ["MIME", "Published", "RecordError", "figures", "own_figures",
           "publish", "publish_sections", "records", "section_schema"]
