"""Every chart drawn once, as a user builds: a notebook's charts are drawn in the brand colour
of the params file (a notebook parameter), what the executed notebook shows under a cell is
byte for byte what the report shows (assembly draws nothing again), an analyst's changed
figures of a multi-chart section take the charts' places, and a wrong count of figures stops
the build with a message naming the notebook, the cell and what was expected."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest
from lxml import etree
from lxml import html as lxml_html

from tests.conftest import NOTEBOOK_HEAD
from tests.project import ROOT

pytestmark = pytest.mark.slow

CELL = '''from cspreport.metrics import survey
from cspreport.report import Chart, ChartsSection, Series

ed.publish(sections.survey.participation, survey.participation(ed.tables.participation))

# %%
mine = ChartsSection("mine", "Mani grafiki", charts=tuple(
    Chart("column", ("a", "b"), (Series("2021", (1.0, 2.0)),), value_title=title,
          category_title="burts", alt=title) for title in ("Viens", "Divi")))
figs = ed.figures(mine)
figs[1].axes[0].set_title("Otrais, mans", loc="left")

# %%
ed.publish(mine, figure=FIGS)
'''


def write_notebook(root: Path, figs: str) -> None:
    text = NOTEBOOK_HEAD + CELL.replace("FIGS", figs)
    jupytext.write(jupytext.reads(text, fmt="py:percent"),
                   root / "notebooks" / "03_charts.ipynb")


def build(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cspreport", "build", "-q",
                           "params/brand.yaml"], cwd=root, capture_output=True, text=True,
                          timeout=600, env=os.environ)


def pictures(html: str) -> dict[str, list[bytes]]:
    """The chart pictures (SVG bytes) of each section of an HTML page, by section key."""
    page = lxml_html.fromstring(html)
    return {s.get("id").removeprefix("sec-"): [
        base64.b64decode(img.get("src").split(",", 1)[1]) for img in s.xpath(".//figure/img")]
        for s in page.xpath("//section[@id]")}


def fills(svg: bytes) -> set[str]:
    """The fill colours the SVG's shapes are painted in (their style attributes)."""
    tree = etree.fromstring(svg)
    return {m.lower() for el in tree.iter() for m in
            re.findall(r"fill:\s*(#[0-9A-Fa-f]{6})", el.get("style") or "")}


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_drawn_once_in_the_brand_colour_and_an_analysts_figures_in_their_place(mini_root):
    shutil.copytree(ROOT / "data" / "2021", mini_root / "data" / "2021")
    (mini_root / "params" / "brand.yaml").write_text(
        "edition: 2021\nperiod_start: '2021-01-01'\nperiod_end: '2021-09-30'\n"
        "data_dir: data/2021\noutput_dir: output\nbrand_colour: 7A1F3D\n", encoding="utf-8")
    write_notebook(mini_root, "figs")
    done = build(mini_root)
    assert done.returncode == 0, done.stderr
    assert "Passed unknown parameter" not in done.stderr
    out = mini_root / "output" / "2021"
    report = pictures((out / "cspreport-2021-lv.html").read_text(encoding="utf-8"))

    # one series: its bars in the brand colour, the palette's blue nowhere
    (participation,) = report["participation"]
    assert "#7a1f3d" in fills(participation)
    assert "#1f4e79" not in participation.decode().lower()
    # the analyst's figures of a two-chart section, in order: the first as drawn (in the
    # brand colour), the second with the analyst's title
    first, second = report["mine"]
    assert b"Viens" in first and "#7a1f3d" in fills(first)
    assert b"Otrais, mans" in second and b"Divi" not in second

    # what the executed notebook showed under each cell is the report's picture, byte for byte
    nb = nbformat.read(out / "notebooks" / "lv" / "03_charts.ipynb", as_version=4)
    shown = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            shown.update(pictures(output.get("data", {}).get("text/html", "<p></p>")))
    assert shown["participation"] == [participation]
    assert shown["mine"] == [first, second]

    # a list of one figure for the two charts: the build stops, naming the cell, and the
    # report stays as it was
    before = snapshot(mini_root / "output")
    write_notebook(mini_root, "figs[:1]")
    failed = build(mini_root)
    assert failed.returncode == 1
    assert ("notebooks/03_charts.ipynb, cell 4 of 4 (ed.publish(mine, figure=figs[:1])) "
            "failed: PublishError: section 'mine' has 2 charts: figure= expects a list of 2 "
            "matplotlib Figures, one per chart in this order: 'Viens', 'Divi'; found a list "
            "of 1") in failed.stderr
    assert "Traceback" not in failed.stderr
    after = snapshot(mini_root / "output")
    kept = {k: v for k, v in after.items() if not k.startswith("2021/failed/")}
    assert kept == before
    assert "2021/failed/03_charts.ipynb" in after
