"""Which changes from a year earlier are worth saying (``metrics.service.year_changes``) and
how they are said (``sections.service.say_year``): compared unrounded, a change of under 5%
called stable; a count of any size changed only when the difference is also beyond what chance
makes (2·√(sum)); a count under 50, or one whose change is within chance, said by its
difference; averages and ratings (no counts) by the 5% rule alone. Figures made by hand;
expected values worked out here."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from cspreport.metrics.service import PeriodFigures, year_changes
from cspreport.sections.context import Context
from cspreport.sections.service import say_year as said
from tests.helpers import plain

START, END = dt.date(2021, 1, 1), dt.date(2021, 9, 30)
NOW = {"calls_total": 17680, "emails_answered": 1500, "call_duration_avg_min": 1.949,
       "call_rating_avg": 4.5, "call_ratings": 1557, "edv_registrations": 4845,
       "voice_messages_listened": 31, "chats_served": 89, "chat_rating_avg": 8.7,
       "chat_ratings": 56}
BEFORE = {**NOW, "calls_total": 17971, "emails_answered": 1694,
          "call_duration_avg_min": 2.04, "edv_registrations": 4834,
          "voice_messages_listened": 29, "chats_served": 104, "chat_rating_avg": 8.4}


def figures(now: dict, before: dict | None) -> PeriodFigures:
    return PeriodFigures(now, before, START, END, ())


def say_year(*args, **kwargs) -> str:
    """What ``say_year`` says, its no-break spaces (1 694) as plain ones."""
    return plain(said(*args, **kwargs))


def context(lang: str) -> Context:
    edition = SimpleNamespace(params=SimpleNamespace(period_start=START, period_end=END),
                              tables=SimpleNamespace(content=None), wave=2021)
    return Context(edition, lang)


def test_notable_changes_and_noise():
    changes = year_changes(figures(NOW, BEFORE))
    by_code = {c.measure.code: c for c in changes}
    # e-mails 194 / 1 694 = 11.5%, and 194 ≥ 2·√(1 500 + 1 694) = 2·√3 194 ≈ 113.0: notable
    assert [c.measure.code for c in changes if c.notable] == ["emails_answered"]
    # chats 15 / 104 = 14.4%, but 15 < 2·√(104 + 89) = 2·√193 ≈ 27.8: within chance, stable
    # although both counts are over 50; the largest change still comes first
    assert by_code["chats_served"].size == pytest.approx(15 / 104)
    assert not by_code["chats_served"].notable
    assert [c.measure.code for c in changes][:2] == ["chats_served", "emails_answered"]
    # voice messages 31 against 29: 6.9%, but 2 < 2·√(31 + 29) = 15.5 – noise
    assert by_code["voice_messages_listened"].size == pytest.approx(2 / 29)
    assert not by_code["voice_messages_listened"].notable
    # call duration 1.949 against 2.04 min: shown 1.9 and 2.0 (5.0%), but unrounded 0.091 /
    # 2.04 = 4.5% – stable
    assert by_code["call_duration_avg_min"].size == pytest.approx(0.091 / 2.04)
    assert not by_code["call_duration_avg_min"].notable
    # calls 1.6%, EDV 0.2%, chat rating 0.3 / 8.4 = 3.6%, call rating 0: stable; the counts
    # of ratings are no tiles of their own
    assert {c.measure.code for c in changes if not c.notable} == {
        "chats_served", "voice_messages_listened", "call_duration_avg_min", "calls_total",
        "edv_registrations", "chat_rating_avg", "call_rating_avg"}


def test_a_count_changes_only_beyond_chance_and_by_five_percent():
    # chats 150 against 200: 50 / 200 = 25% ≥ 5%, and 50 ≥ 2·√350 ≈ 37.4: notable, by 25%
    # calls 17 400 against 17 971: 571 ≥ 2·√35 371 ≈ 376.1, beyond chance, but 571 / 17 971 =
    # 3.2% < 5%: stable
    changes = year_changes(figures({**NOW, "chats_served": 150, "calls_total": 17400},
                                   {**BEFORE, "chats_served": 200, "calls_total": 17971}))
    by_code = {c.measure.code: c for c in changes}
    assert by_code["chats_served"].notable and not by_code["chats_served"].by_difference
    assert not by_code["calls_total"].notable
    assert "apkalpoto čatu skaits samazinājās par 25% – no 200 līdz 150" in say_year(
        context("lv"), changes)


def test_averages_and_ratings_have_no_chance_rule():
    # a rating and a duration are no counts of events: 4.0 → 4.5 (12.5%) and 2.04 → 2.4 min
    # (0.36 / 2.04 = 17.6%) are notable, though 2·√(4.0 + 4.5) ≈ 5.8 would exceed 0.5
    changes = year_changes(figures({**NOW, "call_rating_avg": 4.5,
                                    "call_duration_avg_min": 2.4},
                                   {**BEFORE, "call_rating_avg": 4.0,
                                    "call_duration_avg_min": 2.04}))
    by_code = {c.measure.code: c for c in changes}
    assert by_code["call_rating_avg"].notable
    assert by_code["call_duration_avg_min"].notable


def test_a_small_count_with_a_large_difference_is_notable_and_said_by_it():
    # 40 against 12: 28 ≥ 2·√52 = 14.4; said "by 28", not "by 233%"
    changes = year_changes(figures({**NOW, "voice_messages_listened": 40},
                                   {**NOW, "voice_messages_listened": 12}))
    assert [c.measure.code for c in changes if c.notable] == ["voice_messages_listened"]
    assert say_year(context("lv"), changes) == (
        "Salīdzinājumā ar to pašu periodu gadu iepriekš noklausīto balss ziņu skaits pieauga "
        "par 28 – no 12 līdz 40; pārējie rādītāji gandrīz nemainījās.")


def test_said_message_first_then_the_stable_volumes():
    changes = year_changes(figures(NOW, BEFORE))
    lv, en = context("lv"), context("en")
    # 194 / 1 694 = 11.45% → 11%; 291 / 17 971 = 1.62% → 1,6%; 11 / 4 834 = 0.23% → 0,2%;
    # chats, within chance, by their difference: 104 − 89 = 15 (not "14%")
    assert say_year(lv, changes) == (
        "Salīdzinājumā ar to pašu periodu gadu iepriekš atbildēto e-pastu skaits samazinājās "
        "par 11% – no 1 694 līdz 1 500; pārējie rādītāji gandrīz nemainījās.")
    assert say_year(en, changes) == (
        "Compared with the same period a year earlier, e-mails answered fell by 11%, from "
        "1,694 to 1,500; the other figures were stable.")
    assert say_year(lv, changes, detail=True).endswith(
        # the stable volumes by both figures: "par 1,6%" beside "par 15" is heard as 15%
        "Pārējie rādītāji gandrīz nemainījās, arī kontaktu apjoms: zvanu skaits – 17 680 pret "
        "17 971, EDV reģistrēšanās pieteikumu skaits – 4 845 pret 4 834 un apkalpoto čatu "
        "skaits – 89 pret 104.")
    for text in (say_year(lv, changes, True), say_year(en, changes, True)):
        assert "(" not in text  # no "(previous value)" style


def test_all_stable_and_no_year_before():
    same = year_changes(figures(NOW, NOW))
    assert same and not any(c.notable for c in same)
    assert say_year(context("en"), same) == (
        "Compared with the same period a year earlier, the client-service figures were "
        "stable.")
    assert year_changes(figures(NOW, None)) == []
    assert say_year(context("en"), []) == ""


# ----------------------------------------------------------------------------- system names


def test_a_system_named_per_language_is_named_in_the_report_language():
    from cspreport.sources.exports import FileSpec
    from cspreport.sources.tidy import SourceRef

    per_language = SourceRef("exports/calls.csv", None, holds="calls",
                             systems=(("en", "call centre"), ("lv", "Zvanu centrs")))
    one_name = SourceRef("exports/calls.csv", None, "Asterisk", holds="calls")
    only_lv = SourceRef("exports/calls.csv", None, holds="calls",
                        systems=(("lv", "Zvanu centrs"),))
    lv, en = context("lv"), context("en")
    assert lv.cite(per_language) == "Zvanu centrs: zvanu saraksts"
    assert en.cite(per_language) == "call centre: list of calls"
    # a plain name (as before) in every language; a Latvian name never in English
    assert en.cite(one_name) == "Asterisk: list of calls"
    assert "Zvanu" not in en.cite(only_lv) and "list of calls" in en.cite(only_lv)
    spec = FileSpec.model_validate({"file": "exports/calls.csv",
                                    "system": {"lv": "Zvanu centrs", "en": "call centre"}})
    assert spec.system == {"lv": "Zvanu centrs", "en": "call centre"}
    with pytest.raises(ValueError, match=r"a name per language of the report .lv, en."):
        FileSpec.model_validate({"file": "exports/calls.csv", "system": {"de": "Callcenter"}})
