"""The build command: what it writes, and what it does not write when something is wrong."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cspreport.build import build_edition
from cspreport.cli import app
from cspreport.errors import InputError
from tests.conftest import NOTEBOOK_HEAD
from tests.helpers import previous_output, set_cell
from tests.project import ROOT


def test_bad_input_fails_before_writing_and_keeps_the_old_output(edition_dir, params_for):
    params = params_for(edition_dir)
    out = params.output_path()
    previous_output(out)
    (out / "previous.txt").write_text("the user's own file")
    set_cell(edition_dir / "edition.xlsx", "survey_participation", "B2", -5)
    with pytest.raises(InputError, match=r"sheet 'survey_participation', row 2, column "
                                         r"'respondents': expected a whole number > 0"):
        build_edition(params, root=ROOT, progress=False)
    assert [p.name for p in out.parent.iterdir()] == ["2021"]  # no staging folder left
    assert sorted(p.name for p in out.iterdir()) == ["cspreport-2021-lv.pptx", "manifest.json",
                                                     "previous.txt"]


def test_a_failing_step_leaves_nothing_half_written(edition_dir, params_for, monkeypatch,
                                                    mini_root):
    import cspreport.assemble as assemble

    params = params_for(edition_dir)

    def broken_deck(report, path, *_, **__):
        path.write_bytes(b"half a deck")
        raise RuntimeError("disk full")

    monkeypatch.setattr(assemble, "render_deck", broken_deck)
    with pytest.raises(RuntimeError, match="disk full"):
        build_edition(params, root=mini_root, progress=False)
    assert not params.output_path().exists()
    assert list(params.output_path().parent.iterdir()) == []


class TestCli:
    def test_missing_input_file_is_a_clear_error_and_exit_1(self, edition_dir, tmp_path):
        (edition_dir / "content.yaml").unlink()
        params = tmp_path / "p.yaml"
        params.write_text(f"data_dir: {edition_dir}\noutput_dir: {tmp_path / 'out'}\n")
        result = CliRunner().invoke(app, ["build", "-q", str(params)])
        assert result.exit_code == 1
        assert "error: content.yaml: file not found" in result.output
        assert not (tmp_path / "out" / "2021").exists()

    def test_unknown_parameter_in_params_file(self, tmp_path):
        params = tmp_path / "p.yaml"
        params.write_text("edition: 2021\noutput_folder: out\n")
        result = CliRunner().invoke(app, ["check", str(params)])
        assert result.exit_code == 1
        assert f"error: {params}: unknown parameter 'output_folder' (did you mean " \
               "'output_dir'?)" in result.output

    def test_check_reads_without_writing(self, edition_dir, tmp_path):
        params = tmp_path / "p.yaml"
        params.write_text(f"data_dir: {edition_dir}\noutput_dir: {tmp_path / 'out'}\n")
        result = CliRunner().invoke(app, ["check", str(params)])
        assert result.exit_code == 0, result.output
        assert result.output.startswith("ok: edition 2021, period 2021-01-01 – 2021-09-30, "
                                        "survey wave 2021")
        assert not (tmp_path / "out").exists()

    def test_python_dash_m_runs_the_same_command(self):
        done = subprocess.run([sys.executable, "-m", "cspreport", "--help"],
                              capture_output=True, text=True, check=True)
        assert "build" in done.stdout and "check" in done.stdout


def test_an_error_inside_a_kernel_reaches_the_user_as_its_message(edition_dir, params_for,
                                                                  mini_root):
    """A problem only a notebook finds comes out as its located message, not as a kernel
    traceback, and nothing is written."""
    from cspreport.errors import CspreportError

    notebook = mini_root / "notebooks" / "02_goals.ipynb"
    notebook.write_text(notebook.read_text().replace(
        "ed.publish(sections.plan.goals)",
        "raise cspreport.InputError.at('expected a goal', 'content.yaml', None, 3, 'goals')"))
    params = params_for(edition_dir)
    with pytest.raises(CspreportError) as err:
        build_edition(params, root=mini_root, progress=False)
    assert str(err.value) == "content.yaml, row 3, column 'goals': expected a goal"
    assert not params.output_path().exists()
    assert list(params.output_path().parent.iterdir()) == []


def test_the_output_folder_gets_the_users_permissions(edition_dir, params_for, mini_root):
    """Not mkdtemp's 0700: colleagues on a shared drive can open what the umask allows."""
    import os
    import stat

    old = os.umask(0o022)
    try:
        out = build_edition(params_for(edition_dir), root=mini_root, progress=False).output_dir
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o755
    deck = out / "cspreport-2021-lv.pptx"
    assert stat.S_IMODE(deck.stat().st_mode) == 0o644


def test_an_output_folder_that_cannot_be_written_is_named(tmp_path, edition_dir, monkeypatch):
    """CI runs as root, which ignores permissions: the check is simulated."""
    import os

    import cspreport.build as build

    locked = tmp_path / "locked"
    locked.mkdir()
    real = os.access
    monkeypatch.setattr(build.os, "access",
                        lambda p, mode: False if Path(p) == locked else real(p, mode))
    params = tmp_path / "p.yaml"
    params.write_text(f"data_dir: {edition_dir}\noutput_dir: {locked / 'out'}\n")
    result = CliRunner().invoke(app, ["build", "-q", str(params)])
    assert result.exit_code == 1
    assert (f"error: output_dir {locked / 'out'}: cannot write into {locked} (permission "
            "denied); choose an output_dir you can write to") in result.output
    assert list(locked.iterdir()) == []


def test_an_analysts_own_section_and_tagged_cell_reach_the_report(edition_dir, params_for,
                                                                   mini_root):
    """As the README says: publish a section of one's own (deck and report), or tag a cell
    `report` (its outputs in the HTML report, without code)."""
    import jupytext
    from lxml import html as lxml_html
    from pptx import Presentation

    from cspreport.render.pptx.find import slide_for

    path = mini_root / "notebooks" / "03_mine.ipynb"
    nb = jupytext.reads(NOTEBOOK_HEAD + '''import pandas as pd

from cspreport.report import Table, TableSection

cspreport.publish(TableSection("my_table", "Zvanu rindas garums",
                               table=Table(("Mēnesis", "Minūtes"), (("Janvāris", "3,5"),))),
                  edition=ed)

# %% tags=["report"]
pd.DataFrame({"kanāls": ["zvani"], "piezīme": ["analītiķa papildinājums"]})
''', fmt="py:percent")
    jupytext.write(nb, path)
    out = build_edition(params_for(edition_dir), root=mini_root, progress=False).output_dir
    deck = Presentation(str(out / "cspreport-2021-lv.pptx"))
    assert slide_for(deck, "my_table").shapes.title.text_frame.text == "Zvanu rindas garums"
    page = lxml_html.fromstring((out / "cspreport-2021-lv.html").read_bytes())
    assert page.xpath('//*[@id="sec-my_table"]//td[text()="3,5"]')
    assert "analītiķa papildinājums" in page.text_content()
    assert "pd.DataFrame" not in page.text_content()  # outputs only, no code
