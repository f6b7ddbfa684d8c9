"""Imports run one way: no module imports a layer above its own, none hides a dependency of
the package inside a function without saying why, and no two modules import each other."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cspreport import layers


def test_the_package_keeps_its_layers():
    assert layers.problems() == []


def test_every_module_is_in_a_layer_and_the_command_prints_them():
    done = subprocess.run([sys.executable, "-m", "cspreport.layers"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout
    names = [line.split(":")[0] for line in done.stdout.splitlines()]
    assert names == [name for name, _ in layers.LAYERS]
    assert names[:4] == ["foundation", "params", "sources", "tables"]
    for path in layers.PACKAGE.rglob("*.py"):
        layers.layer_of(layers.module_name(path))  # raises for a module in no layer


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / "cspreport" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path / "cspreport"


def test_an_upward_import_a_hidden_one_and_a_cycle_are_each_named(tmp_path, monkeypatch):
    """The check itself can fail: a package with one of each wrong import."""
    package = _package(tmp_path, {
        "__init__.py": "",
        "params.py": "from cspreport.sections import x\n",  # params importing sections
        "sections/__init__.py": "x = 1\n",
        "metrics/__init__.py": "def f():\n    from cspreport.metrics import a\n",  # hidden
        "metrics/a.py": "import cspreport.metrics.b\n",
        "metrics/b.py": "import cspreport.metrics.a\n",  # a → b → a
        "render/__init__.py": "def g():\n    from cspreport.metrics import a  # lazy: slow\n",
    })
    monkeypatch.setattr(layers, "PACKAGE", package)
    found = layers.problems()
    assert "cspreport/params.py:1: cspreport.params (params) imports cspreport.sections " \
           "(sections), a layer above it" in found
    assert any(line.startswith("cspreport/metrics/__init__.py:2: cspreport.metrics imports "
                               "cspreport.metrics.a inside a function") for line in found)
    assert "import cycle: cspreport.metrics.a → cspreport.metrics.b → cspreport.metrics.a" \
        in found
    assert not any(line.startswith("cspreport/render/") for line in found)  # a lazy: reason
