"""Nothing lost, whatever the user types: where a build may write, what it may remove.

Every case runs the command line as a user runs it (a subprocess in the project's folder) and
takes a snapshot (path → sha256) of every file under the data folder, the output folder and
its parent before and after: nothing lost, nothing foreign removed, inputs untouched.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest
import yaml

from tests.conftest import NOTEBOOK_HEAD
from tests.project import ROOT

pytestmark = pytest.mark.slow
EDITION = ROOT / "data" / "2021"


# ----------------------------------------------------------------------------- helpers
def snapshot(*folders: Path) -> dict[str, str]:
    """Every file under ``folders`` (path → sha256), symbolic links not followed."""
    found = {}
    for folder in folders:
        if not folder.exists():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_symlink():
                found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def cli(root: Path, *args: str, env: dict | None = None, timeout: float = 300):
    return subprocess.run([sys.executable, "-m", "cspreport", *args], cwd=root,
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def params_file(path: Path, **values) -> Path:
    path.write_text(yaml.safe_dump(values, allow_unicode=True), encoding="utf-8")
    return path


def clean(result) -> None:
    """A refusal is a plain message: no traceback, exit code 1."""
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ")


@pytest.fixture
def project(mini_root):
    """The two-notebook project, with a copy of the edition in data/2021 and a params file."""
    shutil.copytree(EDITION, mini_root / "data" / "2021")
    params_file(mini_root / "params" / "lv.yaml", data_dir="data/2021", output_dir="output")
    return mini_root


@pytest.fixture
def edition_dir(project):
    return project / "data" / "2021"


# ----------------------------------------------------------------------------- placement
@pytest.mark.parametrize("output_dir, what", [
    ("data", "is the edition's data folder"),  # a one-word slip for output
    ("data/2021", "lies inside the edition's data folder"),
    ("notebooks", "lies inside the project's notebooks folder"),
    ("params", "lies inside the project's params folder"),
])
def test_an_output_folder_over_the_inputs_is_refused_before_anything_is_written(
        project, edition_dir, output_dir, what):
    shown = output_dir
    params = params_file(project / "p.yaml", data_dir="data/2021", output_dir=shown)
    before = snapshot(project)
    result = cli(project, "build", "-q", str(params))
    clean(result)
    assert f"error: output_dir {shown}: the output folder " in result.stderr
    assert what in result.stderr
    assert "choose another output_dir" in result.stderr.lower()
    assert snapshot(project) == before


def test_an_output_folder_holding_the_data_folder_is_refused(project, tmp_path):
    data = tmp_path / "shared" / "2021" / "in"
    shutil.copytree(EDITION, data)
    params = params_file(project / "p.yaml", data_dir=str(data),
                         output_dir=str(tmp_path / "shared"))
    before = snapshot(tmp_path / "shared")
    result = cli(project, "build", "-q", str(params))
    clean(result)
    assert (f"the output folder {tmp_path / 'shared' / '2021'} contains the edition's data "
            f"folder (data_dir) ({data})") in result.stderr
    assert snapshot(tmp_path / "shared") == before


def test_a_symbolic_link_to_the_data_folders_parent_is_seen_through(project, edition_dir,
                                                                    tmp_path):
    link = tmp_path / "looks-harmless"
    link.symlink_to(edition_dir.parent)
    params = params_file(project / "p.yaml", data_dir=str(edition_dir), output_dir=str(link))
    before = snapshot(edition_dir)
    result = cli(project, "build", "-q", str(params))
    clean(result)
    assert "is the edition's data folder" in result.stderr
    assert snapshot(edition_dir) == before


def test_the_home_folder_itself_is_refused_and_a_tilde_is_expanded(project, edition_dir,
                                                                  tmp_path):
    home = tmp_path / "home" / "2021"  # a user whose home folder is named like the edition
    home.mkdir(parents=True)
    (home / "thesis.docx").write_text("years of work")
    params = params_file(project / "p.yaml", data_dir=str(edition_dir),
                         output_dir=str(home.parent))
    result = cli(project, "build", "-q", str(params), env={"HOME": str(home)})
    clean(result)
    assert f"is or contains your home folder ({home})" in result.stderr
    assert (home / "thesis.docx").read_text() == "years of work"

    params = params_file(project / "p.yaml", data_dir=str(edition_dir), output_dir="~/reports")
    result = cli(project, "build", "-q", str(params), env={"HOME": str(tmp_path / "home")})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "home" / "reports" / "2021" / "cspreport-2021-lv.pptx").is_file()
    assert not (project / "~").exists()


# ----------------------------------------------------------------------------- what a build removes
def test_a_rebuild_keeps_the_users_files_and_removes_only_its_own(project):
    out = project / "output" / "2021"
    first = cli(project, "build", "-q", "params/lv.yaml")
    assert first.returncode == 0, first.stderr
    (out / "notes for the board.txt").write_text("ask about the chats")
    shutil.copyfile(out / "cspreport-2021-lv.pptx", out / "deck edited by hand.pptx")
    (out / "mine").mkdir()
    (out / "mine" / "draft.md").write_text("draft")
    # an analyst's own notebook joins the build, then is dropped: its executed copy goes
    mine = project / "notebooks" / "03_mine.ipynb"
    jupytext.write(jupytext.reads(NOTEBOOK_HEAD + "len(ed.tables.events)\n", fmt="py:percent"),
                   mine)
    second = cli(project, "build", "-q", "params/lv.yaml")
    assert second.returncode == 0, second.stderr
    assert (out / "notebooks" / "lv" / "03_mine.ipynb").is_file()
    mine.unlink()
    users = snapshot(out / "mine") | {str(p): hashlib.sha256(p.read_bytes()).hexdigest()
                                      for p in (out / "notes for the board.txt",
                                                out / "deck edited by hand.pptx")}
    third = cli(project, "build", "-q", "params/lv.yaml")
    assert third.returncode == 0, third.stderr
    assert not (out / "notebooks" / "lv" / "03_mine.ipynb").exists()
    assert (out / "notebooks" / "lv" / "01_title.ipynb").is_file()
    after = snapshot(out)
    assert {k: after.get(k) for k in users} == users
    assert sorted(p.name for p in out.parent.iterdir()) == ["2021"]  # no staging left
    assert cli(project, "verify", str(out / "manifest.json")).returncode == 0


def test_a_deck_edited_in_place_is_kept_under_a_new_name(project):
    out = project / "output" / "2021"
    assert cli(project, "build", "-q", "params/lv.yaml").returncode == 0
    deck = out / "cspreport-2021-lv.pptx"
    edited = deck.read_bytes() + b"the presenter's edits"
    deck.write_bytes(edited)
    result = cli(project, "build", "-q", "params/lv.yaml")
    assert result.returncode == 0, result.stderr
    assert (f"warning: {deck} had been changed since cspreport wrote it (or was not written "
            "by it): kept as cspreport-2021-lv.changed-1.pptx") in result.stderr
    assert (out / "cspreport-2021-lv.changed-1.pptx").read_bytes() == edited
    assert deck.read_bytes() != edited


def test_a_folder_that_no_build_made_is_not_built_into(project):
    out = project / "output" / "2021"
    out.mkdir(parents=True)
    (out / "budget.xlsx").write_text("not ours")
    (out / "cspreport-2021-lv.pptx").write_text("a deck someone else made")
    before = snapshot(project / "output")
    result = cli(project, "build", "-q", "params/lv.yaml")
    clean(result)
    assert (f"error: {out}: the folder already holds files that no cspreport build wrote "
            "(budget.xlsx, cspreport-2021-lv.pptx); cspreport never builds into such a "
            "folder") in result.stderr
    assert snapshot(project / "output") == before


# ----------------------------------------------------------------------------- side by side
def test_latvian_and_english_params_share_a_folder(project, edition_dir):
    params_file(project / "params" / "en.yaml", data_dir="data/2021", output_dir="output",
                lang="en")
    out = project / "output" / "2021"
    assert cli(project, "build", "-q", "params/lv.yaml").returncode == 0
    lv = snapshot(out)
    result = cli(project, "build", "-q", "params/en.yaml")
    assert result.returncode == 0, result.stderr
    after = snapshot(out)
    # the Latvian files are all still there, as they were (the manifest aside: it grew)
    manifest = str(out / "manifest.json")
    assert {k: v for k, v in after.items() if k in lv and k != manifest} == \
        {k: v for k, v in lv.items() if k != manifest}
    assert (out / "cspreport-2021-lv.pptx").is_file()
    assert (out / "cspreport-2021-en.pptx").is_file()
    assert (out / "notebooks" / "en" / "01_title.ipynb").is_file()
    builds = json.loads((out / "manifest.json").read_text())["builds"]
    assert sorted(builds) == ["en", "lv"]
    verify = cli(project, "verify", str(out / "manifest.json"))
    assert verify.returncode == 0, verify.stdout
    assert verify.stdout.splitlines() == [
        "ok: lang en: 12 inputs and 5 outputs match the manifest",  # + themes_training.yaml
        "ok: lang lv: 12 inputs and 5 outputs match the manifest"]
    # the Latvian build again: up to date, nothing rewritten
    again = cli(project, "build", "-q", "params/lv.yaml")
    assert "up to date" in again.stderr
    assert snapshot(out) == after


def test_another_period_does_not_replace_the_edition(project, edition_dir):
    out = project / "output" / "2021"
    assert cli(project, "build", "-q", "params/lv.yaml").returncode == 0
    before = snapshot(project / "output")
    q2 = params_file(project / "params" / "q2.yaml", data_dir="data/2021",
                     output_dir="output", period_start="2021-04-01", period_end="2021-06-30")
    result = cli(project, "build", "-q", str(q2))
    clean(result)
    assert (f"error: {out}: the folder holds the build of the period 2021-01-01 – 2021-09-30 "
            "(lang lv); this build is of 2021-04-01 – 2021-06-30") in result.stderr
    assert "give this one its own output_dir" in result.stderr
    assert snapshot(project / "output") == before
    # in its own folder, it builds
    params_file(q2, data_dir="data/2021", output_dir="output/q2",
                period_start="2021-04-01", period_end="2021-06-30")
    assert cli(project, "build", "-q", str(q2)).returncode == 0
    assert (project / "output" / "q2" / "2021" / "cspreport-2021-lv.pptx").is_file()
    assert snapshot(project / "output" / "2021") == before


def test_two_builds_of_one_edition_at_once_both_finish_and_verify(project):
    out = project / "output" / "2021"
    runs = [subprocess.Popen([sys.executable, "-m", "cspreport", "build", "-q", "--force",
                              "params/lv.yaml"], cwd=project, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], results
    assert sum("waiting: another cspreport build is writing" in err for _, err in results) == 1
    assert cli(project, "verify", str(out / "manifest.json")).returncode == 0
    assert sorted(p.name for p in out.parent.iterdir()) == ["2021"]


def test_a_build_killed_while_moving_its_files_in_is_cleaned_up_by_the_next(project):
    """The manifest names the files a build is about to move in before it moves them: a
    build killed in between leaves files the next build knows as its own."""
    out = project / "output" / "2021"
    assert cli(project, "build", "-q", "params/lv.yaml").returncode == 0
    manifest = json.loads((out / "manifest.json").read_text())
    stray = "notebooks/lv/02_old_name.ipynb"
    (out / stray).write_text("{}")
    manifest["builds"]["lv"]["pending"] = [stray]
    (out / "manifest.json").write_text(json.dumps(manifest))
    result = cli(project, "build", "-q", "params/lv.yaml")
    assert result.returncode == 0, result.stderr
    assert not (out / stray).exists()
    assert "pending" not in json.loads((out / "manifest.json").read_text())["builds"]["lv"]
