"""Byte-for-byte reproducible files.

Office files are zip archives, and zip entries carry the time they were written; workbooks and
decks also carry created/modified dates in ``docProps/core.xml``, and every native chart in a
deck embeds a workbook of its own with its own dates. ``normalise_zip`` rewrites an archive
(and the archives inside it) with a fixed entry time, a fixed order of entries and fixed
document dates. ``normalise_notebook`` takes the run times papermill and nbclient write into
an executed notebook out of it. The same content then always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import zipfile
from collections import Counter
from pathlib import Path

from cspreport.errors import BuildError

# The earliest time a zip entry can hold.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def fixed_datetime(default: dt.datetime) -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) when set, else ``default``."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)
    return default


_CORE_DATE = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


class DuplicateEntryError(BuildError):
    """An archive holds two entries of one name: not a valid Office package (PowerPoint and
    Excel offer to repair it), and which of the two a reader takes is anyone's guess."""


def normalise_zip_bytes(data: bytes, when: dt.datetime, where: str = "archive") -> bytes:
    """The archive ``data`` with entries in name order (``[Content_Types].xml`` first, as
    Office expects), every entry dated ``when``, core document dates ``when``, and every
    embedded .xlsx normalised the same way. An archive with two entries of one name is
    refused (DuplicateEntryError naming ``where`` and the entries), not passed on: read by
    name, both would silently hold the same content."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    date_time = max(ZIP_EPOCH, when.timetuple()[:6])
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        infos = src.infolist()
        twice = sorted(name for name, n in Counter(i.filename for i in infos).items() if n > 1)
        if twice:
            raise DuplicateEntryError(
                f"{where}: more than one zip entry named {', '.join(twice)}; a valid Office "
                "file holds each part once (this is a fault in cspreport or in the template it "
                "was built on, not in your data)")
        entries = [(info.filename, src.read(info)) for info in infos]
    entries.sort(key=lambda e: (e[0] != "[Content_Types].xml", e[0]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for name, content in entries:
            if name == "docProps/core.xml":
                content = _CORE_DATE.sub(rb"\g<1>" + stamp + rb"\g<2>", content)
            elif name.endswith(".xlsx"):
                content = normalise_zip_bytes(content, when, f"{where}, {name}")
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, content)
    return out.getvalue()


def normalise_zip(path: Path, when: dt.datetime) -> None:
    """Rewrite the archive at ``path`` in place (through a temporary file beside it)."""
    data = normalise_zip_bytes(path.read_bytes(), when, path.name)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


_RUN_TIMES = ("duration", "start_time", "end_time")


def normalise_notebook(nb, input_path: str, output_path: str, data_dir: str | None = None
                       ) -> None:
    """Take run times and machine-specific paths out of an executed notebook, in place.
    ``data_dir``: the edition folder as outputs name it (see ``shown_data_dir``), written in
    place of the path the kernel was given."""
    meta = nb.metadata.get("papermill", {})
    for key in _RUN_TIMES:
        meta.pop(key, None)
    meta["input_path"], meta["output_path"] = input_path, output_path
    given = meta.get("parameters", {}).get("data_dir")
    if data_dir is not None and given is not None:
        meta["parameters"]["data_dir"] = data_dir
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for key in _RUN_TIMES:
            cell.metadata.get("papermill", {}).pop(key, None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill gives it a random id
            if data_dir is not None and given is not None and given != data_dir:
                cell["source"] = cell["source"].replace(json.dumps(given), json.dumps(data_dir))


def shown_data_dir(data_dir: str, root) -> str:
    """The edition folder as outputs name it: as given when relative, relative to the
    project when inside it, else only its name after "…/" — never where it lies on this
    machine (user names, drive layout)."""
    from pathlib import Path

    path = Path(data_dir)
    if not path.is_absolute():
        return path.as_posix()
    try:
        return path.resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return f"…/{path.name}"
