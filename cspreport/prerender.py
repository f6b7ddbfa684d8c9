"""Sections rendered once by the build, handed to the notebook kernels.

Each notebook calls ``cspreport.load_report(params)`` and ``cspreport.show``. Run on its own
(Jupyter, plain papermill) it reads the edition and renders its sections itself. During a
build, the build process has already built the report and rendered every section's HTML; it
leaves them in a folder named by the environment variable ``CSPREPORT_PRERENDERED``, in a file
named by a hash of everything the notebook's output depends on (its parameters, the inputs'
content, the code). A kernel whose parameters hash to an existing file takes the report from
it, without importing pandas or matplotlib. Kernels are started while the build renders, so a
``.pending`` file tells them to wait for the report rather than compute it again. Anything
else, and a notebook computes as usual: the cache can be stale only if the hash is, and the
notebook's output is the same bytes either way.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import time
from dataclasses import replace
from pathlib import Path

from cspreport import provenance
from cspreport.params import Params, project_root

ENV = "CSPREPORT_PRERENDERED"


def key(params: Params, lang: str, root: Path) -> str:
    blob = json.dumps([params.for_notebooks(lang),
                       provenance.describe_files(params.data_path(root)),
                       provenance.code_digest(root)], sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()


def promise(folder: Path, params: Params, lang: str, root: Path) -> Path:
    """Say that the report for (params, lang) is being rendered, so that kernels started
    meanwhile wait for it instead of computing it again."""
    path = folder / f"{key(params, lang, root)}.pending"
    path.touch()
    return path


def write(folder: Path, report, params: Params, root: Path) -> Path:
    from cspreport.render.html import section_html

    html = {s.key: section_html(s, report) for s in report.sections}
    name = key(params, report.lang, root)
    path, tmp = folder / f"{name}.pkl", folder / f"{name}.tmp"
    with tmp.open("wb") as fh:
        pickle.dump(replace(report, prerendered=html), fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)  # appears whole or not at all
    (folder / f"{name}.pending").unlink(missing_ok=True)
    return path


def lookup(params: Params, lang: str, wait_s: float = 300.0):
    folder = os.environ.get(ENV)
    if not folder:
        return None
    name = key(params, lang, project_root())
    path, pending = Path(folder) / f"{name}.pkl", Path(folder) / f"{name}.pending"
    deadline = time.monotonic() + wait_s
    while not path.is_file() and pending.is_file() and time.monotonic() < deadline:
        time.sleep(0.02)
    if not path.is_file():
        return None
    with path.open("rb") as fh:
        return pickle.load(fh)
