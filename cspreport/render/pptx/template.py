"""The deck's template: the office's own .pptx/.potx, or the built-in default.

Each slide *role* (title, list, KPI tiles, table, chart, chart + table, small multiples,
closing) maps to a layout of the template and to placeholders in it **by name**, in a small
YAML file (``layouts.yaml`` beside this module for the default; any file for a corporate
template, given as the ``template_map`` parameter). ``check_template`` lists what a template
lacks for its mapping, so that ``cspreport template-check`` and the build say it before
anything is rendered.

The built-in default is python-pptx's own template made 16:9 (every layout rescaled, so that a
slide management adds by hand looks like the generated ones), with the report's colour-blind
safe palette as theme colours and Calibri (Carlito in LibreOffice) as theme font.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu, Inches

from cspreport.errors import CspreportError
from cspreport.render import style
from cspreport.render.pptx import oxml

SLIDE_W = Inches(13.333)
SLIDE_H = Inches(7.5)
ROLES = ("title", "list", "kpi", "table", "chart", "chart_table", "charts", "closing")


class TemplateError(CspreportError):
    """A template lacks what its role mapping asks for."""


@dataclass(frozen=True)
class RoleSpec:
    layout: str
    title: str
    subtitle: str | None = None  # title and closing roles
    body: str | None = None  # a placeholder whose area the content fills (then removed)


@dataclass(frozen=True)
class Template:
    prs: object  # pptx.Presentation with no slides
    roles: dict[str, RoleSpec]
    footer: bool  # draw the report's own footer (the default template has none of its own)
    source: str

    def layout(self, role: str):
        name = self.roles[role].layout
        return next(lay for lay in self.prs.slide_layouts if lay.name == name)


def read_mapping(path: Path | None) -> tuple[dict[str, RoleSpec], bool]:
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
    roles = raw.get("roles", {})
    missing = [r for r in ROLES if r not in roles]
    if missing:
        raise TemplateError(f"{origin}: roles missing from the mapping: {', '.join(missing)}")
    out = {}
    for role in ROLES:
        spec = roles[role]
        if not isinstance(spec, dict) or "layout" not in spec or "title" not in spec:
            raise TemplateError(f"{origin}: role {role}: expected a mapping with 'layout' and "
                                "'title' (placeholder names), optionally 'subtitle' and 'body'")
        out[role] = RoleSpec(spec["layout"], spec["title"], spec.get("subtitle"),
                             spec.get("body"))
    return out, bool(raw.get("footer", False))


def check_template(prs, roles: dict[str, RoleSpec], origin: str) -> list[str]:
    """Everything the template lacks for ``roles``: layouts, placeholders, ambiguous names."""
    problems = []
    layouts = {}
    for lay in prs.slide_layouts:
        if lay.name in layouts:
            problems.append(f"{origin}: two layouts are named {lay.name!r}")
        layouts[lay.name] = lay
    for role, spec in roles.items():
        lay = layouts.get(spec.layout)
        if lay is None:
            problems.append(f"{origin}: role {role}: no layout named {spec.layout!r}; the "
                            f"template has: {', '.join(layouts)}")
            continue
        names = [ph.name for ph in lay.placeholders]
        for dup in sorted({n for n in names if names.count(n) > 1}):
            problems.append(f"{origin}: layout {spec.layout!r}: two placeholders are named "
                            f"{dup!r}")
        for what in ("title", "subtitle", "body"):
            name = getattr(spec, what)
            if name is not None and name not in names:
                problems.append(f"{origin}: role {role}: layout {spec.layout!r} has no "
                                f"placeholder named {name!r} ({what}); it has: "
                                f"{', '.join(names) or 'none'}")
    return list(dict.fromkeys(problems))


def load_template(path: str | Path | None = None, mapping: str | Path | None = None,
                  brand: str | None = None) -> Template:
    """The template to build on, checked against its mapping (raises TemplateError)."""
    roles, footer = read_mapping(Path(mapping) if mapping else None)
    if path is None:
        prs, origin = _default_presentation(brand), "built-in default template"
    else:
        prs, origin = _open(Path(path)), str(path)
        oxml.drop_all_slides(prs)  # a corporate template's example slides
    problems = check_template(prs, roles, origin)
    if problems:
        raise TemplateError("\n".join(problems))
    return Template(prs, roles, footer, origin)


def _open(path: Path):
    if not path.is_file():
        raise TemplateError(f"{path}: template not found")
    data = path.read_bytes()
    if path.suffix.lower() == ".potx":  # a template is a deck with another content type
        data = _potx_as_pptx(data)
    try:
        return Presentation(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TemplateError(f"{path}: not a PowerPoint .pptx/.potx file ({exc})") from None


def _potx_as_pptx(data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                content = content.replace(
                    b"presentationml.template.main+xml", b"presentationml.presentation.main+xml")
            dst.writestr(info, content)
    return out.getvalue()


def _default_presentation(brand: str | None):
    prs = Presentation()
    k = SLIDE_W / prs.slide_width
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    for part in (prs.slide_master, *prs.slide_layouts):
        for shape in part.placeholders:
            shape.left, shape.width = Emu(round(shape.left * k)), Emu(round(shape.width * k))
    cover = next(lay for lay in prs.slide_layouts if lay.name == "Title Slide")
    for ph, (top, height) in zip(cover.placeholders, ((1.7, 1.9), (3.8, 2.2)), strict=False):
        ph.left, ph.top = Inches(1.0), Inches(top)
        ph.width, ph.height = SLIDE_W - Inches(2.0), Inches(height)
    title_only = next(lay for lay in prs.slide_layouts if lay.name == "Title Only")
    title = title_only.placeholders[0]
    title.left, title.top = Inches(0.6), Inches(0.3)
    title.width, title.height = SLIDE_W - Inches(1.2), Inches(1.05)
    _theme_colours(prs, brand or style.BRAND)
    return prs


def _theme_colours(prs, brand: str) -> None:
    """Put the report's palette into the theme, so that charts and shapes management adds by
    hand match the generated ones."""
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    colours = {"accent1": brand, "accent2": style.SERIES[1], "accent3": style.SERIES[2],
               "accent4": style.SERIES[3], "accent5": style.ACCENT, "accent6": style.MUTED,
               "dk2": brand, "hlink": brand}
    oxml.set_theme_colours(theme, colours, "cspreport")
