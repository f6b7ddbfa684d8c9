"""Every parameter a build passes a notebook is one the notebook declares: papermill only
warns about the others ("Passed unknown parameter"), a line that would hide real warnings."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cspreport.params import Params
from tests.project import ROOT

pytestmark = pytest.mark.slow


def declared(script: Path) -> set[str]:
    """The names a notebook's parameters cell (in its paired percent script) declares."""
    text = script.read_text(encoding="utf-8")
    cell = re.search(r'^# %% tags=\["parameters"\]\n(.*?)(?=^# %%)', text, re.M | re.S)
    assert cell, f"{script.name}: no parameters cell"
    return set(re.findall(r"^([a-z_]+)\s*[:=]", cell[1], re.M))


@pytest.mark.parametrize("script", sorted((ROOT / "notebooks").glob("*.py")),
                         ids=lambda p: p.name)
def test_each_notebook_declares_what_a_build_passes_it(script):
    params = Params.from_yaml(ROOT / "params" / "2021.yaml")
    passed = set(params.for_notebooks("lv"))
    assert passed == {"edition", "period_start", "period_end", "data_dir", "lang",
                      "min_respondents"}
    # the brand colour only when there is one: the notebooks draw their charts in it
    branded = set(params.model_copy(update={"brand_colour": "7A1F3D"}).for_notebooks("lv"))
    assert branded == passed | {"brand_colour"}
    assert branded <= declared(script)


def test_a_build_prints_no_unknown_parameter(mini_root):
    shutil.copytree(ROOT / "data" / "2021", mini_root / "data" / "2021")
    (mini_root / "params" / "2021.yaml").write_text(
        "edition: 2021\nperiod_start: '2021-01-01'\nperiod_end: '2021-09-30'\n"
        "data_dir: data/2021\noutput_dir: output\ncell_timeout: 300\nbrand_colour: 1F4E79\n",
        encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "cspreport", "build", "-q",
                           "params/2021.yaml"], cwd=mini_root, capture_output=True, text=True,
                          timeout=600, env=os.environ)
    assert done.returncode == 0, done.stderr
    assert "Passed unknown parameter" not in done.stderr
    assert (mini_root / "output" / "2021" / "cspreport-2021-lv.html").is_file()
