"""Live preview, end to end as an analyst uses it: ``cspreport serve params/2021.yaml`` in the
project's folder, the report read over HTTP as a browser would, notebooks (the .ipynb and its
paired .py) and inputs edited on disk, a cell broken and fixed, Ctrl-C at the end.

Every wait is bounded, and the whole test by one deadline (a hung preview fails the test,
it does not hang it).
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import jupytext
import nbformat
import pytest
from pptx import Presentation

from tests.project import ROOT

pytestmark = pytest.mark.slow
EDITION = ROOT / "data" / "2021"
OVERALL = 180  # seconds the whole test may take


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_free(port: int) -> bool:
    """Nothing listens on ``port`` and a new server can take it (as http.server does, with
    SO_REUSEADDR: the connections the test made linger in TIME_WAIT for a minute)."""
    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", port)) == 0:
            return False
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def kernels_in(tmp: Path) -> list[int]:
    """Processes running ipykernel with a connection file under ``tmp`` (the preview's own:
    its TMPDIR is ``tmp``), from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if "ipykernel" in command and str(tmp) in command:
            found.append(int(entry.name))
    return found


class _References(HTMLParser):
    """What a page makes a browser load: the URLs of its src, href, srcset, poster and data
    attributes, and of url(…) and @import in its styles."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._in_style = tag == "style"
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "poster", "data") and value:
                self.urls.append(value)
            elif name == "srcset" and value:
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()]
            elif name == "style" and value:
                self._css(value)

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self._css(data)

    def _css(self, text: str) -> None:
        self.urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", text)
        self.urls += re.findall(r"@import\s+['\"]([^'\"]+)", text)


def external_urls(page: str) -> list[str]:
    """The URLs in ``page`` that would be fetched from another host (not the page's own
    server, not data: URIs, not in-page anchors)."""
    parser = _References()
    parser.feed(page)
    scripts = re.findall(r"fetch\(\s*['\"]([^'\"]+)", page)
    return [u for u in parser.urls + scripts
            if re.match(r"^\s*([a-z][a-z0-9+.-]*:|//)", u, re.I) and not u.startswith("data:")]


def listening_addresses(port: int) -> list[str]:
    """The local addresses (IPv4 hex as /proc/net/tcp shows them, e.g. 0100007F for
    127.0.0.1) of the sockets listening on ``port``, IPv4 and IPv6."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table) as lines:
            for line in list(lines)[1:]:
                local, _remote, state = line.split()[1:4]
                address, hex_port = local.split(":")
                if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                    found.append(address)
    return found


def title_slide(deck: Path) -> list[str]:
    """The texts of the deck's first slide (the report's title first)."""
    slide = Presentation(deck).slides[0]
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def set_report_cell(notebook: Path, source: str, paired: bool = False) -> None:
    """The notebook's cell tagged ``report`` (an analyst's cell shown in the report) gets
    ``source``; the first call adds it at the end. ``paired``: the notebook is paired with
    a .py (py:percent) beside it, written too, as Jupyter with jupytext saves both."""
    nb = nbformat.read(notebook, as_version=4)
    tagged = [c for c in nb.cells if "report" in c.metadata.get("tags", [])]
    if tagged:
        tagged[0].source = source
    else:
        cell = nbformat.v4.new_code_cell(source)
        cell.metadata["tags"] = ["report"]
        nb.cells.append(cell)
    if paired:
        nb.metadata["jupytext"] = {"formats": "ipynb,py:percent"}
        jupytext.write(nb, notebook.with_suffix(".py"), fmt="py:percent")
    nbformat.write(nb, notebook)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_what_counts_as_loaded_from_elsewhere():
    """The check below can fail: a stylesheet, an image, a CSS url() and a fetch from
    another host are found; the page's own paths, anchors and data: URIs are not."""
    page = ('<link rel="stylesheet" href="https://cdn.example/x.css"><a href="#s2">s</a>'
            '<img src="data:image/png;base64,AA"><img srcset="//img.example/a.png 2x">'
            '<style>body{background:url("http://x.example/b.png")}</style>'
            '<script>fetch("/version"); fetch("https://api.example/v")</script>')
    assert external_urls(page) == ["https://cdn.example/x.css", "//img.example/a.png",
                                   "http://x.example/b.png", "https://api.example/v"]


def test_the_preview_follows_edits_and_leaves_nothing(mini_root, tmp_path):
    deadline = time.monotonic() + OVERALL
    root = mini_root
    shutil.copytree(EDITION, root / "data" / "2021")
    (root / "params" / "2021.yaml").write_text(
        "edition: 2021\nperiod_start: '2021-01-01'\nperiod_end: '2021-09-30'\n"
        "data_dir: data/2021\noutput_dir: output\n", encoding="utf-8")
    tmp = tmp_path / "tmp"  # the preview's temporary folder: empty again when it is stopped
    tmp.mkdir()
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    serve_log = tmp_path / "serve.log"
    log = serve_log.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "cspreport", "serve", "params/2021.yaml", "--port", str(port)],
        cwd=root, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "TMPDIR": str(tmp)})

    def wait_for(what: str, seen) -> str:
        while time.monotonic() < deadline:
            page = get(url)
            if page is not None and seen(page):
                return page
            assert process.poll() is None, serve_log.read_text()
            time.sleep(0.3)
        pytest.fail(f"never saw {what} in {OVERALL} s:\n{serve_log.read_text()}")

    def run_line(number: int) -> str:
        """The log's line of the ``number``-th run (1: the first), once it has ended."""
        while time.monotonic() < deadline:
            ended = [line for line in serve_log.read_text().splitlines()
                     if line.startswith(("report updated in ", "error: "))]
            if len(ended) >= number:
                return ended[number - 1]
            time.sleep(0.1)
        pytest.fail(f"run {number} never ended:\n{serve_log.read_text()}")

    built = root / "output" / "2021" / "cspreport-2021-lv.html"
    deck = built.with_suffix(".pptx")
    try:
        # the report, as a build makes it (the title from content.yaml), with the reload script
        page = wait_for("the report", lambda p: "<h1>Konsultē vispirms</h1>" in p)
        assert 'fetch("/version"' in page and "sessionStorage" in page
        assert external_urls(page) == []  # nothing loaded from the internet
        assert listening_addresses(port) == ["0100007F"]  # 127.0.0.1, and no other
        assert kernels_in(tmp), "warm kernels are kept while the preview runs"
        # (the page is served once rendered; the run then writes the files and ends)
        assert run_line(1).endswith("(01_title.ipynb, 02_goals.ipynb executed)")
        assert "/version" not in built.read_text(encoding="utf-8")  # the page only, as served
        first_deck = sha256(deck)

        # an analyst's cell added to a notebook (saved with its paired .py), then changed in
        # the .py: only that notebook runs again
        notebook = root / "notebooks" / "02_goals.ipynb"
        paired = notebook.with_suffix(".py")
        set_report_cell(notebook, 'print("first words " + "of the analyst")', paired=True)
        wait_for("the cell's output", lambda p: "first words of the analyst" in p)
        assert run_line(2).endswith("(02_goals.ipynb executed)")
        text = paired.read_text(encoding="utf-8")
        assert 'print("first words " + "of the analyst")' in text
        paired.write_text(text.replace('"first words "', '"second words "'), encoding="utf-8")
        page = wait_for("the changed output", lambda p: "second words of the analyst" in p)
        assert "first words of the analyst" not in page
        assert run_line(3).endswith("(02_goals.ipynb executed)")
        assert [c.source for c in nbformat.read(notebook, as_version=4).cells  # synced
                if "report" in c.metadata.get("tags", [])] == [
                    'print("second words " + "of the analyst")']

        # an input: the report's title in content.yaml; every notebook runs, the deck too
        content = root / "data" / "2021" / "content.yaml"
        text = content.read_text(encoding="utf-8")
        assert "\n  lv: Konsultē vispirms\n" in text
        assert title_slide(deck)[0] == "Konsultē vispirms"
        content.write_text(text.replace("\n  lv: Konsultē vispirms\n",
                                        "\n  lv: Jauns virsraksts\n"), encoding="utf-8")
        wait_for("the new title", lambda p: "<h1>Jauns virsraksts</h1>" in p)
        assert run_line(4).endswith("(01_title.ipynb, 02_goals.ipynb executed)")
        assert sha256(deck) != first_deck
        assert title_slide(deck)[0] == "Jauns virsraksts"

        # a cell broken (in the .py): its message, its place (cell 3 of 3 as Jupyter counts
        # them, papermill's cell not counted; not the execution count), its source and the
        # traceback, above the last good report
        text = paired.read_text(encoding="utf-8")
        paired.write_text(text.replace('print("second words " + "of the analyst")',
                                       'raise ValueError("broken on purpose")'),
                          encoding="utf-8")
        page = wait_for("the failure", lambda p: "cspreport-failure" in p)
        shown = html.unescape(page)
        assert ('notebooks/02_goals.ipynb, cell 3 of 3 (raise ValueError("broken on purpose"))'
                " failed: ValueError: broken on purpose; the notebook as far as it ran: "
                "output/2021/failed/02_goals.ipynb") in shown
        failure = shown[shown.index("cspreport-failure"):shown.index("<h1>Jauns virsraksts")]
        assert re.search(r"The cell</strong></p><pre[^>]*>raise ValueError\(\"broken on "
                         r"purpose\"\)</pre>", failure)
        assert "Traceback" in failure and "ValueError: broken on purpose" in failure
        assert "second words of the analyst" in page  # the last good report stays below
        assert run_line(5).startswith("error: notebooks/02_goals.ipynb, cell 3 of 3 ")
        # a cell's error is no reason to stop a kernel: the same warm kernels run the fix
        warm = sorted(kernels_in(tmp))

        # fixed at once (in the notebook): the report again, without the failure
        set_report_cell(notebook, 'print("third words " + "of the analyst")')
        page = wait_for("the fixed report", lambda p: "third words of the analyst" in p)
        assert "cspreport-failure" not in page
        assert run_line(6).endswith("(02_goals.ipynb executed)")
        assert warm and sorted(kernels_in(tmp)) == warm
    finally:
        process.send_signal(signal.SIGINT)
        try:
            code = process.wait(timeout=max(5.0, min(30.0, deadline - time.monotonic())))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            pytest.fail("the preview did not stop on Ctrl-C")
        finally:
            log.close()

    output = serve_log.read_text()
    assert code == 0, output
    assert "Traceback" not in output.replace("Traceback (most recent call last)", "")
    # each save seen once: a notebook the preview synced from its .py is no save of the user
    assert [line for line in output.splitlines() if line.startswith("changed: ")] == [
        "changed: notebooks/02_goals.ipynb, notebooks/02_goals.py",
        "changed: notebooks/02_goals.py",
        "changed: data/2021/content.yaml",
        "changed: notebooks/02_goals.py",
        "changed: notebooks/02_goals.ipynb"], output
    assert kernels_in(tmp) == []
    assert port_free(port)
    assert list(tmp.iterdir()) == []
    assert [p.name for p in (root / "output").iterdir()] == ["2021"]  # no staging folder
    # the output folder holds the last good build, as `cspreport build` writes it
    assert "third words of the analyst" in built.read_text(encoding="utf-8")
    assert not (root / "output" / "2021" / "failed").exists()
