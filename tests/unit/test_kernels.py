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


def test_every_run_on_a_kept_kernel_keeps_its_first_output(tmp_path):
    """The client connects to a warm kernel by a handshake, not jupyter_client's wait: a
    notebook's first printed line, published the moment it starts, is in every run's
    output (a subscription not yet live would lose it)."""
    from cspreport.build import _execute
    from cspreport.kernels import KernelPool

    source = _notebook(tmp_path / "prints.ipynb", "print('first')", "print('second')")
    pool = KernelPool(1, tmp_path, replace=True)
    try:
        pool.warm_up()
        outputs = [_output(_execute(source, tmp_path / f"out-{n}.ipynb", {}, tmp_path, pool))
                   for n in range(6)]
    finally:
        pool.kill()
        pool.shutdown()
    assert outputs == ["first\nsecond\n"] * 6


class _Channel:
    """A channel whose messages are given in advance; none left: queue.Empty, as a real
    channel after its timeout."""

    def __init__(self):
        self.messages = []

    def get_msg(self, timeout=None):
        import queue

        if not self.messages:
            raise queue.Empty
        return self.messages.pop(0)


class _Client:
    """A kernel client whose kernel answers every kernel_info request on the shell channel,
    but whose IOPub subscription is live only from the ``live_from``-th request on (the
    status messages published before are lost, as a late ZeroMQ subscriber loses them)."""

    def __init__(self, live_from: int):
        self.shell_channel, self.iopub_channel = _Channel(), _Channel()
        self.asked, self.live_from = 0, live_from

    def kernel_info(self):
        self.asked += 1
        msg_id = f"info-{self.asked}"
        parent = {"msg_id": msg_id}
        self.shell_channel.messages.append({"msg_type": "kernel_info_reply",
                                            "parent_header": parent, "content": {}})
        if self.asked >= self.live_from:
            self.iopub_channel.messages += [
                {"msg_type": "status", "parent_header": parent,
                 "content": {"execution_state": state}} for state in ("busy", "idle")]
        return msg_id


class _Manager:
    def __init__(self, alive=True):
        self.alive = alive

    def is_alive(self):
        return self.alive


def test_the_handshake_asks_again_until_iopub_answers():
    from jupyter_core.utils import run_sync

    from cspreport.kernels import _handshake

    client = _Client(live_from=3)
    run_sync(_handshake)(_Manager(), client, 30)
    assert client.asked == 3


def test_the_handshake_with_a_dead_kernel_says_so_at_once():
    from jupyter_core.utils import run_sync

    from cspreport.kernels import _handshake

    with pytest.raises(RuntimeError, match=r"^the kernel stopped before it was ready$"):
        run_sync(_handshake)(_Manager(alive=False), _Client(live_from=1), 30)


def test_the_handshake_gives_up_after_its_timeout():
    from jupyter_core.utils import run_sync

    from cspreport.kernels import _handshake

    client = _Client(live_from=10**9)
    with pytest.raises(RuntimeError, match=r"^the kernel did not answer in 0 s$"):
        run_sync(_handshake)(_Manager(), client, 0.01)
    assert client.asked >= 1


def test_a_pool_grows_in_the_background_to_the_size_asked_once(tmp_path):
    """Watch mode starts a kernel a core, then one for each notebook: grow_to starts the
    missing ones warm and lends them like the others; asked again, it starts none."""
    import time

    from cspreport.build import _execute
    from cspreport.kernels import KernelPool

    source = _notebook(tmp_path / "pid.ipynb", "import os; print(os.getpid())")
    pool = KernelPool(1, tmp_path, replace=True)
    try:
        pool.warm_up()
        pool.grow_to(3)
        pool.grow_to(3)
        pool.grow_to(2)
        deadline = time.monotonic() + 120
        while pool.free.qsize() < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert pool.free.qsize() == 3 and len(pool.managers) == 3
        with pool.kernel() as a, pool.kernel() as b, pool.kernel() as c:
            assert len({a, b, c}) == 3
        outputs = [_output(_execute(source, tmp_path / f"o{n}.ipynb", {}, tmp_path, pool))
                   for n in range(3)]
        assert all(out.strip().isdigit() for out in outputs) and len(pool.managers) == 3
    finally:
        pool.kill()
        pool.shutdown()
    assert not pool.runtime.exists()


def test_notebooks_start_longest_first_by_their_last_run(tmp_path, monkeypatch):
    """4 notebooks on 2 kernels: the longest of the last run starts first; one never run
    before starts before all (it may be long); a cache that is unreadable or cannot be
    written only loses the order."""
    from cspreport.build import _longest_first, _remember_seconds

    monkeypatch.setenv("CSPREPORT_CACHE_DIR", str(tmp_path / "cache"))
    names = ["01_a.ipynb", "02_b.ipynb", "03_c.ipynb", "04_d.ipynb"]
    root = tmp_path / "project"
    assert _longest_first(names, root) == names  # nothing known yet
    _remember_seconds({"01_a.ipynb": 0.4, "02_b.ipynb": 1.6, "03_c.ipynb": 1.1}, root)
    assert _longest_first(names, root) == ["04_d.ipynb", "02_b.ipynb", "03_c.ipynb",
                                           "01_a.ipynb"]
    _remember_seconds({"04_d.ipynb": 0.9, "01_a.ipynb": 2.0}, root)  # kept, updated
    assert _longest_first(names, root) == ["01_a.ipynb", "02_b.ipynb", "03_c.ipynb",
                                           "04_d.ipynb"]
    assert _longest_first(names, tmp_path / "another") == names  # known by their path
    (tmp_path / "cache" / "notebook-seconds.json").write_text("{not json")
    assert _longest_first(names, root) == names
    monkeypatch.setenv("CSPREPORT_CACHE_DIR", str(tmp_path / "a-file"))
    (tmp_path / "a-file").write_text("in the cache folder's place")
    _remember_seconds({"01_a.ipynb": 1.0}, root)  # no error
    assert _longest_first(names, root) == names


def test_a_kernel_that_dies_at_start_up_is_started_again_once(tmp_path, monkeypatch):
    """A kernel can die before it answers for a reason of the moment (its port taken by
    another process first: "Address already in use"): the pool starts one in its place.
    Here a kernel spec whose first start fails, whose second starts ipykernel."""
    import json

    from cspreport.build import _execute
    from cspreport.kernels import KernelPool

    marker = tmp_path / "failed-once"
    launcher = tmp_path / "launch.py"
    launcher.write_text(
        "import pathlib, runpy, sys\n"
        f"marker = pathlib.Path({str(marker)!r})\n"
        "if not marker.exists():\n"
        "    marker.write_text('x')\n"
        "    sys.exit(1)\n"
        "runpy.run_module('ipykernel_launcher', run_name='__main__')\n")
    spec = tmp_path / "jupyter" / "kernels" / "flaky"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, str(launcher), "-f", "{connection_file}"],
        "display_name": "flaky", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    source = _notebook(tmp_path / "hello.ipynb", "print('hello')")
    pool = KernelPool(1, tmp_path, kernel_name="flaky")
    try:
        pool.warm_up()
        assert marker.exists() and len(pool.managers) == 1
        assert _output(_execute(source, tmp_path / "out.ipynb", {}, tmp_path, pool)) == \
            "hello\n"
    finally:
        pool.kill()
        pool.shutdown()
    assert not pool.runtime.exists()
