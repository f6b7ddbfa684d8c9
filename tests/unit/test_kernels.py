"""The pieces of the build's control of kernels and interruption that need no kernel: the
cell_timeout parameter, how a failing cell is named, what a later build may remove."""

from __future__ import annotations

import os
import subprocess
import sys

import nbformat
import pytest

from cspreport.build import _cell_place, recorded_params, remove_stale_staging
from cspreport.errors import ParamsError
from cspreport.params import Params


class TestCellTimeout:
    def test_default_is_ten_minutes_and_it_is_not_given_to_notebooks(self):
        params = Params()
        assert params.cell_timeout == 600
        assert "cell_timeout" not in params.for_notebooks("lv")

    def test_it_shapes_no_output_so_it_is_not_recorded(self, tmp_path):
        """Two builds that differ only in the limit make the same bytes: same cache key."""
        assert recorded_params(Params(cell_timeout=5), tmp_path) == recorded_params(
            Params(), tmp_path)

    @pytest.mark.parametrize("value", [0, -1, 2.5, "60", True])
    def test_a_whole_number_of_seconds_at_least_1(self, value):
        shown = f"“{value}”" if isinstance(value, str) else repr(value)
        with pytest.raises(ParamsError) as err:
            Params.from_mapping({"cell_timeout": value}, origin="params/2021.yaml")
        assert str(err.value) == (f"params/2021.yaml: parameter 'cell_timeout' = {shown}: "
                                  "expected a whole number of seconds, at least 1")


def test_a_cell_is_named_by_its_place_in_the_source_not_papermills_cells():
    injected = nbformat.v4.new_code_cell('lang = "en"')
    injected.metadata.tags = ["injected-parameters"]
    cells = [nbformat.v4.new_code_cell("lang = 'lv'"), injected,
             nbformat.v4.new_markdown_cell("# Calls"),
             nbformat.v4.new_code_cell("a = 1\nb = 2\nc = 3\nd = 4")]
    # the source has three cells; the fourth executed one is its third
    assert _cell_place(cells, 3) == "cell 3 of 3 (a = 1; b = 2; c = 3 …)"
    assert _cell_place(cells, None) == "before its first cell"


def test_only_our_staging_folders_of_dead_processes_are_removed(tmp_path):
    out = tmp_path / "output" / "2021"
    out.mkdir(parents=True)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    gone = int(dead.stdout)  # a process that has ended: its id is free (or reused, rarely)
    names = {f".2021.partial-{gone}-a1b2c3d4": False,  # left by a killed build
             f".2021.partial-{os.getpid()}-a1b2c3d4": True,  # a build still running
             ".2021.partial-notes": True,  # someone's own folder
             f".2022.partial-{gone}-a1b2c3d4": True,  # another edition's
             f".2021.partial-{gone}-a1b2c3d4-copy": True}
    for name in names:
        (out.parent / name).mkdir()
    (out / "deck.pptx").write_bytes(b"the previous build")
    remove_stale_staging(out)
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(
        ["2021", *(name for name, kept in names.items() if kept)])
    assert (out / "deck.pptx").read_bytes() == b"the previous build"


def _notebook(path, *sources):
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(s) for s in sources],
        metadata={"kernelspec": {"name": "python3", "language": "python",
                                 "display_name": "Python 3"}})
    nbformat.write(nb, str(path))
    return path


def _output(nb) -> str:
    return "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))


def test_a_kept_pool_keeps_a_kernel_after_a_cells_error_and_replaces_a_dead_one(tmp_path):
    """Watch mode's pool of one kernel: a notebook whose cell raises fails with its cell
    named, and the same kernel process runs the next notebook, made fresh (the failed
    notebook's variable is gone); a notebook that ends its kernel's process fails too, and
    the pool starts another kernel in its place (a new process id), which runs the next
    notebook. The pool is never stopped whole; shut down, it leaves no connection file."""
    from cspreport.build import BuildError, _execute
    from cspreport.kernels import KernelPool

    pid = "import os; print('pid', os.getpid())"
    fails = _notebook(tmp_path / "fails.ipynb", "leftover = 1", pid, "raise ValueError('x')")
    dies = _notebook(tmp_path / "dies.ipynb", "import os; os._exit(1)")
    looks = _notebook(tmp_path / "looks.ipynb", pid, "print('leftover' in dir())")
    pool = KernelPool(1, tmp_path, replace=True)
    try:
        pool.warm_up()

        def run(source):
            return _execute(source, tmp_path / f"out-{source.name}", {}, tmp_path, pool)

        with pytest.raises(BuildError, match=r"fails\.ipynb, cell 3 of 3 .*ValueError: x"):
            run(fails)
        first_pid = nbformat.read(tmp_path / "out-fails.ipynb", as_version=4)
        first_pid = _output(first_pid).split()[1]
        after_error = _output(run(looks)).split()
        assert after_error == ["pid", first_pid, "False"]
        with pytest.raises(BuildError, match=r"dies\.ipynb, cell 1 of 1 .*the kernel stopped"):
            run(dies)
        replaced = _output(run(looks)).split()
        assert replaced[0] == "pid" and replaced[1] != first_pid and replaced[2] == "False"
        assert not pool.stopped.is_set()
    finally:
        pool.kill()
        pool.shutdown()
    assert not pool.runtime.exists()
