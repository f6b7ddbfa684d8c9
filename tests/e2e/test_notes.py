"""Speaker notes a presenter can read aloud: what the figures are, the change from a year or a
wave earlier (called significant only where the test says so), whether each plan indicator was
met. Numbers worked out by hand from the reference figures (and statsmodels for the test)."""

from __future__ import annotations

import pytest
from pptx import Presentation
from statsmodels.stats.proportion import proportions_ztest

from cspreport.i18n import Catalogue
from cspreport.render.pptx.find import slide_for
from tests.helpers import csv_rows_in, plain, xlsx_rows_in
from tests.project import ROOT

pytestmark = pytest.mark.slow
EXPORTS = ROOT / "data" / "2021" / "exports"


@pytest.fixture(scope="module")
def notes(build_2021):
    def read(lang: str, key: str) -> str:
        deck = Presentation(str(build_2021.output_dir / f"cspreport-2021-{lang}.pptx"))
        return plain(slide_for(deck, key).notes_slide.notes_text_frame.text)
    return read


def test_service_figures_with_their_change(notes):
    lv, en = notes("lv", "service"), notes("en", "service")
    # The year-earlier figures, counted in the exports as a person would with a filter: calls
    # that started, e-mails answered in January–September 2020 (the reference gives 2021's).
    calls = csv_rows_in(EXPORTS / "calls.csv", "Sākuma laiks", "2020-01-01", "2020-09-30")
    emails = xlsx_rows_in(EXPORTS / "emails.xlsx", "E-pasti", "Atbildēts", "2020-01-01",
                          "2020-09-30")
    assert (calls, emails) == (17971, 1694)
    # 17 680 calls against 17 971 a year earlier: 291 / 17 971 = 1.62% fewer
    assert "Ienākošie un izejošie zvani: 17 680 – par 1,6% mazāk nekā 2020. gadā (17 971)." in lv
    assert "Incoming and outgoing calls: 17,680 – 1.6% fewer than in 2020 (17,971)." in en
    # 1 656 e-mails against 1 694: 38 / 1 694 = 2.24% fewer
    assert "1 656 – par 2,2% mazāk nekā 2020. gadā (1 694)." in lv
    # averages by how much, in their unit: 2.3 min against 2.4 min
    assert "Average call duration: 2.3 min – 0.1 min lower than in 2020 (2.4 min)." in en
    assert "Average call rating: 4.5 – the same as in 2020." in en


def test_participation_and_comments_agree_with_their_numbers(notes):
    assert "2021. gada aptaujā piedalījās 733 respondenti (2019. gadā – 1 018)." in \
        notes("lv", "participation")
    assert "733 respondents took part in the 2021 survey (1,018 in 2019)." in \
        notes("en", "participation")
    assert "2021. gada aptaujā 155 respondenti atstāja komentārus." in notes("lv", "suggestions")


def test_latvian_agrees_with_numbers_ending_in_one():
    t = Catalogue("lv")
    say = "survey.say_participation"
    assert t.plural(say, 21, wave=2021, before="").endswith("21 respondents.")
    assert t.plural(say, 11, wave=2021, before="").endswith("11 respondenti.")
    assert t.plural(say, 1001, n_text="1 001", wave=2021, before="").endswith(
        "1 001 respondents.")
    assert Catalogue("en").plural(say, 1, wave=2021, before="").startswith("1 respondent ")


def test_satisfaction_change_called_significant_by_the_test(notes):
    # fully agree: 616 of 733 in 2021 (84%) against 80% of 1 018 in 2019 (814.4)
    _, p = proportions_ztest([616, 0.80 * 1018], [733, 1018])
    assert p < 0.05
    shown = f"{p:.3f}".replace(".", ",")
    assert (f"2021. gadā pilnīgi piekrīt – 84%, par 4 procentpunktiem vairāk nekā 2019. gadā "
            f"(80%); izmaiņa ir statistiski nozīmīga (p = {shown}).") in \
        notes("lv", "satisfaction")


def test_every_plan_indicator_said_met_or_not(notes):
    en = notes("en", "plan")
    assert ("target 86%; the survey gives 95%, and even the lower end of its 95% confidence "
            "interval (93.3%) reaches the target – met.") in en
    assert en.count("there is no figure for this period yet") == 3
    # the background a presenter reads only if asked, under its own heading, with no codes
    background = en.split("How the figures were obtained (background, if asked):")[1]
    assert ("Indicator 2: the figure comes from the respondent survey of 2021: 95% "
            "(93.3–96.4%).") in background
    assert "PI2" not in en


def test_no_table_has_a_column_of_dashes(build_2021):
    """In every table of both decks and both HTML reports each column has a value somewhere:
    no column whose cells are all empty or "–" (the plan's result is said in words)."""
    from lxml import html as lxml_html

    def check(rows: list[list[str]], where: str) -> None:
        for j, column in enumerate(zip(*rows[1:], strict=True)):
            assert any(v.strip() not in ("", "–") for v in column), f"{where}: column {j}"

    for lang in ("lv", "en"):
        deck = Presentation(str(build_2021.output_dir / f"cspreport-2021-{lang}.pptx"))
        tables = [s.table for slide in deck.slides for s in slide.shapes if s.has_table]
        assert tables
        for table in tables:
            check([[c.text for c in row.cells] for row in table.rows], f"{lang} deck")
        page = lxml_html.fromstring(
            (build_2021.output_dir / f"cspreport-2021-{lang}.html").read_bytes())
        for table in page.xpath("//table"):
            check([[c.text_content() for c in tr.xpath("./td|./th")]
                   for tr in table.xpath(".//tr")], f"{lang} HTML")
    deck = Presentation(str(build_2021.output_dir / "cspreport-2021-lv.pptx"))
    table = next(s.table for s in slide_for(deck, "plan").shapes if s.has_table)
    assert [c.text for c in table.rows[2].cells][1:] == ["86%", "95% – sasniegts"]


def test_statements_said_with_their_shares(notes):
    # the outline's "results 2021": fully 78/85/88%, fully or partly 96/94/94%; 2021 is the
    # first wave asked by statement, so there is no change to say
    lv, en = notes("lv", "statements"), notes("en", "statements")
    assert ("Profesionāli un zinoši: 2021. gadā pilnīgi piekrīt – 78%. 2021. gadā pilnīgi un "
            "daļēji piekrīt – 96%.") in lv
    assert "Laipni un pieklājīgi: 2021. gadā pilnīgi piekrīt – 88%." in lv
    assert "Responsive and interested: In 2021, fully agree: 85%." in en
    assert "In 2021, fully or partly agree: 94%." in en.split("Kind and polite: ")[1]


def test_title_and_closing_slides_have_notes(notes):
    closing = notes("en", "closing")
    assert closing.startswith("Thank you for your attention!")
    assert "Website: https://www.csp.gov.lv; E-mail: info@csp.gov.lv" in closing
    assert "1 January 2021 – 30 September 2021" in notes("en", "title")


def test_each_monthly_slide_says_its_own_charts(build_2021):
    """The notes of each monthly slide name, for each chart on it, the month whose bar of the
    period is the highest and the one whose bar is the lowest, as the chart draws them."""
    deck = Presentation(str(build_2021.output_dir / "cspreport-2021-en.pptx"))
    from cspreport.render.pptx.find import slides_for

    months = {"Jan": "January", "Feb": "February", "Mar": "March", "Apr": "April",
              "May": "May", "Jun": "June", "Jul": "July", "Aug": "August", "Sept": "September"}
    seen = []
    channels = ("Calls", "E-mails answered", "Chats", "Voice messages listened to",
                "EDV registration requests")
    for slide in slides_for(deck, "service_monthly"):
        said = plain(slide.notes_slide.notes_text_frame.text)
        here = [f.chart.chart_title.text_frame.text for f in slide.shapes if f.has_chart]
        for other in set(channels) - set(here):  # nothing of another slide's charts
            assert f"{other}: most" not in said
        for frame in (s for s in slide.shapes if s.has_chart):
            chart = frame.chart
            title = chart.chart_title.text_frame.text
            cats = list(chart.plots[0].categories)
            values = list(chart.series[-1].values)  # the period's series (2021)
            pairs = list(zip(cats, values, strict=True))
            top = ", ".join(months[c] for c, v in pairs if v == max(values))
            low = ", ".join(months[c] for c, v in pairs if v == min(values))
            assert f"{title}: most in {top} ({max(values):,.0f}), fewest in {low} " \
                   f"({min(values):,.0f})." in said, said
            seen.append(title)
    assert seen == list(channels)


def test_slides_of_points_say_them_and_the_html_does_not_repeat_them(notes, build_2021):
    # content.yaml's goals, in order
    assert notes("en", "goals").startswith(
        "On this slide: Feedback; Excellent cooperation; Professional growth; Always "
        "available; Consult first – fast, supportive, understandable; Efficient.")
    assert "Šajā slaidā: 2018 – «Konsultē vispirms» informācijas sniegšanas" in \
        notes("lv", "awards")
    page = (build_2021.output_dir / "cspreport-2021-en.html").read_text(encoding="utf-8")
    assert "On this slide" not in page
