"""Speaker notes a presenter can read aloud: what the figures are, the change from a year or a
wave earlier (called significant only where the test says so for every count the published
rounding allows, and "cannot tell" in words otherwise), whether each plan indicator was met.
Numbers worked out by hand from the reference figures (and statsmodels for the test)."""

from __future__ import annotations

import pytest
from pptx import Presentation
from statsmodels.stats.proportion import proportions_ztest

from cspreport.i18n import Catalogue
from cspreport.render.pptx.find import slide_for
from tests.helpers import csv_rows_in, plain, xlsx_rows_in
from tests.project import ROOT

pytestmark = pytest.mark.slow
LV_BACKGROUND = "Fonam, ja jautā – avoti un kā iegūti skaitļi:"
EN_BACKGROUND = "Background, if asked – sources and how the figures were obtained:"
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
    # ("a year earlier": "in 2020" would be read as the whole of 2020, not January–September)
    assert ("Ienākošie un izejošie zvani: 17 680 – par 1,6% mazāk nekā gadu iepriekš "
            "(17 971).") in lv
    assert "Incoming and outgoing calls: 17,680 – 1.6% fewer than a year earlier (17,971)." \
        in en
    # 1 656 e-mails against 1 694: 38 / 1 694 = 2.24% fewer
    assert "1 656 – par 2,2% mazāk nekā gadu iepriekš (1 694)." in lv
    # averages by how much, in their unit: 2.3 min against 2.4 min
    assert "Average call duration: 2.3 min – 0.1 min lower than a year earlier (2.4 min)." in en
    assert "Average call rating: 4.5 – the same as a year earlier." in en
    # a count under 50 by its difference: 31 voice messages against 29 is 2 more (not 6.9%)
    voice = csv_rows_in(EXPORTS / "voice_messages.csv", "listened_at", "2020-01-01",
                        "2020-09-30")
    assert voice == 29
    assert "Noklausītas ārpus darba laika atstātās ziņas: 31 – par 2 vairāk nekā gadu " \
        "iepriekš (29)." in lv
    assert "Out-of-hours voice messages listened to: 31 – 2 more than a year earlier (29)." \
        in en
    assert "6,9%" not in lv and "6.9%" not in en
    # the message first: chats 89 against 104, 15 / 104 = 14.4%, the largest change
    assert lv.startswith("Apkalpoto čatu skaits samazinājās par 14% – no 104 līdz 89; tā ir "
                         "lielākā pārmaiņa pret to pašu periodu gadu iepriekš.")
    assert en.startswith("Chats served fell 14%, from 104 to 89: the largest change from the "
                         "same period a year earlier.")


def test_participation_and_comments_agree_with_their_numbers(notes):
    assert notes("lv", "participation").startswith(
        "Atsaucība samazinājās no 1 018 līdz 733 respondentiem. 2021. gada aptaujā piedalījās "
        "733 respondenti (2019. gadā – 1 018).")
    assert notes("en", "participation").startswith(
        "Participation fell from 1,018 to 733 respondents. 733 respondents took part in the "
        "2021 survey (1,018 in 2019).")
    assert "2021. gada aptaujā 155 respondenti atstāja komentārus." in notes("lv", "suggestions")


def test_latvian_agrees_with_numbers_ending_in_one():
    t = Catalogue("lv")
    say = "survey.say_participation"
    assert t.plural(say, 21, wave=2021, before="").endswith("21 respondents.")
    assert t.plural(say, 11, wave=2021, before="").endswith("11 respondenti.")
    assert t.plural(say, 1001, n_text="1 001", wave=2021, before="").endswith(
        "1 001 respondents.")
    assert Catalogue("en").plural(say, 1, wave=2021, before="").startswith("1 respondent ")


def test_satisfaction_change_cannot_be_told_from_rounded_figures(notes):
    # fully agree: 616 of 733 in 2021 (84%) against 80% of 1 018 in 2019. On the midpoint
    # (814.4) the test says significant; but 80% is any count from 810 (79.57%) to 819
    # (80.45%), and at 819 it does not: so the notes say it cannot be told, in words
    _, midpoint = proportions_ztest([616, 0.80 * 1018], [733, 1018])
    _, at_819 = proportions_ztest([616, 819], [733, 1018])
    assert midpoint < 0.05 <= at_819
    lv, en = notes("lv", "satisfaction"), notes("en", "satisfaction")
    # the survey is over: said in the past tense, with a subject
    assert ("2021. gadā pilnīgi piekrita 84% respondentu, par 4 procentpunktiem vairāk nekā "
            "2019. gadā (80%); vai izmaiņa ir statistiski nozīmīga, nevar pateikt, jo 2019. gada "
            "skaitļi zināmi tikai noapaļoti.") in lv
    # fully or partly: 697 of 733 (95%) against 80 + 17 = 97% (978..997 of 1 018)
    assert ("In 2021, 95% of respondents fully or partly agreed, 2 percentage points less "
            "than in 2019 (97%); we cannot tell whether the change is statistically "
            "significant, as the 2019 figures are known only rounded.") in en
    # no p-value read aloud: they are in the background, with the range over the rounding
    for text, heading in ((lv, LV_BACKGROUND), (en, EN_BACKGROUND)):
        spoken = text.split(heading)[0]
        assert "p = " not in spoken and "p < " not in spoken and "p no " not in spoken
        assert "p from " not in spoken
    _, at_810 = proportions_ztest([616, 810], [733, 1018])

    def comma(p):
        return f"{p:.3f}".replace(".", ",")
    assert (f"2019 → 2021, pilnīgi piekrīt: +4 p.p., p no {comma(at_810)} līdz "
            f"{comma(at_819)} – nevar pateikt, vai nozīmīga.") in lv.split(LV_BACKGROUND)[1]


def test_every_plan_indicator_said_met_or_not(notes):
    en = notes("en", "plan")
    assert ("target 86%; the survey gives 95%, and even the lower end of its 95% confidence "
            "interval (93.3%) reaches the target – met.") in en
    # the indicators without a figure yet: said once, with when there will be one
    assert en.count("will be known") == 1
    assert ("The results of indicators 1, 3 and 4 will be known after the end of 2021."
            in en)
    assert "1., 3. un 4. rādītāja izpilde būs zināma pēc 2021. gada beigām." in \
        notes("lv", "plan")
    # the background a presenter reads only if asked, under its own heading, with no codes
    background = en.split(EN_BACKGROUND)[1]
    # the wave named by when it was fielded (the export's submission times: 6–27 September)
    assert ("Indicator 2: the figure comes from the respondent survey of September 2021: 95% "
            "(93.3–96.4%).") in background
    assert "submitted 6 September 2021 – 27 September 2021" in background
    # said aloud too; within the period (January–September 2021), so nothing more
    assert "We judge this indicator on the survey of September 2021." in en
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
    assert [c.text for c in table.rows[2].cells][1:] == [
        "86%", "95% (2021. gada septembra aptauja) – sasniegts"]
    # the three indicators without a figure yet: a dash each, and once, in the table's last
    # line, when there will be one (the plan is for the year; the period ends in September)
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert [r[2] for r in cells[1:5]] == ["–", cells[2][2], "–", "–"]
    # under the table, as a note, not a row that looks like data
    assert len(cells) == 5
    (_note,) = [s for s in slide_for(deck, "plan").shapes if s.has_text_frame
               and s.text_frame.text == "1., 3. un 4. rādītāja izpilde būs zināma pēc 2021. "
               "gada beigām."]
    assert "datu nav" not in " ".join(" ".join(r) for r in cells)


def test_statements_said_with_their_shares(notes):
    # the outline's "results 2021": fully 78/85/88%, fully or partly 96/94/94%; 2021 is the
    # first wave asked by statement, so there is no change to say
    lv, en = notes("lv", "statements"), notes("en", "statements")
    assert ("Profesionāli un zinoši: 2021. gadā pilnīgi piekrita 78% respondentu. 2021. gadā "
            "pilnīgi vai daļēji piekrita 96% respondentu.") in lv
    assert "Laipni un pieklājīgi: 2021. gadā pilnīgi piekrita 88% respondentu." in lv
    assert "Responsive and interested: In 2021, 85% of respondents fully agreed." in en
    assert "In 2021, 94% of respondents fully or partly agreed." in \
        en.split("Kind and polite: ")[1]


def test_title_and_closing_slides_have_notes(notes):
    closing = notes("en", "closing")
    assert closing.startswith("Thank you for your attention! We are glad to answer your "
                              "questions.")
    # the contacts are on the slide; the notes keep them as background, not read out
    spoken, background = closing.split(EN_BACKGROUND)
    assert "https://" not in spoken
    assert "Website: https://www.csp.gov.lv\nE-mail: info@csp.gov.lv" in background
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
    tabled = {"Chats", "Voice messages listened to"}  # in a table on the last slide
    for n, slide in enumerate(slides_for(deck, "service_monthly"), start=1):
        said = plain(slide.notes_slide.notes_text_frame.text)
        here = [f.chart.chart_title.text_frame.text for f in slide.shapes if f.has_chart]
        if n == 2:
            here += sorted(tabled)
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
    # calls, e-mails and EDV as charts; chats (4–20 a month) and voice messages (1–9) in a
    # table beside the EDV chart, said on that slide: two slides in all
    assert seen == ["Calls", "E-mails answered", "EDV registration requests"]
    monthly = slides_for(deck, "service_monthly")
    assert len(monthly) == 2
    last = plain(monthly[-1].notes_slide.notes_text_frame.text)
    assert "Chats: most in March (20), fewest in July (4)." in last
    assert "Voice messages listened to: most in July (9), fewest in August, September (1)." \
        in last
    (table,) = [s.table for s in monthly[-1].shapes if s.has_table]
    rows = [[c.text for c in row.cells] for row in table.rows]
    # each channel's heading spans its two years (a merged cell), so that none wraps
    assert rows[:2] == [["", "Chats", "", "Voice messages listened to", ""],
                        ["Month", "2020", "2021", "2020", "2021"]]
    assert table.cell(0, 1).span_width == 2 and table.cell(0, 3).span_width == 2
    assert rows[4][2] == "20" and rows[8][4] == "9"  # March's chats, July's voice messages


def test_slides_of_points_say_them_and_the_html_does_not_repeat_them(notes, build_2021):
    # the edition's own words for its slides of points (content.yaml, said), the message first
    # and each goal on its own: "efficient" is no fifth adjective of "consult first"
    assert notes("en", "goals").startswith(
        "Our goal is to be always available and to consult first – fast, supportive and "
        "understandable. We get there through feedback, excellent cooperation and professional "
        "growth, and we work efficiently.\nThe key to success is efficient client service.")
    # each award named once, in quotation marks, the year once
    assert ("2018. gadā saņēmām apbalvojumus «Informācijas sniegšanas un konsultācijas "
            "līderis» un «Uzņēmēju izvēle», 2019. gadā – «Līderis klientorientētā "
            "apkalpošanā», 2020. gadā – atkal «Uzņēmēju izvēle».") in notes("lv", "awards")
    assert ("iespēja atstāt signālu" not in notes("lv", "support_unit")
            and "un mēs atzvanām; katru zvanu klients var novērtēt." in notes("lv", "support_unit"))
    page = (build_2021.output_dir / "cspreport-2021-en.html").read_text(encoding="utf-8")
    assert "On this slide" not in page


def test_cooperation_says_which_themes_have_a_measure_and_which_none(notes, build_2021):
    """content.yaml names a measure for 4 of the 7 themes (administrative data, validations,
    complexity, communication): the slide pairs every theme, the rest with "no measure yet",
    and the notes never claim that every request is answered."""
    said = notes("lv", "cooperation")
    assert said.startswith("Daļai no tā, ko respondenti ierosināja, jau ir atbilde mūsu "
                           "sadarbības pasākumos: 4 no 7 tēmām – «Administratīvie dati», "
                           "«Validācijas», «Sarežģītība» un «Saziņa un preventīvie pasākumi».")
    assert "Tēmām «Termiņi», «Automātiskā summēšana» un «Preprints» pasākuma vēl nav." in said
    deck = Presentation(str(build_2021.output_dir / "cspreport-2021-en.pptx"))
    text = _slide_text(slide_for(deck, "cooperation"))
    for pair in ("Deadlines → no measure yet", "Complexity → Consultations on surveys",
                 "Validation checks in forms → Consultations on surveys",
                 "What respondents suggested → what we do", "Other cooperation measures",
                 "Answers to requests"):
        assert pair in text, pair
    assert " and Complexity" not in text


def _slide_text(slide) -> str:
    """A slide's text, without the word joiners that keep an interval on one line."""
    return plain(" ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
                 ).replace("\u2060", "")


def test_the_year_in_one_view_follows_the_cover(build_2021):
    from statsmodels.stats.proportion import proportion_confint

    # the year earlier, counted in the exports as a person would with a filter
    chats = csv_rows_in(EXPORTS / "chats.csv", "started", "2020-01-01", "2020-09-30", ",")
    voice = csv_rows_in(EXPORTS / "voice_messages.csv", "listened_at", "2020-01-01",
                        "2020-09-30")
    assert (chats, voice) == (104, 29)
    # the changes as the tiles round them (reference outline: 89 chats, 31 voice messages,
    # 2.3 min): chats 15 / 104 = 14.4% fewer; calls 2.3 min against 2.4 (2.38): 0.1 / 2.4 =
    # 4.2%; voice messages 31 - 29 = 2, a count under 50, so 2 / 50 = 4%; then the chat
    # rating 0.3 / 8.4 = 3.6% and e-mails 38 / 1 694 = 2.2% are left out
    # satisfaction: 84% + 11% of 733 = 697 fully or partly agree, Wilson interval
    low, high = proportion_confint(697, 733, method="wilson")
    assert (round(100 * low, 1), round(100 * high, 1)) == (93.3, 96.4)
    for lang, expected, said in (
            ("lv", ["1 no 4", "sasniegts", "3 no 4", "izpilde vēl nav zināma",
                    "plāna 2. rādītājs", "plāna 1., 3. un 4. rādītājs", "95%",
                    "93,3–96,4%", "−14%", "Apkalpoti čati: 89", "−0,1 min", "+2",
                    "Noklausītas ārpus darba laika atstātās ziņas: 31"],
             ["No 4 plāna rādītājiem 1 sasniegts (2. rādītājs); 3 rādītāju izpilde būs "
              "zināma pēc 2021. gada beigām (1., 3. un 4. rādītājs).",
              "pilnīgi vai daļēji apmierināti bija 95% respondentu; ar 95% ticamību – no "
              "93,3% līdz 96,4%.",
              "Apkalpoti čati – 89, par 14% mazāk nekā gadu iepriekš (104).",
              "Zvanu vidējais ilgums – 2,3 min, par 0,1 min mazāk nekā gadu iepriekš (2,4 min).",
              "Noklausītas ārpus darba laika atstātās ziņas – 31, par 2 vairāk nekā gadu "
              "iepriekš (29)."]),
            ("en", ["1 of 4", "met", "3 of 4", "results not yet known", "plan indicator 2",
                    "plan indicators 1, 3 and 4", "95%", "93.3–96.4%", "−14%",
                    "Chats served: 89", "−0.1 min", "+2"],
             ["Of the 4 plan indicators, 1 was met (indicator 2); for 3 the results will be "
              "known after the end of 2021 (indicators 1, 3 and 4).",
              "Chats served: 89, 14% fewer than a year earlier (104).",
              "Out-of-hours voice messages listened to: 31, 2 more than a year earlier (29)."])):
        deck = Presentation(str(build_2021.output_dir / f"cspreport-2021-{lang}.pptx"))
        slide = deck.slides[1]
        assert slide.name == "summary"
        text = _slide_text(slide)
        for part in expected:
            assert part in text, (lang, part)
        assert "8,7" not in text and "8.7" not in text  # the chat rating: fourth
        notes = plain(slide.notes_slide.notes_text_frame.text)
        for part in said:
            assert part in notes, (lang, part)


def test_no_note_reads_out_an_inventory_a_direction_an_address_or_a_p_value(build_2021):
    """What a presenter says (before the background heading) of every slide of both decks:
    no "on this slide" inventory, no stage direction, no URL, no p-value, no file name; the
    sources stay in the background."""
    banned = ["Šajā slaidā", "On this slide", "Aiciniet", "Invite questions", "http", "p =",
              "p <", ".csv", ".xlsx", "Avots:", "Source:", "plan_indicators"]
    for lang, heading in (("lv", LV_BACKGROUND), ("en", EN_BACKGROUND)):
        deck = Presentation(str(build_2021.output_dir / f"cspreport-2021-{lang}.pptx"))
        for n, slide in enumerate(deck.slides, start=1):
            text = plain(slide.notes_slide.notes_text_frame.text)
            spoken = text.split(heading)[0]
            assert spoken.strip(), f"{lang} slide {n}: nothing to say"
            for word in banned:
                assert word not in spoken, f"{lang} slide {n}: {word!r} in {spoken!r}"


def test_one_style_of_quotation_marks_and_no_award_names_run_together(build_2021):
    # content.yaml writes “Konsultē vispirms” in one Latvian text and «…» in others; the
    # slides use « » in Latvian and “ ” in English throughout
    for lang, wrong, right in (("lv", "“”", "«»"), ("en", "«»", "“”")):
        deck = Presentation(str(build_2021.output_dir / f"cspreport-2021-{lang}.pptx"))
        text = " ".join(_slide_text(slide) for slide in deck.slides)
        assert not set(wrong) & set(text), lang
        assert set(right) <= set(text), lang
        awards = _slide_text(slide_for(deck, "awards"))
        assert "» «" not in awards and "” “" not in awards, awards
    lv = Presentation(str(build_2021.output_dir / "cspreport-2021-lv.pptx"))
    awards = _slide_text(slide_for(lv, "awards"))
    # 2018 and 2020: «Uzņēmēju izvēle» each on a card of its own; the programme only in the title
    assert awards.count("\n«Uzņēmēju izvēle»") == 2 and awards.count("«Konsultē vispirms»") == 1
