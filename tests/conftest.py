"""Shared fixtures: a scratch copy of the bundled edition, and one build of it per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cspreport.params import Params

ROOT = Path(__file__).resolve().parents[1]
EDITION_2021 = ROOT / "data" / "2021"


@pytest.fixture
def edition_dir(tmp_path: Path) -> Path:
    """A writable copy of the 2021 edition's inputs."""
    target = tmp_path / "data" / "2021"
    shutil.copytree(EDITION_2021, target)
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
    params = Params.from_mapping({**Params.from_yaml(ROOT / "params" / "2021.yaml").to_papermill(),
                                  "output_dir": str(out), "lang": "both"})
    return build_edition(params, root=ROOT, progress=False)
