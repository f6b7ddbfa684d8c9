"""Issue 18, the figures side: a good/bad rating as the share rated good, a measure a system
cannot supply said in words, a year-earlier comparison an export cannot give said, and the
aggregate sheet's published periods compared with the exports.

Expected values are the hand-worked ones of tests/fixtures/systems/README.md.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cspreport import Params, open_edition, sections
from cspreport.definitions import MEASURE_BY_CODE, tiles_shown
from cspreport.metrics import service
from tests.helpers import plain
from tests.project import REPO, ROOT
from tests.unit.test_presets import P20, P21, edition, events

SYSTEMS = REPO / "tests" / "fixtures" / "systems"
WHOLE = "[2020-01-01, 2021-12-31]"  # the bundled exports' coverage


def rewired(data: Path, **entries: str) -> Path:
    """data/2021 with the given channels' lines of exports.yaml replaced (channel -> YAML)
    and the sample systems copied in under systems/."""
    shutil.copytree(SYSTEMS, data / "systems", ignore=shutil.ignore_patterns("*.py", "*.md"))
    lines = (data / "exports.yaml").read_text(encoding="utf-8").splitlines()
    out, skipping = [], False
    for line in lines:
        name = line.strip().rstrip(":")
        if line.startswith("  ") and not line.startswith("   ") and name in entries:
            out.append(f"  {name}: {entries[name]}")
            skipping = True
            continue
        if skipping and line.startswith("    "):
            continue
        skipping = False
        out.append(line)
    (data / "exports.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")
    return data


def tiles_of(section) -> dict:
    return {t.code: t for t in section.tiles}


# ----------------------------------------------------------------------------- the measure


class TestChatGoodShare:
    def test_livechat_sample_by_hand(self, tmp_path):
        folder = edition(tmp_path, {
            "chats": "{preset: livechat-chats, file: exports/livechat/chats.csv}"})
        logs = events(folder)
        now = service.measures_from_events(logs, *P21)
        # README: 25 chats served, 13 good + 3 bad = 16 rated, 9 not rated
        assert (now["chats_served"], now["chat_rated"], now["chat_good"]) == (25, 16, 13)
        assert now["chat_good_share"] == 100 * 13 / 16  # 81.25
        before = service.measures_from_events(logs, *P20)
        assert (before["chats_served"], before["chat_rated"], before["chat_good"]) == (15, 9, 7)
        assert before["chat_good_share"] == pytest.approx(100 * 7 / 9)  # 77.8 → 78%
        # LiveChat gives no 1–9 rating: not supplied, not a number
        assert {"chat_rating_avg", "chat_ratings"} <= set(service.not_supplied(logs))
        assert "chat_good_share" not in service.not_supplied(logs)
        assert now["chat_rating_avg"] != now["chat_rating_avg"]

    def test_which_tiles(self):
        every = set(MEASURE_BY_CODE)
        codes = [m.code for m in tiles_shown(every)]
        assert "chat_rating_avg" in codes and "chat_good_share" in codes  # both supplied
        # good/bad only: the share in place of the average
        codes = [m.code for m in tiles_shown(every - {"chat_rating_avg", "call_good_share"})]
        assert "chat_good_share" in codes and "chat_rating_avg" not in codes
        assert "call_rating_avg" in codes and "call_good_share" not in codes
        # neither: the average's tile, to say that the system records no ratings
        codes = [m.code for m in tiles_shown(every - {"chat_rating_avg", "chat_good_share"})]
        assert "chat_rating_avg" in codes and "chat_good_share" not in codes

    @pytest.fixture
    def livechat(self, edition_dir):
        rewired(edition_dir, chats="{preset: livechat-chats, file: systems/livechat/chats.csv, "
                f"coverage: {WHOLE}}}")
        ed = open_edition(Params(data_dir=str(edition_dir)))
        return ed, service.period_figures(ed.tables, *P21)

    def test_tile_and_notes_with_the_year_before(self, livechat):
        ed, figures = livechat
        en = sections.service.service(ed.context("en"), figures)
        tile = tiles_of(en)["chat_good_share"]
        assert "chat_rating_avg" not in tiles_of(en)
        assert (tile.value_text, tile.label) == ("81%", "Chats rated good")
        assert tile.note == "13 of 16 rated chats good"
        # the year earlier named by its months, so that nine months are not read as a year
        assert plain(tile.previous_text) == "Jan–Sept 2020: 78% (7 of 9)"
        assert tile.previous == pytest.approx(700 / 9)
        # said aloud: 81.25% against 77.8% is 3.5 points, 4.5% of 77.8 (under 5%), and 25
        # chats against 15 differ by 10, under 2·√(25 + 15) = 12.6: neither is a change worth
        # saying; the bundled calls (−1.6%), e-mails (−2.2%) and EDV (+0.2%) are stable too
        assert plain(en.spoken).startswith(
            "Compared with the same period a year earlier, the client-service figures were "
            "stable, the volume of contacts too: calls 17,680 against 17,971, e-mails answered "
            "1,656 against 1,694 and EDV registration requests 4,845 against 4,834.")
        assert "rated good" not in en.spoken
        lv = sections.service.service(ed.context("lv"), figures)
        assert plain(tiles_of(lv)["chat_good_share"].previous_text) == \
            "2020. g. janv.–sept.: 78% (7 no 9)"
        assert "labi novērtēto čatu" not in lv.spoken

    def test_words_agree_with_the_numbers(self, livechat):
        ed, _ = livechat
        m = MEASURE_BY_CODE["chat_good_share"]
        lv, en = ed.context("lv"), ed.context("en")
        say = sections.service.good_of_rated
        assert say(lv, m, {"chat_rated": 21, "chat_good": 1}) == \
            "1 no 21 novērtētā čata novērtēts labi"
        assert say(lv, m, {"chat_rated": 11, "chat_good": 11}) == \
            "11 no 11 novērtētajiem čatiem novērtēti labi"
        assert say(en, m, {"chat_rated": 1, "chat_good": 1}) == "1 of 1 rated chat good"
        assert say(en, m, {"chat_rated": 21, "chat_good": 1}) == "1 of 21 rated chats good"


# ----------------------------------------------------------------------------- not supplied


class TestNotSuppliedOrNothingToAverage:
    def test_asterisk_gives_no_call_rating(self, edition_dir):
        rewired(edition_dir, calls="{preset: asterisk-cdr, file: systems/asterisk/Master.csv}")
        ed = open_edition(Params(data_dir=str(edition_dir)))
        figures = service.period_figures(ed.tables, *P21)
        assert "call_rating_avg" in figures.not_supplied
        for lang, value, words in (
                ("en", "not recorded", "the phone system records no call ratings"),
                ("lv", "netiek uzskaitīts", "tālruņu sistēma zvanu vērtējumus neuzskaita")):
            section = sections.service.service(ed.context(lang), figures)
            tile = tiles_of(section)["call_rating_avg"]
            assert (tile.value_text, tile.note, tile.previous_text) == (value, words, "")
            # why the tile says "not recorded", as a sentence of its own
            assert f"{words[0].upper()}{words[1:]}." in section.spoken.splitlines()
            # the talk time and the count still shown: 5556 s / 17 calls; 28 calls
            assert plain(tiles_of(section)["call_duration_avg_min"].value_text) in (
                "5.4 min", "5,4 min")
            assert tiles_of(section)["calls_total"].value_text == "28"

    def test_nothing_rated_in_the_period_is_a_dash_said_so(self, edition_dir):
        (edition_dir / "chats.csv").write_text(
            "id,started,rate\n1,2021-02-01 10:00:00,not rated\n2,2021-03-01 10:00:00,"
            "not rated\n", encoding="utf-8")
        rewired(edition_dir, chats=f"{{preset: livechat-chats, file: chats.csv, "
                f"coverage: {WHOLE}}}")
        ed = open_edition(Params(data_dir=str(edition_dir)))
        figures = service.period_figures(ed.tables, *P21)
        section = sections.service.service(ed.context("en"), figures)
        tile = tiles_of(section)["chat_good_share"]  # supplied, but no chat was rated
        assert (tile.value_text, tile.note) == ("–", "no ratings in the period")
        assert tiles_of(section)["chats_served"].value_text == "2"


# ----------------------------------------------------------------------------- check


def test_check_says_what_it_cannot_compare_and_what_differs_from_published(tmp_path):
    """data/2021 with Asterisk's calls, Zendesk's tickets and LiveChat's chats (no coverage
    given: taken from the files), and the aggregate sheet carrying a published earlier
    period, April–June 2020: check warns of the year before that two exports do not cover and
    of each published figure the exports do not confirm."""
    data = tmp_path / "data" / "2021"
    shutil.copytree(ROOT / "data" / "2021", data)
    rewired(data, calls="{preset: asterisk-cdr, file: systems/asterisk/Master.csv}",
            emails="{preset: zendesk-tickets, file: systems/zendesk/tickets.csv}",
            chats="{preset: livechat-chats, file: systems/livechat/chats.csv}")
    book = load_workbook(data / "edition.xlsx")
    sheet = book["service_stats"]
    q2 = (dt.datetime(2020, 4, 1), dt.datetime(2020, 6, 30))
    # by hand: calls B08–B11 = 4; Mail tickets solved 1008 (18 May), 1009 (9 June) = 2, not
    # the 3 published; chats 8 Apr, 29 Apr, 19 May, 10 Jun, 30 Jun = 5, the three rated good
    for measure, value in (("calls_total", 4), ("emails_answered", 3), ("chats_served", 5),
                           ("chat_good_share", 100), ("call_rating_avg", 4.2)):
        sheet.append([*q2, measure, value])
    book.save(data / "edition.xlsx")
    (tmp_path / "params").mkdir()
    shutil.copy(ROOT / "params" / "2021.yaml", tmp_path / "params" / "2021.yaml")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    env = {**os.environ, "PYTHONPATH": str(REPO), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    run = subprocess.run([sys.executable, "-m", "cspreport", "check", "params/2021.yaml"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in run.stderr
    assert run.returncode == 0, run.stderr
    lines = run.stderr.splitlines()
    # the call log starts with B01 on 3 January 2020, the chat log on 7 January 2020
    assert ("warning: no figures for 2020-01-01 – 2020-09-30 to compare with: the calls "
            "export (systems/asterisk/Master.csv) starts on 2020-01-03") in lines
    assert ("warning: no figures for 2020-01-01 – 2020-09-30 to compare with: the chats "
            "export (systems/livechat/chats.csv) starts on 2020-01-07") in lines
    assert not any("emails export" in line and "to compare with" in line for line in lines)
    earlier = [line for line in lines if "2020-04-01 – 2020-06-30" in line]
    assert earlier == [
        "warning: emails_answered 2020-04-01 – 2020-06-30: computed from the exports 2, "
        "edition.xlsx, sheet service_stats says 3; the published figure differs",
        "warning: call_rating_avg 2020-04-01 – 2020-06-30: the calls export has no 'rating' "
        "column, so the exports cannot give it; edition.xlsx, sheet service_stats says 4.2; "
        "cannot be checked",
    ]
    assert run.stdout.startswith("ok: edition 2021")
