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

    def test_round_trip_through_papermill_values(self):
        p = Params(period_end=dt.date(2021, 6, 30), lang="en")
        assert Params.from_mapping(p.to_papermill()) == p
