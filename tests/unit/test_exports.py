"""Figures from the systems' exports, on a tiny hand-made edition whose answers are worked out
by hand below; and every kind of bad export named by file, row and column."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from cspreport import sections
from cspreport.analysis import open_edition
from cspreport.definitions import STATEMENTS as STATEMENT_CODES
from cspreport.errors import InputError
from cspreport.metrics import service, survey
from cspreport.metrics.survey import largest_remainder
from cspreport.params import Params
from cspreport.sources.edition_files import read_edition_files
from cspreport.tables import period
from tests.helpers import plain
from tests.project import ROOT

CALLS = """id,start,direction,answered,duration_s,rating
c1,2020-03-02 10:00:00,in,yes,120,5
c2,2021-01-04 09:00:00,in,yes,60,4
c3,2021-02-10 11:00:00,out,no,,
c4,2021-06-30 23:59:59,in,yes,240,
c5,2021-07-01 00:00:00,in,yes,300,3
c6,2021-09-30 16:00:00,out,yes,0,
"""
EMAILS = """id,received_at,answered_at
e1,2020-12-30 15:00:00,2021-01-04 09:30:00
e2,2021-06-29 10:00:00,2021-07-01 08:00:00
e3,2021-03-01 12:00:00,
"""
CHATS = """id,started_at,rating
ch1,2021-05-05 10:00:00,9
ch2,2021-08-08 10:00:00,7
ch3,2021-02-02 10:00:00,
"""
VOICE = """id,left_at,listened_at
v1,2021-03-05 20:00:00,2021-03-08 08:40:00
v2,2021-06-30 22:00:00,2021-07-01 08:30:00
v3,2021-04-04 21:00:00,
"""
EDV = """id,submitted_at
r1,2021-01-15 10:00:00
r2,2021-06-15 10:00:00
r3,2021-09-15 10:00:00
"""
STATEMENTS = ("overall", "professional", "responsive", "polite")
# overall: 3 fully, 1 partly, 1 partly disagree, 1 no answer (empty)
SURVEY = [
    ["id", "submitted_at", *STATEMENTS],
    ["a", dt.datetime(2021, 9, 6, 9), "Pilnībā piekrīt", "Pilnībā piekrīt", "1", "1"],
    ["b", dt.datetime(2021, 9, 6, 10), "Pilnībā piekrīt", "Daļēji piekrīt", "1", "1"],
    ["c", dt.datetime(2021, 9, 7, 9), "Pilnībā piekrīt", "Nav atbildes", "2", "1"],
    ["d", dt.datetime(2021, 9, 7, 10), "Daļēji piekrīt", "Pilnībā piekrīt", "1", "2"],
    ["e", dt.datetime(2021, 9, 8, 9), "Daļēji nepiekrīt", "Pilnīgi nepiekrīt", "3", "1"],
    ["f", dt.datetime(2021, 9, 8, 10), None, "Pilnībā piekrīt", "4", "1"],
]
COMMENTS = [["id", "text"], ["a", "Termiņi par īsiem."], ["e", "Paldies!"]]


def write_xlsx(path: Path, rows) -> None:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)


def config(**overrides) -> dict:
    def channel(name, columns, **kw):
        return {"file": f"exports/{name}.csv", "coverage": ["2020-01-01", "2021-12-31"],
                "columns": {c: c for c in columns}, **kw}

    cfg = {
        "service": {
            "calls": channel("calls", ["id", "start", "direction", "answered", "duration_s",
                                       "rating"],
                             codes={"direction": {"incoming": ["in"], "outgoing": ["out"]}}),
            "emails": channel("emails", ["id", "received_at", "answered_at"]),
            "chats": channel("chats", ["id", "started_at", "rating"]),
            "voice_messages": channel("voice", ["id", "left_at", "listened_at"]),
            "edv_registrations": channel("edv", ["id", "submitted_at"]),
        },
        "survey": {
            "codebook": {"fully_agree": ["Pilnībā piekrīt", "1"],
                         "partly_agree": ["Daļēji piekrīt", "2"],
                         "partly_disagree": ["Daļēji nepiekrīt", "3"],
                         "fully_disagree": ["Pilnīgi nepiekrīt", "4"],
                         "no_answer": ["Nav atbildes"]},
            "waves": {2021: {
                "answers": {"file": "exports/survey.xlsx",
                            "columns": {c: c for c in ["id", "submitted_at", *STATEMENTS]}},
                "comments": {"file": "exports/comments.xlsx",
                             "columns": {"id": "id", "text": "text"}}}},
        },
    }
    for key, value in overrides.items():
        cfg["service"][key].update(value)
    return cfg


@pytest.fixture
def tiny(tmp_path) -> Path:
    """An edition with the 2021 workbook and content, and tiny hand-made exports."""
    d = tmp_path / "tiny"
    (d / "exports").mkdir(parents=True)
    for name in ("edition.xlsx", "content.yaml"):
        shutil.copy(ROOT / "data" / "2021" / name, d / name)
    for name, text in [("calls", CALLS), ("emails", EMAILS), ("chats", CHATS),
                       ("voice", VOICE), ("edv", EDV)]:
        (d / "exports" / f"{name}.csv").write_text(text, encoding="utf-8")
    write_xlsx(d / "exports" / "survey.xlsx", SURVEY)
    write_xlsx(d / "exports" / "comments.xlsx", COMMENTS)
    (d / "exports.yaml").write_text(yaml.safe_dump(config(), allow_unicode=True))
    return d


def measures(d: Path, start: dt.date, end: dt.date) -> dict[str, float]:
    t = read_edition_files(d)
    return service.measures_from_events(t.events, start, end)


class TestServiceFromLogs:
    def test_first_half_of_2021(self, tiny):
        m = measures(tiny, dt.date(2021, 1, 1), dt.date(2021, 6, 30))
        assert m["calls_total"] == 3  # c2, c3, c4 (c4 at 23:59:59 on the last day counts)
        assert m["call_duration_avg_min"] == (60 + 240) / 2 / 60  # answered: c2, c4
        assert (m["call_rating_avg"], m["call_ratings"]) == (4.0, 1)
        assert m["emails_answered"] == 1  # e1, answered on 4 January
        assert (m["chats_served"], m["chat_rating_avg"], m["chat_ratings"]) == (2, 9.0, 1)
        assert m["voice_messages_listened"] == 1  # v1; v2 was listened to on 1 July
        assert m["edv_registrations"] == 2

    def test_nine_months(self, tiny):
        m = measures(tiny, dt.date(2021, 1, 1), dt.date(2021, 9, 30))
        assert m["calls_total"] == 5  # c2..c6
        # c6 was answered with 0 s of talk: left out of the mean
        assert m["call_duration_avg_min"] == (60 + 240 + 300) / 3 / 60
        assert (m["call_rating_avg"], m["call_ratings"]) == (3.5, 2)
        assert m["emails_answered"] == 2
        assert (m["chats_served"], m["chat_rating_avg"], m["chat_ratings"]) == (3, 8.0, 2)
        assert m["voice_messages_listened"] == 2
        assert m["edv_registrations"] == 3

    def test_tiles_show_the_period_and_the_year_before(self, tiny):
        ed = open_edition(Params(data_dir=str(tiny), period_end=dt.date(2021, 6, 30)))
        figures = service.period_figures(ed.tables, ed.params.period_start, ed.params.period_end)
        section = sections.service.service(ed.context("lv"), figures)
        tiles = {t.code: t for t in section.tiles}
        assert plain(tiles["call_duration_avg_min"].value_text) == "2,5 min"
        # c1; named as the half year it is, not as 2020
        assert plain(tiles["calls_total"].previous_text) == "2020. g. janv.–jūn.: 1"
        assert tiles["call_rating_avg"].note == "5 baļļu skalā; vērtējumi: 1"
        # no call was rated a year earlier... but c1 was: rating 5 in March 2020
        assert tiles["call_rating_avg"].previous_text == "2020. g. janv.–jūn.: 5,0"
        # no e-mail answered in the first half of 2020: an average-free count of 0
        assert tiles["emails_answered"].previous_text == "2020. g. janv.–jūn.: 0"
        assert section.title == \
            "Klientu apkalpošanas statistika 2021. gada 6 mēnešos"

    def test_monthly_counts(self, tiny):
        t = read_edition_files(tiny)
        got = service.monthly_counts(t.events, dt.date(2021, 1, 1), dt.date(2021, 3, 31))
        assert got["calls"].tolist() == [1, 1, 0]
        assert got["emails"].tolist() == [1, 0, 0]
        assert got["voice_messages"].tolist() == [0, 0, 1]

    def test_a_period_outside_the_coverage(self, tiny):
        t = read_edition_files(tiny)
        with pytest.raises(InputError) as err:
            period.check_period(t, dt.date(2019, 7, 1), dt.date(2019, 12, 31))
        assert str(err.value).splitlines()[0] == (
            "exports/calls.csv: the period 2019-07-01 – 2019-12-31 is outside the coverage of "
            "the calls export: 2020-01-01 – 2021-12-31")

    def test_a_period_with_no_events(self, tiny):
        t = read_edition_files(tiny)
        with pytest.raises(InputError, match="no events in the period 2020-06-01 – 2020-06-30"):
            period.check_period(t, dt.date(2020, 6, 1), dt.date(2020, 6, 30))
        # the metrics compute what there is: every count a stated zero
        assert measures(tiny, dt.date(2020, 6, 1), dt.date(2020, 6, 30))["calls_total"] == 0

    def test_months_and_the_period_place_events_alike(self, tiny):
        """The monthly counts add up to the period's counts: one timestamp per channel places
        its events (an e-mail by its answer, a voice message when listened to)."""
        t = read_edition_files(tiny)
        start, end = dt.date(2021, 1, 1), dt.date(2021, 6, 30)
        months = service.monthly_counts(t.events, start, end).sum()
        m = service.measures_from_events(t.events, start, end)
        # c2, c3, c4; e1; ch1, ch3; v1; r1, r2 (see the exports above)
        assert months.to_dict() == {"calls": 3, "emails": 1, "chats": 2, "voice_messages": 1,
                                    "edv_registrations": 2}
        assert (m["calls_total"], m["emails_answered"], m["chats_served"],
                m["voice_messages_listened"], m["edv_registrations"]) == (3, 1, 2, 1, 2)

    def test_previous_year_of_a_leap_day(self):
        assert service.previous_year(dt.date(2024, 2, 1), dt.date(2024, 2, 29)) == (
            dt.date(2023, 2, 1), dt.date(2023, 2, 28))


def survey_of(folder, **params):
    """The edition in ``folder`` opened, and its survey figures computed as notebook 03
    computes them."""
    ed = open_edition(Params(data_dir=str(folder), **params))
    t = ed.tables
    dists = survey.distributions(t.answers, t.sources["answers"])
    waves = sorted(int(w) for w in t.answers["wave"].unique())
    stats = survey.wave_statistics(t.responses, t.answers, t.participation, waves, STATEMENT_CODES,
                                   ed.params.min_respondents)
    return ed, dists, stats


class TestSurveyFromRespondents:
    def test_no_answer_leaves_the_denominator(self, tiny):
        ed, dists, stats = survey_of(tiny)
        ctx = ed.context("en")
        series = {s.name: s.values[-1]
                  for s in sections.survey.satisfaction(ctx, dists["overall"], stats).chart.series}
        # overall: 3 fully, 1 partly, 1 partly disagree of the 5 who answered
        assert series == {"Fully agree": 60, "Partly agree": 20, "Partly disagree": 20,
                          "Fully disagree": 0}
        waves = survey.participation(ed.tables.participation)
        participation = sections.survey.participation(ctx, waves).chart.series[0].values
        assert participation[-1] == 6  # every respondent row, whatever they answered
        n = survey.comments(ed.tables.comments, ed.wave)
        assert sections.survey.comments(ctx, n).tiles[0].value == 2

    def test_statements_fully_and_fully_or_partly(self, tiny):
        ed, dists, stats = survey_of(tiny)
        chart = sections.survey.statements(ed.context("en"), dists, stats).chart
        fully, both = (dict(zip(chart.categories, s.values, strict=True)) for s in chart.series)
        # professional: answered by 5 (c: no answer): 3 fully, 1 partly, 1 fully disagree
        assert (fully["Professional and knowledgeable"],
                both["Professional and knowledgeable"]) == (60, 80)
        # responsive (codes): 1,1,2,1,3,4 -> 3 fully, 1 partly of 6
        # exact 50, 16.67, 16.67, 16.67 -> floors 50,16,16,16 (+2 by remainder, earlier first)
        assert (fully["Responsive and interested"], both["Responsive and interested"]) == \
            (50, 67)

    def test_export_wins_and_a_disagreeing_sheet_is_a_warning(self, tiny):
        ed, _, _ = survey_of(tiny)
        assert ("survey wave 2021: exports/survey.xlsx has 6 respondents, edition.xlsx, "
                "sheet survey_participation says 733; the export is used") in ed.warnings
        waves = sections.survey.participation(
            ed.context("en"), survey.participation(ed.tables.participation)).chart.categories
        assert waves == ("2015", "2017", "2019", "2021")  # earlier waves from the sheet


class TestLargestRemainder:
    def test_reference_2021(self):
        assert largest_remainder([616, 81, 15, 21]) == [84, 11, 2, 3]

    def test_ties_go_to_the_earlier_answer(self):
        assert largest_remainder([1, 1, 1]) == [34, 33, 33]

    def test_exactly_equal_remainders_are_a_tie_not_a_float_accident(self):
        # 98, 297, 3, 0 of 398: 9800/398 = 24 + 248/398 and 29700/398 = 74 + 248/398, equal
        # remainders; 300/398 = 0 + 300/398 is the largest. Floors 24 + 74 + 0 + 0 = 98: the
        # two missing points go to the third answer, then to the first of the tied two.
        assert largest_remainder([98, 297, 3, 0]) == [25, 74, 1, 0]
        # in floating point 24.623115577889447 - 24 > 74.62311557788945 - 74 is False
        assert 29700 / 398 - 74 > 9800 / 398 - 24  # why exact arithmetic is needed

    def test_a_three_way_tie_goes_to_the_more_favourable_answers(self):
        # 1, 1, 1, 3 of 6: 16 + 4/6 three times and 50; floors sum to 98, so the two missing
        # points go to the first two of the three tied answers
        assert largest_remainder([1, 1, 1, 3]) == [17, 17, 16, 50]

    def test_weighted_counts_tie_within_the_tolerance(self):
        # 0.1 + 0.2 is not exactly 0.3 in floating point; as weights they are a tie
        assert largest_remainder([0.1 + 0.2, 0.3, 0.0, 0.0], total=3) == [2, 1, 0, 0]

    def test_always_sums_to_100(self):
        for counts in ([7, 0, 0, 0], [1, 2, 3, 4], [333, 333, 333, 1], [5, 5, 5, 6]):
            assert sum(largest_remainder(counts)) == 100

    def test_nobody(self):
        assert largest_remainder([0, 0, 0, 0]) == [0, 0, 0, 0]


class TestBadExports:
    def write(self, tiny, name, text):
        (tiny / "exports" / name).write_text(text, encoding="utf-8")

    def error(self, tiny) -> str:
        with pytest.raises(InputError) as err:
            read_edition_files(tiny)
        return str(err.value)

    def test_missing_column(self, tiny):
        self.write(tiny, "edv.csv", "id\nr1\n")
        assert "exports/edv.csv, row 1, column 'submitted_at': column missing: expected a " \
               "date and time" in self.error(tiny)

    def test_unparseable_timestamp(self, tiny):
        self.write(tiny, "edv.csv", "id,submitted_at\nr1,2021-01-15 10:00:00\nr2,sometime\n")
        assert self.error(tiny).startswith(
            "exports/edv.csv, row 3, column 'submitted_at': expected a date and time, local "
            "time in Riga (YYYY-MM-DD HH:MM[:SS]), found “sometime”")

    @pytest.mark.parametrize("seconds", ["-5", "90000"])
    def test_duration_negative_or_absurd(self, tiny, seconds):
        self.write(tiny, "calls.csv", CALLS.replace("in,yes,60,4", f"in,yes,{seconds},4"))
        assert self.error(tiny).startswith(
            "exports/calls.csv, row 3, column 'duration_s': expected talk time in seconds, "
            f"0 to 14400, found {seconds}")

    def test_rating_outside_its_scale(self, tiny):
        self.write(tiny, "chats.csv", CHATS.replace("ch1,2021-05-05 10:00:00,9",
                                                    "ch1,2021-05-05 10:00:00,10"))
        assert self.error(tiny).startswith(
            "exports/chats.csv, row 2, column 'rating': expected a rating from 1 to 9, or "
            "empty, found 10")

    def test_unknown_code(self, tiny):
        self.write(tiny, "calls.csv", CALLS.replace("c3,2021-02-10 11:00:00,out",
                                                    "c3,2021-02-10 11:00:00,internal"))
        # issue 18: one message per column, every unmapped value with its count and first row
        assert self.error(tiny).startswith(
            "exports/calls.csv, column 'direction': 1 value not among the codes of direction "
            "(incoming, outgoing): “internal” (1 row, first row 4); add under codes: of this "
            "export in exports.yaml, as its line for direction {direction: {incoming: [in], "
            "outgoing: [out], '?': [internal]}}")

    def test_unknown_answer_label(self, tiny):
        rows = [list(r) for r in SURVEY]
        rows[3][2] = "Drīzāk piekrītu"
        write_xlsx(tiny / "exports" / "survey.xlsx", rows)
        message = self.error(tiny)
        assert message.startswith("exports/survey.xlsx, column 'overall': 1 value not among "
                                  "the codes of overall")
        assert "“Drīzāk piekrītu” (1 row, first row 4)" in message
        assert "codebook: {fully_agree: [Pilnībā piekrīt, '1']," in message

    def test_duplicate_ids(self, tiny):
        self.write(tiny, "edv.csv", EDV + "r2,2021-06-16 10:00:00\n")
        assert "exports/edv.csv, row 5: duplicate row: (id) must identify one row" in \
            self.error(tiny)

    def test_answered_call_without_talk_time(self, tiny):
        self.write(tiny, "calls.csv", CALLS.replace("in,yes,60,4", "in,yes,,4"))
        assert self.error(tiny).startswith(
            "exports/calls.csv, row 3, column 'duration_s': empty cell: an answered call needs "
            "its talk time (1 rows)")

    def test_event_outside_the_stated_coverage(self, tiny):
        self.write(tiny, "edv.csv", EDV + "r4,2022-01-03 10:00:00\n")
        assert self.error(tiny).startswith(
            "exports/edv.csv, row 5, column 'submitted_at': 2022-01-03 10:00:00 is outside the "
            "coverage 2020-01-01 – 2021-12-31 that exports.yaml gives for edv_registrations")

    def test_empty_file(self, tiny):
        self.write(tiny, "voice.csv", "")
        assert self.error(tiny).startswith("exports/voice.csv: empty file (expected a CSV "
                                           "export with a header row: id, left_at, listened_at)")

    def test_csv_that_is_really_a_workbook(self, tiny):
        shutil.copy(tiny / "exports" / "survey.xlsx", tiny / "exports" / "chats.csv")
        assert self.error(tiny).startswith("exports/chats.csv: not a CSV text file (it looks "
                                           "like a binary or .xlsx file)")

    def test_workbook_that_is_really_text(self, tiny):
        (tiny / "exports" / "survey.xlsx").write_text(CALLS)
        assert self.error(tiny).startswith("exports/survey.xlsx: not a readable Excel .xlsx "
                                           "workbook")

    def test_comment_of_an_unknown_respondent(self, tiny):
        write_xlsx(tiny / "exports" / "comments.xlsx", [*COMMENTS, ["zz", "Kas es esmu?"]])
        assert self.error(tiny).startswith(
            "exports/comments.xlsx, row 4, column 'id': respondent “zz” is not in "
            "exports/survey.xlsx (1 comment)")

    def test_config_errors_name_the_key(self, tiny):
        cfg = config(calls={"file": "exports/calls.txt"})
        (tiny / "exports.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True))
        assert "exports.yaml, line 2: service, calls: file “exports/calls.txt”: expected " \
               "a .csv or .xlsx export" in self.error(tiny)


class TestPeriodAcrossAYear:
    """2020-11-01 – 2021-02-28: months carry their years, the comparison is named as the
    period a year earlier, not by the start year."""

    @pytest.fixture
    def wide(self, tiny):
        config = yaml.safe_load((tiny / "exports.yaml").read_text(encoding="utf-8"))
        for spec in config["service"].values():
            spec["coverage"] = ["2019-01-01", "2021-12-31"]
        (tiny / "exports.yaml").write_text(yaml.safe_dump(config, allow_unicode=True))
        return open_edition(Params(data_dir=str(tiny), edition=2021,
                                   period_start=dt.date(2020, 11, 1),
                                   period_end=dt.date(2021, 2, 28)))

    def test_monthly_labels_and_series(self, wide):
        monthly = service.monthly_series(wide.tables, wide.params.period_start,
                                         wide.params.period_end)
        calls = sections.service.service_monthly(wide.context("en"), monthly).charts[0]
        assert calls.categories == ("Nov 2020", "Dec 2020", "Jan 2021", "Feb 2021")
        assert [s.name for s in calls.series] == ["Nov 2019 – Feb 2020", "Nov 2020 – Feb 2021"]
        # c2 on 4 January 2021, c3 on 10 February 2021; nothing a year earlier
        assert calls.series[1].values == (0, 0, 1, 1)
        assert calls.series[0].values == (0, 0, 0, 0)
        lv = sections.service.service_monthly(wide.context("lv"), monthly).charts[0]
        assert lv.categories[0] == "nov. 2020" and lv.categories[2] == "janv. 2021"

    def test_tiles_name_the_period_a_year_earlier(self, wide):
        figures = service.period_figures(wide.tables, wide.params.period_start,
                                         wide.params.period_end)
        tiles = {t.code: t for t in
                 sections.service.service(wide.context("en"), figures).tiles}
        assert tiles["calls_total"].value_text == "2"
        # a year earlier the logs are complete and hold no call: a stated zero
        assert tiles["calls_total"].previous_text == "Nov 2019 – Feb 2020: 0"
        # nothing to average a year earlier: a dash, never "nan"
        assert tiles["call_duration_avg_min"].previous_text == "Nov 2019 – Feb 2020: –"


class TestNotesAgreeWithTheChart:
    """A tie in the rounding: the slide's notes quote the chart's percentages."""

    def test_tied_remainders(self, tiny):
        rows = [SURVEY[0]] + [[*r[:4], code, *r[5:]] for r, code in
                              zip(SURVEY[1:], ["1", "2", "3", "4", "4", "4"], strict=True)]
        write_xlsx(tiny / "exports" / "survey.xlsx", rows)
        ed, dists, stats = survey_of(tiny)
        section = sections.survey.statements(ed.context("en"), dists, stats)
        chart = section.chart
        responsive = chart.categories.index("Responsive and interested")
        # 1, 1, 1, 3 of 6: 16 + 2/3 three times and 50; the two points missing go to
        # fully and partly agree: 17 + 17 = 34 fully or partly, not 33 (16.7 + 16.7 rounded)
        assert [s.values[responsive] for s in chart.series] == [17, 34]
        assert "2021: Responsive and interested, fully or partly agree 34% ±" in section.method
        assert "33%" not in section.method


class TestAnEmptyExport:
    def test_a_channel_without_events_is_a_stated_zero(self, tiny):
        (tiny / "exports" / "chats.csv").write_text("id,started_at,rating\n")
        ed = open_edition(Params(data_dir=str(tiny)))
        figures = service.period_figures(ed.tables, ed.params.period_start,
                                         ed.params.period_end)
        assert figures.values["chats_served"] == 0
        tiles = {t.code: t for t in sections.service.service(ed.context("en"), figures).tiles}
        assert tiles["chats_served"].value_text == "0"
        assert tiles["chat_rating_avg"].value_text == "–"  # nothing to average: a dash
        assert not any("nan" in w.lower() for w in figures.warnings)
        assert "nan" not in " ".join(t.value_text + t.previous_text + t.note
                                     for t in tiles.values()).lower()
