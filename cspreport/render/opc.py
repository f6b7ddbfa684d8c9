"""A template's package made a plain deck's, at the zip level, before python-pptx opens it.

A template comes as the office's tools leave it, and the deck built on it must still be a
plain, valid .pptx:

- a template (.potx) has its own content type for the main part, and python-pptx opens only
  a presentation's: the main part takes a presentation's content type;
- a macro-enabled template (.pptm/.potm) carries a VBA project (``vbaProject.bin``) and may
  carry a ribbon customisation calling its macros: the relationships to them, the parts and
  their content-type entries are taken out, so that no macro ever reaches a deck (a .pptx
  cannot hold macros; PowerPoint would refuse the file);
- LibreOffice writes a .potx's core-properties relationship with a misspelt type
  (``…/officedocument/…`` for ``…/package/…``): python-pptx does not find the part, makes a
  second ``docProps/core.xml`` and the deck holds that entry twice. The type is corrected.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree

from cspreport.packagecheck import CONTENT_TYPES, rels_part, rels_source, target_part

_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_DOCUMENT = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                   "officeDocument")
CORE_PROPERTIES = ("http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                   "core-properties")
PRESENTATION = ("application/vnd.openxmlformats-officedocument.presentationml.presentation."
                "main+xml")
# the main part's content types a PowerPoint template or deck may have, and what each is
PRESENTATION_TYPES = {
    PRESENTATION: "a presentation",
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml":
        "a template",
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml":
        "a slide show",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml":
        "a macro-enabled presentation",
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml":
        "a macro-enabled template",
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml":
        "a macro-enabled slide show",
}
# relationships to macros and to what calls them
MACRO_RELATIONSHIPS = {
    "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
    "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility",
    "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility",
}


class NotAPresentation(ValueError):
    """The package is no PowerPoint presentation or template; the message says what it is."""


def plain_presentation(data: bytes) -> bytes:
    """The package ``data`` (a .pptx/.potx/.pptm/.potm) as a plain presentation's package:
    see the module's docstring. Raises zipfile.BadZipFile, etree.XMLSyntaxError or
    NotAPresentation."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        entries = {}
        for info in src.infolist():  # one entry per name: the first, as a reader takes it
            entries.setdefault(info.filename, (info, src.read(info)))
    for needed in (CONTENT_TYPES, "_rels/.rels"):
        if needed not in entries:
            raise NotAPresentation(f"it has no {needed} (every Office file has one)")
    types = etree.fromstring(entries[CONTENT_TYPES][1])
    overrides = {el.get("PartName", "").lstrip("/"): el for el in types.iter(f"{_CT_NS}Override")}

    dropped: set[str] = set()
    changed: dict[str, bytes] = {}
    for name, (_, content) in entries.items():
        source = rels_source(name)
        if source is None:
            continue
        rels = etree.fromstring(content)
        edited = False
        for rel in list(rels.iter(f"{_REL_NS}Relationship")):
            kind = rel.get("Type", "")
            if kind in MACRO_RELATIONSHIPS:
                dropped.add(target_part(source, rel.get("Target", "")))
                rels.remove(rel)
                edited = True
            elif kind != CORE_PROPERTIES and kind.lower().endswith("/metadata/core-properties"):
                rel.set("Type", CORE_PROPERTIES)
                edited = True
        if edited:
            changed[name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8",
                                           standalone=True)

    main = _main_part(changed.get("_rels/.rels", entries["_rels/.rels"][1]))
    kind = overrides[main].get("ContentType") if main in overrides else None
    if kind not in PRESENTATION_TYPES:
        raise NotAPresentation(f"it is {_what(kind)}")
    overrides[main].set("ContentType", PRESENTATION)
    # and the macros' own relationships; a part only they point at (e.g. vbaData.xml) is
    # then reached by no relationship, and python-pptx carries only what relationships reach
    dropped |= {rels_part(part) for part in dropped}
    for part in dropped & set(overrides):
        types.remove(overrides[part])
    changed[CONTENT_TYPES] = etree.tostring(types, xml_declaration=True, encoding="UTF-8",
                                            standalone=True)

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, (info, content) in entries.items():
            if name not in dropped:
                dst.writestr(info, changed.get(name, content))
    return out.getvalue()


def _main_part(package_rels: bytes) -> str | None:
    for rel in etree.fromstring(package_rels).iter(f"{_REL_NS}Relationship"):
        if rel.get("Type") == OFFICE_DOCUMENT:
            return target_part("", rel.get("Target", ""))
    return None


def _what(content_type: str | None) -> str:
    """What a main part's content type says the file is, for a message."""
    if content_type is None:
        return "no Office document (it has no main part)"
    for marker, what in (("spreadsheetml", "an Excel workbook"), ("ms-excel", "an Excel workbook"),
                         ("wordprocessingml", "a Word document"), ("ms-word", "a Word document")):
        if marker in content_type:
            return what
    return f"no PowerPoint file (its main part is {posixpath.basename(content_type)})"
