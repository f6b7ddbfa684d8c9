"""The two roots the tests read: ``REPO``, the checkout, and ``ROOT``, a pristine copy of the
project with the bundled 2021 edition, so that what an analyst keeps in the checkout never
decides whether a test passes: a ``data/2021/coding.xlsx`` made by ``cspreport themes export``,
an edited ``data/2021/content.yaml``, a ``data/2022`` and ``params/2022.yaml`` made by
``cspreport new-edition``, a notebook of their own.

``REPO`` is for the tests that check the repository's own files (the package, scripts,
fixtures, docs, environment.yml, the notebooks as they will be committed). ``ROOT`` is for
every test that reads the edition or builds it. It is a temporary folder, made the first time
``ROOT`` is imported (``from tests.project import ROOT``; a session that runs no such test
makes none) and removed when the test process exits. It holds:

- ``pyproject.toml``, ``params/`` and ``notebooks/``: the files git tracks there, as they are
  in the working tree. A developer's uncommitted change to a notebook is what is under test,
  so it is included; an analyst's untracked ``params/2022.yaml`` or notebook is left out.
- ``data/2021`` as committed (HEAD): neither an untracked ``coding.xlsx`` nor an edited
  tracked input reaches the tests.

Without git (a source tarball: no ``.git`` at the checkout's top), nothing tells the bundled
files from an analyst's: the same folders are copied as they are, leaving out only what git
would not know either (what .gitignore lists, and the lock files office programs leave beside
an open file).
"""

from __future__ import annotations

import atexit
import functools
import shutil
import subprocess
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FROM_WORKING_TREE = ("pyproject.toml", "params", "notebooks")
AS_COMMITTED = "data/2021"
# .gitignore's patterns that can occur in these folders, and office programs' lock files
# (Excel's ~$book.xlsx, LibreOffice's .~lock.book.xlsx#)
NOT_KNOWN_TO_GIT = ("__pycache__", "*.pyc", ".ipynb_checkpoints", "~$*", ".~lock.*#")


def __getattr__(name: str) -> Path:
    # ROOT on first use only (PEP 562): importing this module for REPO makes no copy
    if name == "ROOT":
        return _test_project()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def make_test_project(target: Path, repo: Path = REPO) -> Path:
    """The test project of the checkout ``repo``, made in the empty or new folder ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    if in_git(repo):
        for name in _git(repo, "ls-files", "-z", "--", *FROM_WORKING_TREE).decode().split("\0"):
            source = repo / name
            if name and source.is_file():  # a tracked file deleted in the working tree: gone
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / name)
        names = _git(repo, "ls-tree", "-r", "-z", "--name-only", "HEAD", "--", AS_COMMITTED)
        for name in filter(None, names.decode().split("\0")):
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_bytes(_git(repo, "show", f"HEAD:{name}"))
    else:
        ignore = shutil.ignore_patterns(*NOT_KNOWN_TO_GIT)
        shutil.copy2(repo / "pyproject.toml", target / "pyproject.toml")
        for name in (*FROM_WORKING_TREE[1:], AS_COMMITTED):
            shutil.copytree(repo / name, target / name, ignore=ignore)
    return target


def _git(repo: Path, *args: str) -> bytes:
    return subprocess.run(["git", "-C", str(repo), *args], check=True,
                          capture_output=True).stdout


def in_git(repo: Path) -> bool:
    """Whether ``repo`` is the top of a git working tree (not a source tarball, even one
    unpacked inside some other repository)."""
    if shutil.which("git") is None:
        return False
    try:
        top = _git(repo, "rev-parse", "--show-toplevel").decode().strip()
    except subprocess.CalledProcessError:
        return False
    return Path(top).resolve() == repo.resolve()


@functools.cache
def _test_project() -> Path:
    root = Path(tempfile.mkdtemp(prefix="cspreport-test-project-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    return make_test_project(root)
