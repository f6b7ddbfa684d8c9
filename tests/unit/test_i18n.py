import datetime as dt

import pytest

from cspreport.i18n import LOCALES, Catalogue, Formatter

NBSP = "\u00a0"


def test_every_key_exists_in_every_language():
    keys = {lang: Catalogue(lang).keys() for lang in LOCALES}
    for lang, own in keys.items():
        for other, theirs in keys.items():
            assert not theirs - own, f"{lang}.yaml lacks keys of {other}.yaml: {theirs - own}"


def test_placeholders_match_across_languages():
    import string

    lv, en = Catalogue("lv"), Catalogue("en")

    def fields(text):
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    for key in lv._entries:
        assert fields(lv._entries[key]) == fields(en._entries[key]), key


class TestLatvian:
    f = Formatter("lv")

    def test_thousands_are_grouped_with_a_space(self):
        assert self.f.number(17680) == f"17{NBSP}680"
        assert self.f.number(733) == "733"

    def test_decimal_comma(self):
        assert self.f.number(2.3, 1) == "2,3"
        assert self.f.number(4.45, 1) == "4,5"  # half away from zero, not half-even
        assert self.f.number(2.25, 1) == "2,3"
        assert self.f.number(0.5) == "1"
        assert self.f.number(8.7, 1) == "8,7"
        assert self.f.number(-5) == "\u22125"  # a minus sign, not a hyphen
        assert self.f.number(-1234.56, 1) == f"\u22121{NBSP}234,6"

    def test_long_date(self):
        assert self.f.date(dt.date(2021, 9, 30)) == "2021. gada 30. septembris"

    def test_chart_format_keeps_the_space_whatever_the_viewer(self):
        assert self.f.chart_number_format() == '[>=1000]#" "##0;0'
        assert self.f.chart_number_format(percent=True) == '0"%"'


class TestEnglish:
    f = Formatter("en")

    def test_thousands_with_comma(self):
        assert self.f.number(17680) == "17,680"
        assert self.f.number(2.3, 1) == "2.3"

    def test_long_date(self):
        assert self.f.date(dt.date(2021, 9, 30)) == "30 September 2021"

    def test_percent(self):
        assert self.f.percent(84) == "84%"


@pytest.mark.parametrize(("lang", "sheets", "period", "see_note", "header"), [
    ("lv", ["Titullapa", "Piezīmes", "01 Klientu apkalpošana"], "Periods: 9 mēneši",
     "1. piezīme lapā Piezīmes.", ["Rādītājs", "Mērvienība", "Vērtība", "Kods (datorapstrādei)"]),
    ("en", ["Cover", "Notes", "01 Client service"], "Period: 9 mēneši",
     "Note 1 on the sheet Notes.", ["Measure", "Unit", "Value", "Code (for machines)"]),
])
def test_the_tables_workbook_takes_its_words_from_the_catalogue(tmp_path, lang, sheets, period,
                                                                see_note, header):
    from openpyxl import load_workbook

    from cspreport.render.workbook import write_tables_workbook
    from cspreport.report import Report, Tile, TilesSection

    tiles = TilesSection("service", "S", tiles=(Tile(5.0, "5", "Calls", code="calls_total"),))
    report = Report(lang, 2021, dt.date(2021, 1, 1), dt.date(2021, 9, 30), "9 mēneši", "R",
                    (tiles,), "data/2021")
    path = write_tables_workbook(report, tmp_path / "t.xlsx", dt.datetime(2021, 10, 1))
    book = load_workbook(path)
    assert book.sheetnames == sheets
    assert [book[sheets[0]]["A1"].value, book[sheets[0]]["A2"].value] == ["R 2021", period]
    assert book[sheets[2]]["A2"].value == see_note
    assert [c.value for c in book[sheets[2]][3]] == header


class TestPlural:
    """CLDR's plural rules pick the form; the numbers are chosen by hand: Latvian "one" ends
    in 1 but not in 11; English "one" is 1 alone."""

    KEY = "survey.say_participation"

    @pytest.mark.parametrize(("n", "word"), [
        (0, "respondenti"), (1, "respondents"), (11, "respondenti"), (21, "respondents"),
        (101, "respondents"), (111, "respondenti"), (2, "respondenti"), (10, "respondenti"),
        (733, "respondenti")])
    def test_latvian(self, n, word):
        assert Catalogue("lv").plural(self.KEY, n, wave=2021, before="") == \
            f"2021. gada aptaujā piedalījās {n} {word}."

    @pytest.mark.parametrize(("n", "word"), [
        (0, "respondents"), (1, "respondent"), (11, "respondents"), (21, "respondents"),
        (101, "respondents"), (111, "respondents"), (2, "respondents"), (10, "respondents")])
    def test_english(self, n, word):
        assert Catalogue("en").plural(self.KEY, n, wave=2021, before="") == \
            f"In the 2021 survey, {n} {word} took part."

    def test_the_number_as_the_language_writes_it(self):
        said = Catalogue("lv").plural(self.KEY, 1001, n_text="1 001", wave=2021, before="")
        assert said == "2021. gada aptaujā piedalījās 1 001 respondents."
