"""Shared fixtures: a scratch copy of the bundled edition, and one build of it per session.
Both come from the test project (tests/project.py), never from the checkout's own data/."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cspreport.params import Params
from tests import project


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """The whole session's caches in a temporary folder, never the user's own: XDG_CACHE_HOME
    (what platformdirs reads on Linux) in os.environ, so that commands and kernels the tests
    start inherit it; CSPREPORT_CACHE_DIR, which would win over it, unset."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        mp.delenv("CSPREPORT_CACHE_DIR", raising=False)
        yield


@pytest.fixture(scope="session", autouse=True)
def checkout_package():
    """The checkout's package for every command and kernel the tests start: they run in the
    test project or a temporary folder, where `python -m cspreport` no longer finds it by the
    working directory as it did in the checkout (an installed copy could answer instead)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(project.REPO),
                                                              os.environ.get("PYTHONPATH")])))
        yield


@pytest.fixture
def in_test_project(monkeypatch):
    """The test project as the working directory, for commands run in-process (CliRunner)
    that find the project's notebooks and pyproject.toml from it."""
    monkeypatch.chdir(project.ROOT)


@pytest.fixture
def edition_dir(tmp_path: Path) -> Path:
    """A writable copy of the 2021 edition's inputs."""
    target = tmp_path / "data" / "2021"
    shutil.copytree(project.ROOT / "data" / "2021", target)
    return target


@pytest.fixture
def params_for(tmp_path: Path):
    def make(data_dir: Path, **changes) -> Params:
        values = {"data_dir": str(data_dir), "output_dir": str(tmp_path / "output"), **changes}
        return Params.from_mapping(values)

    return make


@pytest.fixture(scope="session")
def build_2021(tmp_path_factory):
    """The bundled 2021 edition built once, as `cspreport build params/2021.yaml` would, in
    both languages, into a temporary output folder."""
    from cspreport.build import build_edition

    out = tmp_path_factory.mktemp("build")
    root = project.ROOT
    params = Params.from_mapping({**Params.from_yaml(root / "params" / "2021.yaml").to_papermill(),
                                  "output_dir": str(out), "lang": "both"})
    return build_edition(params, root=root, progress=False)


# The head of a small notebook: kernel, parameters cell, and the edition opened as `ed`.
NOTEBOOK_HEAD = '''# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
edition: int = 2021
period_start: str = "2021-01-01"
period_end: str = "2021-09-30"
data_dir: str = "data/2021"
lang: str = "lv"
min_respondents: int = 5
brand_colour = None

# %%
import cspreport
from cspreport import sections

params = cspreport.Params.from_notebook(
    edition=edition, period_start=period_start, period_end=period_end, data_dir=data_dir,
    lang=lang, min_respondents=min_respondents, brand_colour=brand_colour)
ed = cspreport.open_edition(params)
'''
MINI_NOTEBOOK = NOTEBOOK_HEAD + "ed.publish(sections.plan.{builder})\n"


@pytest.fixture
def mini_root(tmp_path: Path) -> Path:
    """A project of two small notebooks (the title; the goals), for tests of the build's
    mechanics (staging, cache, manifest) that need not run the whole analysis."""
    return make_mini_project(tmp_path / "project")


def make_mini_project(root: Path) -> Path:
    """The two-notebook project of ``mini_root`` at ``root`` (params/ left empty)."""
    import jupytext

    (root / "params").mkdir(parents=True)
    (root / "notebooks").mkdir()
    (root / "pyproject.toml").write_text("[project]\nname = 'mini'\n")
    for name, builder in (("01_title", "title"), ("02_goals", "goals")):
        nb = jupytext.reads(MINI_NOTEBOOK.replace("{builder}", builder), fmt="py:percent")
        jupytext.write(nb, root / "notebooks" / f"{name}.ipynb")
    return root
