"""Same inputs, same bytes; a manifest that proves it; rebuilds that skip unchanged work."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import pytest
from lxml import html as lxml_html
from pptx import Presentation
from typer.testing import CliRunner

from cspreport.build import build_edition
from cspreport.cli import app
from cspreport.params import Params
from cspreport.render.pptx.find import slide_for
from tests.helpers import executed_notebooks
from tests.project import ROOT

pytestmark = pytest.mark.slow


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_at_different_times_into_different_folders_are_identical(build_2021,
                                                                             tmp_path):
    first = build_2021.output_dir
    newest = max(p.stat().st_mtime for p in first.rglob("*"))
    time.sleep(max(0.0, 2.1 - (time.time() - newest)))  # at least 2 s after the first build
    params = Params.from_mapping({**Params.from_yaml(ROOT / "params" / "2021.yaml")
                                  .to_papermill(), "output_dir": str(tmp_path / "elsewhere"),
                                  "lang": "both"})
    second = build_edition(params, root=ROOT, progress=False, force=True)
    a, b = digests(first), digests(second.output_dir)
    assert sorted(a) == sorted(b)
    assert {"cspreport-2021-lv.pptx", "cspreport-2021-lv.html", "manifest.json",
            "notebooks/both/03_survey.ipynb", "cspreport-2021-en.pptx",
            "cspreport-2021-en.html"} <= set(a)
    assert [name for name in a if a[name] != b[name]] == []


def test_manifest_records_inputs_versions_commit_and_outputs(build_2021):
    out = build_2021.output_dir
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert list(manifest["builds"]) == ["both"]  # one build in the folder: lang both
    manifest = manifest["builds"]["both"]
    assert manifest["params"] == {"edition": 2021, "period_start": "2021-01-01",
                                  "period_end": "2021-09-30", "data_dir": "data/2021",
                                  "lang": "both", "min_respondents": 5, "template": None,
                                  "template_map": None,
                                  "brand_colour": None}
    calls = ROOT / "data" / "2021" / "exports" / "calls.csv"
    assert manifest["inputs"]["exports/calls.csv"] == {
        "size": calls.stat().st_size, "sha256": hashlib.sha256(calls.read_bytes()).hexdigest()}
    assert {"edition.xlsx", "content.yaml", "exports.yaml"} <= set(manifest["inputs"])
    for package in ("python", "cspreport", "pandas", "papermill", "nbconvert", "python-pptx",
                    "seaborn", "matplotlib", "openpyxl"):
        assert manifest["versions"][package]
    assert set(manifest["git"]) == {"commit", "dirty"}
    deck = out / "cspreport-2021-lv.pptx"
    assert manifest["outputs"]["cspreport-2021-lv.pptx"] == \
        hashlib.sha256(deck.read_bytes()).hexdigest()
    assert "manifest.json" not in manifest["outputs"]


def test_deck_and_html_carry_the_provenance(build_2021):
    out = build_2021.output_dir
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["builds"]["both"]
    inputs = json.dumps(manifest["inputs"], sort_keys=True).encode()
    short = hashlib.sha256(inputs).hexdigest()[:16]
    deck = Presentation(str(out / "cspreport-2021-lv.pptx"))
    assert f"inputs sha256 {short}" in deck.core_properties.comments
    assert deck.core_properties.created.date().isoformat() == "2021-09-30"
    title = slide_for(deck, "title")
    # the notes are for the presenter: no version strings in them
    assert "sha256" not in title.notes_slide.notes_text_frame.text
    page = lxml_html.fromstring((out / "cspreport-2021-lv.html").read_text(encoding="utf-8"))
    footer = page.xpath('//footer//p[@class="cs-provenance"]')[0].text_content()
    assert f"ievaddatu sha256 {short}" in footer  # the Latvian report's own words


def test_cache_hit_when_nothing_changed_and_miss_after_one_byte(mini_root, edition_dir,
                                                                params_for):
    root = mini_root  # two small notebooks: the cache logic, not the analysis
    params = params_for(edition_dir)
    first = build_edition(params, root=root, progress=False)
    assert not first.cached
    assert first.executed == ("01_title.ipynb", "02_goals.ipynb")
    again = build_edition(params, root=root, progress=False)
    assert again.cached
    path = edition_dir / "exports" / "calls.csv"
    data = path.read_bytes()
    old, new = ";Jā;225;".encode(), ";Jā;226;".encode()  # a talk time of 225 s: one byte
    at = data.index(old)
    path.write_bytes(data[:at] + new + data[at + len(old):])
    assert not build_edition(params, root=root, progress=False).cached
    assert build_edition(params, root=root, progress=False).cached
    assert not build_edition(params, root=root, progress=False, force=True).cached


def test_a_touched_output_is_rebuilt_without_running_the_notebooks(mini_root, edition_dir,
                                                                   params_for):
    params = params_for(edition_dir)
    out = build_edition(params, root=mini_root, progress=False).output_dir
    (out / "cspreport-2021-lv.html").write_text("edited by hand")
    again = build_edition(params, root=mini_root, progress=False)
    assert not again.cached and again.executed == ()  # the executed notebooks are reused
    assert "edited by hand" not in (out / "cspreport-2021-lv.html").read_text()


def test_only_the_edited_notebook_is_executed_again(mini_root, edition_dir, params_for):
    params = params_for(edition_dir)
    first = build_edition(params, root=mini_root, progress=False)
    before = digests(first.output_dir)
    source = mini_root / "notebooks" / "02_goals.ipynb"
    nb = json.loads(source.read_text())
    nb["cells"].append({"cell_type": "markdown", "id": "added", "metadata": {},
                        "source": ["An analyst's note."]})
    source.write_text(json.dumps(nb))
    second = build_edition(params, root=mini_root, progress=False)
    assert second.executed == ("02_goals.ipynb",)
    after = digests(second.output_dir)
    assert after["notebooks/lv/01_title.ipynb"] == before["notebooks/lv/01_title.ipynb"]
    assert after["notebooks/lv/02_goals.ipynb"] != before["notebooks/lv/02_goals.ipynb"]


def test_verify_passes_then_names_the_changed_input_and_output(mini_root, edition_dir,
                                                              params_for):
    out = build_edition(params_for(edition_dir), root=mini_root, progress=False).output_dir
    manifest = out / "manifest.json"
    runner = CliRunner()
    ok = runner.invoke(app, ["verify", str(manifest), "--data-dir", str(edition_dir)])
    assert ok.exit_code == 0, ok.output
    # 12 input files (themes_training.yaml the 12th); the deck, the report, the tables and the
    # two executed notebooks
    assert ok.output.startswith("ok: 12 inputs and 5 outputs match the manifest")

    content = edition_dir / "content.yaml"
    content.write_bytes(content.read_bytes().replace(b"Feedback", b"Feedbacc"))
    (out / "cspreport-2021-lv.pptx").write_bytes(b"not the deck")
    bad = runner.invoke(app, ["verify", str(manifest), "--data-dir", str(edition_dir)])
    assert bad.exit_code == 1
    lines = bad.output.splitlines()
    assert lines[0].startswith("mismatch: input content.yaml: sha256 ")
    assert lines[1] == ("mismatch: output cspreport-2021-lv.pptx: sha256 differs from the "
                        "manifest")


def test_a_custom_template_builds_the_same_bytes_twice(mini_root, edition_dir, tmp_path):
    from tests.fixtures.alt_template import MAPPING, make

    template = make(tmp_path / "corporate", potx=True)
    builds = []
    for where in ("a", "b"):
        params = Params.from_mapping({"data_dir": str(edition_dir), "lang": "both",
                                      "output_dir": str(tmp_path / where),
                                      "template": str(template),
                                      "template_map": str(MAPPING)})
        builds.append(digests(build_edition(params, root=mini_root, progress=False)
                              .output_dir))
        time.sleep(1.1)  # zip entries carry seconds: a second apart shows any time stamp
    assert builds[0] == builds[1]
    assert "cspreport-2021-en.pptx" in builds[0]
    manifest = json.loads((tmp_path / "a" / "2021" / "manifest.json").read_text())
    assert "template:corporate.potx" in manifest["builds"]["both"]["inputs"]


def test_a_notebook_run_alone_equals_the_notebook_in_a_build(build_2021, tmp_path):
    """papermill on one notebook gives the outputs the build's execution recorded."""
    import papermill as pm

    out = tmp_path / "alone.ipynb"
    params = Params.from_mapping({**Params.from_yaml(ROOT / "params" / "2021.yaml")
                                  .to_papermill(), "lang": "both"}).for_notebooks("both")
    pm.execute_notebook(str(ROOT / "notebooks" / "03_survey.ipynb"), str(out),
                        parameters=params, cwd=str(ROOT / "notebooks"), progress_bar=False)

    def outputs(path: Path):
        nb = json.loads(path.read_text(encoding="utf-8"))
        return [o.get("data") or o.get("text") for c in nb["cells"]
                if c["cell_type"] == "code" for o in c["outputs"]]

    built = outputs(executed_notebooks(build_2021) / "03_survey.ipynb")
    assert built and outputs(out) == built
