import datetime as dt

import pytest

from cspreport.errors import ParamsError
from cspreport.params import Params


class TestFromMapping:
    def test_defaults_are_the_2021_edition(self):
        p = Params()
        assert (p.edition, p.period_start, p.period_end, p.lang) == (
            2021, dt.date(2021, 1, 1), dt.date(2021, 9, 30), "lv")

    def test_unknown_parameter_is_rejected_with_a_hint(self):
        with pytest.raises(ParamsError) as err:
            Params.from_mapping({"period_ed": "2021-06-30"}, origin="params/x.yaml")
        assert str(err.value).startswith(
            "params/x.yaml: unknown parameter 'period_ed' (did you mean 'period_end'?)")
        assert "period_start" in str(err.value)

    @pytest.mark.parametrize(("name", "value", "shown", "expected"), [
        ("edition", "2021", "“2021”", "expected a year such as 2021"),
        ("edition", True, "True", "expected a year such as 2021"),
        ("period_start", "2021-13-01", "“2021-13-01”", "expected a date written YYYY-MM-DD"),
        ("period_end", 20210930, "20210930", "expected a date written YYYY-MM-DD"),
        ("lang", "de", "“de”", "expected one of lv, en, both"),
        ("data_dir", "", "“”", "expected a folder path"),
    ])
    def test_wrong_type_names_parameter_and_expectation(self, name, value, shown, expected):
        with pytest.raises(ParamsError) as err:
            Params.from_mapping({name: value})
        assert f"parameter '{name}' = {shown}: {expected}" in str(err.value)

    @pytest.mark.parametrize(("name", "value", "shown", "expected"), [
        ("edition", 1989, "1989", "expected a year such as 2021"),
        ("edition", 2021.0, "2021.0", "expected a year such as 2021"),
        ("period_start", None, "None", "expected a date written YYYY-MM-DD"),
        ("lang", "EN", "“EN”", "expected one of lv, en, both"),
        ("output_dir", "   ", "“”", "expected a folder path"),
        ("output_dir", 5, "5", "expected a folder path"),
        ("min_respondents", 0, "0", "expected a whole number of respondents, at least 1"),
        ("min_respondents", True, "True", "expected a whole number of respondents, at least 1"),
        ("template", "", "“”", "expected a file path, or nothing for the built-in template"),
        ("template_map", 3, "3", "expected a file path, or nothing for the built-in template"),
        ("brand_colour", "1F4E7", "“1F4E7”", "expected a colour written RRGGBB, e.g. 1F4E79"),
        ("brand_colour", 123456, "123456", "expected a colour written RRGGBB, e.g. 1F4E79"),
        # yellow on white: (1 + 0.05) / (0.2126 + 0.7152 + 0.05) = 1.07
        ("brand_colour", "#ffff00", "“#ffff00”", "expected a colour dark enough for text on "
                                                 "white (contrast 1.1:1, at least 4.5:1 is "
                                                 "needed)"),
    ])
    def test_every_check_says_what_was_expected_in_plain_words(self, name, value, shown,
                                                               expected):
        with pytest.raises(ParamsError) as err:
            Params.from_mapping({name: value}, origin="params/x.yaml")
        assert str(err.value) == f"params/x.yaml: parameter '{name}' = {shown}: {expected}"

    def test_the_first_wrong_value_in_the_order_given_is_named(self):
        with pytest.raises(ParamsError, match="parameter 'lang' = “de”"):
            Params.from_mapping({"lang": "de", "edition": "x"})
        with pytest.raises(ParamsError, match="parameter 'edition' = “x”"):
            Params.from_mapping({"edition": "x", "lang": "de"})

    def test_unknown_names_come_before_wrong_values(self):
        with pytest.raises(ParamsError) as err:
            Params.from_mapping({"edition": "x", "period_ed": 1, "langg": "en"})
        assert str(err.value).startswith(
            "parameters: unknown parameter 'langg' (did you mean 'lang'?), 'period_ed' (did "
            "you mean 'period_end'?); the known parameters are: brand_colour, cell_timeout, "
            "data_dir, edition, lang, min_respondents, output_dir, period_end, period_start, "
            "template, template_map")

    def test_a_name_that_is_not_text_is_an_unknown_parameter(self):
        # YAML reads "2021: x" as the number 2021
        with pytest.raises(ParamsError, match="unknown parameter '2021'; the known"):
            Params.from_mapping({2021: "x"})

    @pytest.mark.parametrize(("given", "kept"), [("1f4e79", "1F4E79"), ("#1F4E79", "1F4E79"),
                                                 ("767676", "767676")])  # 4.54:1 on white
    def test_a_brand_colour_dark_enough_is_kept_as_rrggbb(self, given, kept):
        assert Params.from_mapping({"brand_colour": given}).brand_colour == kept

    def test_a_brand_colour_just_too_light_is_refused(self):
        with pytest.raises(ParamsError, match="brand_colour' = “777777”: expected a colour "
                                              "dark enough"):  # 4.48:1 on white
            Params.from_mapping({"brand_colour": "777777"})

    def test_params_cannot_be_changed_only_copied(self):
        p = Params()
        with pytest.raises(ValueError):  # pydantic's frozen-instance error
            p.lang = "en"  # type: ignore[misc]
        assert p.model_copy(update={"lang": "en"}).lang == "en"
        assert p.lang == "lv"

    def test_dates_from_yaml_or_text(self):
        p = Params.from_mapping({"period_start": dt.date(2021, 1, 1),
                                 "period_end": "2021-06-30"})
        assert p.period_end == dt.date(2021, 6, 30)

    def test_period_must_not_run_backwards(self):
        with pytest.raises(ParamsError, match="period_start 2021-09-30 is after period_end "
                                              "2021-01-01"):
            Params.from_mapping({"period_start": "2021-09-30", "period_end": "2021-01-01"})


class TestFromYaml:
    def test_reads_the_bundled_params(self, tmp_path):
        path = tmp_path / "p.yaml"
        path.write_text("edition: 2021\nperiod_start: 2021-01-01\nperiod_end: 2021-03-31\n")
        assert Params.from_yaml(path).period_end == dt.date(2021, 3, 31)

    def test_missing_file(self, tmp_path):
        with pytest.raises(ParamsError, match="params file not found"):
            Params.from_yaml(tmp_path / "nope.yaml")

    def test_not_a_mapping(self, tmp_path):
        path = tmp_path / "p.yaml"
        path.write_text("- 2021\n")
        with pytest.raises(ParamsError, match="expected a mapping"):
            Params.from_yaml(path)


class TestFromNotebook:
    """The names a parameters cell declares, passed by name; what papermill injected is
    checked against the known parameters (it only warns about unknown ones)."""

    class FakeShell:
        def __init__(self, history):
            self.user_ns = {"In": history}

    def shell(self, monkeypatch, *history):
        import IPython

        fake = self.FakeShell(["", *history])
        monkeypatch.setattr(IPython, "get_ipython", lambda: fake)

    def test_outside_a_kernel_takes_what_it_is_given(self):
        assert Params.from_notebook(edition=2021, lang="en").lang == "en"

    def test_an_injected_unknown_name_is_rejected(self, monkeypatch):
        self.shell(monkeypatch, "x = 1", '# Parameters\nedition = 2021\nperiod_ed = "2021-06-30"\n')
        with pytest.raises(ParamsError, match=r"unknown parameter 'period_ed' \(did you mean "
                                              r"'period_end'\?\)"):
            Params.from_notebook(edition=2021)

    def test_injected_known_names_the_notebook_does_not_use_are_fine(self, monkeypatch):
        # papermill -f params/2021.yaml also injects output_dir, which no notebook declares
        self.shell(monkeypatch, '# Parameters\nedition = 2021\noutput_dir = "output"\n')
        assert Params.from_notebook(edition=2021).edition == 2021

    def test_names_of_ones_own_and_re_running_change_nothing(self, monkeypatch):
        self.shell(monkeypatch, '# Parameters\nlang = "en"\n', "params = 1\nreport = 2",
                   "my_total = 3")
        assert Params.from_notebook(lang="en").lang == "en"

    def test_a_wrong_type_is_named(self):
        with pytest.raises(ParamsError, match="parameter 'min_respondents' = “five”: expected "
                                              "a whole number"):
            Params.from_notebook(min_respondents="five")

    def test_papermill_values_are_plain_and_in_the_declared_order(self):
        p = Params(period_end=dt.date(2021, 6, 30), lang="en")
        assert list(p.to_papermill().items()) == [
            ("edition", 2021), ("period_start", "2021-01-01"), ("period_end", "2021-06-30"),
            ("data_dir", "data/2021"), ("lang", "en"), ("output_dir", "output"),
            ("min_respondents", 5), ("template", None), ("template_map", None),
            ("brand_colour", None), ("cell_timeout", 600)]

    def test_round_trip_through_papermill_values(self):
        p = Params(period_end=dt.date(2021, 6, 30), lang="en")
        assert Params.from_mapping(p.to_papermill()) == p
