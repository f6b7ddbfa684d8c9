import datetime as dt

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
