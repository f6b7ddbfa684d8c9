"""A phone number printed by an analyst's cell stops the build, as a user runs it: the message
names the notebook's output and the cell, the previous output is left as it was, and no
staging folder remains."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from cspreport.build import build_edition
from tests.conftest import NOTEBOOK_HEAD


def _snapshot(*folders: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_phone_number_printed_by_a_cell_stops_the_build(mini_root, edition_dir, params_for,
                                                           tmp_path):
    import jupytext

    params = params_for(edition_dir)
    out = build_edition(params, root=mini_root, progress=False).output_dir
    before = _snapshot(edition_dir, out.parent)
    assert any(name.endswith(".pptx") for name in before)  # a real previous output

    nb = jupytext.reads(NOTEBOOK_HEAD + '\n# %%\nprint("zvaniet 29 123 456")\n',
                        fmt="py:percent")
    jupytext.write(nb, mini_root / "notebooks" / "03_calls.ipynb")
    params_file = tmp_path / "p.yaml"
    params_file.write_text(f"data_dir: {edition_dir}\noutput_dir: {out.parent}\n")
    done = subprocess.run([sys.executable, "-m", "cspreport", "build", "-q", str(params_file)],
                          cwd=mini_root, capture_output=True, text=True, timeout=600)

    assert done.returncode == 1, done.stderr
    # the notebook's cells: parameters, opening the edition, the print (cell 3 of 3)
    assert ("error: personal data in the outputs (the output folder was left as it was):\n"
            "  notebooks/lv/03_calls.ipynb, cell 3 of 3, output 1 (stdout): a phone number "
            "29•••456\n"
            "remove it from the notebook's outputs or redact it in the notebook: "
            "cspreport.privacy.redact(text)") in done.stderr
    assert "29 123 456" not in done.stderr + done.stdout  # masked, never shown whole
    assert "Traceback" not in done.stderr
    assert _snapshot(edition_dir, out.parent) == before
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no staging folder left
