"""Live preview, end to end as an analyst uses it: ``cspreport serve params/2021.yaml`` in the
project's folder, the report read over HTTP as a browser would, notebooks and inputs edited
on disk, Ctrl-C at the end.

Every wait is bounded, and the whole test by one deadline (a hung preview fails the test,
it does not hang it).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

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


def set_report_cell(notebook: Path, source: str) -> None:
    """The notebook's cell tagged ``report`` (an analyst's cell shown in the report) gets
    ``source``; the first call adds it at the end."""
    nb = nbformat.read(notebook, as_version=4)
    tagged = [c for c in nb.cells if "report" in c.metadata.get("tags", [])]
    if tagged:
        tagged[0].source = source
    else:
        cell = nbformat.v4.new_code_cell(source)
        cell.metadata["tags"] = ["report"]
        nb.cells.append(cell)
    nbformat.write(nb, notebook)


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
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "cspreport", "serve", "params/2021.yaml", "--port", str(port)],
        cwd=root, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "TMPDIR": str(tmp)})

    def wait_for(what: str, seen) -> str:
        while time.monotonic() < deadline:
            page = get(url)
            if page is not None and seen(page):
                return page
            assert process.poll() is None, (tmp_path / "serve.log").read_text()
            time.sleep(0.3)
        pytest.fail(f"never saw {what} in {OVERALL} s:\n{(tmp_path / 'serve.log').read_text()}")

    try:
        # the report, as a build makes it (the title from content.yaml), with the reload script
        page = wait_for("the report", lambda p: "<h1>Konsultē vispirms</h1>" in p)
        assert 'fetch("/version"' in page and "sessionStorage" in page
        assert kernels_in(tmp), "warm kernels are kept while the preview runs"
        built = root / "output" / "2021" / "cspreport-2021-lv.html"
        assert "/version" not in built.read_text(encoding="utf-8")  # the page only, as served

        # an analyst's cell added to a notebook, then changed
        notebook = root / "notebooks" / "02_goals.ipynb"
        set_report_cell(notebook, 'print("first words " + "of the analyst")')
        wait_for("the cell's output", lambda p: "first words of the analyst" in p)
        set_report_cell(notebook, 'print("second words " + "of the analyst")')
        page = wait_for("the changed output",
                        lambda p: "second words of the analyst" in p)
        assert "first words of the analyst" not in page

        # an input: the report's title in content.yaml
        content = root / "data" / "2021" / "content.yaml"
        text = content.read_text(encoding="utf-8")
        assert "\n  lv: Konsultē vispirms\n" in text
        content.write_text(text.replace("\n  lv: Konsultē vispirms\n",
                                        "\n  lv: Jauns virsraksts\n"), encoding="utf-8")
        wait_for("the new title", lambda p: "<h1>Jauns virsraksts</h1>" in p)

        # (a cell that fails is shown above the last good report: tests/unit/
        # test_watch_page.py; the recovery after it, end to end, is issue 20's open point —
        # the preview restarts its kernels after a failed run and has been seen to stall)
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

    output = (tmp_path / "serve.log").read_text()
    assert code == 0, output
    assert "Traceback" not in output.replace("Traceback (most recent call last)", "")
    assert kernels_in(tmp) == []
    assert port_free(port)
    assert list(tmp.iterdir()) == []
    assert [p.name for p in (root / "output").iterdir()] == ["2021"]  # no staging folder
    # the output folder holds the last good build, as `cspreport build` writes it
    assert "second words of the analyst" in built.read_text(encoding="utf-8")
