"""The whole pipeline for one edition, in the order it runs.

    params (params/<edition>.yaml)
      → provenance: hash inputs, code, notebooks, versions; unchanged? done cspreport.provenance
      → check: read and validate the edition, its period and template     cspreport.edition
      → the notebooks, executed by papermill (each reads its tidy tables,  notebooks/*.ipynb
        computes its figures with cspreport.metrics, draws its charts and
        publishes its sections)
      → assemble: the deck and the HTML report from the executed notebooks cspreport.assemble
      → manifest.json (inputs, versions, commit, output hashes)           cspreport.provenance

The build does not compute the report: the notebooks do, and the deck and the report are made
from what they published. A notebook whose source, parameters, inputs and code are those of
the previous build is not executed again: its executed copy is reused.

Everything is written into a staging folder beside the output folder and moved into place only
when every step succeeded, so a failed build leaves the previous output as it was and no
half-written file; so does an interrupted one (Ctrl-C, SIGTERM: ``cancel_builds``), and a
full disk is one plain message. A notebook that fails is named with its cell, and its
executed copy kept under <output>/failed/. What a build may write, replace and remove in its
output folder is ``cspreport.outputs``' to say (never an input, only files it wrote itself).
Inputs are only ever read. Outputs are byte-for-byte reproducible.
"""

from __future__ import annotations

import errno
import functools
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cspreport import outputs, provenance
from cspreport.errors import BuildError, CspreportError, shorten
from cspreport.params import Params, project_root, resolve
from cspreport.preview import PreviewError, decks_to_pdf
from cspreport.privacy import scan_outputs, texts_of
from cspreport.reproducible import normalise_notebook, shown_data_dir

NOTEBOOKS_DIR = "notebooks"  # in the output: the executed notebooks, the record of the run


@dataclass(frozen=True)
class BuildResult:
    output_dir: Path
    files: tuple[Path, ...]
    warnings: tuple[str, ...] = ()
    cached: bool = False  # nothing changed: the existing output was kept
    executed: tuple[str, ...] = ()  # the notebooks run (the others were reused unchanged)


def recorded_params(params: Params, root: Path | None = None) -> dict:
    """The parameters that shape the output. ``output_dir`` only says where it goes, so it is
    left out: the same edition built into two folders is the same bytes (``cell_timeout``
    too: a limit, not a shape); ``data_dir`` as outputs name it (never an absolute path of
    this machine)."""

    values = params.to_papermill()
    values.pop("output_dir")
    values.pop("cell_timeout")
    values["data_dir"] = shown_data_dir(params.data_dir, root or project_root())
    return values


def template_files(params: Params, root: Path) -> dict[str, Path]:
    """A custom template and its mapping shape the deck: they are inputs too."""

    out = {}
    if params.template:
        out["template:" + Path(params.template).name] = resolve(params.template, root)
    if params.template_map:
        out["template_map:" + Path(params.template_map).name] = resolve(params.template_map,
                                                                        root)
    return out


def load_deck_template(params: Params, root: Path):
    """The template of ``params``, checked against its mapping (raises TemplateError)."""
    # lazy: python-pptx (0.3 s) only when a template is loaded
    from cspreport.render.pptx.template import load_template

    return load_template(resolve(params.template, root) if params.template else None,
                         resolve(params.template_map, root) if params.template_map else None,
                         params.brand_colour)


def check_edition(params: Params, root: Path, fresh: bool = False):
    """Everything a build needs, checked before a notebook runs: the template, the edition's
    files, the period (inside the exports' coverage with events in it, or a period the sheet
    has). Nothing is computed here: the figures are the notebooks' to compute. ``fresh``: read
    the files even when validated tables of the same content are cached."""
    # lazy: pandas and the whole analysis (1.4 s) only when an edition is opened
    from cspreport.analysis import open_edition
    from cspreport.tables.period import check_period  # lazy: pandas, as above

    load_deck_template(params, root)
    edition = open_edition(params, root, fresh=fresh)
    check_period(edition.tables, params.period_start, params.period_end)
    return edition


# ----------------------------------------------------------------- interruption, full disk
# Set by the command line's handlers of Ctrl-C and SIGTERM (``cancel_builds``): every build of
# this process stops at its next step, its kernels are killed so that a notebook in progress
# ends at once, and its staging folder is removed; the previous output stays as it was.
_CANCEL = threading.Event()


class BuildCancelled(CspreportError):
    """The build was interrupted (Ctrl-C, SIGTERM) before it replaced anything."""

    def __init__(self, out: Path):
        shown = _shown(out)
        kept = f"{shown} is as it was" if out.exists() else f"there is still no {shown}"
        super().__init__(f"interrupted: nothing was changed ({kept})")
        self.output_dir = out


def cancel_builds() -> None:
    """Ask every build of this process to stop (safe in a signal handler)."""
    _CANCEL.set()


def allow_builds() -> None:
    """Builds run again after a ``cancel_builds``."""
    _CANCEL.clear()


def stop_if_cancelled(out: Path) -> None:
    if _CANCEL.is_set():
        raise BuildCancelled(out)


def _shown(path: Path) -> Path:
    """``path`` as a user in the current folder would type it."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def _staging_prefix(out: Path) -> str:
    """The staging folder's name before mkdtemp's random part: it names the process that
    writes it, so that a later build can tell a folder left by a killed build."""
    return f".{out.name}.partial-{os.getpid()}-"




def remove_stale_staging(out: Path) -> list[Path]:
    """Remove what builds killed before they could clean up left behind: staging folders
    of ``out`` and folders of kernel connection files (in the temporary folder), only those
    named exactly as we name them and whose process is gone. Returns those removed."""
    staging = re.compile(re.escape(f".{out.name}.partial-") + r"(\d+)-[A-Za-z0-9_]{8}")
    kernels = re.compile(re.escape(outputs.KERNEL_FILES_PREFIX) + r"(\d+)-[A-Za-z0-9_]{8}")
    removed = []
    for parent, pattern in ((out.parent, staging), (Path(tempfile.gettempdir()), kernels)):
        try:
            entries = list(parent.iterdir())
        except OSError:  # no such folder yet, or not ours to read
            continue
        for folder in entries:
            found = pattern.fullmatch(folder.name)
            if (found and folder.is_dir() and not folder.is_symlink()
                    and not pid_alive(int(found[1]))):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
    return removed


def pid_alive(pid: int) -> bool:
    """A process of this id exists (ours or another user's)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def _plain_disk_errors(build):
    """A full disk (or quota, or file-size limit) anywhere in ``build`` becomes one plain
    BuildError naming the output and the file being written; the build's own clean-up has
    removed its staging folder by then."""

    @functools.wraps(build)
    def run(params: Params, root: Path | None = None, *args, **kwargs):
        try:
            return build(params, root, *args, **kwargs)
        except OSError as exc:
            if exc.errno not in _DISK_FULL:
                raise
            out = params.output_path(root or project_root())
            written = _path_written(exc, out)
            where, what = out, "the build's files"
            if written is not None:
                staged = _staged_part(written, out)
                if staged is not None:
                    what = staged.as_posix()
                else:
                    where, what = written.parent, written.name
            raise BuildError(f"no space left on the device of {_shown(where)} while writing "
                             f"{what}; nothing was changed: free some space and build "
                             "again") from None

    return run


def _path_written(exc: OSError, out: Path) -> Path | None:
    """The file whose writing failed: the error's own, or else (a write to an open file
    carries no name) the innermost open file, zip archive or path under ``out``'s parent
    among the failing code's variables."""
    import io
    import traceback
    import zipfile

    if exc.filename:
        return Path(os.fsdecode(exc.filename))
    frames = [frame for frame, _ in traceback.walk_tb(exc.__traceback__)]
    for frame in reversed(frames):
        for value in frame.f_locals.values():
            if isinstance(value, zipfile.ZipFile):
                value = value.filename
            elif isinstance(value, io.IOBase):
                value = getattr(value, "name", None)
            if isinstance(value, str | Path) and os.path.isabs(value):
                path = Path(value)
                if path.is_relative_to(out.parent):
                    return path
    return None


def _staged_part(path: Path, out: Path) -> Path | None:
    """``path`` relative to the output folder, when it lies in one of its staging folders or
    in it."""
    try:
        inside = path.relative_to(out.parent)
    except ValueError:
        return None
    first = inside.parts[0] if inside.parts else ""
    if first.startswith(f".{out.name}.partial-") or first == out.name:
        return Path(*inside.parts[1:]) if len(inside.parts) > 1 else Path(first)
    return None


@_plain_disk_errors
def build_edition(params: Params, root: Path | None = None, progress: bool = True,
                  force: bool = False, position: int = 0, pdf: bool = False,
                  notify=None, kernels=None, on_pages=None) -> BuildResult:
    """``pdf``: also a PDF of each deck, one page a slide (needs LibreOffice). ``notify``:
    called with a line to show the user while the build waits (another build holds the
    output folder). ``kernels``: called when a notebook is to run, gives a future of warm
    kernels (a ``cspreport.kernels.KernelPool``) that the caller keeps and stops (watch mode's,
    warm from one build to the next); by default the build starts its own and stops them.
    ``on_pages``: called with the HTML report of each language ({file name: bytes}) as soon
    as it is rendered and found free of personal data, before the deck and the workbook are
    written (watch mode shows it at once); the build may still fail after it."""
    root = root or project_root()
    out = params.output_path(root)
    extra = template_files(params, root)
    outputs.check_placement(out, params.output_dir, params.data_path(root), root,
                            {f"deck's {key.split(':')[0].replace('_', ' ')} {path.name}": path
                             for key, path in extra.items()})
    remove_stale_staging(out)
    rec = provenance.record(recorded_params(params, root), params.data_path(root), root, extra)
    if not force and _up_to_date(out, rec, pdf):
        return BuildResult(out, _files(out, params.lang), cached=True)

    _quiet_jsonschema()
    _check_output(out, params)
    period = (params.period_start.isoformat(), params.period_end.isoformat())
    outputs.check_folder(out, outputs.read_builds(out), period)
    # waiting for another build of this folder ends at an interruption (BuildCancelled)
    with outputs.locked(out, notify or (lambda _: None),
                        cancelled=lambda: stop_if_cancelled(out) or False):
        builds = outputs.read_builds(out)  # as the build that held the lock left them
        outputs.check_folder(out, builds, period)
        if not force and _up_to_date(out, rec, pdf):
            return BuildResult(out, _files(out, params.lang), cached=True)
        previous = None if force else (builds or {}).get(params.lang)
        todo = [name for name in rec.notebooks
                if _reusable(name, rec, out, previous) is None]
        # Kernels start (and import pandas, seaborn…) while this process checks the inputs;
        # no notebook runs before the check has passed.
        with _kernels(min(len(todo), os.cpu_count() or 1), root, kernels) as warm:
            if not _checked_before(rec, previous):  # a bad input fails here, nothing written
                check_edition(params, root, fresh=force)
            staging = _staging(out, params)
            try:
                executed = _run_notebooks(staging / notebooks_dir(params.lang), params, rec,
                                          root, out, previous, warm, progress, position,
                                          lent=kernels is not None)
                warnings = _assemble_into(staging, params, rec, root, on_pages)
                if pdf:
                    warnings += _pdfs(staging)
                # a reused notebook is the copy of one the previous build found clean, with
                # the same content.yaml (an input) and this scanner (code): not scanned again
                _check_personal_data(staging, params, root, [
                    staging / notebooks_dir(params.lang) / name for name in rec.notebooks
                    if name not in executed])
                stop_if_cancelled(out)  # the last moment the output can stay as it was
                warnings += tuple(outputs.commit(staging, out, params.lang,
                                                 provenance.manifest_entry(rec)))
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(out, _files(out, params.lang), warnings, executed=tuple(executed))


def notebooks_dir(lang: str) -> str:
    """Where in the output folder a build keeps its executed notebooks: one folder per
    language set, so that the builds of ``lv``, ``en`` and ``both`` share an output folder."""
    return f"{NOTEBOOKS_DIR}/{lang}"


def _up_to_date(out: Path, rec, pdf: bool) -> bool:
    if not provenance.up_to_date(out, rec):
        return False
    decks = [p for p in _files(out, rec.params["lang"]) if p.suffix == ".pptx"]
    return not pdf or all(d.with_suffix(".pdf").is_file() for d in decks)


def _check_output(out: Path, params: Params) -> None:
    """The output folder can be made and written: not a file, not under a file, writable."""
    where = f"output_dir {params.output_dir}"
    for folder in (out, *out.parents):
        if folder.exists():
            if not folder.is_dir():
                what = "is" if folder in (out, out.parent) else f"is under {folder}, which is"
                raise BuildError(f"{where}: {out} {what} a file, not a folder; choose "
                                 "another output_dir or move the file")
            if not os.access(folder, os.W_OK | os.X_OK):
                raise BuildError(f"{where}: cannot write into {folder} (permission denied); "
                                 "choose an output_dir you can write to")
            return


def _staging(out: Path, params: Params) -> Path:
    """A staging folder beside ``out``, with the permissions any new folder of the user gets
    (mkdtemp makes it 0700, which would keep colleagues on a shared drive out)."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(out), dir=out.parent))
    except OSError as exc:
        raise BuildError(f"output_dir {params.output_dir}: cannot create "
                         f"{exc.filename or out.parent} ({exc.strerror or exc})") from None
    os.chmod(staging, 0o777 & ~_umask())
    return staging


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def _kernels(size: int, root: Path, lent=None):
    """A pool of ``size`` kernels, started at once and warmed up (imports) in the background;
    yields a future of the warm pool (None when no notebook needs to run). On leaving — also
    when the build failed while they warmed up — the kernels are shut down at once and their
    connection files removed. An interruption (``cancel_builds``) kills them meanwhile, so
    that a warm-up or a notebook in progress ends within a second. ``lent``: the caller's
    pool instead (``build_edition``'s ``kernels``), neither started nor stopped here."""
    if size < 1:
        yield None
        return
    if lent is not None:
        yield lent()
        return
    from concurrent.futures import ThreadPoolExecutor

    # lazy: papermill and jupyter_client (2.3 s) only when a notebook runs
    from cspreport.kernels import KernelPool

    pool = KernelPool(size, root / "notebooks")
    done = threading.Event()

    def kill_on_cancel():
        while not done.wait(0.1):
            if _CANCEL.is_set():
                pool.kill()
                return

    watcher = threading.Thread(target=kill_on_cancel, name="cspreport-cancel", daemon=True)
    watcher.start()
    starter = ThreadPoolExecutor(max_workers=1)
    try:
        future = starter.submit(lambda: (pool.warm_up(), pool)[1])
        yield future
    finally:
        done.set()
        pool.kill()  # a warm-up still going ends at once instead of after its imports
        pool.shutdown()
        starter.shutdown(wait=True)
        watcher.join()


def _checked_before(rec, previous: dict | None) -> bool:
    """The previous build checked these very inputs with these parameters and this code."""
    return bool(previous) and all(previous.get(k) == v for k, v in (
        ("inputs", rec.inputs), ("params", rec.params), ("code_sha256", rec.code),
        ("versions", rec.versions)))


def _reusable(name: str, rec, out: Path, previous: dict | None) -> Path | None:
    """The executed copy of ``name`` in the previous output, when it was made from the same
    source, parameters, inputs and code and nobody has touched it since."""
    if not previous:
        return None
    where = f"{notebooks_dir(rec.params['lang'])}/{name}"
    old = out / where
    digest = previous.get("outputs", {}).get(where)
    recorded = previous.get("notebooks", {}).get(name, {})
    if (recorded.get("cache_key") == rec.notebook_key(name) and old.is_file() and digest
            and provenance.sha256(old) == digest):
        return old
    return None


def _files(out: Path, lang: str) -> tuple[Path, ...]:
    """The files of the build ``lang`` in ``out``, its manifest included."""
    entry = (outputs.read_builds(out) or {}).get(lang, {})
    return tuple(sorted([out / name for name in entry.get("outputs", {})]
                        + [out / outputs.MANIFEST]))


def _run_notebooks(folder: Path, params: Params, rec, root: Path, out: Path,
                   previous: dict | None, kernels, progress: bool, position: int,
                   lent: bool = False) -> list[str]:
    """Execute every notebook of the presentation on the warm kernels, except those whose
    executed copy in the previous output was made from the same source, parameters, inputs
    and code (copied instead). Returns the names of those executed.

    The first notebook that fails stops the others at once (their kernels are killed) and
    its error is raised; one that failed other than by a user's error is kept for the user
    to open, under ``out``/failed/. An interruption raises BuildCancelled. ``lent``: the
    kernels are the caller's (``build_edition``'s ``kernels``), to keep warm."""
    from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait

    from tqdm import tqdm

    stop_if_cancelled(out)
    folder.mkdir(parents=True)
    names = list(rec.notebooks)
    if not names:
        raise BuildError(f"{root / 'notebooks'}: no notebooks to execute; run cspreport in "
                         "the project's folder (the one with params/ and notebooks/)")
    todo = []
    for name in names:
        old = _reusable(name, rec, out, previous)
        if old is not None:
            shutil.copyfile(old, folder / name)
        else:
            todo.append(name)
    if not todo:
        return todo
    if not kernels.done():
        # the kernels are still starting (importing pandas, seaborn…): meanwhile this
        # process imports what assembling the outputs needs (the renderers, seconds of it;
        # openpyxl, which the workbook's writer and the personal-data scan import where
        # they use it), instead of after the notebooks, on the build's critical path
        import openpyxl.worksheet.table  # noqa: F401  # lazy: imported early (above)

        import cspreport.assemble  # lazy: imported early, on purpose (above)
        import cspreport.engine  # noqa: F401  # lazy: papermill, as above
    pool = _warm_pool(kernels, out)
    bar = tqdm(total=len(todo), desc=f"edition {params.edition}", unit="notebook",
               disable=not progress, file=sys.stderr, position=position, leave=True)
    parameters = params.for_notebooks(params.lang)
    aborted = threading.Event()
    with ThreadPoolExecutor(max_workers=len(todo)) as threads:
        seconds: dict[str, float] = {}

        def execute(name: str):
            started = time.monotonic()
            result = _execute(root / "notebooks" / name, folder / name, parameters, root,
                              pool, rec.params["data_dir"], params.cell_timeout,
                              aborted.is_set)
            seconds[name] = time.monotonic() - started
            return result

        # submitted longest first: the threads ask for a kernel in this order
        futures = {threads.submit(execute, name): name
                   for name in _longest_first(todo, root)}
        pending, first = set(futures), None
        while pending and first is None:
            finished, pending = wait(pending, return_when=FIRST_EXCEPTION)
            for future in sorted(finished, key=lambda f: todo.index(futures[f])):
                if future.exception() is not None:
                    first = first or future
                else:
                    bar.set_postfix_str(futures[future])
                    bar.update()
        if first is not None:
            # the others end at once; their errors follow from this one. A pool of the
            # build's own is stopped whole; a lent one (watch mode's) loses only the kernels
            # busy with another notebook (replaced in the background): the kernel of a
            # notebook that failed in a cell is healthy and stays warm for the next run
            aborted.set()
            if lent:
                pool.stop_lent()
            else:
                pool.kill()
            wait(pending)
    bar.close()
    _remember_seconds(seconds, root)
    stop_if_cancelled(out)
    if first is not None:
        exc = first.exception()
        if isinstance(exc, _NotebookFailed):
            raise BuildError(f"{exc}; the notebook as far as it ran: "
                             f"{_shown(_keep_failed(exc.executed, out))}") from None
        raise exc
    return todo


# How long each notebook took to run last time, by its path: the next run starts the longest
# first, so that no kernel is left with a long one while the others are done (4 notebooks on 2
# kernels: the makespan of the longest-first order). In cspreport's cache folder: losing it
# costs only the order.
_SECONDS_FILE = "notebook-seconds.json"


def _seconds_path() -> Path:
    # lazy: the tables' cache module (pandas), where the cache folder is named
    from cspreport.tables.cache import cache_base

    return cache_base() / _SECONDS_FILE


def _known_seconds() -> dict:
    """What ``_remember_seconds`` kept (nothing when it cannot be read)."""
    try:
        known = json.loads(_seconds_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return known if isinstance(known, dict) else {}


def _longest_first(names: list[str], root: Path) -> list[str]:
    """``names`` by how long each took last time, longest first; those never run before
    first of all (one may be long), in their order."""
    known = _known_seconds()

    def took(name: str) -> float:
        value = known.get(str(root / "notebooks" / name))
        return value if isinstance(value, int | float) else float("inf")

    return sorted(names, key=lambda name: -took(name))


def _remember_seconds(seconds: dict[str, float], root: Path) -> None:
    """Keep how long each notebook of this run took (``_longest_first``); a cache folder
    that cannot be written only loses the order."""
    if not seconds:
        return
    known = _known_seconds()
    known.update({str(root / "notebooks" / name): round(took, 3)
                  for name, took in seconds.items()})
    from cspreport.tables.cache import write_whole  # lazy: as in _seconds_path

    write_whole(_seconds_path(), json.dumps(known, sort_keys=True).encode())


def _warm_pool(kernels, out: Path):
    """The pool of warm kernels, once ready; a kernel that could not start is a BuildError
    (an interruption meanwhile: BuildCancelled)."""
    try:
        return kernels.result()
    except Exception as exc:
        stop_if_cancelled(out)
        raise BuildError(f"a Jupyter kernel (python3) did not start: {exc}; check that "
                         "ipykernel is installed in the environment that runs cspreport"
                         ) from None


def _keep_failed(executed: Path, out: Path) -> Path:
    """Copy a failed executed notebook to ``out``/failed/, where the user can open it (the
    staging folder it was written in is about to be removed)."""
    kept = out / outputs.FAILED_DIR / executed.name
    kept.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(executed, kept)
    return kept


def _assemble_into(staging: Path, params: Params, rec, root: Path, on_pages=None
                   ) -> tuple[str, ...]:
    # lazy: the renderers and nbformat (2.3 s) only when there is something to build
    from cspreport.assemble import assemble, read_notebooks, write_outputs

    assembled = assemble(read_notebooks(staging / notebooks_dir(params.lang)))
    if on_pages is not None:
        _early_pages(assembled, staging, params, rec, root, on_pages)
    write_outputs(assembled, staging, rec.summary(),
                  template_for=lambda: load_deck_template(params, root),
                  brand=params.brand_colour)
    return tuple(dict.fromkeys(w for a in assembled.values() for w in a.report.warnings))


def _early_pages(assembled: dict, staging: Path, params: Params, rec, root: Path,
                 on_pages) -> None:
    """Hand ``on_pages`` the HTML report of each language, rendered as ``write_outputs``
    renders it (the same bytes), when the personal-data scan finds nothing in it; with a
    hit, nothing (the whole build's scan then stops the build with its message)."""
    # lazy: the renderers (2.3 s), as in build_edition: only when there is something to build
    from cspreport.assemble import output_names
    from cspreport.render.report_page import render_report_page  # lazy: as above

    folder = staging / ".pages"  # scanned alone, then removed: not an output
    folder.mkdir()
    try:
        pages = {}
        for lang, item in assembled.items():
            name = output_names(item.report.edition, lang)["html"]
            page = render_report_page(item.report, item.blocks, rec.summary(),
                                      params.brand_colour).encode("utf-8")
            (folder / name).write_bytes(page)
            pages[name] = page
        if not scan_outputs(folder, texts_of(_content_texts(params, root))):
            on_pages(pages)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _content_texts(params: Params, root: Path):
    """The edition's content.yaml as read (None: it cannot be): its texts are public."""
    import yaml

    try:
        return yaml.safe_load((params.data_path(root) / "content.yaml")
                              .read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None  # checked before the notebooks ran; without it, nothing is public


_SHOWN_HITS = 10  # lines of personal data a message lists; the rest are counted


def _check_personal_data(staging: Path, params: Params, root: Path,
                         scanned: list[Path] = ()) -> None:
    """Nothing personal leaves the build, whoever printed it: every output in ``staging`` is
    scanned (``cspreport.privacy.scan_outputs``) and a hit stops the build, naming the output
    and the cell or slide. The edition's own texts (content.yaml: e.g. the office's e-mail
    address on the closing slide) are public by design and not flagged."""
    hits = scan_outputs(staging, texts_of(_content_texts(params, root)), scanned)
    if not hits:
        return
    more = len(hits) - _SHOWN_HITS
    listed = "\n".join(f"  {hit}" for hit in hits[:_SHOWN_HITS])
    raise BuildError(
        "personal data in the outputs (the output folder was left as it was):\n"
        f"{listed}" + (f"\n  … and {more} more" if more > 0 else "") + "\n"
        "remove it from the notebook's outputs or redact it in the notebook: "
        "cspreport.privacy.redact(text); text that is public by design (an office's phone "
        "number) belongs in the edition's content.yaml")


def _pdfs(folder: Path) -> tuple[str, ...]:
    """A PDF of every deck in ``folder``; without LibreOffice a warning, not a failure."""

    try:
        decks_to_pdf(folder)
    except PreviewError as exc:
        return (f"no PDF of the decks: {exc}",)
    return ()


def _quiet_jsonschema() -> None:
    """nbformat imports jsonschema, whose format checker, when rfc3987-syntax is installed
    (jupyter pulls it in), compiles an IRI grammar at import: about 1.4 s of every build, for
    a format no notebook uses. Marking the module absent makes jsonschema skip that check."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


class _NotebookFailed(BuildError):
    """A notebook failed in a cell; ``executed``: papermill's copy as far as it ran."""

    def __init__(self, message: str, executed: Path):
        super().__init__(message)
        self.executed = executed


def _execute(source: Path, target: Path, parameters: dict, root: Path, pool,
             shown_data_dir: str | None = None, cell_timeout: int | None = None,
             cancelled=lambda: False):
    """Run one notebook with papermill on a warm kernel of ``pool``. An error a user can fix
    (a CspreportError raised in the kernel) reaches them as its message, not as a kernel
    traceback; any other error, a kernel that died and a cell that ran past ``cell_timeout``
    seconds are a _NotebookFailed naming the notebook and the cell by its place.
    ``cancelled``: true when the run has failed elsewhere (no kernel is then waited for)."""
    import nbformat
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    # lazy: papermill and jupyter_client (2.3 s) only when a notebook runs
    from cspreport.engine import ENGINE, CellFailure
    from cspreport.kernels import KernelsStopped  # lazy: as above

    shown = source.relative_to(root).as_posix()
    try:
        with pool.kernel(cancelled) as km:
            # request_save_on_cell_execute off: papermill would write the whole notebook
            # to disk before and after every cell (a third of a short notebook's run); it
            # writes it once at the end, also when a cell failed (and every 30 s of a
            # long cell)
            nb = pm.execute_notebook(str(source), str(target), parameters=parameters,
                                     engine_name=ENGINE, km=km, progress_bar=False,
                                     log_output=False, execution_timeout=cell_timeout,
                                     request_save_on_cell_execute=False)
    except PapermillExecutionError as exc:
        if exc.ename in _USER_ERRORS:
            raise BuildError(exc.evalue) from None
        cells = [c for c in nbformat.read(str(target), as_version=4).cells
                 if _BANNER not in c.get("metadata", {}).get("tags", [])]
        last = (str(exc.evalue).strip().splitlines() or [""])[-1]
        raise _NotebookFailed(f"{shown}, {_cell_place(cells, exc.cell_index)} failed: "
                              f"{exc.ename}: {shorten(last, 200)}", target) from None
    except CellFailure as exc:
        # the notebook as far as it ran, for the user to open (papermill writes it only when
        # a cell ends in an error, and at the end)
        nbformat.write(exc.nb, str(target))
        place = _cell_place(exc.cells, exc.index)
        if exc.timeout:
            what = (f"still running after cell_timeout {exc.timeout} s; if it needs longer, "
                    "raise cell_timeout in the params file")
        else:
            what = ("the kernel stopped (the cell ended its Python process, or it was "
                    "killed, e.g. for lack of memory)")
        raise _NotebookFailed(f"{shown}, {place}: {what}", target) from None
    except FileNotFoundError as exc:
        raise BuildError(f"notebook not found: {exc.filename or source}") from None
    except KernelsStopped:
        if cancelled():  # another notebook failed: its error is the build's
            raise
        raise BuildError(f"{shown}: no Jupyter kernel (python3) to run it on: the kernels "
                         "stopped and could not be started again; build again") from None
    normalise_notebook(nb, shown, f"{target.parent.name}/{target.name}", shown_data_dir)
    nbformat.write(nb, str(target))
    return nb


# What papermill adds to a notebook: its parameters cell, and the banner of a failed one.
_INJECTED, _BANNER = "injected-parameters", "papermill-error-cell-tag"


def _cell_place(cells: list, index: int | None) -> str:
    """Where cell ``index`` of an executed notebook is in its source, as the user sees it in
    Jupyter: "cell 7 of 23" (papermill's cells not counted), and its first lines."""
    own = [n for n, c in enumerate(cells) if _INJECTED not in c.get("metadata", {}).get(
        "tags", [])]
    if index is None or index not in own:
        return "before its first cell"
    lines = cells[index].get("source", "").strip().splitlines()
    quoted = "; ".join(shorten(line, 100) for line in lines[:3])
    more = " …" if len(lines) > 3 else ""
    return f"cell {own.index(index) + 1} of {len(own)} ({quoted}{more})"


# Errors a kernel raises that are the user's to fix; their message says it all.
_USER_ERRORS = {"InputError", "ParamsError", "BuildError", "TemplateError", "CspreportError"}


__all__ = ["BuildCancelled", "BuildResult", "build_edition", "cancel_builds",
           "check_edition", "remove_stale_staging"]
