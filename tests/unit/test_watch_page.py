"""The live preview's pieces that need no kernel: a saved .py synced into its notebook, a
touched file that is no change, a file the preview wrote itself that is none either, and the
page as served (the failure above the last good report; in a browser, reloaded after a run
where it was scrolled to)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
import urllib.request
from http.server import ThreadingHTTPServer
from pathlib import Path

import jupytext
import nbformat
import pytest
import websocket

from cspreport.errors import BuildError
from cspreport.watch import Failure, Files, Watcher, _handler, sync_pairs

PAIRED = '''# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %%
x = 1
'''


def test_a_saved_py_is_synced_into_its_notebook_and_nothing_else_is(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    py = notebooks / "05_mine.py"
    py.write_text(PAIRED, encoding="utf-8")
    jupytext.write(jupytext.reads(PAIRED, fmt="py:percent"), notebooks / "05_mine.ipynb")
    alone = notebooks / "helper.py"  # a .py without a notebook is no pair: left alone
    alone.write_text("y = 2\n", encoding="utf-8")
    later = os.stat(notebooks / "05_mine.ipynb").st_mtime + 5
    py.write_text(PAIRED.replace("x = 1", "x = 2  # edited"), encoding="utf-8")
    os.utime(py, (later, later))

    synced = sync_pairs({py, alone}, tmp_path)

    assert synced == [notebooks / "05_mine.ipynb"]
    cells = nbformat.read(notebooks / "05_mine.ipynb", as_version=4).cells
    assert [c.source for c in cells] == ["x = 2  # edited"]
    assert not (notebooks / "helper.ipynb").exists()


def test_a_py_jupytext_cannot_read_is_a_plain_message(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    py = notebooks / "05_mine.py"
    py.write_text(PAIRED, encoding="utf-8")
    (notebooks / "05_mine.ipynb").write_text("{not json", encoding="utf-8")
    later = os.stat(notebooks / "05_mine.ipynb").st_mtime + 5
    os.utime(py, (later, later))
    with pytest.raises(BuildError, match=r"^notebooks/05_mine.py: cannot be synced into "
                                         r"05_mine.ipynb .*fix the file and save it again$"):
        sync_pairs({py}, tmp_path)


def test_a_file_touched_is_no_change_and_a_file_edited_is(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("one", encoding="utf-8")
    b.write_text("two", encoding="utf-8")
    files = Files(lambda: [a, b])
    files.refresh()
    assert files.changed() == set()
    later = os.stat(a).st_mtime + 5
    os.utime(a, (later, later))  # touched: same content
    assert files.changed() == set()
    b.write_text("three", encoding="utf-8")
    assert files.changed() == {b}
    b.unlink()
    assert files.changed() == {b}


def test_a_save_during_a_run_is_seen_and_what_the_run_wrote_is_not(tmp_path):
    """While a run goes on, the preview writes a synced notebook (its own write: no change)
    and the analyst saves another file (a change the next look must find: it used to be
    taken for the run's own and lost, and the preview stalled on it)."""
    synced, saved = tmp_path / "02.ipynb", tmp_path / "content.yaml"
    synced.write_text("{}", encoding="utf-8")
    saved.write_text("title: one", encoding="utf-8")
    files = Files(lambda: [synced, saved])
    files.refresh()
    # during the run
    synced.write_text('{"cells": []}', encoding="utf-8")
    files.accept([synced])
    saved.write_text("title: two", encoding="utf-8")
    # after it
    assert files.changed() == {saved}
    assert files.changed() == set()


def test_the_page_shows_the_failure_above_the_last_good_report(tmp_path):
    params = tmp_path / "2021.yaml"
    params.write_text("edition: 2021\n", encoding="utf-8")
    watcher = Watcher(params, tmp_path)
    report = "<html><body class='r'><h1>Report &amp; more</h1></body></html>"
    watcher.pages = {"cspreport-2021-lv.html": report.encode()}
    watcher.version = 7
    watcher.failure = Failure("notebooks/02.ipynb, cell 3 of 5 (x = 1/0) failed: "
                              "ZeroDivisionError: division by zero",
                              "notebooks/02.ipynb, cell 3 of 5 (x = 1/0)", "x = 1/0 < 2",
                              "ZeroDivisionError: division by zero")
    page = watcher.page(None).decode()
    assert page == watcher.page("cspreport-2021-lv.html").decode()
    assert watcher.page("other.html") is None
    assert page.index("<body class='r'><div id='cspreport-failure'") < page.index("<h1>")
    assert "cell 3 of 5 (x = 1/0)" in page and "x = 1/0 &lt; 2" in page
    assert 'version = "7"' in page and page.endswith("</script></body></html>")
    watcher.failure = None
    assert "cspreport-failure" not in watcher.page(None).decode()


needs_chromium = pytest.mark.skipif(
    not (shutil.which("chromium") or shutil.which("chromium-browser")) and not os.environ.get("CI"),
    reason="Chromium not installed (CI installs it and runs this)")


class _Browser:
    """Headless Chromium driven over its DevTools protocol (a websocket): one page."""

    def __init__(self, profile: Path):
        from cspreport.preview import CHROMIUM_FLAGS, tool

        self.process = subprocess.Popen(
            [tool("chromium", "chromium-browser"), *CHROMIUM_FLAGS, "--remote-debugging-port=0",
             f"--user-data-dir={profile}", "--window-size=800,600", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ready = profile / "DevToolsActivePort"  # Chromium writes its port there
        deadline = time.monotonic() + 60
        while not (ready.is_file() and ready.read_text().count("\n") >= 1):
            assert time.monotonic() < deadline and self.process.poll() is None
            time.sleep(0.1)
        port = ready.read_text().splitlines()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
            target = next(t for t in json.load(r) if t["type"] == "page")
        self.socket = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=10)
        self.calls = 0

    def call(self, method: str, **params):
        self.calls += 1
        self.socket.send(json.dumps({"id": self.calls, "method": method, "params": params}))
        while True:
            answer = json.loads(self.socket.recv())
            if answer.get("id") == self.calls:
                return answer.get("result", {})

    def js(self, expression: str):
        return self.call("Runtime.evaluate", expression=expression,
                         returnByValue=True)["result"].get("value")

    def close(self):
        self.socket.close()
        self.process.kill()
        self.process.wait()


@needs_chromium
def test_the_served_page_reloads_after_a_run_where_it_was(tmp_path):
    """In a browser: the page scrolled down reloads by itself when a run has finished (its
    version changed), shows the new report and is scrolled where it was."""
    params = tmp_path / "2021.yaml"
    params.write_text("edition: 2021\n", encoding="utf-8")
    watcher = Watcher(params, tmp_path)
    tall = "".join(f"<p style='height:100px'>paragraph {n}</p>" for n in range(100))
    watcher.pages = {"r.html": f"<html><body><h1>Old</h1>{tall}</body></html>".encode()}
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(watcher))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    browser = _Browser(tmp_path / "profile")
    try:
        browser.call("Page.navigate", url=f"http://127.0.0.1:{server.server_address[1]}/")
        wait(lambda: browser.js("document.querySelector('h1') && "
                                "document.querySelector('h1').textContent") == "Old")
        browser.js("window.scrollTo(0, 3000); window.notReloaded = true")
        assert browser.js("window.scrollY") == 3000

        watcher.pages = {"r.html": f"<html><body><h1>New</h1>{tall}</body></html>".encode()}
        watcher.version += 1
        wait(lambda: browser.js("document.querySelector('h1') && "
                                "document.querySelector('h1').textContent") == "New")
        assert browser.js("window.notReloaded") is None  # a new page, not the old one edited
        wait(lambda: browser.js("window.scrollY") == 3000)
    finally:
        browser.close()
        server.shutdown()
        server.server_close()


def wait(check, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "not seen in time"
        time.sleep(0.1)


def test_the_watched_files(mini_root):
    """The params file, both notebooks and a paired .py, every file of the edition's data
    folder (its texts, content.yaml, among them; not what Excel keeps beside an open file)
    and pyproject.toml; not the output."""
    from cspreport.params import Params
    from cspreport.watch import watched_files

    params_file = mini_root / "params" / "2021.yaml"
    params_file.write_text("data_dir: data/2021\noutput_dir: output\n", encoding="utf-8")
    data = mini_root / "data" / "2021"
    (data / "exports").mkdir(parents=True)
    for name in ("content.yaml", "edition.xlsx", "~$edition.xlsx", "exports/calls.csv"):
        (data / name).write_text("x", encoding="utf-8")
    (mini_root / "notebooks" / "02_goals.py").write_text("# %%\n", encoding="utf-8")
    (mini_root / "output").mkdir()
    (mini_root / "output" / "report.html").write_text("x", encoding="utf-8")
    watched = watched_files(params_file, Params.from_yaml(params_file), mini_root)
    assert sorted(p.relative_to(mini_root).as_posix() for p in watched) == [
        "data/2021/content.yaml", "data/2021/edition.xlsx", "data/2021/exports/calls.csv",
        "notebooks/01_title.ipynb", "notebooks/02_goals.ipynb", "notebooks/02_goals.py",
        "params/2021.yaml", "pyproject.toml"]
