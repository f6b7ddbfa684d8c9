"""Each notebook as an analyst runs it: through papermill alone, in Jupyter (run all, run again
in the same kernel), and the papermill route to the deck and report (``cspreport assemble``)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import jupytext
import nbformat
import papermill as pm
import pytest
import yaml
from lxml import html as lxml_html
from papermill.exceptions import PapermillExecutionError
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from typer.testing import CliRunner

from cspreport.cli import app
from cspreport.publishing import MIME
from cspreport.render.pptx.find import slide_for
from tests.helpers import csv_rows_in, plain
from tests.project import REPO, ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SECTIONS = {  # what each notebook publishes, in order
    "01_plan_and_goals": ["title", "summary", "plan", "goals", "pillars"],
    "02_client_service": ["client_knowledge", "support_unit", "service", "service_monthly"],
    "03_survey": ["survey", "participation", "satisfaction", "statements", "comments"],
    "04_suggestions_cooperation": ["suggestions", "cooperation", "awards", "closing"],
}
# Inputs each notebook shows as a DataFrame (a column of the table), and a computed figure.
SHOWN = {
    "01_plan_and_goals": (["actual_from"], ["status"]),
    "02_client_service": (["duration_s", "answered_at"], ["year_before", "change_pct"]),
    "03_survey": (["respondents", "statement"], ["p_value", "significant"]),
    "04_suggestions_cooperation": (["text"], ["theme", "comments"]),
}

pytestmark = pytest.mark.slow


def params_2021(**changes) -> dict:
    values = yaml.safe_load((ROOT / "params" / "2021.yaml").read_text())
    values["data_dir"] = str(ROOT / values["data_dir"])  # the run happens in a temp dir
    return {**values, **changes}


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> Path:
    """Every notebook run by papermill with -f params/2021.yaml into one folder, as the
    README's papermill route does."""
    folder = tmp_path_factory.mktemp("executed")
    for nb in NOTEBOOKS:
        pm.execute_notebook(str(nb), str(folder / nb.name), parameters=params_2021(),
                            cwd=str(folder), progress_bar=False)
    return folder


def outputs(nb, mime: str) -> list:
    return [o["data"][mime] for c in nb.cells if c.cell_type == "code"
            for o in c.get("outputs", []) if mime in o.get("data", {})]


def test_the_notebooks_are_the_four_parts():
    assert [p.stem for p in NOTEBOOKS] == list(SECTIONS)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_shows_its_inputs_figures_and_charts_and_publishes_its_sections(notebook, executed):
    nb = nbformat.read(executed / notebook.name, as_version=4)
    published = [r["key"] for r in outputs(nb, MIME)]
    assert published == SECTIONS[notebook.stem]
    tables = [lxml_html.fromstring(h) for h in outputs(nb, "text/html")
              if "<table" in h and "dataframe" in h]
    headers = {th.text_content().strip() for t in tables for th in t.iter("th")}
    inputs, figures = SHOWN[notebook.stem]
    assert set(inputs) <= headers, headers
    assert set(figures) <= headers, headers
    # the charts shown are the report's own, drawn once by publish: no picture of another
    assert not outputs(nb, "image/png")
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_run_all_then_every_cell_again_in_the_same_kernel(notebook, tmp_path):
    """As in Jupyter: the defaults of the parameters cell, "Run all", then every code cell
    once more (and a cell of one's own first), in the same kernel."""
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    mine = nbformat.v4.new_code_cell("my_total = 3\nreport = 'mine'")
    nb.cells.insert(2, mine)
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT / "notebooks")}})
    with client.setup_kernel():
        code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
        for _ in range(2):
            for i in code:
                client.execute_cell(nb.cells[i], i)  # raises CellExecutionError on failure
    assert [r["key"] for r in outputs(nb, MIME)] == SECTIONS[notebook.stem]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs_and_paired_with_its_script(notebook):
    notebook = REPO / "notebooks" / notebook.name  # the checkout's, as it will be committed
    raw = json.loads(notebook.read_text(encoding="utf-8"))
    code = [c for c in raw["cells"] if c["cell_type"] == "code"]
    assert "parameters" in code[0]["metadata"].get("tags", [])
    assert all(not c["outputs"] and c["execution_count"] is None for c in code)
    script = jupytext.read(notebook.with_suffix(".py"))
    paired = [(c.cell_type, c.source) for c in nbformat.read(notebook, as_version=4).cells]
    assert paired == [(c.cell_type, c.source) for c in script.cells], \
        f"{notebook.name} and its .py differ: run jupytext --sync {notebook}"
    # the notebook calls the package for every figure: no function or class defined in it
    assert not any(line.lstrip().startswith(("def ", "class ", "lambda"))
                   for c in code for line in "".join(c["source"]).splitlines())


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_parameters_cell_defaults_are_the_2021_params(notebook):
    declared = {n: p["default"] for n, p in pm.inspect_notebook(str(notebook)).items()}
    given = yaml.safe_load((ROOT / "params" / "2021.yaml").read_text())
    # every parameter a params file may hold, so that papermill -f never warns of one
    assert set(declared) == {"edition", "period_start", "period_end", "data_dir", "lang",
                             "min_respondents", "brand_colour", "output_dir", "template",
                             "template_map", "cell_timeout"}
    unset = {"brand_colour": None, "template": None, "template_map": None, "cell_timeout": 600}
    assert {n: ast.literal_eval(v) for n, v in declared.items()} == {**unset, **given}


def test_unknown_parameter_is_rejected(tmp_path):
    with pytest.raises(PapermillExecutionError) as err:
        pm.execute_notebook(str(NOTEBOOKS[0]), str(tmp_path / "out.ipynb"),
                            parameters=params_2021(period_ed="2021-06-30"), cwd=str(tmp_path),
                            progress_bar=False)
    assert err.value.ename == "ParamsError"
    assert "unknown parameter 'period_ed' (did you mean 'period_end'?)" in err.value.evalue


def run_02(tmp_path, **changes):
    with pytest.raises(PapermillExecutionError) as err:
        pm.execute_notebook(str(ROOT / "notebooks" / "02_client_service.ipynb"),
                            str(tmp_path / "out.ipynb"), parameters=params_2021(**changes),
                            cwd=str(tmp_path), progress_bar=False)
    return err.value


def test_a_period_outside_the_logs_says_their_coverage(tmp_path):
    err = run_02(tmp_path, period_end="2022-03-31")
    assert err.ename == "InputError"
    assert ("exports/calls.csv: the period 2021-01-01 – 2022-03-31 is outside the coverage of "
            "the calls export: 2020-01-01 – 2021-12-31") in err.evalue


def test_without_logs_a_period_the_sheet_lacks_lists_the_periods(tmp_path, edition_dir):
    (edition_dir / "exports.yaml").unlink()  # aggregate sheets only
    err = run_02(tmp_path, period_end="2021-06-30", data_dir=str(edition_dir))
    assert err.ename == "InputError"
    assert ("no service statistics for the period 2021-01-01 – 2021-06-30; the sheet has the "
            "periods: 2021-01-01 – 2021-09-30") in err.evalue


def test_papermill_then_assemble_writes_the_deck_and_report(executed, tmp_path):
    """The README's route without cspreport build: papermill per notebook, then assemble."""
    result = CliRunner().invoke(app, ["assemble", str(executed), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    deck = Presentation(str(tmp_path / "cspreport-2021-lv.pptx"))
    # figures typed from the reference presentation
    tiles = [plain(s.text_frame.text).splitlines()[0]
             for s in slide_for(deck, "service").shapes
             if s.has_text_frame and "\n" in s.text_frame.text
             and s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE]  # the tiles, not the footnote
    assert tiles == ["17 680", "1 656", "2,3 min", "4,5", "4 845", "31", "89", "8,7"]
    chart = next(s.chart for s in slide_for(deck, "participation").shapes if s.has_chart)
    assert list(chart.plots[0].series[0].values) == [1152, 579, 1018, 733]
    page = lxml_html.fromstring((tmp_path / "cspreport-2021-lv.html").read_bytes())
    last = page.xpath('//*[@id="sec-suggestions"]//table//tr')[-1]
    assert [plain(c.text_content()) for c in last] == ["Komentāri kopā", "155"]
    assert page.xpath("//nav[@class='cs-toc']//a")[0].get("href") == "#sec-title"
    # each chart as the notebook showed it under its cell, byte for byte: drawn once
    shown = {}
    for nb in NOTEBOOKS:
        for html in outputs(nbformat.read(executed / nb.name, as_version=4), "text/html"):
            shown.update(pictures(lxml_html.fromstring(html)))
    report = pictures(page)
    assert {k for k, v in report.items() if v} == {
        "service_monthly", "participation", "satisfaction", "statements",
        "suggestions"}
    assert {k: shown[k] for k in report} == report


def pictures(root) -> dict[str, list[str]]:
    """The chart pictures (their data URIs) of each section in an HTML tree, by key."""
    return {s.get("id").removeprefix("sec-"): [i.get("src") for i in s.xpath(".//figure/img")]
            for s in root.xpath("//section[@id]")}


def test_the_last_day_of_the_period_counts_to_its_end(tmp_path, edition_dir):
    """Notebook 02 shows the calls of the period (``cspreport.in_period``): a call at 23:59
    on the period's last day is one of them, one at midnight after it is not."""
    calls = edition_dir / "exports" / "calls.csv"
    with calls.open("a", encoding="utf-8") as fh:
        fh.write("Z2021099998;2021-09-30 23:59:00;Ienākošais;Jā;60;;Nē;Nē\n"
                 "Z2021099999;2021-10-01 00:00:00;Ienākošais;Jā;60;;Nē;Nē\n")
    expected = csv_rows_in(calls, "Sākuma laiks", "2021-01-01", "2021-09-30")
    assert expected == 17_680 + 1  # the reference presentation's calls, and the one at 23:59
    nb = pm.execute_notebook(str(ROOT / "notebooks" / "02_client_service.ipynb"),
                             str(tmp_path / "out.ipynb"),
                             parameters=params_2021(data_dir=str(edition_dir)),
                             cwd=str(tmp_path), progress_bar=False)
    (cell,) = [c for c in nb.cells if c.cell_type == "code" and "in_period(" in c.source]
    (shown,) = [o["data"]["text/html"] for o in cell.outputs if "data" in o]
    table = lxml_html.fromstring(shown)
    assert f"{expected} rows × 8 columns" in table.text_content()
    last = [td.text_content() for td in table.xpath("//tbody/tr")[-1].xpath("td")]
    assert last[:2] == ["Z2021099998", "2021-09-30 23:59:00"]
    assert "Z2021099999" not in shown
