"""The tests read a pristine copy of the project (tests/project.py), not the checkout's live
data/ and params/: what an analyst leaves in the checkout cannot make `make test` fail, and a
developer's uncommitted change to a notebook is what the tests run."""

from __future__ import annotations

import subprocess

import pytest
from openpyxl import Workbook

from tests.project import REPO, in_git, make_test_project


def files(folder) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def coding_workbook(path) -> None:
    """A workbook like the one `cspreport themes export` writes and an analyst fills in."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Coding"
    sheet.append(["wave", "respondent", "comment", "rules", "Termiņi [deadlines]"])
    sheet.append([2021, 7, "Termiņi par īsiem", "Citi komentāri", "x"])
    book.save(path)


def git(repo, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=Tests", "-c",
                    "user.email=tests@example.org", "-c", "commit.gpgsign=false", *args],
                   check=True, capture_output=True)


@pytest.mark.skipif(not in_git(REPO), reason="a source tarball: no git to tell the bundled "
                                               "files from an analyst's")
def test_an_analysts_files_in_the_checkout_stay_out_of_the_test_project(tmp_path):
    coding = REPO / "data" / "2021" / "coding.xlsx"
    params = REPO / "params" / "2099.yaml"
    made = []  # only what this test made is removed: an analyst's own coding.xlsx stays
    try:
        if not coding.exists():
            made.append(coding)
            coding_workbook(coding)
        if not params.exists():
            made.append(params)
            params.write_text("edition: 2099\nperiod_start: '2099-01-01'\n"
                              "period_end: '2099-09-30'\ndata_dir: data/2099\n")
        project = make_test_project(tmp_path / "project")
    finally:
        for path in made:
            path.unlink(missing_ok=True)
    found = files(project)
    assert "data/2021/coding.xlsx" not in found
    assert "params/2099.yaml" not in found
    # the bundled edition and what a build needs are there
    assert {"pyproject.toml", "params/2021.yaml", "notebooks/01_plan_and_goals.ipynb",
            "data/2021/edition.xlsx", "data/2021/content.yaml", "data/2021/exports.yaml",
            "data/2021/exports/calls.csv"} <= found
    assert not any(name.startswith("data/2022") for name in found)


def test_inputs_as_committed_notebooks_as_in_the_working_tree(tmp_path):
    """In a small repository of its own: tracked inputs edited after the commit come as
    committed; a tracked notebook edited after it comes as edited; nothing untracked comes."""
    repo = tmp_path / "checkout"
    for name, text in {"pyproject.toml": "[project]\nname = 'x'\n",
                       "params/2021.yaml": "edition: 2021\n",
                       "notebooks/01_title.ipynb": "the committed notebook",
                       "data/2021/content.yaml": "title: as committed\n",
                       "data/2021/exports/calls.csv": "id;start\n1;2021-01-04\n",
                       "docs/inputs.md": "# Inputs\n"}.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "the bundled edition")
    # the analyst's and the developer's changes after the commit
    (repo / "data/2021/content.yaml").write_text("title: edited by the analyst\n")
    (repo / "notebooks/01_title.ipynb").write_text("the developer's change")
    coding_workbook(repo / "data/2021/coding.xlsx")
    (repo / "params/2022.yaml").write_text("edition: 2022\n")
    (repo / "data/2022").mkdir()
    (repo / "data/2022/content.yaml").write_text("title: 2022\n")
    (repo / "notebooks/99_mine.ipynb").write_text("an analyst's own notebook")

    project = make_test_project(tmp_path / "project", repo=repo)
    assert files(project) == {"pyproject.toml", "params/2021.yaml", "notebooks/01_title.ipynb",
                              "data/2021/content.yaml", "data/2021/exports/calls.csv"}
    assert (project / "data/2021/content.yaml").read_text() == "title: as committed\n"
    assert (project / "notebooks/01_title.ipynb").read_text() == "the developer's change"
    assert (project / "data/2021/exports/calls.csv").read_text() == "id;start\n1;2021-01-04\n"


def test_without_git_the_folders_are_copied_without_lock_files_and_caches(tmp_path):
    """A source tarball (no .git): everything in the folders comes, an analyst's coding.xlsx
    too (nothing tells it apart), but not what an open Excel or Jupyter leaves beside it."""
    repo = tmp_path / "cspreport-0.1.0"
    for name in ("pyproject.toml", "params/2021.yaml", "notebooks/01_title.ipynb",
                 "notebooks/.ipynb_checkpoints/01_title-checkpoint.ipynb",
                 "data/2021/content.yaml", "data/2021/coding.xlsx",
                 "data/2021/~$edition.xlsx", "data/2021/.~lock.edition.xlsx#",
                 "README.md"):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(name)

    project = make_test_project(tmp_path / "project", repo=repo)
    assert files(project) == {"pyproject.toml", "params/2021.yaml", "notebooks/01_title.ipynb",
                              "data/2021/content.yaml", "data/2021/coding.xlsx"}
