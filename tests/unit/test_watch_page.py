"""The live preview's pieces that need no kernel: a saved .py synced into its notebook, a
touched file that is no change, and the page as served (the failure above the last good
report, the reload script in the served page only)."""

from __future__ import annotations

import os

import jupytext
import nbformat
import pytest

from cspreport.errors import BuildError
from cspreport.watch import Failure, Files, Watcher, sync_pairs

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
