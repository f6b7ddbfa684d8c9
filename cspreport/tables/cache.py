"""The edition's tidy tables, read and validated once per content (a cache); and results
computed from them that cost seconds (the theme model's training and cross-validation).

Reading and validating an edition's files is the slow part of opening it; the same files read
by the same code give the same tables, so validated tables are kept in the user's cache folder
under a hash of the files, the code and the libraries that read them; and each reading step
(one file, or exports.yaml with the exports it names) is kept on its own the same way, so that
when one file changed only what reads it is read again. See ``validated_tables``.
A deterministic computation of such tables is kept the same way, under a hash of its
arguments, the code and the libraries (``computed``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import pickle
import re
import threading
from collections.abc import Callable
from dataclasses import replace
from importlib import metadata
from pathlib import Path

import platformdirs

from cspreport import provenance
from cspreport.sources.edition_files import Step, read_edition_files, read_now
from cspreport.sources.tidy import EditionTables
from cspreport.version import __version__


def validated_tables(data_dir: Path, fresh: bool = False) -> EditionTables:
    """The edition's tidy tables, read and validated once per content.

    Validated tables are kept in the user's cache folder (``platformdirs``: on Linux
    ``$XDG_CACHE_HOME/cspreport/tables``, by default ``~/.cache/cspreport/tables``; the
    environment variable ``CSPREPORT_CACHE_DIR`` puts cspreport's caches elsewhere), under a
    hash of every input file's bytes, the package's code and the versions of the libraries
    that read them: the same files read by the same code give the same tables, so a build and
    its four notebooks read and validate an edition once, and so does an analyst reopening a
    notebook. A changed byte, a new code version or ``fresh=True`` reads the files again —
    and, but for ``fresh``, only the files that changed: each reading step is kept on its own
    too (``_kept_steps``), so that saving content.yaml in watch mode reads content.yaml (and
    whatever takes its theme codes, when they changed), not every export.

    A cache can only cost speed, never mislead: each entry carries the sha256 of its bytes and
    the cspreport version and format that wrote it; an entry that is corrupted, truncated,
    edited, unreadable or written by another version is never loaded — it is removed and the
    files are read again. A cache folder that cannot be made or written (a file in its place,
    a read-only home) means no cache. Nothing is ever written into the data folder; the cache
    may be deleted at any time."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return read_edition_files(data_dir)  # says the folder is not there
    code, versions = provenance.code_digest(), provenance.package_versions()
    described = provenance.describe_files(data_dir)  # each file hashed once, for both keys
    path = _cache_path(described, code, versions)
    if not fresh:
        tables = _cached(path)
        if tables is not None:
            return replace(tables, data_dir=data_dir)
    tables = read_edition_files(data_dir, _kept_steps(data_dir, described, fresh, code,
                                                      versions))
    _keep(path, tables)
    return tables


def _kept_steps(data_dir: Path, described: dict[str, dict], fresh: bool, code: str,
                versions: dict) -> Step:
    """How ``read_edition_files`` runs each reading step here: each kept in the cache folder
    (``<cache>/steps/``) under a hash of the bytes of the files it reads, its other
    arguments, the code and the libraries, so that when one file of the edition changed only
    the steps that read it (or take what it says, e.g. content.yaml's theme codes) read
    again. What a step said (its warnings) is kept with it. A step that finds problems is
    not kept: they are listed again, all at once, on every read. The files a step turned out
    to read as well (the logo) are checked on every hit. ``described``: the edition's files
    as hashed for the whole edition's key (``provenance.describe_files``); a file named
    outside the folder is hashed here. ``fresh``: nothing kept is used (what is read is kept
    all the same)."""

    def digest(name: str) -> str | None:
        known = described.get(name)
        return known["sha256"] if known else _file_sha256(data_dir / name)

    def step(kind, files, arguments, call, more=None):
        said_files = {name: digest(name) for name in files}
        try:
            blob = json.dumps([kind, said_files, arguments, code, versions],
                              ensure_ascii=False).encode()
        except (TypeError, ValueError):  # arguments JSON cannot write: no key, no cache
            return read_now(kind, files, arguments, call, more)
        path = cache_base() / "steps" / f"{hashlib.sha256(blob).hexdigest()}.pickle"
        kept = None if fresh else _cached(path)
        if kept is not None:
            result, said, later = kept
            if all(digest(name) == kept_digest for name, kept_digest in later.items()):
                return result, list(said)
        result, said = read_now(kind, files, arguments, call, more)  # InputError: not kept
        later = {name: digest(name) for name in (more(result) if more else ())}
        _keep(path, (result, tuple(said), later))
        return result, said

    return step


def _file_sha256(path: Path) -> str | None:
    """The sha256 of the file's bytes; None when there is no readable file there (the step
    then says so, and is not kept)."""
    try:
        return provenance.sha256(path) if path.is_file() else None
    except OSError:
        return None


# Libraries whose results ``computed`` keeps, beside those the provenance names.
_COMPUTING = ("scikit-learn", "numpy", "scipy")


def computed(kind: str, arguments: object, compute: Callable[[], object]) -> object:
    """``compute()``, kept in the cache folder (``<cache>/<kind>/``) under a hash of
    ``arguments`` (anything JSON can write: what ``compute`` is a function of), the package's
    code and the libraries' versions; a later call with the same arguments loads the kept
    result instead of computing it again. Only for deterministic computations (the same
    arguments, code and libraries give the same result), e.g. the theme model trained on
    the edition's coded comments: a changed training file or rule is another hash and pays
    the computation once. Entries are checked as the tables' are (``validated_tables``); a
    cache that cannot be read or written only costs the computation."""
    versions = provenance.package_versions()
    for name in _COMPUTING:
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[name] = metadata.version(name)
    # not sort_keys: the order of a mapping's keys may shape the result (the rules' order is
    # the order of a comment's themes), so it is part of the hash
    try:
        blob = json.dumps([kind, arguments, provenance.code_digest(), versions],
                          ensure_ascii=False).encode()
    except (TypeError, ValueError):  # arguments JSON cannot write: no key, no cache
        return compute()
    path = cache_base() / kind / f"{hashlib.sha256(blob).hexdigest()}.pickle"
    result = _cached(path)
    if result is None:
        result = compute()
        _keep(path, result)
    return result


_CACHE_FORMAT = 1  # the layout of an entry: the header line below, then the pickle


def _cache_header(payload: bytes) -> bytes:
    """An entry's first line: what wrote it and the sha256 of the pickle that follows. (A
    checksum against accidents — a truncated write, a flipped bit, an edit — not a
    signature: whoever can write the user's cache can run code as the user anyway.)"""
    digest = hashlib.sha256(payload).hexdigest()
    return f"cspreport-tables {_CACHE_FORMAT} {__version__} sha256:{digest}\n".encode()


def _cached(path: Path):
    """What the entry at ``path`` holds, or None: none there, or one that cannot be trusted
    (removed, so that the next write replaces it)."""

    try:
        data = path.read_bytes()
    except OSError:  # none yet, a folder in its place, an unreadable file: a miss
        return None
    header, _, payload = data.partition(b"\n")
    if header + b"\n" != _cache_header(payload):
        problem = "written by another version, corrupted or edited"
    else:
        try:
            value = pickle.loads(payload)
        except Exception as exc:  # a whole entry the code cannot read: as if corrupted
            problem = f"cannot be read ({type(exc).__name__})"
        else:
            with contextlib.suppress(OSError):
                os.utime(path)  # used now: the last to go (_prune)
            return value
    logging.getLogger(__name__).debug("tables cache %s %s: reading the files again",
                                      path, problem)
    with contextlib.suppress(OSError):
        path.unlink()
    return None


def _keep(path: Path, value) -> None:
    """Keep ``value`` at ``path``; a cache that cannot be written only costs speed."""

    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        logging.getLogger(__name__).debug("tables cache %s not written: %s", path, exc)
        return
    if write_whole(path, _cache_header(payload) + payload):
        _prune(path.parent)


def write_whole(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` so that it appears whole or not at all (beside it first,
    then moved into place; several processes may write the cache at once). False: it could
    not be written, which for a cache only costs speed."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, path)
        return True
    except OSError as exc:
        logging.getLogger(__name__).debug("cache file %s not written: %s", path, exc)
        return False
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)  # left only when the write failed


# Entries kept in each of the cache's folders (tables, steps, theme_model): the most recently
# written or used; the rest are removed. An analyst saving content.yaml all day in watch mode
# writes an entry of the edition's tables (megabytes) for every save: without a limit the
# cache would grow by gigabytes a day. 32 covers the editions and versions worked on at once.
KEPT = 32
_ENTRY = re.compile(r"[0-9a-f]{64}\.pickle")


def _prune(folder: Path) -> None:
    """Remove all but the ``KEPT`` entries of ``folder`` last written or used (only files
    named as this module names its entries: the folder may be one the user chose)."""
    try:
        entries = [(entry.stat().st_mtime_ns, entry) for entry in folder.iterdir()
                   if _ENTRY.fullmatch(entry.name) and entry.is_file()]
    except OSError:  # the folder or an entry gone meanwhile (another build prunes too)
        return
    for _, entry in sorted(entries, reverse=True)[KEPT:]:
        with contextlib.suppress(OSError):
            entry.unlink()


def _cache_path(described: dict[str, dict], code: str, versions: dict) -> Path:
    """Where the validated tables of an edition folder's present content (``described``:
    its files, ``provenance.describe_files``) are cached."""
    blob = json.dumps([described, code, versions], sort_keys=True).encode()
    name = hashlib.sha256(blob).hexdigest()
    return cache_base() / "tables" / f"{name}.pickle"


def cache_base() -> Path:
    """cspreport's cache folder (``validated_tables`` says where)."""
    base = os.environ.get("CSPREPORT_CACHE_DIR") or platformdirs.user_cache_dir("cspreport")
    return Path(base).expanduser()


__all__ = ["cache_base", "computed", "validated_tables", "write_whole"]
