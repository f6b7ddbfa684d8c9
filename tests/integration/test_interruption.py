"""Interrupted, killed and failing builds, run through the command line as a user runs them:
Ctrl-C and SIGTERM at any moment leave the previous output as it was, no staging folder, no
kernel and no connection file; after SIGKILL the next build cleans up and succeeds; a kernel
that dies, a cell past ``cell_timeout``, a failing cell, a missing or broken notebook and a
full disk each stop the build with a message that names where."""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from tests.conftest import make_mini_project
from tests.project import REPO, ROOT

EDITION_2021 = ROOT / "data" / "2021"
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not Path("/proc/self/cmdline").exists(),
                                 reason="reads the processes from /proc (Linux)")]

WAIT = 90  # seconds any wait below may take before the test fails (never reached when right)


@dataclass
class Project:
    root: Path  # a 2-notebook project, as conftest's mini_root
    data: Path
    out: Path  # output/2021, built once: the "previous output" every test keeps intact
    tmp: Path  # the builds' TMPDIR, where their kernels' connection files go

    @property
    def goals(self) -> Path:
        return self.root / "notebooks" / "02_goals.ipynb"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Project:
    """mini_root with the 2021 edition, built once; each test leaves it as it found it (that
    is what the tests check), so that they share this one build."""
    base = tmp_path_factory.mktemp("interruption")
    root = make_mini_project(base / "project")
    data = base / "data" / "2021"
    shutil.copytree(EDITION_2021, data)
    (root / "params" / "2021.yaml").write_text(f"data_dir: {data}\n"
                                               f"output_dir: {base / 'output'}\n")
    (base / "tmp").mkdir()
    project = Project(root, data, base / "output" / "2021", base / "tmp")
    done = run(project)
    assert done.returncode == 0, done.stderr
    return project


@pytest.fixture
def project(built):
    """The built project; its notebooks and pyproject.toml put back after the test."""
    kept = {p: p.read_bytes() for p in [*built.root.glob("notebooks/*"),
                                        built.root / "pyproject.toml"]}
    yield built
    for path in built.root.glob("notebooks/*"):
        if path not in kept:
            path.unlink()
    for path, data in kept.items():
        path.write_bytes(data)


def env(project: Project) -> dict:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get(
        "PYTHONPATH", "")]), "TMPDIR": str(project.tmp)}


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "cspreport", "build", "-q", *args, "params/2021.yaml"]


def run(project: Project, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command(*args), cwd=project.root, env=env(project),
                          capture_output=True, text=True, timeout=120, **kwargs)


def start(project: Project, *args: str) -> subprocess.Popen:
    return subprocess.Popen(command(*args), cwd=project.root, env=env(project),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def snapshot(*folders: Path) -> dict[str, str]:
    """Every file (path -> sha256) and folder under ``folders``, hidden ones included."""
    found = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            found[str(path)] = ("folder" if path.is_dir()
                                else hashlib.sha256(path.read_bytes()).hexdigest())
    return found


def add_cell(notebook: Path, source: str) -> None:
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(source))
    nbformat.write(nb, notebook)


def kernels_of(pid: int) -> dict[int, str]:
    """The live (not zombie) kernel processes started by build ``pid``: process id -> its
    connection file, found in /proc by the folder our kernels' connection files go to."""
    found = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        words = [a.decode(errors="replace") for a in args]
        if "ipykernel_launcher" in words and state != "Z":
            files = [w for w in words if f"cspreport-kernels-{pid}-" in w]
            if files:
                found[int(proc.name)] = files[0]
    return found


def wait_for(what: str, check, proc: subprocess.Popen | None = None):
    """Poll ``check`` until it gives something true, at most WAIT seconds."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"the build ended before {what}: {proc.stderr.read()}")
        time.sleep(0.05)
    pytest.fail(f"waited {WAIT} s for {what}")


def leftovers(project: Project) -> list[str]:
    """Staging folders beside the output and kernel-file folders in the builds' TMPDIR."""
    return sorted([p.name for p in project.out.parent.iterdir() if p.name != "2021"]
                  + [p.name for p in project.tmp.glob("cspreport-kernels-*")])


# ----------------------------------------------------------------------------- interruption


@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
@pytest.mark.parametrize("moment", ["kernels warming up", "a cell running"])
def test_an_interrupted_build_changes_nothing_and_leaves_nothing(project, sig, code, moment):
    before = snapshot(project.out.parent, project.data)
    marker = project.tmp / "cell-started"
    marker.unlink(missing_ok=True)
    add_cell(project.goals, f"open({str(marker)!r}, 'w').close()\n"
                            "import time\ntime.sleep(30)")
    build = start(project)
    try:
        kernels = wait_for("its kernels to start", lambda: kernels_of(build.pid), build)
        if moment == "a cell running":
            wait_for("the cell to start", marker.exists, build)
        build.send_signal(sig)
        _, stderr = build.communicate(timeout=WAIT)
    finally:
        build.kill()
    assert build.returncode == code, stderr
    assert stderr == (f"interrupted: nothing was changed ({project.out} is as it was)\n")
    assert snapshot(project.out.parent, project.data) == before  # no staging folder either
    # the kernels' connection files were in a folder of the build's own, now gone
    assert all(Path(f).parent.parent == project.tmp for f in kernels.values())
    assert leftovers(project) == []
    assert kernels_of(build.pid) == {}


def test_after_sigkill_the_kernels_end_and_the_next_build_cleans_up(project):
    marker = project.tmp / "cell-started"
    marker.unlink(missing_ok=True)
    source = project.goals.read_bytes()
    add_cell(project.goals, f"open({str(marker)!r}, 'w').close()\n"
                            "import time\ntime.sleep(30)")
    build = start(project)
    try:
        wait_for("the cell to start", marker.exists, build)
        kernels = kernels_of(build.pid)
        build.send_signal(signal.SIGKILL)
        build.communicate(timeout=WAIT)
    finally:
        build.kill()
    assert kernels
    left = leftovers(project)
    assert [name for name in left if name.startswith(f".2021.partial-{build.pid}-")], left
    assert [name for name in left if name.startswith(f"cspreport-kernels-{build.pid}-")], left
    # ipykernel sees its parent gone (JPY_PARENT_PID) and exits
    wait_for("the orphaned kernels to exit", lambda: kernels_of(build.pid) == {})
    # a folder of a name like ours but not ours, and a staging folder of a live process,
    # are not touched
    foreign = [project.out.parent / ".2021.partial-notes", project.tmp / "cspreport-kernels-x",
               project.out.parent / f".2021.partial-{os.getpid()}-abcd1234"]
    for folder in foreign:
        folder.mkdir()
    project.goals.write_bytes(source)
    done = run(project)
    assert done.returncode == 0, done.stderr
    assert leftovers(project) == sorted(f.name for f in foreign)
    for folder in foreign:
        folder.rmdir()


# ----------------------------------------------------------------------------- kernels


def test_a_cell_that_kills_its_kernel_fails_the_build_naming_it(project):
    before = snapshot(project.out.parent, project.data)
    add_cell(project.goals, "import os\nos.kill(os.getpid(), 9)")
    done = run(project)  # before, this waited for ever; run()'s timeout is 120 s
    assert done.returncode == 1
    # 02_goals has two cells (parameters; open the edition and publish) and the one added
    failed = project.out / "failed" / "02_goals.ipynb"
    assert done.stderr == (
        "error: notebooks/02_goals.ipynb, cell 3 of 3 (import os; os.kill(os.getpid(), 9)): "
        "the kernel stopped (the cell ended its Python process, or it was killed, e.g. for "
        f"lack of memory); the notebook as far as it ran: {failed}\n")
    after = snapshot(project.out.parent, project.data)
    assert {k: v for k, v in after.items() if "failed" not in k} == before
    assert leftovers(project) == []
    shutil.rmtree(project.out / "failed")


def test_a_cell_past_cell_timeout_fails_the_build_naming_it(project):
    params = project.root / "params" / "2021.yaml"
    params.write_text(params.read_text() + "cell_timeout: 2\n")
    add_cell(project.goals, "import time\ntime.sleep(60)")  # cell 3 of 3, as above
    try:
        done = run(project)
    finally:
        params.write_text(params.read_text().replace("cell_timeout: 2\n", ""))
    assert done.returncode == 1
    failed = project.out / "failed" / "02_goals.ipynb"
    assert done.stderr == (
        "error: notebooks/02_goals.ipynb, cell 3 of 3 (import time; time.sleep(60)): still "
        "running after cell_timeout 2 s; if it needs longer, raise cell_timeout in the params "
        f"file; the notebook as far as it ran: {failed}\n")
    assert leftovers(project) == []
    shutil.rmtree(project.out / "failed")


def test_a_failing_cell_is_named_and_the_failed_notebook_kept(project):
    before = snapshot(project.out.parent, project.data)
    parameters = nbformat.v4.new_code_cell(
        'edition = 2021\nperiod_start = "2021-01-01"\nperiod_end = "2021-09-30"\n'
        'data_dir = "data/2021"\nlang = "lv"\nmin_respondents = 5')
    parameters.metadata.tags = ["parameters"]
    nb = nbformat.v4.new_notebook(cells=[
        parameters,
        nbformat.v4.new_markdown_cell("# My own analysis"),
        nbformat.v4.new_code_cell("# share of the calls answered\nanswered = 0\n"
                                  "share = answered / 0\nprint(share)\nprint('never')"),
        nbformat.v4.new_code_cell("print('not reached')")])
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3",
                              "language": "python"}
    nbformat.write(nb, project.root / "notebooks" / "05_mine.ipynb")
    done = run(project)
    assert done.returncode == 1
    failed = project.out / "failed" / "05_mine.ipynb"
    assert done.stderr == (
        "error: notebooks/05_mine.ipynb, cell 3 of 4 (# share of the calls answered; "
        "answered = 0; share = answered / 0 …) failed: ZeroDivisionError: division by zero; "
        f"the notebook as far as it ran: {failed}\n")
    kept = nbformat.read(failed, as_version=4)
    nbformat.validate(kept)
    errors = [o for c in kept.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert [e.ename for e in errors] == ["ZeroDivisionError"]
    after = snapshot(project.out.parent, project.data)
    assert {k: v for k, v in after.items() if "failed" not in k} == before
    assert sorted(k for k in after if "failed" in k) == [str(failed.parent), str(failed)]
    shutil.rmtree(project.out / "failed")


# ----------------------------------------------------------------------------- notebooks


def test_a_declared_notebook_that_is_missing_is_named(project):
    before = snapshot(project.out.parent, project.data)
    (project.root / "pyproject.toml").write_text(
        "[project]\nname = 'mini'\n\n[tool.cspreport]\n"
        'notebooks = ["01_title.ipynb", "02_goals.ipynb"]\n')
    project.goals.unlink()
    done = run(project, "--force")
    assert done.returncode == 1
    assert done.stderr == (
        "error: notebooks/02_goals.ipynb: missing; it makes part 2 of the 2 of the "
        "presentation (listed in pyproject.toml [tool.cspreport] notebooks); restore it with "
        "git checkout -- notebooks/02_goals.ipynb\n")
    assert snapshot(project.out.parent, project.data) == before


def test_an_analysts_notebook_joins_after_the_declared_ones(project):
    """Declared order first (here not the name order), then the others by name."""
    from cspreport.provenance import notebook_digests

    (project.root / "pyproject.toml").write_text(
        "[project]\nname = 'mini'\n\n[tool.cspreport]\n"
        'notebooks = ["02_goals.ipynb", "01_title.ipynb"]\n')
    for name in ("05_mine.ipynb", "00_scratch.ipynb"):
        shutil.copyfile(project.goals, project.root / "notebooks" / name)
    assert list(notebook_digests(project.root)) == ["02_goals.ipynb", "01_title.ipynb",
                                                    "00_scratch.ipynb", "05_mine.ipynb"]


def test_a_notebook_that_is_not_json_is_named_with_the_place(project):
    before = snapshot(project.out.parent, project.data)
    # line 3 holds a word where a JSON value should be: column 5 after four spaces
    project.goals.write_text('{\n  "cells": [\n    oops\n  ]\n}\n')
    done = run(project)
    assert done.returncode == 1
    assert done.stderr == (
        "error: notebooks/02_goals.ipynb: not a notebook: not valid JSON at line 3, column 5 "
        "(Expecting value); restore it with git checkout -- notebooks/02_goals.ipynb, or open "
        "it in Jupyter and save it again\n")
    assert snapshot(project.out.parent, project.data) == before
    assert leftovers(project) == []


# ----------------------------------------------------------------------------- full disk


def test_a_file_size_limit_while_writing_the_deck_is_a_plain_message(project):
    """The deck (about 33 kB) passes the limit; every other file stays under it. The limit
    is inherited by the kernels too, which write nothing that large."""
    before = snapshot(project.out.parent, project.data)
    add_cell(project.goals, "x = 1")  # something to build again, without --force

    def limited():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    done = run(project, preexec_fn=limited)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == (
        f"error: no space left on the device of {project.out} while writing "
        "cspreport-2021-lv.pptx; nothing was changed: free some space and build again")
    assert "Traceback" not in done.stderr.replace(  # IPython's own complaint aside
        "Failed to create history session", "")
    assert snapshot(project.out.parent, project.data) == before
    assert leftovers(project) == []


def test_a_full_disk_is_a_plain_message(project, tmp_path):
    """A real ENOSPC: the output on a tmpfs of 48 kB (the executed notebooks fit, the deck
    does not)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", str(disk)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        params = project.root / "params" / "disk.yaml"
        params.write_text(f"data_dir: {project.data}\noutput_dir: {disk}\n")
        done = subprocess.run([*command()[:-1], str(params)], cwd=project.root,
                              env=env(project), capture_output=True, text=True, timeout=120)
        assert done.returncode == 1
        assert done.stderr.startswith(f"error: no space left on the device of {disk / '2021'}"
                                      " while writing ")
        assert done.stderr.endswith("; nothing was changed: free some space and build "
                                    "again\n")
        assert list(disk.iterdir()) == []
    finally:
        subprocess.run(["umount", str(disk)], check=True)
