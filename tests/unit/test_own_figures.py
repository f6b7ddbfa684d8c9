"""An analyst's own pictures of a section's charts (``figure=``): the report's figures handed
over by ``cspreport.figures``, changed and published, for a section of one chart or several;
a wrong count, a section without charts or something that is no figure refused in words."""

from __future__ import annotations

import base64
import re

import IPython.display
import pytest
from matplotlib.figure import Figure

import cspreport
from cspreport.assemble import from_published, write_outputs
from cspreport.params import Params
from cspreport.publishing import PublishError, publish
from cspreport.report import Chart, ChartSection, ChartsSection, Item, ListSection, Series

MONTHS = ("janv.", "febr.", "marts")


def bars(title: str, *values: float) -> Chart:
    return Chart("column", MONTHS, (Series("2021", values),), value_title=title,
                 category_title="Mēnesis", alt=f"{title} pa mēnešiem")


# three small multiples, as the monthly series of the service section
TRENDS = ChartsSection("trends", "Tendences", charts=(
    bars("Zvani", 1200.0, 1350.0, 1500.0), bars("E-pasti", 300.0, 320.0, 310.0),
    bars("Čati", 20.0, 25.0, 30.0)))
ONE = ChartSection("calls", "Zvani", chart=bars("Zvani", 1200.0, 1350.0, 1500.0))


@pytest.fixture
def shown(monkeypatch) -> list:
    """What publish displays under the cell."""
    out = []
    monkeypatch.setattr(IPython.display, "display", out.append)
    return out


def svgs_of(page: str, key: str) -> list[str]:
    start = page.index(f'id="sec-{key}"')
    section = page[start:page.index("</section>", start)]
    return [base64.b64decode(b).decode("utf-8") for b in
            re.findall(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', section)]


def test_the_report_figures_changed_and_published_are_the_report_s_pictures(shown, tmp_path):
    figures = cspreport.figures(TRENDS)
    assert len(figures) == 3 and all(isinstance(f, Figure) for f in figures)
    # the report's drawing: the chart's own words label it
    assert [f.axes[0].get_title(loc="left") for f in figures] == ["Zvani", "E-pasti", "Čati"]
    for n, fig in enumerate(figures, start=1):
        fig.axes[0].set_title(f"Mans grafiks {n}", loc="left")
    publish(TRENDS, figure=figures)

    write_outputs(from_published(Params(), [("mine.ipynb", shown[0])]), tmp_path)
    page = (tmp_path / "cspreport-2021-lv.html").read_text(encoding="utf-8")
    pictures = svgs_of(page, "trends")
    assert len(pictures) == 3
    for n, svg in enumerate(pictures, start=1):
        assert f"Mans grafiks {n}" in svg  # the analyst's title, in the chart's place
        assert "Zvani" not in svg and "janv." in svg
    # what the cell showed is what the report shows, byte for byte
    assert list(shown[0].figures["lv"]) == pictures


def test_one_figure_for_a_section_of_one_chart(shown):
    (fig,) = cspreport.figures(ONE)
    fig.axes[0].set_title("Mans")
    publish(ONE, figure=fig)
    (svg,) = shown[0].figures["lv"]
    assert "Mans" in svg


@pytest.mark.parametrize(("section", "figure", "message"), [
    (TRENDS, "two", "section 'trends' has 3 charts: figure= expects a list of 3 matplotlib "
     "Figures, one per chart in this order: 'Zvani', 'E-pasti', 'Čati'; found a list of 2"),
    (TRENDS, "one", "section 'trends' has 3 charts: figure= expects a list of 3 matplotlib "
     "Figures, one per chart in this order: 'Zvani', 'E-pasti', 'Čati'; found one figure"),
    (ONE, "two", "section 'calls' has one chart: figure= expects one matplotlib Figure (or a "
     "list of one); found a list of 2"),
    (ONE, "axes", "section 'calls': figure= is of type Axes, not a matplotlib Figure (give "
     "its .figure); expected one matplotlib Figure (or a list of one)"),
    (ListSection("goals", "Mērķi", items=(Item("Būt atvērtiem"),)), "one",
     "section 'goals' has no chart (a list section): figure= replaces the pictures of a "
     "section's charts; publish your figure in a ChartSection of your own"),
])
def test_a_wrong_figure_is_refused_naming_the_section_and_what_was_expected(
        shown, section, figure, message):
    given = {"one": Figure(), "two": [Figure(), Figure()], "axes": Figure().subplots()}[figure]
    with pytest.raises(PublishError) as err:
        publish(section, figure=given)
    assert str(err.value) == message
    assert shown == []  # nothing recorded


def test_each_language_its_own_figures(shown):
    class Both:  # the edition of a run in both languages, as far as publish needs it
        languages = ("lv", "en")
        params = Params(lang="both")

    lv, en = Figure(), Figure()
    lv.suptitle("latviski")
    en.suptitle("in English")
    publish(ONE, edition=Both(), figure={"lv": lv, "en": en})
    figures = shown[0].figures
    assert "latviski" in figures["lv"][0] and "in English" in figures["en"][0]
    with pytest.raises(PublishError) as err:
        publish(ONE, edition=Both(), figure={"lv": lv})
    assert str(err.value) == ("section 'calls': figure= gives no figures for en (expected a "
                              "mapping of each language of the run, lv, en, to its figures)")


def test_the_brand_colour_draws_the_single_series():
    brand = Params(brand_colour="7A1F3D").brand_colour

    class Branded:
        languages = ("lv",)
        params = Params(brand_colour=brand)

    (fig,) = cspreport.figures(ONE, edition=Branded())
    colours = {tuple(round(c, 3) for c in bar.get_facecolor()[:3])
               for bar in fig.axes[0].patches}
    # 7A1F3D: red 0x7A = 122, green 0x1F = 31, blue 0x3D = 61, over 255
    assert colours == {(round(122 / 255, 3), round(31 / 255, 3), round(61 / 255, 3))}
