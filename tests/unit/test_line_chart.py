"""A line chart published from a notebook is a native line chart in the deck (points an
office can restyle and re-read in PowerPoint) and an SVG drawing in the HTML report."""

from __future__ import annotations

import base64
import re

import IPython.display
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from cspreport.assemble import from_published, write_outputs
from cspreport.params import Params
from cspreport.publishing import publish
from cspreport.report import Chart, ChartSection, ChartsSection, Series

MONTHS = ("janv.", "febr.", "marts", "apr.")


def published_section(section, monkeypatch):
    shown = []
    monkeypatch.setattr(IPython.display, "display", shown.append)
    publish(section)
    return shown[0]


def line(title: str, *series: Series) -> Chart:
    return Chart("line", MONTHS, series, value_title=title, category_title="Mēnesis",
                 alt=f"{title} pa mēnešiem")


def test_a_line_chart_is_native_in_the_deck_and_an_svg_in_the_report(tmp_path, monkeypatch):
    one = ChartSection("calls_trend", "Zvani pa mēnešiem",
                       chart=line("Zvani", Series("2021", (1200.0, 1350.0, None, 1500.0))))
    several = ChartsSection("trends", "Tendences", charts=(
        line("Zvani", Series("2020", (1000.0, 1100.0, 1050.0, 990.0)),
             Series("2021", (1200.0, 1350.0, 1400.0, 1500.0))),
        line("E-pasti", Series("2021", (300.0, 320.0, 310.0, 305.0)))))
    published = [("mine.ipynb", published_section(s, monkeypatch)) for s in (one, several)]
    assert published[0][1].figures["lv"][0].lstrip().startswith("<?xml")  # shown as SVG

    assembled = from_published(Params(), published)
    write_outputs(assembled, tmp_path)

    deck = Presentation(tmp_path / "cspreport-2021-lv.pptx")
    charts = [shape.chart for slide in deck.slides for shape in slide.shapes
              if shape.has_chart]
    assert [c.chart_type for c in charts] == [XL_CHART_TYPE.LINE_MARKERS] * 3
    first = charts[0].plots[0]
    assert list(first.categories) == list(MONTHS)
    assert [s.values for s in first.series] == [(1200.0, 1350.0, None, 1500.0)]
    assert [s.name for s in charts[1].plots[0].series] == ["2020", "2021"]

    page = (tmp_path / "cspreport-2021-lv.html").read_text(encoding="utf-8")
    for key, pictures in (("calls_trend", 1), ("trends", 2)):
        start = page.index(f'id="sec-{key}"')
        section = page[start:page.index("</section>", start)]
        svgs = [base64.b64decode(found).decode("utf-8") for found in
                re.findall(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', section)]
        assert len(svgs) == pictures, key
        for svg in svgs:
            assert "<svg" in svg
            assert "janv." in svg and "marts" in svg  # the months label the axis
