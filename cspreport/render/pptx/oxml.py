"""Every use of python-pptx's private API in the deck renderer, in one place.

python-pptx (1.0) covers most of what the deck needs; where it has no public API, these
functions edit the underlying Open XML through the objects' private ``_element`` (and
friends). Keeping them here means a python-pptx upgrade has one module to check, and a test
(``tests/unit/test_oxml_only.py``) keeps it that way. Each function says why it cannot use
the public API.
"""

from __future__ import annotations

import copy

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def set_run_language(run, tag: str) -> None:
    """Mark a text run's proofing language (``lang`` of ``a:rPr``), e.g. "lv-LV", so that
    spell-check uses the report's language.

    The public ``Font.language_id`` only takes ``MSO_LANGUAGE_ID`` members, so it would need
    a second table from the report's BCP 47 tags (``cspreport.i18n.LANGUAGE_TAGS``) to that
    enumeration; the tag is written as it is instead."""
    run.font._rPr.set("lang", tag)


def set_alt_text(graphic_frame, text: str) -> None:
    """Give a chart or table its alt text: the ``descr`` attribute of its ``p:cNvPr``, which
    python-pptx does not expose (it has ``name`` but no ``descr``)."""
    graphic_frame._element.xpath("./*[1]/p:cNvPr")[0].set("descr", text)


def remove_shape(shape) -> None:
    """Take a shape off its slide, e.g. a body placeholder whose rectangle has been measured
    (else the slide would show an empty "click to add text" box). python-pptx has no API to
    delete a shape."""
    element = shape._element
    element.getparent().remove(element)


def drop_last_slide(prs) -> None:
    """Delete the presentation's last slide: the deck adds a throwaway slide to measure a
    layout's content area, then drops it. python-pptx has no API to delete a slide: this
    unlinks it from the slide list (``_sldIdLst``) and the presentation part's relations."""
    ids = prs.slides._sldIdLst
    prs.part.drop_rel(ids[-1].rId)
    ids.remove(ids[-1])


def drop_all_slides(prs) -> None:
    """Delete every slide of a presentation (a corporate template's example slides), the same
    way as ``drop_last_slide``."""
    ids = prs.slides._sldIdLst
    for sld in list(ids):
        prs.part.drop_rel(sld.rId)
        ids.remove(sld)


def delete_data_label(series, idx: int) -> None:
    """Hide one data point's label (a ``c:dLbl`` with ``c:delete``) while the series' other
    labels stay. python-pptx's ``DataLabels`` apply to a whole series; a single point's
    ``data_label`` can be styled but not deleted."""
    dlbls = series._element.get_or_add_dLbls()
    dlbl = etree.SubElement(dlbls, qn("c:dLbl"))
    etree.SubElement(dlbl, qn("c:idx")).set("val", str(idx))
    etree.SubElement(dlbl, qn("c:delete")).set("val", "1")
    dlbls.insert(0, dlbl)


def set_theme_colours(theme_part, colours: dict[str, str], scheme_name: str) -> None:
    """Replace colour slots of a theme part's colour scheme (``a:clrScheme``) with RGB values,
    e.g. ``{"accent1": "1F4E79"}``, and name the scheme. python-pptx has no theme API: the
    part's XML is parsed, edited and written back to its private ``_blob``."""
    root = etree.fromstring(theme_part.blob)
    scheme = root.find(f".//{{{_A}}}clrScheme")
    for name, value in colours.items():
        slot = scheme.find(f"{{{_A}}}{name}")
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{{{_A}}}srgbClr").set("val", value)
    scheme.set("name", scheme_name)
    theme_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)


_P = "http://schemas.openxmlformats.org/presentationml/2006/main"


def template_colours(slide_master) -> tuple[str | None, str | None]:
    """The colours (hex) of a template's titles and of its body text, as a slide master
    gives them: in the master's text styles, or (as LibreOffice writes templates) on the
    sample text of the master's title and body placeholders; a theme colour is looked up in
    the theme. None where the master says nothing. python-pptx has no API for the master's
    text styles or the theme."""
    master = slide_master._element
    theme = etree.fromstring(slide_master.part.part_related_by(RT.THEME).blob)
    clr_map = master.find(f"{{{_P}}}clrMap")

    def resolve(fill) -> str | None:
        if fill is None:
            return None
        rgb = fill.find(f"{{{_A}}}srgbClr")
        if rgb is not None:
            return rgb.get("val").upper()
        scheme = fill.find(f"{{{_A}}}schemeClr")
        if scheme is None:
            return None
        slot = scheme.get("val")
        if clr_map is not None and clr_map.get(slot):
            slot = clr_map.get(slot)
        found = theme.find(f".//{{{_A}}}clrScheme/{{{_A}}}{slot}")
        if found is None:
            return None
        for child in found:
            value = child.get("val") if child.tag.endswith("srgbClr") else child.get("lastClr")
            if value:
                return value.upper()
        return None

    def colour(style_name: str, ph_types: tuple[str, ...]) -> str | None:
        for sp in master.iter(f"{{{_P}}}sp"):
            ph = sp.find(f".//{{{_P}}}ph")
            if ph is not None and ph.get("type", "body") in ph_types:
                found = resolve(sp.find(f".//{{{_A}}}rPr/{{{_A}}}solidFill"))
                if found:
                    return found
        return resolve(master.find(f"{{{_P}}}txStyles/{{{_P}}}{style_name}/{{{_A}}}lvl1pPr/"
                                   f"{{{_A}}}defRPr/{{{_A}}}solidFill"))

    return colour("titleStyle", ("title", "ctrTitle")), colour("bodyStyle", ("body", "obj"))


def copy_sample_bullets(paragraph, sample_ppr) -> None:
    """Give ``paragraph`` the bullet and indent of a template's sample paragraph properties
    (``a:pPr`` of the master's body placeholder)."""
    ppr = paragraph._p.get_or_add_pPr()
    for attr in ("marL", "indent"):
        if sample_ppr.get(attr) is not None:
            ppr.set(attr, sample_ppr.get(attr))
    for child in sample_ppr:
        if child.tag.split("}")[1] in ("buClr", "buSzPct", "buFont", "buChar", "buAutoNum"):
            ppr.append(copy.deepcopy(child))


def sample_bullets(slide_master):
    """The ``a:pPr`` of the master body placeholder's first sample paragraph when it carries a
    bullet and the master's text styles carry none (a LibreOffice-made template), else None."""
    master = slide_master._element
    styled = master.find(f"{{{_P}}}txStyles/{{{_P}}}bodyStyle/{{{_A}}}lvl1pPr/{{{_A}}}buChar")
    if styled is not None:
        return None
    for sp in master.iter(f"{{{_P}}}sp"):
        ph = sp.find(f".//{{{_P}}}ph")
        if ph is not None and ph.get("type", "body") in ("body", "obj"):
            ppr = sp.find(f".//{{{_A}}}p/{{{_A}}}pPr")
            if ppr is not None and ppr.find(f"{{{_A}}}buChar") is not None:
                return ppr
    return None


def style_bullets(slide_master):
    """The ``a:lvl1pPr`` of the master's body text style when it carries a bullet (for a text
    box to take the same bullet, colour and indent as the body placeholder), else None."""
    master = slide_master._element
    lvl1 = master.find(f"{{{_P}}}txStyles/{{{_P}}}bodyStyle/{{{_A}}}lvl1pPr")
    return lvl1 if lvl1 is not None and lvl1.find(f"{{{_A}}}buChar") is not None else None


def set_bullet(paragraph, char: str = "•", margin_emu: int = 342900) -> None:
    """A bullet with a hanging indent on a paragraph of a text box (no placeholder, so no
    paragraph styles to take it from). python-pptx has no bullet API."""
    ppr = paragraph._p.get_or_add_pPr()
    ppr.set("marL", str(margin_emu))
    ppr.set("indent", str(-margin_emu))
    etree.SubElement(ppr, f"{{{_A}}}buChar").set("char", char)


def renumber_placeholders(layout) -> int:
    """Give each placeholder of ``layout`` that shares its ``idx`` with an earlier one a new,
    unused ``idx``; returns how many were renumbered. Templates saved by LibreOffice give
    every title and body placeholder idx 0, so a slide's body placeholder would take the
    title's position (a slide placeholder inherits from the layout's by idx). python-pptx's
    ``placeholder_format.idx`` is read-only."""
    seen, changed = set(), 0
    phs = [sp.find(f".//{{{_P}}}ph") for sp in layout._element.iter(f"{{{_P}}}sp")]
    phs = [ph for ph in phs if ph is not None]
    used = {int(ph.get("idx", "0")) for ph in phs}
    for ph in phs:
        idx = int(ph.get("idx", "0"))
        if idx in seen:
            idx = max(used | seen) + 1
            ph.set("idx", str(idx))
            changed += 1
        seen.add(idx)
        used.add(idx)
    return changed
