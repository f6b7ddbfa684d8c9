"""An edition opened for analysis: the validated tidy tables of one edition and period.

``open_edition(params)`` is what every notebook starts with and what a build checks before it
starts a kernel: it reads and validates the edition's files (``cspreport.sources``), merges
survey exports over the aggregate sheets (the export wins, a difference is a warning), keeps
the survey waves up to the edition's year, and checks that the period and the survey wave the
edition needs are there. What it hands back is plain pandas DataFrames, to look at and to
pass to the metrics (``cspreport.metrics``) and section builders (``cspreport.sections``).
"""

from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path

from cspreport.errors import InputError, Location
from cspreport.params import Params
from cspreport.tables import EditionTables


@dataclass
class Edition:
    params: Params
    tables: EditionTables  # survey waves merged (exports over sheets), none after the edition
    wave: int  # the survey wave the edition shows: the newest not after its year
    warnings: list[str] = field(default_factory=list)

    @property
    def languages(self) -> tuple[str, ...]:
        return self.params.languages

    def context(self, lang: str):
        """What a section builder writes with in ``lang``: words, number style, sources."""
        from cspreport.sections.context import Context

        return Context(self, lang)

    def publish(self, build, *args, figure=None, warnings=(), outputs=("deck", "html"),
                **kwargs):
        """Publish the section ``build(context, *args, **kwargs)`` in every language of the
        run (see ``cspreport.publish``)."""
        from cspreport.publishing import publish

        return publish(build, *args, edition=self, figure=figure, warnings=warnings,
                       outputs=outputs, **kwargs)


def open_edition(params: Params, root: Path | None = None, fresh: bool = False) -> Edition:
    """Read, validate and merge the edition of ``params`` (raises InputError, naming the file,
    sheet, row and column of every problem). ``fresh``: read the files even when validated
    tables of the same content are cached."""
    from cspreport.metrics import survey as survey_metrics
    from cspreport.sources.merge import merge_survey

    tables = read_validated(params.data_path(root), fresh)
    tables, warnings = merge_survey(tables)
    warnings = [*tables.warnings, *warnings]
    tables = until(tables, params.edition)
    waves = [w for w, _ in survey_metrics.participation(tables.participation)]
    if not waves:
        src = tables.sources["participation"]
        raise InputError([(Location(src.file, src.sheet, None, "wave"),
                           f"no survey wave in or before the edition's year {params.edition}; "
                           "add the wave's row or choose a later edition")])
    warnings += reminders(params.data_path(root))
    return Edition(params, tables, max(waves), warnings)


def reminders(data_dir: Path) -> list[str]:
    """What ``cspreport new-edition`` asked the analyst to review and is still there."""
    from cspreport.new_edition import REMINDER

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


def read_validated(data_dir: Path, fresh: bool = False) -> EditionTables:
    """The edition's tidy tables, read and validated once per content.

    Validated tables are kept in the user's cache folder (``platformdirs``: on Linux
    ``$XDG_CACHE_HOME/cspreport/tables``, by default ``~/.cache/cspreport/tables``; the
    environment variable ``CSPREPORT_CACHE_DIR`` puts cspreport's caches elsewhere), under a
    hash of every input file's bytes, the package's code and the versions of the libraries
    that read them: the same files read by the same code give the same tables, so a build and
    its four notebooks read and validate an edition once, and so does an analyst reopening a
    notebook. A changed byte, a new code version or ``fresh=True`` reads the files again.

    A cache can only cost speed, never mislead: each entry carries the sha256 of its bytes and
    the cspreport version and format that wrote it; an entry that is corrupted, truncated,
    edited, unreadable or written by another version is never loaded — it is removed and the
    files are read again. A cache folder that cannot be made or written (a file in its place,
    a read-only home) means no cache. Nothing is ever written into the data folder; the cache
    may be deleted at any time."""
    from cspreport.sources import read_edition

    data_dir = Path(data_dir)
    path = _cache_path(data_dir) if data_dir.is_dir() else None
    if path is not None and not fresh:
        tables = _cached_tables(path)
        if tables is not None:
            return replace(tables, data_dir=data_dir)
    tables = read_edition(data_dir)
    if path is not None:
        _cache_tables(path, tables)
    return tables


_CACHE_FORMAT = 1  # the layout of an entry: the header line below, then the pickle


def _cache_header(payload: bytes) -> bytes:
    """An entry's first line: what wrote it and the sha256 of the pickle that follows. (A
    checksum against accidents — a truncated write, a flipped bit, an edit — not a
    signature: whoever can write the user's cache can run code as the user anyway.)"""
    import hashlib

    from cspreport import __version__

    digest = hashlib.sha256(payload).hexdigest()
    return f"cspreport-tables {_CACHE_FORMAT} {__version__} sha256:{digest}\n".encode()


def _cached_tables(path: Path) -> EditionTables | None:
    """The tables of the entry at ``path``, or None: none there, or one that cannot be
    trusted (removed, so that the next write replaces it)."""
    import logging
    import pickle

    try:
        data = path.read_bytes()
    except OSError:  # none yet, a folder in its place, an unreadable file: a miss
        return None
    header, _, payload = data.partition(b"\n")
    if header + b"\n" != _cache_header(payload):
        problem = "written by another version, corrupted or edited"
    else:
        try:
            return pickle.loads(payload)
        except Exception as exc:  # a whole entry the code cannot read: as if corrupted
            problem = f"cannot be read ({type(exc).__name__})"
    logging.getLogger(__name__).debug("tables cache %s %s: reading the files again",
                                      path, problem)
    with contextlib.suppress(OSError):
        path.unlink()
    return None


def _cache_tables(path: Path, tables: EditionTables) -> None:
    """Keep ``tables`` at ``path``; a cache that cannot be written only costs speed."""
    import logging
    import pickle

    tmp = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        payload = pickle.dumps(tables, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as fh:
            fh.write(_cache_header(payload))
            fh.write(payload)
        os.replace(tmp, path)  # appears whole or not at all
    except (OSError, pickle.PicklingError) as exc:
        logging.getLogger(__name__).debug("tables cache %s not written: %s", path, exc)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)  # left only when the write failed


def _cache_path(data_dir: Path) -> Path:
    """Where the validated tables of ``data_dir``'s present content are cached."""
    import hashlib
    import json

    import platformdirs

    from cspreport import provenance

    blob = json.dumps([provenance.describe_files(data_dir), provenance.code_digest(),
                       provenance.package_versions()], sort_keys=True).encode()
    name = hashlib.sha256(blob).hexdigest()
    base = os.environ.get("CSPREPORT_CACHE_DIR") or platformdirs.user_cache_dir("cspreport")
    return Path(base).expanduser() / "tables" / f"{name}.pickle"


def until(tables: EditionTables, edition: int) -> EditionTables:
    """An edition shows the survey waves up to its own year, not later ones."""
    return replace(tables, **{name: getattr(tables, name)[getattr(tables, name)["wave"]
                                                        <= edition]
                              for name in ("participation", "answers", "comments")})


__all__ = ["Edition", "open_edition", "until"]
