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


def test_service_notes_open_with_the_change_that_matters(notes):
    lv, en = notes("lv", "service"), notes("en", "service")
    # The year-earlier figures, counted in the exports as a person would with a filter: calls
    # that started, e-mails answered in January–September 2020 (the reference gives 2021's).
    calls = csv_rows_in(EXPORTS / "calls.csv", "Sākuma laiks", "2020-01-01", "2020-09-30")
    emails = xlsx_rows_in(EXPORTS / "emails.xlsx", "E-pasti", "Atbildēts", "2020-01-01",
                          "2020-09-30")
    chats = csv_rows_in(EXPORTS / "chats.csv", "started", "2020-01-01", "2020-09-30", ",")
    voice = csv_rows_in(EXPORTS / "voice_messages.csv", "listened_at", "2020-01-01",
                        "2020-09-30")
    assert (calls, emails, chats, voice) == (17971, 1694, 104, 29)
    # the message first: no change beyond chance. Chats 89 against 104 are 14.4% fewer, but
    # 15 < 2·√(104 + 89) ≈ 27.8: within chance, said by both figures; calls 291 / 17 971 =
    # 1.6% fewer, e-mails 38 / 1 694 = 2.2% fewer, EDV 11 / 4 834 = 0.2% more: the volume,
    # stable; voice messages 31 against 29 (2 < 2·√60): noise, not said as a change ("a year
    # earlier": not "in 2020", read as all of 2020)
    assert lv.startswith(
        "Salīdzinājumā ar to pašu periodu gadu iepriekš klientu apkalpošanas rādītāji gandrīz "
        "nemainījās, arī kontaktu apjoms: zvanu skaits – 17 680 pret 17 971, atbildēto "
        "e-pastu skaits – 1 656 pret 1 694, EDV reģistrēšanās pieteikumu skaits – 4 845 pret "
        "4 834 un apkalpoto čatu skaits – 89 pret 104.")
    assert en.startswith(
        "Compared with the same period a year earlier, the client-service figures were "
        "stable, the volume of contacts too: calls 17,680 against 17,971, e-mails answered "
        "1,656 against 1,694, EDV registration requests 4,845 against 4,834 and chats served "
        "89 against 104.")
    # no inventory of the tiles, no "(previous value)", no 6.9% for 2 voice messages
    for text, heading in ((lv, LV_BACKGROUND), (en, EN_BACKGROUND)):
        spoken = text.split(heading)[0]
        assert "(" not in spoken and "6,9%" not in spoken and "6.9%" not in spoken
        assert "14,4%" not in spoken and "8,7" not in spoken and "8.7" not in spoken


def test_participation_and_comments_agree_with_their_numbers(notes):
    # 1 018 − 733 = 285 fewer; 285 / 1 018 = 28.0%
    assert notes("lv", "participation").startswith(
        "2021. gada aptaujā piedalījās 733 respondenti – par 285 jeb 28% mazāk nekā 2019. gadā, "
        "kad piedalījās 1 018.\n")
    assert notes("en", "participation").startswith(
        "In the 2021 survey, 733 respondents took part, 285 or 28% fewer than in 2019, when "
        "1,018 took part.\n")
    assert "2021. gada aptaujā 155 respondenti atstāja komentārus." in notes("lv", "suggestions")


def test_latvian_agrees_with_numbers_ending_in_one():
    t = Catalogue("lv")
    say = "survey.say_participation"
    assert t.plural(say, 21, wave=2021, before="").endswith("21 respondents.")
    assert t.plural(say, 11, wave=2021, before="").endswith("11 respondenti.")
    assert t.plural(say, 1001, n_text="1 001", wave=2021, before="").endswith(
        "1 001 respondents.")
    assert Catalogue("en").plural(say, 1, wave=2021, before="") == \
        "In the 2021 survey, 1 respondent took part."


def test_satisfaction_change_cannot_be_told_from_rounded_figures(notes):
    # fully agree: 616 of 733 in 2021 (84%) against 80% of 1 018 in 2019. On the midpoint
    # (814.4) the test says significant; but 80% is any count from 810 (79.57%) to 819
    # (80.45%), and at 819 it does not: so the notes say it cannot be told, in words
    _, midpoint = proportions_ztest([616, 0.80 * 1018], [733, 1018])
    _, at_819 = proportions_ztest([616, 819], [733, 1018])
    assert midpoint < 0.05 <= at_819
    lv, en = notes("lv", "satisfaction"), notes("en", "satisfaction")
    # the message first: fully agree 34% in 2015 against 84% in 2021 (386..397 of 1 152
    # against 616 of 733): significant for every count the rounding allows
    _, worst = proportions_ztest([616, 397], [733, 1152])
    assert worst < 0.001
    assert lv.startswith("No 2015. līdz 2021. gadam to respondentu daļa, kuri pilnīgi piekrita, "
                         "pieauga no 34% līdz 84%.\n")
    assert en.startswith("From 2015 to 2021, the share of respondents who fully agreed rose "
                         "from 34% to 84%.\n")
    # then the latest wave beside the one before, in the past tense, with a subject; whether
    # the two changes are significant said once: cannot tell, in words
    assert ("2021. gadā pilnīgi piekrita 84% respondentu, 2019. gadā – 80%; pilnīgi un daļēji "
            "piekrita 95%, 2019. gadā – 97%.\nVai šīs pārmaiņas ir statistiski nozīmīgas, "
            "nevar pateikt, jo 2019. gada skaitļi zināmi tikai noapaļoti.") in lv
    # fully or partly: 697 of 733 (95%) against 80 + 17 = 97% (978..997 of 1 018)
    assert ("In 2021, 84% of respondents fully agreed, against 80% in 2019; 95% fully or "
            "partly agreed, against 97% in 2019.\nWe cannot tell whether these changes are "
            "statistically significant, as the 2019 figures are known only rounded.") in en
    assert lv.split(LV_BACKGROUND)[0].count("noapaļoti") == 1
    # ready if asked (background): fully disagree 1% in 2019, 3% in 2021
    assert ("Ja jautā par nepiekritušajiem: 2021. gadā pilnīgi nepiekrita 3% respondentu, "
            "daļēji nepiekrita 2%. 2019. gadā – attiecīgi 1% un 2%.") in \
        lv.split(LV_BACKGROUND)[1]
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
    # 95% against a target of 86%: met even at the lower end of the interval (93.3%), said
    # without the interval's jargon; the interval stays in the background
    # said by its short name (content.yaml), in the past tense for a finished survey
    assert en.startswith("The rating of our staff’s communication, culture and "
                         "professionalism: the target was 86%, the survey gave 95% – met, even "
                         "allowing for sampling error.")
    assert "confidence" not in en.split(EN_BACKGROUND)[0]
    assert notes("lv", "plan").startswith(
        "Darbinieku saziņas, kultūras un profesionalitātes vērtējums: mērķis bija 86%, aptaujā "
        "ieguvām 95%; mērķis sasniegts droši, arī ņemot vērā izlases kļūdu.")
    assert "(ar CSP darbu" not in notes("lv", "plan").split(LV_BACKGROUND)[0]
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


def test_statements_said_by_their_message(notes):
    # the outline's "results 2021": fully 78/85/88% (95% intervals about 75–81,
    # 82–87, 85–90): professionalism clearly lowest, but kindness's 88% overlaps
    # 85%: no "highest", the range and the one that is clearly lower; once partial agreement
    # is counted,
    # professionalism's 96% (interval 94.4–97.2%) overlaps 94% (92.1–95.6%, 92.0–95.5%): no
    # first place, the range; 2021 is the first wave asked by statement, so no change
    lv, en = notes("lv", "statements"), notes("en", "statements")
    assert lv.startswith(
        "2021. gada aptaujā pilnīgi piekrita no 78% līdz 88% respondentu; zemāk nekā pārējos "
        "respondenti novērtēja darbinieku profesionalitāti un zināšanas – 78%.\n"
        "Pilnīgi un daļēji piekrita no 94% līdz 96% respondentu.\n")
    assert en.startswith(
        "In the 2021 survey, 78% to 88% of respondents fully agreed; they rated our staff’s "
        "professionalism and knowledge lower than the rest, at 78%.\nCounting those who "
        "partly agreed, between 94% and 96% agreed.\n")
    assert "pirmajā vietā" not in lv and "comes first" not in en
    # what was asked, once; "2021" not repeated for every share
    assert ("Respondenti vērtēja, vai mūsu darbinieki ir «profesionāli un zinoši», «atsaucīgi "
            "un ieinteresēti» un «laipni un pieklājīgi».") in lv
    assert lv.split(LV_BACKGROUND)[0].count("2021") == 1


def test_title_themes_and_summary_open_with_their_message(notes):
    # the period January–September: its first 9 months, not the cover's text
    assert notes("lv", "title").startswith(
        "Šodien – CSP klientu apkalpošanas darba rezultāti 2021. gada pirmajos 9 mēnešos: "
        "plāna rādītāji, klientu apkalpošana un respondentu aptauja.\n")
    assert notes("en", "title").startswith(
        "Today: CSB client-service performance in the first 9 months of 2021 – the plan "
        "indicators, client service and the respondent survey.\n")
    # themes: the most raised first, in quotes (not capitalised mid-sentence); the other six
    # (22, 21, 20, 19, 17, 17 comments) are within chance of each other (22 − 17 = 5 <
    # 2·√39 ≈ 12.5): not ranked, their range; no sentence opening with a numeral
    lv = notes("lv", "suggestions").split(LV_BACKGROUND)[0]
    assert lv.startswith("Visbiežāk respondenti rakstīja par tēmu «Termiņi» – 29 komentāros; "
                         "pārējās 6 tēmas minētas līdzīgi bieži – no 17 līdz 22 komentāriem "
                         "katra.")
    assert "nākamās" not in lv
    # the background says plainly that the model was applied, what it added (nothing here)
    # and that its figures were measured on its own training comments
    background = notes("en", "suggestions").split(EN_BACKGROUND)[1]
    assert ("A model trained on 274 comments a person coded was applied too, but it added no "
            "theme the rules missed") in background
    assert "not on new comments" in background and "not ranked" in background
    assert "Komentāru, kas neskar nevienu no tēmām («Citi komentāri»), bija 38." in lv
    assert not any(line[:1].isdigit() and not line.startswith("2021. gada")
                   for line in lv.splitlines())


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
            assert f"most {other.lower()} " not in said.lower()
        for frame in (s for s in slide.shapes if s.has_chart):
            chart = frame.chart
            title = chart.chart_title.text_frame.text
            cats = list(chart.plots[0].categories)
            values = list(chart.series[-1].values)  # the period's series (2021)
            pairs = list(zip(cats, values, strict=True))
            top = " and ".join(months[c] for c, v in pairs if v == max(values))
            low = " and ".join(months[c] for c, v in pairs if v == min(values))
            # answered e-mails do not "come": each channel with its own verb
            what = {"Calls": "Most calls came in",
                    "E-mails answered": "We answered the most e-mails in",
                    "EDV registration requests": "Most EDV registration requests came in"}[title]
            assert f"{what} {top} – {max(values):,.0f}; the fewest in {low} – " \
                   f"{min(values):,.0f}." in said, said
            seen.append(title)
    # calls, e-mails and EDV as charts; chats (4–20 a month) and voice messages (1–9) in a
    # table beside the EDV chart, said on that slide: two slides in all
    assert seen == ["Calls", "E-mails answered", "EDV registration requests"]
    monthly = slides_for(deck, "service_monthly")
    assert len(monthly) == 2
    last = plain(monthly[-1].notes_slide.notes_text_frame.text)
    assert "We served the most chats in March – 20; the fewest in July – 4." in last
    assert ("We listened to the most voice messages in July – 9; the fewest in August and "
            "September – 1 each.") in last
    lv = Presentation(str(build_2021.output_dir / "cspreport-2021-lv.pptx"))
    said = plain(slides_for(lv, "service_monthly")[0].notes_slide.notes_text_frame.text)
    # months in the locative, with a subject: "martā", not "marts (2 501)"
    assert said.startswith("Visvairāk zvanu bija martā – 2 501, vismazāk jūlijā – 1 435.")
    last = plain(slides_for(lv, "service_monthly")[-1].notes_slide.notes_text_frame.text)
    assert "vismazāk augustā un septembrī – pa 1." in last
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

    # the changes compared unrounded (tests/unit/test_year_changes.py has the rule by hand):
    # no notable change: chats 89 against 104 (14.4%, but 15 < 2·√193 ≈ 27.8: within
    # chance); calls −1.6%, e-mails −2.2%, EDV +0.2%, call duration 2.30 against 2.38 min
    # (−3.6%, not the −4.2% of 2.3 against 2.4), the chat rating 8.7 against 8.4 (3.6%), the
    # call rating the same and 31 voice messages against 29 (2 < 2·√60: noise) – all 8 tiles
    # stable, said in words on one card
    # satisfaction: 84% + 11% of 733 = 697 fully or partly agree, Wilson interval 93.3–96.4%,
    # on the card as its margin (± 1.6) so that two "95%" are not side by side
    low, high = proportion_confint(697, 733, method="wilson")
    assert (round(100 * low, 1), round(100 * high, 1)) == (93.3, 96.4)
    for lang, title, expected, said in (
            ("lv", "2021. gada 9 mēneši vienā skatā",
             ["1 no 4", "sasniegts", "3 no 4", "izpilde vēl nav zināma",
              # the one indicator met by its name (content.yaml's short name), not its number
              "darbinieku saziņas, kultūras un profesionalitātes vērtējums",
              "plāna 1., 3. un 4. rādītājs", "95%", "± 1,6 p.p.",
              "Pilnīgi un daļēji piekrīt", "\u2248",
              "Visi 8 klientu apkalpošanas rādītāji gandrīz nemainījās"],
             ["No 4 plāna rādītājiem 1 sasniegts; 3 rādītāju izpilde būs zināma pēc 2021. "
              "gada beigām.",
              "pilnīgi un daļēji apmierināti bija 95% respondentu.",
              "Salīdzinājumā ar to pašu periodu gadu iepriekš klientu apkalpošanas rādītāji "
              "gandrīz nemainījās."]),
            ("en", "The first 9 months of 2021 in one view",
             ["1 of 4", "met", "3 of 4", "results not yet known",
              "the rating of our staff’s communication, culture and professionalism",
              "plan indicators 1, 3 and 4", "95%", "± 1.6 pp",
              "All 8 client-service figures were stable"],
             ["Of the 4 plan indicators, 1 was met; for 3 the results will be known after the "
              "end of 2021.",
              "Compared with the same period a year earlier, the client-service figures were "
              "stable."])):
        deck = Presentation(str(build_2021.output_dir / f"cspreport-2021-{lang}.pptx"))
        slide = deck.slides[1]
        assert slide.name == "summary"
        text = _slide_text(slide)
        assert title in text
        for part in expected:
            assert part in text, (lang, part)
        # noise is no tile: not the chat rating, the 0.1 min nor the 2 voice messages; no
        # interval beside the share
        for absent in ("8,7", "8.7", "0,1 min", "0.1 min", "+2", "93,3", "93.3", "14%"):
            assert absent not in text, (lang, absent)
        notes = plain(slide.notes_slide.notes_text_frame.text)
        for part in said:
            assert part in notes, (lang, part)
        spoken = notes.split(LV_BACKGROUND if lang == "lv" else EN_BACKGROUND)[0]
        assert "(104)" not in spoken and "ticamīb" not in spoken and "confidence" not in spoken
        assert "rādītājs)" not in spoken and "(indicator" not in spoken  # no bracketed numbers
    page = (build_2021.output_dir / "cspreport-2021-lv.html").read_text(encoding="utf-8")
    assert "pilnīgi vai daļēji" not in page  # one wording of the answer: the reference's


def test_each_data_section_of_the_report_says_its_message_above_its_figures(build_2021):
    from lxml import html as lxml_html

    for lang, key, lead in (
            ("lv", "service", "Salīdzinājumā ar to pašu periodu gadu iepriekš klientu "
                              "apkalpošanas rādītāji gandrīz nemainījās."),
            ("en", "participation", "In the 2021 survey, 733 respondents took part, 285 or 28% "
                                    "fewer than in 2019"),
            ("en", "satisfaction", "From 2015 to 2021, the share of respondents who fully "
                                   "agreed rose from 34% to 84%."),
            ("lv", "statements", "zemāk nekā pārējos respondenti novērtēja darbinieku "
                                 "profesionalitāti"),
            ("lv", "suggestions", "Visbiežāk respondenti rakstīja par tēmu «Termiņi»")):
        page = lxml_html.fromstring(
            (build_2021.output_dir / f"cspreport-2021-{lang}.html").read_bytes())
        (section,) = page.xpath(f'//section[@id="sec-{key}"]')
        children = [c for c in section if c.tag != "h2"]
        # the reader's text comes first, before any figure, table or tile
        assert children[0].get("class") == "cs-lead", (lang, key)
        assert lead in plain(children[0].text_content()), (lang, key)
    for section in lxml_html.fromstring(
            (build_2021.output_dir / "cspreport-2021-en.html").read_bytes()).xpath(
            '//p[@class="cs-lead"]'):
        assert "(104)" not in section.text_content()  # no "(previous value)" style


def test_no_note_reads_out_an_inventory_a_direction_an_address_or_a_p_value(build_2021):
    """What a presenter says (before the background heading) of every slide of both decks:
    no "on this slide" inventory, no stage direction, no URL, no p-value, no file name; the
    sources stay in the background."""
    banned = ["Šajā slaidā", "On this slide", "Aiciniet", "Invite questions", "http", "p =",
              "p <", ".csv", ".xlsx", "Avots:", "Source:", "plan_indicators", "ticamības",
              "confidence interval", "(2019", "(2020", "(104)"]
    for lang, heading in (("lv", LV_BACKGROUND), ("en", EN_BACKGROUND)):
        deck = Presentation(str(build_2021.output_dir / f"cspreport-2021-{lang}.pptx"))
        for n, slide in enumerate(deck.slides, start=1):
            text = plain(slide.notes_slide.notes_text_frame.text)
            spoken = text.split(heading)[0]
            assert spoken.strip(), f"{lang} slide {n}: nothing to say"
            for word in banned:
                assert word not in spoken, f"{lang} slide {n}: {word!r} in {spoken!r}"
            if lang == "en":  # the systems by their English names, the background too
                for name in ("Zvanu centrs", "Klientu e-pasts", "Tīmekļa čats",
                             "Aptaujas rīks"):
                    assert name not in text, f"en slide {n}: {name!r}"


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


def test_readers_get_no_presenter_cue_and_the_monthly_text_speaks_of_every_channel(
        build_2021, notes):
    """"If asked …" is a cue for the presenter: the deck's notes keep it, the report and the
    workbook's notes do not. The monthly section's reader text is of all channels together;
    the themes' text does not repeat the count of comments folded in below it."""
    import openpyxl
    from lxml import html as lxml_html

    assert "Ja jautā par nepiekritušajiem: 2021. gadā pilnīgi nepiekrita" in \
        notes("lv", "satisfaction").split(LV_BACKGROUND)[1]
    assert "If asked about those who disagreed" in notes("en", "satisfaction")
    out = build_2021.output_dir
    for lang, cue in (("lv", "Ja jautā"), ("en", "If asked")):
        page = (out / f"cspreport-2021-{lang}.html").read_text(encoding="utf-8")
        assert cue not in page, lang
        book = openpyxl.load_workbook(out / f"cspreport-2021-{lang}-tables.xlsx")
        sheet = book["Piezīmes" if lang == "lv" else "Notes"]
        cells = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)
        assert cue not in cells, lang
    # the month with the most and the fewest contacts of all five channels together, summed
    # here from the workbook's tidy monthly sheet (its count column headed "Number")
    book = openpyxl.load_workbook(out / "cspreport-2021-en-tables.xlsx")
    rows = list(book["03 Month by month"].iter_rows(values_only=True))
    header = rows.index(("Channel", "Month", "Year", "Month number", "Number"))
    totals: dict[int, int] = {}
    for _, _, year, month, number in rows[header + 1:]:
        if year == 2021:
            totals[month] = totals.get(month, 0) + number
    top = max(totals, key=totals.get)
    low = min(totals, key=totals.get)
    names = {3: "March", 7: "July"}
    assert (top, low) == (3, 7)
    page = lxml_html.fromstring((out / "cspreport-2021-en.html").read_bytes())
    (lead,) = page.xpath('//section[@id="sec-service_monthly"]/p[@class="cs-lead"]')
    assert plain(lead.text_content()) == (
        f"Across all channels, we had the most contacts in {names[top]} – {totals[top]:,}; "
        f"the fewest in {names[low]} – {totals[low]:,}.")
    (lead,) = page.xpath('//section[@id="sec-suggestions"]/p[@class="cs-lead"]')
    assert "155" not in lead.text_content()  # the count stands right below it
    assert "Respondents’ suggestions" in page.text_content()
    assert "Respondents' suggestions" not in page.text_content()
