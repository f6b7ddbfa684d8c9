"""The analyst's year, end to end: start the 2022 edition from 2021, see what is missing,
add the (synthetic) exports, build."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from pptx import Presentation

from cspreport.render.pptx.find import slide_for
from tests.helpers import tile_values
from tests.project import REPO, ROOT

pytestmark = pytest.mark.slow


def run(*args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600)


@pytest.fixture
def project(tmp_path) -> Path:
    """A fresh copy of the project's params, data and notebooks, as after a clone."""
    root = tmp_path / "project"
    for name in ("params", "data", "notebooks"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "pyproject.toml", root)
    return root


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(folder).as_posix().encode() + p.read_bytes())
    return h.hexdigest()


def test_new_edition_then_check_then_build(project):
    made = run("-m", "cspreport", "new-edition", "2022", "--from", "data/2021", cwd=project)
    assert made.returncode == 0, made.stderr
    new = project / "data" / "2022"
    params = yaml.safe_load((project / "params" / "2022.yaml").read_text(encoding="utf-8"))
    assert params == {"edition": 2022, "period_start": "2022-01-01",
                      "period_end": "2022-09-30", "data_dir": "data/2022", "lang": "lv",
                      "min_respondents": 5, "output_dir": "output"}
    content = (new / "content.yaml").read_text(encoding="utf-8")
    assert content.startswith("# NEW EDITION 2022")
    assert (new / "themes.yaml").read_bytes() == (project / "data/2021/themes.yaml").read_bytes()
    # the workbook: every sheet and header; the survey waves up to 2021 carried over as
    # published figures (2021 from its respondent export: 733); no 2021 service figures
    old = load_workbook(project / "data/2021/edition.xlsx")
    book = load_workbook(new / "edition.xlsx")
    assert book.sheetnames == old.sheetnames
    for name in old.sheetnames:
        assert [c.value for c in book[name][1]] == [c.value for c in old[name][1]]
    waves = {r[0]: r[1] for r in book["survey_participation"].iter_rows(min_row=2,
                                                                       values_only=True)}
    assert waves == {2015: 1152, 2017: 579, 2019: 1018, 2021: 733}
    answers = [r for r in book["survey_answers"].iter_rows(min_row=2, values_only=True)
               if r[0] == 2021 and r[1] == "overall"]
    assert sorted((r[2], r[3]) for r in answers) == [
        ("fully_agree", 84), ("fully_disagree", 3), ("partly_agree", 11),
        ("partly_disagree", 2)]
    assert book["service_stats"].max_row == 1
    plan = list(book["plan_indicators"].iter_rows(min_row=2, values_only=True))
    header = [c.value for c in book["plan_indicators"][1]]
    assert [r[header.index("target")] for r in plan] == [90, 86, 93, 100]
    assert all(r[header.index("actual")] is None for r in plan)
    # the export mappings without their coverage; the 2021 wave is in the workbook now
    exports = yaml.safe_load((new / "exports.yaml").read_text(encoding="utf-8"))
    source = yaml.safe_load((project / "data/2021/exports.yaml").read_text(encoding="utf-8"))
    for channel, spec in exports["service"].items():
        assert "coverage" not in spec
        assert spec["columns"] == source["service"][channel]["columns"]
    assert exports["survey"]["waves"] == {}
    assert exports["survey"]["codebook"] == source["survey"]["codebook"]

    # never overwrites
    before = digest(new)
    again = run("-m", "cspreport", "new-edition", "2022", "--from", "data/2021", cwd=project)
    assert again.returncode == 1
    assert "already exists; new-edition never overwrites anything" in again.stderr
    assert digest(new) == before

    # check lists everything still to do, all at once
    check = run("-m", "cspreport", "check", "params/2022.yaml", cwd=project)
    assert check.returncode == 1
    lines = check.stderr.splitlines()
    assert lines[0] == "not ready: 6 things to fix or add before params/2022.yaml builds:"
    assert lines[1:6] == [
        "  - exports/calls.csv: file not found (expected a CSV export)",
        "  - exports/emails.xlsx: file not found (expected an .xlsx export)",
        "  - exports/chats.csv: file not found (expected a CSV export)",
        "  - exports/voice_messages.csv: file not found (expected a CSV export)",
        "  - exports/edv_registrations.xlsx: file not found (expected an .xlsx export)"]
    assert lines[6].startswith("  - content.yaml, line 1: the texts are still those of the "
                               "edition it was made from")

    # the analyst adds the exports (synthetic ones here) and reviews the texts
    sample = run(str(REPO / "scripts" / "make_sample_data.py"), str(new / "exports"),
                 "--year", "2022", cwd=project)
    assert sample.returncode == 0, sample.stderr
    (new / "content.yaml").write_text("\n".join(content.splitlines()[4:]) + "\n",
                                      encoding="utf-8")
    assert run("-m", "cspreport", "check", "params/2022.yaml", cwd=project).returncode == 0
    built = run("-m", "cspreport", "build", "-q", "params/2022.yaml", cwd=project)
    assert built.returncode == 0, built.stderr
    deck = Presentation(str(project / "output/2022/cspreport-2022-lv.pptx"))
    service = slide_for(deck, "service")
    assert service.shapes.title.text_frame.text == \
        "Klientu apkalpošanas statistika 2022. gada 9 mēnešos"
    # the synthetic 2022 logs are calibrated like 2021's: 17 680 calls in the period
    tiles = tile_values(service)
    assert tiles[0] == "17 680"
    participation = next(s.chart for s in slide_for(deck, "participation").shapes
                         if s.has_chart)
    assert list(participation.plots[0].categories) == ["2015", "2017", "2019", "2021"]
