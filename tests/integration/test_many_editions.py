"""Several editions in one command: built side by side, failures reported, not contagious."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from pptx import Presentation
from typer.testing import CliRunner

from cspreport.cli import app
from cspreport.render.pptx.find import slide_for
from tests.helpers import tile_values
from tests.project import ROOT

# `build` run in-process finds the notebooks from the working directory: the test project's
pytestmark = pytest.mark.usefixtures("in_test_project")
CALLS = ROOT / "data" / "2021" / "exports" / "calls.csv"


def calls_between(start: dt.date, end: dt.date) -> int:
    """Counted straight from the export with the csv module, independently of the package."""
    with CALLS.open(encoding="utf-8") as fh:
        rows = csv.DictReader(fh, delimiter=";")
        return sum(start <= dt.date.fromisoformat(r["Sākuma laiks"][:10]) <= end for r in rows)


def params_file(tmp_path: Path, name: str, out: Path, **values) -> Path:
    path = tmp_path / f"{name}.yaml"
    lines = [f"data_dir: {ROOT / 'data' / '2021'}", f"output_dir: {out}"]
    lines += [f"{k}: {v!r}" if isinstance(v, str) else f"{k}: {v}" for k, v in values.items()]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_two_editions_in_one_command(tmp_path):
    out = tmp_path / "out"
    files = [params_file(tmp_path, "e2020", out, edition=2020, period_start="2020-01-01",
                         period_end="2020-09-30"),
             params_file(tmp_path, "e2021", out)]
    result = CliRunner().invoke(app, ["build", "-q", *map(str, files)])
    assert result.exit_code == 0, result.output
    deck = Presentation(str(out / "2020" / "cspreport-2020-lv.pptx"))
    service = slide_for(deck, "service")
    tiles = tile_values(service)
    expected = calls_between(dt.date(2020, 1, 1), dt.date(2020, 9, 30))
    assert tiles[0] == f"{expected:,}".replace(",", " ")
    assert service.shapes.title.text_frame.text == \
        "Klientu apkalpošanas statistika 2020. gada 9 mēnešos"
    # the 2020 edition shows the survey waves up to 2019
    participation = next(s.chart for s in slide_for(deck, "participation").shapes
                         if s.has_chart)
    assert list(participation.plots[0].categories) == ["2015", "2017", "2019"]
    assert (out / "2021" / "cspreport-2021-lv.pptx").is_file()


def test_a_failing_edition_does_not_stop_the_others(tmp_path):
    out = tmp_path / "out"
    bad = params_file(tmp_path, "bad", out, edition=2019, period_start="2019-01-01",
                      period_end="2019-09-30")
    good = params_file(tmp_path, "good", out)
    result = CliRunner().invoke(app, ["build", "-q", str(bad), str(good)])
    assert result.exit_code == 1
    assert (f"error: {bad}: exports/calls.csv: the period 2019-01-01 – 2019-09-30 is outside "
            "the coverage of the calls export: 2020-01-01 – 2021-12-31") in result.output
    assert "1 of 2 editions failed" in result.output
    assert (out / "2021" / "manifest.json").is_file()
    assert not (out / "2019").exists()


def test_the_bundled_2020_params_describe_that_edition():
    from cspreport.params import Params

    p = Params.from_yaml(ROOT / "params" / "2020.yaml")
    assert (p.edition, p.period_start, p.period_end) == (2020, dt.date(2020, 1, 1),
                                                          dt.date(2020, 9, 30))
