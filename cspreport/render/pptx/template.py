"""The deck's template: the office's own .pptx/.potx, or the built-in one.

Each slide *role* (cover, closing, list, cards, KPI tiles, table, chart, chart + table, small
multiples) takes a layout of the template and placeholders in it: the title, a subtitle, a
body whose rectangle is the content area (the cover's: its details), a picture (the cover's
logo). A small YAML file names them (``layouts.yaml`` beside this module for the built-in
template; any file for a corporate one, given as the ``template_map`` parameter); whatever it
leaves out, and everything for a template given without a mapping, is matched by placeholder
type, since many templates name their placeholders generically ("PlaceHolder 1").
``check_template`` lists what a template lacks, so that ``cspreport template-check`` and the
build say it before anything is rendered.

The built-in template is ``cspreport.pptx``, made by ``scripts/make_template.py``: one named
layout per role on one grid of margins, the report's palette and Calibri (Carlito in
LibreOffice) in its theme, bullets and hanging indents in its master's text styles. A
corporate template brings its own; the deck takes the colours of its titles and body text.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

import yaml
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu

from cspreport import style
from cspreport.errors import CspreportError
from cspreport.render import opc
from cspreport.render.pptx import oxml
from cspreport.render.pptx.geometry import Area, overlap

ROLES = ("title", "closing", "list", "cards", "kpi", "table", "chart", "chart_table",
         "charts")
PLACES = ("title", "subtitle", "body", "picture")
# Placeholder types that can serve each purpose, in order of preference.
_TYPES = {"title": (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE),
          "subtitle": (PP_PLACEHOLDER.SUBTITLE,),
          "body": (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT),
          "picture": (PP_PLACEHOLDER.PICTURE,)}
MIN_CONTENT = (4.0, 2.2)  # the smallest content area (in) a content role can be drawn in


class TemplateError(CspreportError):
    """A template lacks what its role mapping asks for."""


@dataclass(frozen=True)
class RoleSpec:
    """A role as the mapping gives it: the layout's name, and optionally the names of its
    placeholders; a name left out is found by the placeholder's type."""

    layout: str | None
    title: str | None = None
    subtitle: str | None = None
    body: str | None = None  # its rectangle is the content area (cover: the details)
    picture: str | None = None  # cover: where a logo goes


@dataclass(frozen=True)
class Role:
    """A role resolved against the template: its layout, the ``idx`` of each placeholder it
    uses (None: the layout has none), and the colours its master gives titles and text."""

    layout: object
    title: int
    subtitle: int | None = None
    body: int | None = None
    picture: int | None = None
    title_colour: str = style.BRAND
    text_colour: str = style.TEXT  # text on the slide's background
    muted_colour: str = style.TEXT  # secondary text: a cover's details
    accent_colour: str = style.TEXT  # links, the titles of small charts
    # pictures and drawings of the layout and its master (x, y, w, h in inches), which
    # content keeps clear of where it can
    obstacles: tuple[tuple[float, float, float, float], ...] = ()


@dataclass(frozen=True)
class Template:
    prs: object  # pptx.Presentation with no slides
    roles: dict[str, Role]
    footer: bool  # draw the report's own footer (edition and slide number)
    source: str
    title_anchor: str = "middle"  # where a title sits in its placeholder: middle or bottom

    def layout(self, role: str):
        return self.roles[role].layout


def read_mapping(path: Path | None) -> tuple[dict[str, RoleSpec], bool, str]:
    """The roles a mapping file names (others are matched by placeholder type), whether to
    draw the footer, and the file's name for messages."""
    if path is None:
        text = resources.files("cspreport.render.pptx").joinpath("layouts.yaml").read_text(
            "utf-8")
        origin = "layouts.yaml (built in)"
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise TemplateError(f"{path}: cannot read the template mapping ({exc})") from None
        origin = str(path)
    raw = yaml.safe_load(text) or {}
    roles = raw.get("roles") or {}
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise TemplateError(f"{origin}: unknown roles {', '.join(map(str, unknown))}; the "
                            f"roles are: {', '.join(ROLES)}")
    out = {}
    for role, spec in roles.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("layout"), str):
            raise TemplateError(f"{origin}: role {role}: expected a mapping with 'layout' (a "
                                "layout's name) and optionally the names of its 'title', "
                                "'subtitle', 'body' and 'picture' placeholders")
        out[role] = RoleSpec(spec["layout"], *(spec.get(what) for what in PLACES))
    return out, bool(raw.get("footer", False)), origin


def _kind(ph) -> str | None:
    kind = ph.placeholder_format.type
    return next((what for what, types in _TYPES.items() if kind in types), None)


def _find(layout, what: str, name: str | None, taken=()) -> int | None:
    """The idx of ``layout``'s placeholder named ``name``, or else the first (for a body: the
    largest) of ``what``'s types that is not ``taken``."""
    if name is not None:
        return next((ph.placeholder_format.idx for ph in layout.placeholders
                     if ph.name == name), None)
    found = [ph for ph in layout.placeholders
             if _kind(ph) == what and ph.placeholder_format.idx not in taken]
    if what == "body":
        found.sort(key=lambda ph: -(ph.width or 0) * (ph.height or 0))
    return found[0].placeholder_format.idx if found else None


def _bodies(layout) -> int:
    return sum(_kind(ph) == "body" for ph in layout.placeholders)


def _titled(layout) -> bool:
    return any(_kind(ph) == "title" for ph in layout.placeholders)


def all_layouts(prs) -> list:
    """Every layout of every slide master, in order (a template may have several masters,
    e.g. one for the cover and one for content)."""
    return [lay for master in prs.slide_masters for lay in master.slide_layouts]


def auto_layout(prs, role: str, examples=()):
    """The layout a role takes when the mapping names none. The template's own example
    slides show what its designer meant: the cover takes the first example's layout when it
    has a title and a subtitle; content takes, of the masters the other examples use, a
    layout with a title and one body placeholder (the one with the largest body). Otherwise,
    of all layouts: for the cover and the closing slide the first with a title and a
    subtitle; for content the one with a title and one body that has the largest body; else
    the first with a title."""
    layouts = [lay for lay in all_layouts(prs) if _titled(lay)]
    if role in ("title", "closing"):
        tests = [lambda lay: _find(lay, "subtitle", None) is not None,
                 lambda lay: _bodies(lay) == 1]
        preferred = [lay for lay in examples[:1] if _titled(lay)]
    else:
        tests = [lambda lay: _bodies(lay) == 1 and _find(lay, "subtitle", None) is None,
                 lambda lay: _bodies(lay) == 0]
        masters = {lay.slide_master.part.partname for lay in examples[1:]}
        preferred = [lay for lay in layouts if lay.slide_master.part.partname in masters]
    for test in tests:
        for group in (preferred, layouts):  # of several that pass, the most room for content
            passing = [lay for lay in group if test(lay)]
            if passing:
                return max(passing, key=_body_area) if role not in ("title", "closing") \
                    else passing[0]
    return layouts[0] if layouts else None


def _body_area(layout) -> float:
    """The area (in²) of a layout's largest body placeholder that no picture or drawing of
    the layout or its master covers (0 without one)."""
    bodies = [ph for ph in layout.placeholders if _kind(ph) == "body" and ph.width]
    if not bodies:
        return 0.0
    ph = max(bodies, key=lambda p: p.width * p.height)
    area = Area(*(Emu(v).inches for v in (ph.left, ph.top, ph.width, ph.height)))
    return area.w * area.h - sum(overlap(area, Area(*ob)) for ob in obstacles(layout))


def obstacles(layout) -> tuple[tuple[float, float, float, float], ...]:
    """The pictures and drawings (groups) of a layout and of its master, in inches: what a
    template draws behind its slides that content should not cover. One that covers most of
    the slide is its background, not an obstacle."""
    prs = layout.part.package.presentation_part.presentation
    slide_area = prs.slide_width * prs.slide_height
    found = []
    for shapes in (layout.slide_master.shapes, layout.shapes):
        for shape in shapes:
            if shape.is_placeholder or shape.shape_type not in (MSO_SHAPE_TYPE.PICTURE,
                                                                 MSO_SHAPE_TYPE.GROUP):
                continue
            if shape.width and shape.height and shape.width * shape.height < 0.6 * slide_area:
                found.append(tuple(Emu(v).inches for v in (shape.left, shape.top, shape.width,
                                                           shape.height)))
    return tuple(found)


def learn_geometry(prs) -> int:
    """Give layouts the placeholder positions their template's example slides use. A
    template saved by LibreOffice gives every layout of a master the same positions (often the
    cover's) and places each example slide's placeholders itself; the examples show where the
    designer meant the title and the content to go. Only a layout's first example is read,
    and only where it has one placeholder of a kind (title, subtitle, body) and the layout
    one too. Returns how many placeholders moved."""
    done, moved = set(), 0
    for slide in prs.slides:
        layout = slide.slide_layout
        key = layout.part.partname
        if key in done:
            continue
        done.add(key)
        for what in ("title", "subtitle", "body"):
            on_slide = [ph for ph in slide.placeholders if _kind(ph) == what]
            on_layout = [ph for ph in layout.placeholders if _kind(ph) == what]
            if len(on_slide) != 1 or len(on_layout) != 1:
                continue
            src, dst = on_slide[0], on_layout[0]
            box = (src.left, src.top, src.width, src.height)
            if None in box or box == (dst.left, dst.top, dst.width, dst.height):
                continue
            if src.width <= 0 or src.height <= 0:
                continue
            dst.left, dst.top, dst.width, dst.height = box
            moved += 1
    return moved


def resolve_roles(prs, specs: dict[str, RoleSpec], origin: str, examples=()
                  ) -> tuple[dict[str, Role], list[str]]:
    """Every role resolved against the template, and the problems found on the way. A layout
    named in the mapping is looked for in every master, the first master first."""
    problems = []
    by_name = {}
    for lay in all_layouts(prs):
        by_name.setdefault(lay.name, lay)
    colours = {}
    roles = {}
    for role in ROLES:
        spec = specs.get(role, RoleSpec(None))
        if spec.layout is None:
            lay = auto_layout(prs, role, examples)
            if lay is None:
                problems.append(f"{origin}: no layout has a title placeholder (role {role}); "
                                f"the layouts are: {', '.join(by_name) or 'none'}")
                continue
        elif spec.layout not in by_name:
            problems.append(f"{origin}: role {role}: no layout named {spec.layout!r}; the "
                            f"template has: {', '.join(by_name)}")
            continue
        else:
            lay = by_name[spec.layout]
        names = [ph.name for ph in lay.placeholders]
        for dup in sorted({n for n in names if names.count(n) > 1}):
            if dup in (spec.title, spec.subtitle, spec.body, spec.picture):
                problems.append(f"{origin}: layout {lay.name!r}: two placeholders are named "
                                f"{dup!r}")
        found, taken = {}, []
        for what in PLACES:
            name = getattr(spec, what)
            idx = _find(lay, what, name, taken)
            if idx is None and name is not None:
                problems.append(f"{origin}: role {role}: layout {lay.name!r} has no "
                                f"placeholder named {name!r} ({what}); it has: "
                                f"{', '.join(names) or 'none'}")
            if idx is not None:
                taken.append(idx)
            found[what] = idx
        if found["title"] is None:
            problems.append(f"{origin}: role {role}: layout {lay.name!r} has no title "
                            f"placeholder; it has: {', '.join(names) or 'none'}")
            continue
        master = lay.slide_master
        key = master.part.partname
        if key not in colours:  # the master's: secondary text and links in its text colour
            title, text = oxml.template_colours(master)
            text = text or style.TEXT
            colours[key] = {"title_colour": title or text, "text_colour": text,
                            "muted_colour": text, "accent_colour": text}
        roles[role] = Role(lay, **found, **colours[key], obstacles=obstacles(lay))
    return roles, list(dict.fromkeys(problems))


def check_template(prs, specs: dict[str, RoleSpec], origin: str) -> list[str]:
    """Everything the template lacks for ``specs``: layouts, placeholders, ambiguous names."""
    return resolve_roles(prs, specs, origin)[1]


def load_template(path: str | Path | None = None, mapping: str | Path | None = None,
                  brand: str | None = None) -> Template:
    """The template to build on, its roles resolved (raises TemplateError). Without a
    mapping, the built-in template uses ``layouts.yaml`` and any other template has its
    layouts matched by placeholder type."""
    examples = ()
    if path is None:
        specs, footer, map_origin = read_mapping(Path(mapping) if mapping else None)
        prs, origin = _builtin(brand), "built-in template"
    else:
        specs, footer, map_origin = (read_mapping(Path(mapping)) if mapping else
                                     ({}, False, "placeholders matched by type"))
        prs, origin = _open(Path(path)), str(path)
        examples = [slide.slide_layout for slide in prs.slides]
        learn_geometry(prs)
        oxml.drop_all_slides(prs)  # a corporate template's example slides
        for layout in all_layouts(prs):  # LibreOffice's templates: every idx 0
            oxml.renumber_placeholders(layout)
    roles, problems = resolve_roles(prs, specs, origin, examples)
    if problems:
        raise TemplateError("\n".join(problems))
    if path is None:  # the built-in look: brand titles on the rule, muted details, brand links
        brand = brand or style.BRAND
        roles = {name: replace(role, title_colour=brand, text_colour=style.TEXT,
                               muted_colour=style.MUTED, accent_colour=brand)
                 for name, role in roles.items()}
        return Template(prs, roles, footer, origin, title_anchor="bottom")
    return Template(prs, roles, footer, f"{origin} ({map_origin})")


# An OLE compound file: what Office writes for a password-protected (encrypted) document,
# and the format of PowerPoint 97–2003 files.
OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
NOT_A_TEMPLATE = "not a PowerPoint template (.pptx/.potx)"


def _open(path: Path):
    """The template at ``path`` as python-pptx opens a presentation, made a plain deck's
    package first (``opc.plain_presentation``: a .potx or a macro-enabled .pptm/.potm
    becomes a plain .pptx, without its macros). A file that is none of these is a
    TemplateError saying what it is instead."""
    if not path.is_file():
        raise TemplateError(f"{path}: template not found")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read the template ({exc.strerror})") from None
    if data.startswith(OLE_SIGNATURE):
        if path.suffix.lower() in (".ppt", ".pot", ".pps"):
            raise TemplateError(f"{path}: {NOT_A_TEMPLATE}: a PowerPoint 97–2003 file; open "
                                "it in PowerPoint or LibreOffice and save it as .pptx or .potx")
        raise TemplateError(f"{path}: the template is password-protected (encrypted); save a "
                            "copy without a password and use that")
    try:
        return Presentation(io.BytesIO(opc.plain_presentation(data)))
    except zipfile.BadZipFile:
        reason = "it is not a zip archive, as every .pptx/.potx file is"
    except opc.NotAPresentation as exc:
        reason = str(exc)
    except (SyntaxError, KeyError, ValueError) as exc:  # lxml's XMLSyntaxError is one
        reason = f"it is damaged ({exc})"
    raise TemplateError(f"{path}: {NOT_A_TEMPLATE}: {reason}")


def _builtin(brand: str | None):
    """The built-in template (``cspreport.pptx``, made by ``scripts/make_template.py``), with
    ``brand`` as its brand colour when given."""
    data = resources.files("cspreport.render.pptx").joinpath("cspreport.pptx").read_bytes()
    prs = Presentation(io.BytesIO(data))
    if brand:
        _theme_colours(prs, brand)
    return prs


def _theme_colours(prs, brand: str) -> None:
    """Put the report's palette into the theme, so that charts and shapes management adds by
    hand match the generated ones."""
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    colours = {"accent1": brand, "dk2": brand, "hlink": brand}
    oxml.set_theme_colours(theme, colours, "cspreport")
