"""Is an Office file a valid package? A check of the decks and workbooks a build writes.

A .pptx or .xlsx is an Open Packaging Conventions (OPC) package: a zip archive of *parts*,
``[Content_Types].xml`` giving each part's content type, and relationship parts
(``_rels/.rels``, ``…/_rels/NAME.rels``) tying them together. LibreOffice forgives a package
that breaks these rules; PowerPoint and Excel offer to "repair" it. ``check_package`` lists
every rule a file breaks — the same entry twice, a part without a content type, a relationship
to a part that is not there, XML that does not parse — and checks every workbook embedded in it
(a native chart's data) the same way.

    python -m cspreport.packagecheck FILE...

prints one line per problem (file and part), or ``ok: FILE (N parts)``; exit code 1 when any
file has a problem.
"""

from __future__ import annotations

import io
import posixpath
import sys
import zipfile
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

CONTENT_TYPES = "[Content_Types].xml"
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
EMBEDDED = (".xlsx",)  # packages inside a package that are checked too


def rels_source(rels_name: str) -> str | None:
    """The part a relationship part belongs to: ``ppt/_rels/presentation.xml.rels`` →
    ``ppt/presentation.xml``; ``_rels/.rels`` → ``""`` (the package); None for a name that
    is no relationship part."""
    folder, _, name = rels_name.rpartition("/")
    if not name.endswith(".rels") or posixpath.basename(folder) != "_rels":
        return None
    return posixpath.join(posixpath.dirname(folder), name[: -len(".rels")])


def rels_part(part: str) -> str:
    """The relationship part of ``part`` (``ppt/slides/slide1.xml`` →
    ``ppt/slides/_rels/slide1.xml.rels``)."""
    folder, _, name = part.rpartition("/")
    return posixpath.join(folder, "_rels", f"{name}.rels")


def target_part(source: str, target: str) -> str:
    """The part name (no leading "/") a relationship of ``source`` points at: a target is
    relative to the source's folder unless it starts with "/", and is URI-escaped."""
    target = unquote(target.split("#", 1)[0])
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def check_package(path: str | Path) -> list[str]:
    """Every problem of the package at ``path``, one line each naming the file and the part
    (and for an embedded workbook, the part it is in); [] for a valid package."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [f"{path}: cannot read the file ({exc.strerror})"]
    return check_package_bytes(data, str(path))


def check_package_bytes(data: bytes, where: str) -> list[str]:
    """``check_package`` of a package held in memory; ``where`` names it in the messages."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return [f"{where}: not a zip archive (every Office package is one)"]
    with archive:
        names = [info.filename for info in archive.infolist() if not info.is_dir()]
        problems = [f"{where}: {name}: {count} zip entries have this name (one expected)"
                    for name, count in Counter(names).items() if count > 1]
        parts = list(dict.fromkeys(names))
        present = {name.lower() for name in parts}  # part names match case-insensitively
        xml = {}
        for name in parts:
            if name.lower().endswith((".xml", ".rels")):
                try:
                    xml[name] = etree.fromstring(archive.read(name))
                except etree.XMLSyntaxError as exc:
                    problems.append(f"{where}: {name}: malformed XML ({exc})")
        problems += _content_type_problems(parts, xml, where)
        for name in parts:
            source = rels_source(name)
            if source is None or name not in xml:
                continue
            for rel in xml[name].iter(f"{_REL_NS}Relationship"):
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target") or ""
                if target_part(source, target).lower() not in present:
                    problems.append(f"{where}: {name}: relationship {rel.get('Id')} points at "
                                    f"{target!r}, which is not in the package")
        for name in parts:
            if name.lower().endswith(EMBEDDED):
                problems += check_package_bytes(archive.read(name), f"{where}: {name}")
    return problems


def _content_type_problems(parts: list[str], xml: dict, where: str) -> list[str]:
    if CONTENT_TYPES not in parts:
        return [f"{where}: no {CONTENT_TYPES} (the content type of each part)"]
    types = xml.get(CONTENT_TYPES)
    if types is None:  # malformed: said above
        return []
    defaults = {el.get("Extension", "").lower() for el in types.iter(f"{_CT_NS}Default")}
    overrides = {el.get("PartName", "").lower() for el in types.iter(f"{_CT_NS}Override")}
    problems = []
    for name in parts:
        if name == CONTENT_TYPES:
            continue
        base = posixpath.basename(name)  # "_rels/.rels": the extension is "rels"
        extension = base.rpartition(".")[2].lower() if "." in base else ""
        if f"/{name.lower()}" not in overrides and extension not in defaults:
            problems.append(f"{where}: {name}: no content type (no Override for the part in "
                            f"{CONTENT_TYPES}, no Default for '.{extension}')")
    return problems


def main(argv: list[str] | None = None) -> int:
    files = sys.argv[1:] if argv is None else argv
    if not files:
        print("usage: python -m cspreport.packagecheck FILE...", file=sys.stderr)
        return 2
    failed = False
    for file in files:
        problems = check_package(file)
        for line in problems:
            print(line)
        if problems:
            failed = True
        else:
            with zipfile.ZipFile(file) as archive:
                count = sum(not info.is_dir() for info in archive.infolist())
            print(f"ok: {file} ({count} parts)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
