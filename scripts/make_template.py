"""Write the built-in deck template, ``cspreport/render/pptx/cspreport.pptx``.

The template is an ordinary .pptx that a corporate template can replace: one slide master and
one named layout per slide role (cover, closing, list, cards, KPI tiles, chart, chart with a
table, table, small multiples), all on one grid of margins that titles and content share. The
theme carries the report's palette and Calibri; the master's text styles carry the type scale
and the bullets with their hanging indent, so that the deck never types a bullet character.

Run ``python scripts/make_template.py`` after changing it; the result is committed, and
``tests/unit/test_template_file.py`` checks that the committed file is what this script makes.

It starts from python-pptx's own default template (its theme, master and parts) and rewrites
the master's styles and every layout.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu, Inches

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cspreport import style  # noqa: E402
from cspreport.reproducible import normalise_zip_bytes  # noqa: E402

OUT = ROOT / "cspreport" / "render" / "pptx" / "cspreport.pptx"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS = {"a": A, "p": P}

W, H = 13.333, 7.5
# The grid every layout shares (inches): side margins, the title band, the content area.
MARGIN = 0.6
TITLE_Y, TITLE_H = 0.3, 0.95
RULE_Y = TITLE_Y + TITLE_H + 0.02
CONTENT_Y = 1.6
CONTENT_BOTTOM = H - 0.7  # the footer line (drawn by the deck) sits below
CONTENT_W = W - 2 * MARGIN

# name, placeholders (kind, name, x, y, w, h), decorations (x, y, w, h, colour)
COVER_X = 1.1
LAYOUTS = [
    ("Cover", [("ctrTitle", "Title", COVER_X, 1.3, W - COVER_X - 3.6, 2.1),
               ("subTitle", "Subtitle", COVER_X, 3.65, W - COVER_X - MARGIN, 0.8),
               ("body", "Details", COVER_X, 4.6, 8.0, 2.2),
               ("pic", "Logo", W - MARGIN - 2.6, 0.5, 2.6, 1.3)],
     [(0, 0, 0.4, H, "brand"), (COVER_X + 0.12, 3.5, 1.6, 0.07, "accent")]),
    ("Closing", [("ctrTitle", "Title", COVER_X, 1.3, W - COVER_X - MARGIN, 2.1),
                 ("subTitle", "Subtitle", COVER_X, 3.65, W - COVER_X - MARGIN, 0.8),
                 ("body", "Contacts", COVER_X, 4.6, W - COVER_X - MARGIN, 2.2)],
     [(0, 0, 0.4, H, "brand"), (COVER_X + 0.12, 3.5, 1.6, 0.07, "accent")]),
    ("List", [("body", "List")], []),
    ("Cards", [("body", "Cards")], []),
    ("KPI Tiles", [("body", "Tiles")],
     [(0, CONTENT_Y - 0.15, W, CONTENT_BOTTOM - CONTENT_Y + 0.3, "card")]),
    ("Chart", [("body", "Chart")], []),
    ("Chart and Table", [("body", "Chart and table")], []),
    ("Table", [("body", "Table")], []),
    ("Charts", [("body", "Charts")], []),
    ("Title Only", [], []),
    ("Blank", None, []),
]


def emu(inches: float) -> str:
    return str(int(Emu(Inches(inches))))


def sp_placeholder(shape_id: int, kind: str, name: str, idx: int, box) -> etree._Element:
    x, y, w, h = box
    ph = {"ctrTitle": '<p:ph type="ctrTitle"/>', "title": '<p:ph type="title"/>',
          "subTitle": f'<p:ph type="subTitle" idx="{idx}"/>',
          "body": f'<p:ph type="body" idx="{idx}"/>',
          "pic": f'<p:ph type="pic" idx="{idx}"/>'}[kind]
    anchor = {"ctrTitle": ' anchor="b"', "title": ' anchor="ctr"'}.get(kind, "")
    bullets = "<a:lvl1pPr marL=\"0\" indent=\"0\"><a:buNone/></a:lvl1pPr>" if kind in (
        "subTitle", "pic") or name in ("Details", "Contacts") else ""
    prompt = {"ctrTitle": "Title", "title": "Title", "subTitle": "Subtitle",
              "pic": "Logo"}.get(kind, name)
    xml = (f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="{shape_id}" '
           f'name="{name}"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>{ph}'
           f'</p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="{emu(x)}" y="{emu(y)}"/>'
           f'<a:ext cx="{emu(w)}" cy="{emu(h)}"/></a:xfrm></p:spPr><p:txBody>'
           f'<a:bodyPr{anchor}><a:normAutofit/></a:bodyPr><a:lstStyle>{bullets}</a:lstStyle>'
           f'<a:p><a:r><a:rPr lang="en-GB"/><a:t>{prompt}</a:t></a:r></a:p></p:txBody></p:sp>')
    return etree.fromstring(xml)


def sp_rect(shape_id: int, box, colour: str) -> etree._Element:
    x, y, w, h = box
    xml = (f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="{shape_id}" '
           f'name="Decoration {shape_id}"/><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
           f'<p:spPr><a:xfrm><a:off x="{emu(x)}" y="{emu(y)}"/><a:ext cx="{emu(w)}" '
           f'cy="{emu(h)}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
           f'<a:solidFill>{colour}</a:solidFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>')
    return etree.fromstring(xml)


COLOURS = {"brand": '<a:schemeClr val="tx2"/>', "accent": '<a:schemeClr val="accent5"/>',
           "card": f'<a:srgbClr val="{style.CARD}"/>'}


def rewrite_layout(layout, name: str, placeholders, decorations) -> None:
    root = layout._element
    root.find(f"{{{P}}}cSld").set("name", name)
    tree = root.find(f"{{{P}}}cSld/{{{P}}}spTree")
    for shape in list(tree)[2:]:  # keep nvGrpSpPr and grpSpPr
        tree.remove(shape)
    shape_id = 2
    for box, colour in ((d[:4], d[4]) for d in decorations):
        tree.append(sp_rect(shape_id, box, COLOURS[colour]))
        shape_id += 1
    if placeholders is None:  # blank
        return
    cover = name in ("Cover", "Closing")
    if not cover:
        tree.append(sp_placeholder(shape_id, "title", "Title",
                                   0, (MARGIN, TITLE_Y, CONTENT_W, TITLE_H)))
        shape_id += 1
        tree.append(sp_rect(shape_id, (MARGIN + 0.12, RULE_Y, 1.6, 0.06), COLOURS["accent"]))
        shape_id += 1
    for idx, (kind, ph_name, *box) in enumerate(placeholders, start=1):
        if not box:
            box = (MARGIN, CONTENT_Y, CONTENT_W, CONTENT_BOTTOM - CONTENT_Y)
        tree.append(sp_placeholder(shape_id, kind, ph_name, 0 if kind == "ctrTitle" else idx,
                                   box))
        shape_id += 1


def master_styles(master) -> None:
    """Type scale and bullets of the master: titles 30 pt bold in the brand colour, left;
    body 20 pt with "•" in the accent colour and a hanging indent, second level 18 pt "–"."""
    tx = master._element.find(f"{{{P}}}txStyles")
    title = tx.find(f"{{{P}}}titleStyle/{{{A}}}lvl1pPr")
    title.set("algn", "l")
    rpr = title.find(f"{{{A}}}defRPr")
    rpr.set("sz", "3000")
    rpr.set("b", "1")
    rpr.find(f"{{{A}}}solidFill/{{{A}}}schemeClr").set("val", "tx2")
    body = tx.find(f"{{{P}}}bodyStyle")
    for level, (size, char, mar, ind) in enumerate(
            [(2000, "•", 0.3, -0.3), (1800, "–", 0.75, -0.3), (1600, "•", 1.15, -0.25),
             (1600, "–", 1.55, -0.25), (1600, "•", 1.95, -0.25)], start=1):
        ppr = body.find(f"{{{A}}}lvl{level}pPr")
        ppr.set("marL", emu(mar))
        ppr.set("indent", emu(ind))
        spc = ppr.find(f"{{{A}}}spcBef")
        for child in list(spc):
            spc.remove(child)
        etree.SubElement(spc, f"{{{A}}}spcPts").set("val", "900")
        bu_font = ppr.find(f"{{{A}}}buFont")
        bu_clr = etree.Element(f"{{{A}}}buClr")
        etree.SubElement(bu_clr, f"{{{A}}}schemeClr").set("val", "accent5")
        bu_font.addprevious(bu_clr)
        ppr.find(f"{{{A}}}buChar").set("char", char)
        ppr.find(f"{{{A}}}defRPr").set("sz", str(size))
    # the master's own placeholders follow the grid too (for slides management adds by hand)
    for ph in master.placeholders:
        kind = ph.placeholder_format.type
        if "TITLE" in str(kind):
            ph.left, ph.top, ph.width, ph.height = (Inches(MARGIN), Inches(TITLE_Y),
                                                    Inches(CONTENT_W), Inches(TITLE_H))
        elif "BODY" in str(kind):
            ph.left, ph.top = Inches(MARGIN), Inches(CONTENT_Y)
            ph.width, ph.height = Inches(CONTENT_W), Inches(CONTENT_BOTTOM - CONTENT_Y)


def theme(prs) -> None:
    part = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    scheme = root.find(f".//{{{A}}}clrScheme")
    colours = {"dk2": style.BRAND, "accent1": style.BRAND, "accent2": style.SERIES[1],
               "accent3": style.SERIES[2], "accent4": style.SERIES[3], "accent5": style.ACCENT,
               "accent6": style.MUTED, "hlink": style.BRAND, "folHlink": style.MUTED}
    for slot_name, value in colours.items():
        slot = scheme.find(f"{{{A}}}{slot_name}")
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{{{A}}}srgbClr").set("val", value)
    scheme.set("name", "cspreport")
    for font in root.iterfind(f".//{{{A}}}fontScheme/*/{{{A}}}latin"):
        font.set("typeface", style.FONT)
    root.find(f".//{{{A}}}fontScheme").set("name", "cspreport")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def make() -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(W), Inches(H)
    theme(prs)
    master_styles(prs.slide_master)
    layouts = list(prs.slide_layouts)
    for layout, (name, placeholders, decorations) in zip(layouts, LAYOUTS, strict=True):
        rewrite_layout(layout, name, placeholders, decorations)
    prs.core_properties.title = "cspreport built-in template"
    prs.core_properties.author = prs.core_properties.last_modified_by = "cspreport"
    prs.core_properties.revision = 1
    stamp = dt.datetime(2021, 1, 1)
    prs.core_properties.created = prs.core_properties.modified = stamp
    buf = io.BytesIO()
    prs.save(buf)
    return normalise_zip_bytes(buf.getvalue(), stamp)


def main() -> None:
    OUT.write_bytes(make())
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

