"""Each notebook on its own through papermill, as an analyst would run it."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import papermill as pm
import pytest
import yaml
from papermill.exceptions import PapermillExecutionError

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SECTIONS = {
    "01_plan_and_goals": ["title", "plan", "goals", "pillars"],
    "02_client_service": ["client_knowledge", "support_unit", "service", "service_monthly"],
    "03_survey": ["survey", "participation", "satisfaction", "statements", "comments"],
    "04_suggestions_cooperation": ["suggestions", "cooperation", "awards"],
}

pytestmark = pytest.mark.slow


def params_2021(**changes) -> dict:
    values = yaml.safe_load((ROOT / "params" / "2021.yaml").read_text())
    values["data_dir"] = str(ROOT / values["data_dir"])  # the run happens in a temp dir
    return {**values, **changes}


def test_the_notebooks_are_the_four_sections():
    assert [p.stem for p in NOTEBOOKS] == list(SECTIONS)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_alone_with_the_2021_params(notebook, tmp_path):
    out = tmp_path / notebook.name
    pm.execute_notebook(str(notebook), str(out), parameters=params_2021(), cwd=str(tmp_path),
                        progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    html = "".join(o["data"].get("text/html", "") for c in nb.cells if c.cell_type == "code"
                   for o in c.get("outputs", []) if "data" in o)
    for key in SECTIONS[notebook.stem]:
        assert f'id="sec-{key}"' in html, key
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_has_a_typed_parameters_cell_and_no_outputs(notebook):
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert "parameters" in code[0]["metadata"].get("tags", [])
    params = pm.inspect_notebook(str(notebook))
    assert {n: p["inferred_type_name"] for n, p in params.items()} == {
        "edition": "int", "period_start": "str", "period_end": "str", "data_dir": "str",
        "lang": "str", "min_respondents": "int", "output_dir": "str"}
    assert all(not c["outputs"] and c["execution_count"] is None for c in code)
    # thin: no function or class is defined in a notebook
    assert not any(line.lstrip().startswith(("def ", "class "))
                   for c in code for line in "".join(c["source"]).splitlines())


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
