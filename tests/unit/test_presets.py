"""Issue 18: the office's systems read as they export (presets, times and zones, filters,
categorical ratings, our names checked, code errors grouped).

The sample files in tests/fixtures/systems/ were written from each system's documentation by
someone who had not seen the reader; the expected figures are the ones worked out by hand in
tests/fixtures/systems/README.md.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cspreport.errors import InputError
from cspreport.sources.exports import read_config, read_service_exports, read_survey_exports
from tests.helpers import use_sample_systems
from tests.project import REPO, ROOT

SYSTEMS = REPO / "tests" / "fixtures" / "systems"
P21 = (dt.date(2021, 1, 1), dt.date(2021, 9, 30))
P20 = (dt.date(2020, 1, 1), dt.date(2020, 9, 30))

# the channels a test does not look at: one event each
OTHERS = {
    "calls": ("calls.csv", "id,start,direction,answered,duration_s\nc1,2021-02-01 10:00:00,"
              "incoming,yes,60\n", "{file: other/calls.csv}"),
    "emails": ("emails.csv", "id,received_at,answered_at\ne1,2021-02-01 10:00:00,\n",
               "{file: other/emails.csv}"),
    "chats": ("chats.csv", "id,started_at\nh1,2021-02-01 10:00:00\n",
              "{file: other/chats.csv}"),
    "voice_messages": ("vm.csv", "id,left_at,listened_at\nv1,2021-02-01 10:00:00,\n",
                       "{file: other/vm.csv}"),
    "edv_registrations": ("edv.csv", "id,submitted_at\nr1,2021-02-01 10:00:00\n",
                          "{file: other/edv.csv}"),
}


def edition(tmp_path: Path, service: dict[str, str] | None = None, survey: str = "",
            files: dict[str, str | bytes] | None = None) -> Path:
    """An edition folder with the sample exports copied in and an exports.yaml whose channels
    are ``service`` (channel -> the YAML of its entry) and OTHERS for the rest."""
    folder = tmp_path / "ed"
    shutil.copytree(SYSTEMS, folder / "exports", ignore=shutil.ignore_patterns("*.py", "*.md"))
    (folder / "other").mkdir()
    lines = []
    if service is not None:
        lines.append("service:")
        for channel, (name, text, entry) in OTHERS.items():
            (folder / "other" / name).write_text(text, encoding="utf-8")
            lines.append(f"  {channel}: {service.get(channel, entry)}")
    text = "\n".join(lines) + "\n" + survey
    (folder / "exports.yaml").write_text(text, encoding="utf-8")
    for name, content in (files or {}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)
    return folder


def events(folder: Path, warnings: list | None = None):
    return read_service_exports(folder, read_config(folder), warnings)[0]


def problems(folder: Path, survey: bool = False) -> list[str]:
    with pytest.raises(InputError) as exc:
        config = read_config(folder)
        (read_survey_exports if survey else read_service_exports)(folder, config)
    return str(exc.value).splitlines()


def within(frame, column, period):
    dates = frame[column].dt.date
    return frame[(dates >= period[0]) & (dates <= period[1])]


def minutes(seconds) -> float:
    return round(float(seconds.mean()) / 60, 1)


# ----------------------------------------------------------------------------- presets


@pytest.fixture(scope="module")
def asterisk(tmp_path_factory):
    folder = edition(tmp_path_factory.mktemp("a"), {
        "calls": "{preset: asterisk-cdr, file: exports/asterisk/Master.csv}"})
    warnings: list[str] = []
    return events(folder, warnings)["calls"], warnings


@pytest.fixture(scope="module")
def zendesk(tmp_path_factory):
    folder = edition(tmp_path_factory.mktemp("z"), {
        "emails": "{preset: zendesk-tickets, file: exports/zendesk/tickets.csv}"})
    warnings: list[str] = []
    return events(folder, warnings)["emails"], warnings


class TestAsterisk:
    @pytest.fixture
    def calls(self, asterisk):
        return asterisk

    def test_counts_by_riga_calendar_with_queue_legs_once(self, calls):
        calls, _ = calls
        # README §1: 63 rows are 47 calls (one per uniqueid)
        assert len(calls) == 47
        p21, p20 = within(calls, "start", P21), within(calls, "start", P20)
        assert (len(p21), len(p20)) == (28, 15)
        assert (p21["direction"] == "incoming").sum() == 20
        assert (p21["direction"] == "outgoing").sum() == 8
        assert (p20["direction"] == "incoming").sum() == 11
        assert p21["answered"].sum() == 18 and p20["answered"].sum() == 10
        assert (p21["answered"] & (p21["direction"] == "incoming")).sum() == 14

    def test_talk_times(self, calls):
        calls, _ = calls
        p21, p20 = within(calls, "start", P21), within(calls, "start", P20)
        talk21 = p21.loc[p21["answered"] & (p21["duration_s"] > 0), "duration_s"]
        assert (talk21.sum(), len(talk21), minutes(talk21)) == (5556, 17, 5.4)
        incoming = p21[p21["direction"] == "incoming"]
        talk_in = incoming.loc[incoming["answered"] & (incoming["duration_s"] > 0), "duration_s"]
        assert (talk_in.sum(), len(talk_in), minutes(talk_in)) == (4743, 13, 6.1)
        talk20 = p20.loc[p20["answered"] & (p20["duration_s"] > 0), "duration_s"]
        assert (talk20.sum(), len(talk20), minutes(talk20)) == (2335, 10, 3.9)

    def test_a_queue_call_across_midnight_is_one_september_call(self, calls):
        calls, _ = calls
        a29 = calls[calls["id"] == "1633035580.145"]
        assert len(a29) == 1
        assert a29["start"].iloc[0] == dt.datetime(2021, 9, 30, 23, 59, 40)
        assert bool(a29["answered"].iloc[0]) and a29["duration_s"].iloc[0] == 120

    def test_rows_joined_and_rating_not_supplied_are_said(self, calls):
        calls, warnings = calls
        assert "rating" in calls.attrs["not_supplied"]
        assert "rating" not in calls.columns
        assert ("exports/asterisk/Master.csv: 63 rows are 47 calls: rows with the same "
                "uniqueid are one") in "\n".join(warnings)
        assert any(w.startswith("exports/asterisk/Master.csv: no coverage for calls in "
                                "exports.yaml: taken as the first to the last day in the "
                                "file, 2020-01-03 – 2021-10-31") for w in warnings)

    def test_linkedid_is_the_call_when_the_file_has_it(self, tmp_path):
        # newcdrcolumns=yes: 21 fields; two legs of one call share linkedid, not uniqueid
        base = ('"","2921","400","ext-queues","2921","PJSIP/t-1","PJSIP/201-2","Queue","400",'
                '"2021-02-01 10:00:00",{answer},"2021-02-01 10:02:00",120,{bill},"{disp}",'
                '"DOCUMENTATION","{uid}","","","1612166400.1","{seq}"\n')
        text = (base.format(answer="", bill=0, disp="NO ANSWER", uid="1612166400.1", seq=1)
                + base.format(answer='"2021-02-01 10:00:30"', bill=90, disp="ANSWERED",
                              uid="1612166400.2", seq=2))
        folder = edition(tmp_path, {"calls": "{preset: asterisk-cdr, file: cdr.csv}"},
                         files={"cdr.csv": text})
        calls = events(folder)["calls"]
        assert list(calls["id"]) == ["1612166400.1"]
        assert bool(calls["answered"].iloc[0]) and calls["duration_s"].iloc[0] == 90

    def test_a_dialplan_of_ones_own_overrides_the_contexts(self, tmp_path):
        folder = edition(tmp_path, {"calls": (
            "{preset: asterisk-cdr, file: exports/asterisk/Master.csv, "
            "codes: {direction: {outgoing: [from-internal, ext-queues]}}}")})
        calls = events(folder)["calls"]
        # ext-queues now outgoing; the preset's incoming list is kept
        p21 = within(calls, "start", P21)
        queue_calls = 9  # README: 9 queue calls in P21 (A02,05,09,13,16,19,22,26,29)
        assert (p21["direction"] == "outgoing").sum() == 8 + queue_calls


class TestZendesk:
    @pytest.fixture
    def read(self, zendesk):
        return zendesk

    def test_mail_only_and_offsets_to_riga(self, read):
        emails, _ = read
        assert len(within(emails, "received_at", P21)) == 24
        assert len(within(emails, "received_at", P20)) == 12
        assert emails["answered_at"].notna().sum() == len(emails) - 2  # 1045, 1046 open
        assert len(within(emails, "answered_at", P21)) == 20
        assert len(within(emails, "answered_at", P20)) == 10

    def test_times_are_riga_wall_times(self, read):
        emails, _ = read
        by_id = emails.set_index("id")
        # 1034: solved 2021-07-01 00:25:41 +0300 stays 1 July (30 June in UTC)
        assert by_id.loc["1034", "answered_at"] == dt.datetime(2021, 7, 1, 0, 25, 41)
        # 1026: +0200 created, +0300 solved, in one row
        assert by_id.loc["1026", "received_at"] == dt.datetime(2021, 3, 26, 15, 10)
        assert by_id.loc["1026", "answered_at"] == dt.datetime(2021, 3, 29, 9, 40)

    def test_the_filter_says_how_many_it_left_out(self, read):
        emails, warnings = read
        # 53 tickets, 11 not by Mail (README §3's table: 7 Web form, 3 Phone call
        # (incoming), 1 Chat)
        assert len(emails) == 53 - 11
        assert ("exports/zendesk/tickets.csv: 11 rows left out: 'Via' is not Mail (where)"
                in warnings)
        assert emails.attrs["left_out"] == (("'Via' is not Mail (where)", 11),)


class TestLiveChat:
    def test_categorical_rating(self, tmp_path):
        folder = edition(tmp_path, {
            "chats": "{preset: livechat-chats, file: exports/livechat/chats.csv}"})
        chats = events(folder)["chats"]
        p21, p20 = within(chats, "started_at", P21), within(chats, "started_at", P20)
        assert len(p21) == 25 and len(p20) == 15
        assert p21["rated"].value_counts().to_dict() == {"good": 13, "bad": 3}
        assert p21["rated"].isna().sum() == 9
        assert p20["rated"].value_counts().to_dict() == {"good": 7, "bad": 2}
        assert "rating" in chats.attrs["not_supplied"]
        assert "rated" not in chats.attrs["not_supplied"]

    def test_the_api_spelling_too(self, tmp_path):
        text = ("id,started,rate\nx1,2021-02-01 10:00:00,rated_good\n"
                "x2,2021-02-02 10:00:00,rated_bad\nx3,2021-02-03 10:00:00,not_rated\n")
        folder = edition(tmp_path, {"chats": "{preset: livechat-chats, file: c.csv}"},
                         files={"c.csv": text})
        rated = events(folder)["chats"]["rated"]
        assert list(rated[:2]) == ["good", "bad"] and rated.isna().iloc[2]

    def test_a_scale_from_labels(self, tmp_path):
        text = "id,started_at,score\nx1,2021-02-01 10:00:00,Excellent\n" \
               "x2,2021-02-02 10:00:00,Poor\nx3,2021-02-03 10:00:00,-\n"
        folder = edition(tmp_path, {"chats": (
            "{file: c.csv, columns: {rating: score}, codes: {rating: "
            "{'9': [Excellent], '1': [Poor], not_rated: ['-']}}}")}, files={"c.csv": text})
        ratings = events(folder)["chats"]["rating"]
        assert ratings.iloc[0] == 9 and ratings.iloc[1] == 1 and ratings.isna().iloc[2]


class TestLimeSurvey:
    SURVEY = """survey:
  waves:
    2021:
      answers:
        preset: limesurvey-responses
        file: exports/limesurvey/results-survey123456.csv
        columns: {overall: "Q1[SQ001]", professional: "Q1[SQ002]", responsive: "Q1[SQ003]", polite: "Q1[SQ004]"}
      comments: {preset: limesurvey-responses, file: exports/limesurvey/results-survey123456.csv, columns: {text: Q2}}
"""  # noqa: E501

    def test_complete_responses_answers_and_comments(self, tmp_path):
        folder = edition(tmp_path, None, self.SURVEY)
        warnings: list[str] = []
        answers, comments, _, _ = read_survey_exports(folder, read_config(folder), warnings)
        assert len(answers) == 30
        assert answers.attrs["left_out"] == {2021: (("'submitdate' is empty (drop_empty)", 6),)}
        assert ("exports/limesurvey/results-survey123456.csv: 6 rows left out: 'submitdate' is "
                "empty (drop_empty)") in warnings
        counts = answers["overall"].value_counts().to_dict()
        assert counts == {"fully_agree": 18, "partly_agree": 8, "partly_disagree": 2,
                          "fully_disagree": 1, "no_answer": 1}
        assert (answers["polite"] == "no_answer").sum() == 3
        assert (answers["responsive"] == "partly_agree").sum() == 13
        assert len(comments) == 11
        assert sorted(map(int, comments["id"])) == [2, 6, 9, 12, 15, 19, 22, 26, 30, 32, 36]


class TestCallList:
    def test_ddmmyyyy_windows_1257_mmss(self, tmp_path):
        entry = ("{file: exports/calllist/zvani.csv, delimiter: ';', encoding: windows-1257, "
                 "date_format: '%d.%m.%Y %H:%M', duration_format: 'mm:ss', columns: {id: Nr., "
                 "start: Datums un laiks, direction: Virziens, answered: Atbildēts, "
                 "duration_s: 'Ilgums (mm:ss)'}, codes: {direction: {incoming: [Ienākošais], "
                 "outgoing: [Izejošais]}, answered: {yes: [Y], no: [N]}}}")
        folder = edition(tmp_path, {"calls": entry})
        calls = events(folder)["calls"]
        p21, p20 = within(calls, "start", P21), within(calls, "start", P20)
        assert len(p21) == 20 and (p21["direction"] == "incoming").sum() == 15
        assert p21["answered"].sum() == 14
        talk = p21.loc[p21["answered"] & (p21["duration_s"] > 0), "duration_s"]
        assert (talk.sum(), len(talk), minutes(talk)) == (7301, 13, 9.4)
        talk20 = p20.loc[p20["answered"] & (p20["duration_s"] > 0), "duration_s"]
        assert (len(p20), talk20.sum()) == (4, 765)  # 765 / 3 = 255 s = 4.25 min


# ----------------------------------------------------------------------------- building blocks


def one_channel(tmp_path, text: str, entry: str, channel: str = "emails") -> Path:
    return edition(tmp_path, {channel: entry}, files={"e.csv": text})


class TestTimes:
    ENTRY = "{file: e.csv, columns: {id: id, received_at: r, answered_at: a}}"

    def read(self, tmp_path, rows: str, entry: str | None = None):
        folder = one_channel(tmp_path, "id,r,a\n" + rows, entry or self.ENTRY)
        return events(folder)["emails"]

    def test_winter_summer_mixed_and_z(self, tmp_path):
        emails = self.read(tmp_path, "1,2021-01-31 23:30:00 +0200,2021-02-01T00:10:00+02:00\n"
                                     "2,2021-06-30 23:40:00 +0300,2021-06-30T21:30:00Z\n"
                                     "3,2021-12-31 22:30:00Z,\n")
        assert list(emails["received_at"]) == [dt.datetime(2021, 1, 31, 23, 30),
                                               dt.datetime(2021, 6, 30, 23, 40),
                                               dt.datetime(2022, 1, 1, 0, 30)]
        assert emails["answered_at"].iloc[1] == dt.datetime(2021, 7, 1, 0, 30)

    def test_naive_times_in_utc(self, tmp_path):
        entry = self.ENTRY.replace("}}", "}, timezone: UTC}")
        emails = self.read(tmp_path, "1,2021-06-30 21:30:00,\n2,2021-01-31 22:30:00,\n", entry)
        assert list(emails["received_at"]) == [dt.datetime(2021, 7, 1, 0, 30),
                                               dt.datetime(2021, 2, 1, 0, 30)]

    def test_the_skipped_hour_is_an_error_at_its_cell(self, tmp_path):
        folder = one_channel(tmp_path, "id,r,a\n1,2021-03-28 03:30:00,\n", self.ENTRY)
        (line,) = problems(folder)
        assert line.startswith("e.csv, row 2, column 'r': “2021-03-28 03:30:00” does not "
                               "exist in Europe/Riga")
        assert "timezone: UTC" in line

    def test_the_repeated_hour_keeps_its_wall_time(self, tmp_path):
        emails = self.read(tmp_path, "1,2021-10-31 03:30:00,\n2,2021-10-31 03:30:00 +0200,\n"
                                     "3,2021-10-31 03:30:00 +0300,\n")
        assert set(emails["received_at"]) == {dt.datetime(2021, 10, 31, 3, 30)}

    def test_date_format(self, tmp_path):
        entry = self.ENTRY.replace("}}", "}, date_format: '%d.%m.%Y %H:%M'}")
        folder = one_channel(tmp_path, "id,r,a\n1,15.03.2021 09:12,\n2,2021-03-15 09:12,\n",
                             entry)
        (line,) = problems(folder)
        assert line == ("e.csv, row 3, column 'r': expected a date and time written "
                        "%d.%m.%Y %H:%M, found “2021-03-15 09:12”")


class TestHeaderAndFilters:
    def test_a_first_row_of_data_is_said(self, tmp_path):
        folder = one_channel(tmp_path, '"7","2021-02-01 10:00:00",""\n',
                             "{file: e.csv, columns: {id: id, received_at: r, answered_at: a}}")
        lines = problems(folder)
        assert ("e.csv, row 1: row 1 looks like data, not a header row: if the export has no "
                "header row, give header: none and the field names by position (fields:) in "
                "exports.yaml") in lines

    def test_header_none_with_fields(self, tmp_path):
        folder = one_channel(tmp_path, '"7","2021-02-01 10:00:00",""\n',
                             "{file: e.csv, header: none, fields: [n, r, a], "
                             "columns: {id: n, received_at: r, answered_at: a}}")
        emails = events(folder)["emails"]
        assert list(emails.index) == [1] and list(emails["id"]) == ["7"]

    def test_drop_empty_by_our_name_and_where(self, tmp_path):
        text = "id,r,a,kind\n1,2021-02-01 10:00,,Mail\n2,2021-02-01 11:00,,mail\n" \
               "3,2021-02-01 12:00,,Web\n4,,,Mail\n"
        warnings: list[str] = []
        folder = one_channel(tmp_path, text, "{file: e.csv, where: {kind: [Mail]}, drop_empty: "
                             "[received_at], columns: {id: id, received_at: r, answered_at: a}}")
        emails = events(folder, warnings)["emails"]
        assert list(emails["id"]) == ["1", "2"]
        assert "e.csv: 1 row left out: 'kind' is not Mail (where)" in warnings
        assert "e.csv: 1 row left out: 'r' is empty (drop_empty)" in warnings


class TestNamesAndCodes:
    def test_unknown_name_with_the_nearest(self, tmp_path):
        text = "id,started_at,Score\nh1,2021-02-01 10:00:00,5\n"
        folder = edition(tmp_path, {"chats": "\n    file: c.csv\n    columns: {ratng: Score}"},
                         files={"c.csv": text})
        with pytest.raises(InputError) as exc:
            read_config(folder)
        assert str(exc.value) == (
            "exports.yaml, line 6: service, chats, columns, ratng: “ratng” is not a column of "
            "ours for chats; did you mean 'rating'?; our columns for chats are: id, "
            "started_at, rating, rated")

    def test_unknown_preset(self, tmp_path):
        folder = edition(tmp_path, {"calls": "{preset: asterisk-cd, file: x.csv}"})
        with pytest.raises(InputError) as exc:
            read_config(folder)
        assert "unknown preset “asterisk-cd”; did you mean 'asterisk-cdr'?" in str(exc.value)

    def test_yes_no_keys_written_plainly(self, tmp_path):
        text = "id,start,direction,answered,duration_s\nc1,2021-02-01 10:00:00,in,Y,60\n" \
               "c2,2021-02-01 11:00:00,in,N,\n"
        folder = edition(tmp_path, {"calls": (
            "{file: c.csv, codes: {direction: {incoming: [in]}, answered: {yes: [Y], no: [N]}}}")},
            files={"c.csv": text})
        assert list(events(folder)["calls"]["answered"]) == [True, False]

    def test_code_errors_grouped_with_a_line_to_paste(self, tmp_path):
        rows = "".join(f"c{i},2021-02-01 10:{i:02d}:00,{'in' if i % 3 else 'x'},"
                       f"{'Y' if i % 2 else 'N'},60\n" for i in range(1, 41))
        folder = edition(tmp_path, {"calls": "{file: c.csv, codes: {direction: "
                                             "{incoming: [in], outgoing: [out]}}}"},
                         files={"c.csv": "id,start,direction,answered,duration_s\n" + rows})
        lines = problems(folder)
        # 40 rows: i % 3 == 0 for i = 3, 6, …, 39 (13 rows, the first i = 3 on row 4);
        # Y for odd i (20 rows, first row 2), N for even (20, first row 3)
        assert lines == [
            "c.csv, column 'direction': 1 value not among the codes of direction (incoming, "
            "outgoing): “x” (13 rows, first row 4); add under codes: of this export in "
            "exports.yaml, as its line for direction {direction: {incoming: [in], outgoing: "
            "[out], '?': [x]}} (check where each value went)",
            "c.csv, column 'answered': 2 values not among the codes of answered (yes, no): "
            "“N” (20 rows, first row 3), “Y” (20 rows, first row 2); add under codes: of this "
            "export in exports.yaml, as its line for answered {answered: {'yes': ['1', "
            "'true', 'yes', jā, ja, Y], 'no': ['0', 'false', 'no', nē, ne, N]}} (check where "
            "each value went)",  # the default yes/no words kept: a codes line replaces them
        ]


# ----------------------------------------------------------------------------- the command line


def test_check_on_the_2021_edition_with_the_sample_systems(tmp_path):
    """data/2021 with its calls, e-mails, chats and survey read from the sample exports by
    presets: check passes and says what it left out and joined."""
    data = tmp_path / "data" / "2021"
    shutil.copytree(ROOT / "data" / "2021", data)
    use_sample_systems(data, SYSTEMS)
    params = tmp_path / "params" / "2021.yaml"
    params.parent.mkdir()
    shutil.copy(ROOT / "params" / "2021.yaml", params)
    for extra in ("templates", "notebooks"):
        if (ROOT / extra).is_dir():
            os.symlink(ROOT / extra, tmp_path / extra)
    for name in ("pyproject.toml",):
        shutil.copy(ROOT / name, tmp_path / name)
    env = {**os.environ, "PYTHONPATH": str(REPO), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    run = subprocess.run([sys.executable, "-m", "cspreport", "check", "params/2021.yaml"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in run.stderr
    assert run.returncode == 0, run.stderr
    assert ("warning: systems/zendesk/tickets.csv: 11 rows left out: 'Via' is not Mail "
            "(where)") in run.stderr
    assert ("warning: systems/limesurvey/results-survey123456.csv: 6 rows left out: "
            "'submitdate' is empty (drop_empty)") in run.stderr
    assert "warning: systems/asterisk/Master.csv: 63 rows are 47 calls" in run.stderr
    assert run.stdout.startswith("ok: edition 2021")
