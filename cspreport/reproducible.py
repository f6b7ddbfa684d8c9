"""Byte-for-byte reproducible files.

Office files are zip archives, and zip entries carry the time they were written; workbooks and
decks also carry created/modified dates in ``docProps/core.xml``. ``normalise_zip`` rewrites an
archive with a fixed entry time, a fixed order of entries and fixed document dates, so that the
same content always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from pathlib import Path

# The earliest time a zip entry can hold; used when no SOURCE_DATE_EPOCH is set.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def fixed_datetime(default: dt.datetime) -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) when set, else ``default``."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)
    return default


_CORE_DATE = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def normalise_zip(path: Path, when: dt.datetime) -> None:
    """Rewrite the archive at ``path`` with entries in name order (``[Content_Types].xml``
    first, as Office expects), every entry dated ``when``, and core document dates ``when``."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    date_time = max(ZIP_EPOCH, when.timetuple()[:6])
    with zipfile.ZipFile(path) as src:
        entries = [(info.filename, src.read(info.filename)) for info in src.infolist()]
    entries.sort(key=lambda e: (e[0] != "[Content_Types].xml", e[0]))
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = _CORE_DATE.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, data)
    os.replace(tmp, path)
