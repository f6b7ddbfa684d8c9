"""Live preview: ``cspreport serve params/2021.yaml`` builds the edition, serves its HTML report
on 127.0.0.1 and rebuilds on every save, the open page reloading itself where it was.

Each run is ``cspreport.build.build_edition`` itself, lent the session's kernels: the same
check of the inputs, the same execution of the notebooks by papermill, the same assembly and
the same commit into the output folder, so that what the page shows is what ``cspreport
build`` writes (the deck and the workbook are rewritten too, and a later build finds them up
to date). What watch mode adds:

- its kernels stay warm between runs (one KernelPool for the session): a notebook that
  fails in a cell leaves its kernel healthy (made fresh and lent again); a kernel that died,
  or was killed to stop a notebook of a run that had already failed, is replaced by the pool
  in the background; only a pool stopped whole is started anew, in a thread of its own
  while the loop goes on watching;
- a file saved while a run goes on is a change the next look finds (what the run wrote
  itself, a synced notebook, is not);
- a change re-executes only what it affects: the build reuses every executed notebook whose
  source, parameters, inputs and code are unchanged (their cache keys in the manifest), so a
  notebook saved is the one notebook run, and an input changed runs them all; a saved
  ``.py`` (a jupytext pair) is synced into its ``.ipynb`` first, as Jupyter does on save;
- a run that fails shows its message — and, for a failing cell, the cell's place, its source
  and the traceback — at the top of the page, above the last good report, which stays;
- the page (only as served: the HTML file on disk is the build's) polls ``/version`` and
  reloads when a run has rendered the report, keeping its scroll position (sessionStorage):
  the new report is served as soon as the build has rendered it and found no personal data
  in it (``build_edition``'s ``on_pages``), while the build goes on to write the deck and
  the workbook; should the build still fail, the page goes back to the last good report
  with the failure above it;
- Ctrl-C stops it all: the server, the kernels (their connection files removed), any staging
  folder; the output folder holds the last good build.

Files are watched by polling their sizes and modification times every 0.1 s (a change is
confirmed by its content hash, so a file merely touched runs nothing): no dependency, and it
works on network drives where inotify does not.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cspreport import build, outputs, provenance
from cspreport.errors import BuildError, CspreportError
from cspreport.params import Params

# Seconds between two looks at the watched files (a look stats a few dozen files: well under
# a millisecond), and the wait before a look confirms that a save has finished.
POLL = 0.1
SETTLE = 0.1
HOST = "127.0.0.1"  # never another interface: the report is not the network's to see


# --------------------------------------------------------------------------- what is watched
def watched_files(params_file: Path, params: Params, root: Path) -> list[Path]:
    """The files a run depends on: the params file, the notebooks (``.ipynb`` and their paired
    ``.py``), every file of the edition's data folder (inputs and texts), the deck's template
    and mapping, if any, and pyproject.toml (its [tool.cspreport] notebooks: their order)."""
    files = [params_file.resolve(), root / "pyproject.toml"]
    notebooks = root / "notebooks"
    for pattern in ("*.ipynb", "*.py"):
        files += sorted(notebooks.glob(pattern))
    files += provenance.files_under(params.data_path(root))
    files += list(build.template_files(params, root).values())
    return [f for f in dict.fromkeys(files) if f.is_file()]


def snapshot(files: list[Path]) -> dict[Path, tuple[int, int]]:
    """Each file's (size, modification time in ns); a file gone is left out."""
    seen = {}
    for path in files:
        with contextlib.suppress(OSError):
            stat = path.stat()
            seen[path] = (stat.st_size, stat.st_mtime_ns)
    return seen


@dataclass
class Files:
    """The watched files as last seen: their stats (a cheap look) and their hashes (the
    judge of a change)."""

    list_files: Callable[[], list[Path]]
    stats: dict[Path, tuple[int, int]] = field(default_factory=dict)
    hashes: dict[Path, str] = field(default_factory=dict)

    def refresh(self) -> None:
        self.stats = snapshot(self.list_files())
        self.hashes = {p: _hash(p) for p in self.stats}

    def accept(self, paths: list[Path]) -> None:
        """``paths`` as they are now are no change: what a run wrote itself (a synced
        notebook). Only these: a file saved while a run goes on is a change the next look
        finds (looking at every file again after a run would take that save for the run's
        own and never show it)."""
        now = snapshot(paths)
        for path in paths:
            self.stats.pop(path, None)
            self.hashes.pop(path, None)
            if path in now:
                self.stats[path], self.hashes[path] = now[path], _hash(path)

    def changed(self) -> set[Path]:
        """The files whose content changed, appeared or went since the last look; waits
        until a save has finished (two looks a poll apart that agree)."""
        now = snapshot(self.list_files())
        if now == self.stats:
            return set()
        while True:
            time.sleep(SETTLE)
            again = snapshot(self.list_files())
            if again == now:
                break
            now = again
        hashes = {p: _hash(p) for p in now}
        changed = {p for p in {*hashes, *self.hashes} if hashes.get(p) != self.hashes.get(p)}
        self.stats, self.hashes = now, hashes
        return changed


def _hash(path: Path) -> str:
    try:
        return provenance.sha256(path)
    except OSError:
        return ""


def sync_pairs(changed: set[Path], root: Path) -> list[Path]:
    """A saved ``notebooks/<name>.py`` whose ``.ipynb`` exists is synced into it with jupytext
    (the inputs of its cells; their outputs kept), as Jupyter does on save; returns the
    notebooks synced. A .py that jupytext cannot read is a BuildError naming it."""
    from jupytext.cli import jupytext as jupytext_cli  # lazy: only when a .py was saved

    synced = []
    for path in sorted(changed):
        pair = path.with_suffix(".ipynb")
        if path.suffix != ".py" or path.parent != root / "notebooks" or not pair.is_file():
            continue
        try:
            jupytext_cli(["--sync", "--quiet", str(path)])
        except (Exception, SystemExit) as exc:  # jupytext's own words about the file
            raise BuildError(f"notebooks/{path.name}: cannot be synced into {pair.name} "
                             f"({str(exc).strip() or type(exc).__name__}); fix the file and "
                             "save it again") from None
        synced.append(pair)
    return synced


# --------------------------------------------------------------------------- one run
@dataclass
class Failure:
    """What the page shows of a run that failed."""

    message: str
    place: str = ""  # the failing cell, as the build names it ("cell 3 of 5 (…)")
    source: str = ""  # the cell's source
    traceback: str = ""


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def failure_of(message: str, out: Path, since: float) -> Failure:
    """``message`` with, when the build kept a failed notebook (under ``out``/failed/) in this
    run, its failing cell's place, source and traceback."""
    import nbformat

    for kept in sorted((out / outputs.FAILED_DIR).glob("*.ipynb")):
        try:
            if kept.stat().st_mtime < since:
                continue
            cells = nbformat.read(str(kept), as_version=4).cells
        except (OSError, ValueError):
            continue
        cells = [c for c in cells if build._BANNER not in c.get("metadata", {}).get("tags", [])]
        for index, cell in enumerate(cells):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    trace = _ANSI.sub("", "\n".join(output.get("traceback", [])))
                    return Failure(message, f"notebooks/{kept.name}, "
                                   f"{build._cell_place(cells, index)}",
                                   cell.get("source", ""), trace)
    return Failure(message)


@dataclass
class Watcher:
    """One edition's live preview: its watched files, its kernels, its last good report and
    its last failure."""

    params_file: Path
    root: Path
    params: Params = None
    pages: dict[str, bytes] = field(default_factory=dict)  # file name → last good HTML
    failure: Failure | None = None
    version: int = 0
    log: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True)
    _pool: object = None  # the newest KernelPool (set in the starter thread)
    _pool_future: Future | None = None  # that pool, once warm
    _closing: threading.Event = field(default_factory=threading.Event)
    _starter: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(1))

    def __post_init__(self):
        self.params = Params.from_yaml(self.params_file)
        self.out = self.params.output_path(self.root)
        self.files = Files(lambda: watched_files(self.params_file, self.params, self.root))

    # ------------------------------------------------------------------ kernels
    def _kernels(self) -> Future:
        """A future of the session's warm kernels: the pool warm or warming up, or a new
        one when there is none yet or the last was stopped whole (a kernel that could not
        be replaced). A new pool is started and the old one shut down in the starter
        thread: the loop goes on watching meanwhile."""
        future = self._pool_future
        if future is None or (future.done() and (future.exception() is not None
                                                 or future.result().stopped.is_set())):
            future = self._pool_future = self._starter.submit(self._new_pool)
        return future

    def _new_pool(self):
        """In the starter thread: the previous pool shut down (its files removed), a new
        one started and warmed up."""
        # lazy: jupyter_client (2 s), as the build
        from cspreport.kernels import KernelPool, KernelsStopped

        self._shut_down_pool()
        if self._closing.is_set():
            raise KernelsStopped("the preview is stopping")

        # a kernel a core to begin with (more would slow the first report down: their
        # warm-up is seconds of a core each); ``_more_kernels`` adds the rest after it
        size = max(1, min(len(provenance.notebook_digests(self.root)), os.cpu_count() or 1))
        self._pool = pool = KernelPool(size, self.root / "notebooks", replace=True)
        if self._closing.is_set():  # stopped while they started: kill() did not see them
            pool.kill()
        pool.warm_up()
        return pool

    def _shut_down_pool(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.kill()
            pool.shutdown()

    def kill(self) -> None:
        """Stop the kernels at once, so that a notebook being executed ends within a second,
        and start no more (safe in a signal handler)."""
        self._closing.set()
        pool = self._pool
        if pool is not None:
            pool.kill()

    def close(self) -> None:
        """Stop the kernels and remove their files."""
        self.kill()
        self._starter.shutdown(wait=True)  # a pool starting: it sees _closing and ends
        self._shut_down_pool()

    # ------------------------------------------------------------------ a run
    def run(self, changed: set[Path] = frozenset()) -> None:
        """Sync what was saved, build what it affects, and record the report or the
        failure; every outcome gives the page a new version."""
        started, since = time.monotonic(), time.time() - 1
        last_good, shown = self.pages, []

        def early(pages: dict[str, bytes]) -> None:
            # the report as soon as it is rendered (and scanned), before the deck and the
            # workbook are written: the page reloads a second sooner
            self.pages, self.failure = pages, None
            self.version += 1
            shown.append(pages)

        try:
            synced = sync_pairs(set(changed), self.root)
            self.files.accept([p for nb in synced for p in (nb, nb.with_suffix(".py"))])
            if self.params_file.resolve() in changed:
                self.params = Params.from_yaml(self.params_file)
                self.out = self.params.output_path(self.root)
            # the build itself, as `cspreport build` runs it, on the session's warm kernels
            result = build.build_edition(self.params, self.root, progress=False,
                                         notify=self.log, kernels=self._kernels,
                                         on_pages=early)
        except build.BuildCancelled:
            if shown:
                self.pages = last_good
                self.version += 1
            return
        except CspreportError as exc:
            self.pages = last_good  # the page shown early is not the output: the last is
            self.failure = failure_of(str(exc), self.out, since)
            self.log(f"error: {exc}")
        else:
            self.failure = None
            self._read_pages()
            for warning in result.warnings:
                self.log(f"warning: {warning}")
            ran = ", ".join(result.executed) if result.executed else "no notebook"
            self.log(f"report updated in {time.monotonic() - started:.1f} s ({ran} executed)")
        if not (shown and self.failure is None and self.pages == shown[-1]):
            self.version += 1  # (the page already shows what was shown early: no reload)
        # warm kernels for the next save: the first ones if nothing ran yet, new ones if a
        # failed run killed them, and then one for each notebook
        future = self._kernels()
        if future.done() and future.exception() is None:
            self._more_kernels(future.result())

    def _more_kernels(self, pool) -> None:
        """A kernel for each notebook (up to two a core), started in the background: a run
        of every notebook (an input saved) then starts them all at once, and no notebook
        waits for a kernel to be made fresh after another; idle warm kernels cost only
        memory. (Measured, content.yaml saved, 4 notebooks on 2 cores: 2.5 s of notebooks
        on 4 kernels, 3.0 s on 2.)"""
        notebooks = len(provenance.notebook_digests(self.root))
        pool.grow_to(max(1, min(notebooks, 2 * (os.cpu_count() or 1))))

    def _read_pages(self) -> None:
        from cspreport.assemble import output_names  # lazy: the renderers (1 s)

        pages = {}
        for lang in self.params.languages:
            name = output_names(self.params.edition, lang)["html"]
            with contextlib.suppress(OSError):
                pages[name] = (self.out / name).read_bytes()
        self.pages = pages

    # ------------------------------------------------------------------ the page
    def page(self, name: str | None) -> bytes | None:
        """The page served for ``name`` (None: the first language's): the last good report,
        with the failure above it and the reload script; None: no such page."""
        if name is None:
            name = next(iter(self.pages), None)
        body = self.pages.get(name) if name else None
        if name and body is None and self.pages:
            return None
        text = body.decode("utf-8") if body else _EMPTY
        if self.failure is not None:
            text = _after_body(text, _failure_html(self.failure))
        script = _RELOAD.replace("__VERSION__", str(self.version))
        return (text.replace("</body>", script + "</body>", 1) if "</body>" in text
                else text + script).encode("utf-8")


_EMPTY = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>cspreport</title></head>"
          "<body><p>No report yet.</p></body></html>")

# Polls /version; reloads when a run has finished, putting the page back where it was.
_RELOAD = """<script>
(function () {
  var key = "cspreport-scroll:" + location.pathname, version = "__VERSION__";
  var y = sessionStorage.getItem(key);
  if (y !== null) { sessionStorage.removeItem(key); window.scrollTo(0, parseFloat(y)); }
  setInterval(function () {
    fetch("/version", {cache: "no-store"}).then(function (r) { return r.text(); })
      .then(function (v) {
        if (v.trim() !== version) {
          sessionStorage.setItem(key, String(window.scrollY)); location.reload();
        }
      }).catch(function () {});
  }, 500);
})();
</script>"""


def _failure_html(failure: Failure) -> str:
    def pre(label: str, text: str) -> str:
        return (f"<p><strong>{label}</strong></p><pre style='white-space:pre-wrap'>"
                f"{html.escape(text)}</pre>") if text else ""

    return ("<div id='cspreport-failure' role='alert' style='border:3px solid #B00020;"
            "padding:1em;margin:1em;background:#FFF5F5;color:#000'>"
            "<p><strong>The last run failed; below is the last good report.</strong></p>"
            f"<p>{html.escape(failure.message)}</p>"
            + (f"<p>{html.escape(failure.place)}</p>" if failure.place else "")
            + pre("The cell", failure.source) + pre("Traceback", failure.traceback)
            + "</div>")


def _after_body(text: str, insert: str) -> str:
    found = re.search(r"<body[^>]*>", text)
    return text[:found.end()] + insert + text[found.end():] if found else insert + text


# --------------------------------------------------------------------------- serving
def _handler(watcher: Watcher):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # http.server calls it by this name
            path = self.path.split("?", 1)[0]
            if path == "/version":
                self._send(str(watcher.version).encode(), "text/plain")
                return
            body = watcher.page(None if path == "/" else path.lstrip("/"))
            if body is None:
                self.send_error(404)
                return
            self._send(body, "text/html; charset=utf-8")

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # the page's polling would fill the terminal
            pass

    return Handler


def serve(params_file: Path, root: Path, port: int = 8000,
          log: Callable[[str], None] | None = None) -> None:
    """Build, serve and rebuild on every change until interrupted (Ctrl-C, SIGTERM); then
    stop the server and the kernels and leave nothing of the session behind but the output
    folder's last good build."""
    watcher = Watcher(params_file, root)
    if log:
        watcher.log = log
    try:
        server = ThreadingHTTPServer((HOST, port), _handler(watcher))
    except OSError as exc:
        raise BuildError(f"cannot serve on {HOST}:{port} ({exc.strerror or exc}); choose "
                         "another port with --port") from None
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                              name="cspreport-serve", daemon=True)
    files = watcher.files

    stopping = threading.Event()

    def stop(_signum, _frame):
        # as the build's own Ctrl-C: the run in progress stops at its next step, leaving the
        # output folder as it was, and a notebook being executed ends now (its kernel killed)
        stopping.set()
        build.cancel_builds()
        watcher.kill()

    before = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        thread.start()
        watcher.log(f"serving http://{HOST}:{server.server_address[1]}/ (Ctrl-C stops)")
        files.refresh()
        watcher.run()
        while not stopping.is_set():
            changed = files.changed()
            if changed and not stopping.is_set():
                shown = ", ".join(sorted(_shown(p, root) for p in changed))
                watcher.log(f"changed: {shown}")
                watcher.run(changed)  # a file saved meanwhile: the next look finds it
            time.sleep(POLL)
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)
        server.shutdown()
        server.server_close()
        thread.join()
        watcher.close()
        build.allow_builds()


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


__all__ = ["Failure", "Watcher", "serve", "sync_pairs", "watched_files"]
