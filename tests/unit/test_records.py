"""The records a notebook publishes (``cspreport.publishing``): every section kind through its
JSON record and back, the record's layout worked out by hand, its JSON schema against the real
2021 build, and a record that cannot be read named by notebook and cell."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import subprocess
import sys
from pathlib import Path

import jsonschema
import nbformat
import pytest

from cspreport.assemble import assemble
from cspreport.errors import BuildError
from cspreport.params import Params
from cspreport.publishing import MIME, Published, section_schema
from cspreport.report import (
    SECTION,
    SECTION_TYPES,
    Chart,
    ChartSection,
    ChartsSection,
    Item,
    Key,
    ListSection,
    Series,
    Table,
    TableSection,
    Tile,
    TilesSection,
    TitleSection,
)
from cspreport.sources.tidy import SourceRef
from tests.helpers import executed_notebooks
from tests.project import ROOT

EXPORT = SourceRef("exports/calls.csv", None, system="Genesys", holds="calls")
SHEET = SourceRef("service.xlsx", "2021")
TABLE = Table(("Kanāls", "2021", "2020"),
              (("Zvani", "17 680", "17 971"), ("E-pasti", "1 656", "–")), (False, True, True))
DETAIL = Table(("Vilnis", "Apmierināti", "95% TI"), (("2021", "84", "81–87"),))
COLUMNS = Chart("column", ("2018", "2019", "2020", "2021"),
                (Series("Respondenti", (1152.0, 579.0, None, 733.0)),),
                "Respondenti", "Gads")
SHARES = Chart("stacked_bar_100", ("2020", "2021"),
               (Series("Apmierināti", (80.5, 84.0)), Series("Nav", (None, 2.0))),
               "%", "Vilnis", decimals=1, percent=True, alt="Apmierinātība pa viļņiem",
               apart=(1,))
BARS = Chart("bar", ("Ātrums", "Citi"), (Series("Komentāri", (29.0, 38.0)),), "Skaits",
             "Tēma", apart=(1,))

# Every kind, once with every optional field given and once with the defaults (None, empty).
SECTIONS = [
    TitleSection(Key.TITLE, "Konsultē vispirms", notes="Avots: izdevuma teksti.",
                 sources=(SourceRef("content.yaml", None),), method="—", spoken="Sveiki.",
                 subtitle="Rezultāti", lines=("CSP", "2021. gada 1. janvāris"),
                 logo="data:image/png;base64,iVBORw0KGgo="),
    TitleSection(Key.CLOSING, "Paldies"),
    ListSection(Key.GOALS, "Mūsu mērķis",
                items=(Item("Atgriezeniskā saite"),
                       Item("Balva", url="https://www.csp.gov.lv", badge="2021"))),
    ListSection("empty_list", "Nekā"),
    TilesSection(Key.SERVICE, "Apkalpošana", notes="Avoti: zvani.", sources=(EXPORT, SHEET),
                 method="Mediāna.", tiles=(
                     Tile(17680.0, "17 680", "zvani", note="skaits", code="calls",
                          previous_text="2020: 17 971", previous=17971.0),
                     Tile(4.5, "4,5", "vērtējums"))),
    TilesSection("no_tiles", "Nekā"),
    TableSection(Key.PLAN, "Plāns", table=TABLE),
    TableSection("default_table", "Tukša"),
    ChartSection(Key.SATISFACTION, "Apmierinātība", chart=SHARES, table=TABLE,
                 caption="▲▼: būtiska pārmaiņa", detail=DETAIL,
                 quotes=(("Ieteikumi", ("Ātrāk, lūdzu.", "Paldies!")), ("Citi", ()))),
    ChartSection("no_chart", "Nekā"),
    ChartsSection(Key.SERVICE_MONTHLY, "Pa mēnešiem", charts=(COLUMNS, BARS),
                  said=("Zvanu mazāk.", "Komentāru vairāk.")),
    ChartsSection("no_charts", "Nekā"),
]


def no_lists(value, where: str = "section") -> None:
    """Every sequence of a decoded section is a tuple, as the dataclasses declare."""
    assert not isinstance(value, list), f"{where} is a list"
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            no_lists(getattr(value, f.name), f"{where}.{f.name}")
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            no_lists(item, f"{where}[{i}]")


def through_json(published: Published) -> Published:
    text = json.dumps(published.record(), allow_nan=False)  # strict JSON: no NaN
    return Published.from_record(json.loads(text))


def test_the_cases_cover_every_kind():
    assert {s.kind for s in SECTIONS} == set(SECTION_TYPES) == {
        "title", "list", "tiles", "table", "chart", "charts"}


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: f"{s.kind}-{s.key}")
def test_every_kind_comes_back_from_its_record_as_it_was(section):
    published = Published(section.key, {"lv": section, "en": section},
                          {"lv": ("<svg/>",), "en": ()}, ("a warning",), ("html",))
    back = through_json(published)
    assert back == published
    assert type(back.sections["lv"]) is type(section)
    no_lists(back.sections["lv"])
    assert back.figures == {"lv": ("<svg/>",), "en": ()}
    # one section alone, through the section adapter
    assert SECTION.validate_json(SECTION.dump_json(section)) == section


def test_a_record_is_json_of_the_fields_kind_first_nan_as_null():
    """Worked out by hand: the record's keys in order, StrEnum keys as plain text, tuples as
    lists, NaN (an unknown figure) as null, read back as NaN; a NaN year earlier (an optional
    figure) as null, read back as None."""
    tiles = TilesSection(Key.COMMENTS, "Komentāri", notes="Avots: atbildes.",
                         sources=(SourceRef("answers.xlsx", None, holds="comments"),),
                         tiles=(Tile(float("nan"), "–", "komentāri", previous=float("nan")),))
    record = Published(Key.COMMENTS, {"lv": tiles}).record()
    assert record == {
        "format": 1, "key": "comments",
        "sections": {"lv": {
            "kind": "tiles", "key": "comments", "title": "Komentāri",
            "notes": "Avots: atbildes.",
            "sources": [{"file": "answers.xlsx", "sheet": None, "system": None,
                         "holds": "comments", "systems": []}],
            "method": "", "spoken": "", "asked": "", "lead": "", "figures": [],
            "tiles": [{"value": None, "value_text": "–", "label": "komentāri", "note": "",
                       "code": "", "previous_text": "", "previous": None}]}},
        "figures": {}, "warnings": [], "outputs": ["deck", "html"]}
    assert list(record) == ["format", "key", "sections", "figures", "warnings", "outputs"]
    assert list(record["sections"]["lv"])[:3] == ["kind", "key", "title"]
    assert type(record["key"]) is str and type(record["sections"]["lv"]["key"]) is str

    tile = through_json(Published(Key.COMMENTS, {"lv": tiles})).sections["lv"].tiles[0]
    assert math.isnan(tile.value) and tile.previous is None
    assert dataclasses.replace(tile, value=0.0) == dataclasses.replace(tiles.tiles[0], value=0.0,
                                                                       previous=None)


def test_a_suppressed_value_stays_none_and_a_nan_in_a_series_becomes_none():
    chart = Chart("column", ("2020", "2021"), (Series("Daļa", (None, float("nan"))),), "%", "")
    record = Published("mine", {"lv": ChartSection("mine", "Mans", chart=chart)}).record()
    assert record["sections"]["lv"]["chart"]["series"][0]["values"] == [None, None]
    back = through_json(Published("mine", {"lv": ChartSection("mine", "Mans", chart=chart)}))
    assert back.sections["lv"].chart.series[0].values == (None, None)


def test_the_schema_names_the_kinds_and_rejects_a_value_of_the_wrong_type():
    schema = section_schema()
    good = Published(Key.SERVICE, {"lv": SECTIONS[4]}).record()
    jsonschema.validate(good, schema)
    for path, wrong in ((("kind",), "graph"), (("tiles", 0, "value"), "many"),
                        (("sources", 0, "sheet"), 3)):
        bad = json.loads(json.dumps(good))
        target = bad["sections"]["lv"]
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = wrong
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)


def test_every_record_of_the_2021_build_fits_the_schema_and_comes_back_the_same(build_2021):
    schema = section_schema()
    kinds = set()
    keys = []
    for path in sorted(executed_notebooks(build_2021).glob("*.ipynb")):
        raw = json.loads(path.read_text("utf-8"))
        for cell in raw["cells"]:
            for output in cell.get("outputs", []):
                record = output.get("data", {}).get(MIME)
                if record is None:
                    continue
                jsonschema.validate(record, schema)
                published = Published.from_record(record)
                # written again, the same JSON as the notebook holds
                assert published.record() == record
                keys.append(record["key"])
                kinds |= {s["kind"] for s in record["sections"].values()}
    assert keys == ["title", "summary", "plan", "goals", "pillars", "client_knowledge",
                    "support_unit", "service", "service_monthly", "survey", "participation",
                    "satisfaction", "statements", "comments", "suggestions", "cooperation",
                    "awards", "closing"]  # every section of the four notebooks, in order
    assert kinds == set(SECTION_TYPES)


# ----------------------------------------------------------------------------- unreadable


def executed(record: dict) -> nbformat.NotebookNode:
    """An executed notebook as papermill leaves it: a heading, the injected parameters, a
    cell that published a good section, and a cell that published ``record``."""
    params = Params.from_yaml(ROOT / "params" / "2021.yaml").to_papermill()
    good = Published(Key.TITLE, {"lv": SECTIONS[0]}).record()

    def published(data: dict) -> nbformat.NotebookNode:
        cell = nbformat.v4.new_code_cell("ed.publish(...)")
        cell.outputs = [nbformat.v4.new_output("display_data", data={MIME: data})]
        return cell

    injected = nbformat.v4.new_code_cell("edition = 2021")
    injected.metadata["tags"] = ["injected-parameters"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Mans"), injected,
                                         published(good), published(record)])
    nb.metadata["papermill"] = {"parameters": params}
    return nb


def changed(change) -> dict:
    record = Published(Key.SERVICE, {"lv": SECTIONS[4]}).record()
    change(record)
    return record


def _set_kind(r):
    r["sections"]["lv"]["kind"] = "graph"


def _set_value(r):
    r["sections"]["lv"]["tiles"][0]["value"] = "many"


def _drop_title(r):
    del r["sections"]["lv"]["title"]


def _set_format(r):
    r["format"] = 2


def _set_outputs(r):
    r["outputs"] = ["deck", "pdf"]


# the heading is cell 1, the good section cell 2: papermill's injected cell is not counted
WHERE = "03_mine.ipynb, cell 3 of 3: a published section cannot be read: "
AGAIN = "; run the notebook again"


@pytest.mark.parametrize(("change", "message"), [
    (_set_kind, 'sections.lv: unknown section kind "graph" (the kinds: title, list, tiles, '
                'table, chart, charts)'),
    (_set_value, 'sections.lv.tiles[0].value: expected a number, found "many"'),
    (_drop_title, "sections.lv.title: missing"),
    (_set_format, "its format is 2, this cspreport reads format 1"),
    (_set_outputs, "outputs[1]: expected 'deck' or 'html', found \"pdf\""),
], ids=["unknown kind", "wrong type", "missing", "format", "outputs"])
def test_a_record_that_cannot_be_read_is_named_by_notebook_and_cell(change, message):
    with pytest.raises(BuildError) as err:
        assemble([("03_mine.ipynb", executed(changed(change)))])
    assert str(err.value) == WHERE + message + AGAIN


def snapshot(*folders: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()}


def test_assemble_says_which_cell_holds_an_unknown_kind_and_writes_nothing(tmp_path):
    folder = tmp_path / "executed"
    folder.mkdir()
    nbformat.write(executed(changed(_set_kind)), folder / "03_mine.ipynb")
    before = snapshot(tmp_path)
    result = subprocess.run([sys.executable, "-m", "cspreport", "assemble", str(folder)],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert result.stderr == (
        f'error: {WHERE}sections.lv: unknown section kind "graph" (the kinds: title, list, '
        f'tiles, table, chart, charts){AGAIN}\n')
    assert result.stdout == ""
    assert snapshot(tmp_path) == before


def test_numpy_numbers_and_lists_of_an_analysts_own_section_are_written_as_jupyter_would():
    import numpy as np

    chart = Chart("column", ["2020", "2021"], [Series("Zvani", [np.int64(3), np.float64(2.5)])],
                  "Skaits", "Gads", apart=[np.int64(1)])
    section = ChartSection("mine", "Mans", chart=chart,
                           table=Table(["Gads"], [["2021"]], [np.bool_(False)]))
    record = Published("mine", {"lv": section}).record()
    written = record["sections"]["lv"]
    assert written["chart"]["series"] == [{"name": "Zvani", "values": [3, 2.5]}]
    assert written["chart"]["apart"] == [1]
    assert written["table"] == {"columns": ["Gads"], "rows": [["2021"]], "numeric": [False]}
    back = through_json(Published("mine", {"lv": section})).sections["lv"]
    assert back.chart.series[0].values == (3.0, 2.5) and back.chart.categories == ("2020", "2021")
    assert back.table == Table(("Gads",), (("2021",),), (False,))


def test_a_section_holding_what_json_cannot_fails_its_cell_in_words():
    import cspreport

    class Budget:  # an object of the analyst's own
        pass

    with pytest.raises(cspreport.CspreportError) as err:
        cspreport.publish(TitleSection("mine", "Budžets", lines=("2021", Budget())))
    assert str(err.value) == ("section 'mine' cannot be published: a value of type Budget; a "
                              "section holds text, numbers, true or false, None, and tuples of "
                              "them")


def test_several_problems_are_counted_after_the_first():
    def two_wrong(r):
        r["sections"]["lv"]["tiles"][0]["value"] = "many"
        r["sections"]["lv"]["tiles"][1]["label"] = 7

    with pytest.raises(BuildError) as err:
        assemble([("03_mine.ipynb", executed(changed(two_wrong)))])
    assert str(err.value) == (WHERE + 'sections.lv.tiles[0].value: expected a number, found '
                              '"many" (and 1 more problem)' + AGAIN)
