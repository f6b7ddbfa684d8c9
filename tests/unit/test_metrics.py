"""Each metric definition against a small hand-made table; expected values worked out here."""

import datetime as dt
import math
from types import SimpleNamespace
from typing import ClassVar

import pandas as pd
import pytest

from cspreport.errors import InputError
from cspreport.metrics import plan, service, survey
from cspreport.sources.tidy import SourceRef
from cspreport.tables import period

SRC = SourceRef("edition.xlsx", "sheet_x")
D = pd.Timestamp


def service_table(rows):
    return pd.DataFrame(rows, columns=["period_start", "period_end", "measure", "value"])


ALL_MEASURES = ["calls_total", "emails_answered", "call_duration_avg_min", "call_rating_avg",
                "edv_registrations", "voice_messages_listened", "chats_served",
                "chat_rating_avg"]


class TestPeriodMeasures:
    """The aggregate sheet's figures of a period, and a period the sheet cannot give."""

    def table(self):
        q1 = [(D("2021-01-01"), D("2021-03-31"), m, float(i + 1))
              for i, m in enumerate(ALL_MEASURES)]
        h1 = [(D("2021-01-01"), D("2021-06-30"), m, float(10 * (i + 1)))
              for i, m in enumerate(ALL_MEASURES)]
        return service_table(q1 + h1)

    def tables(self, stats):
        return SimpleNamespace(events={}, coverage={}, service_stats=stats,
                               sources={"service_stats": SRC})

    def test_picks_exactly_the_period(self):
        got = period.sheet_measures(self.table(), dt.date(2021, 1, 1), dt.date(2021, 6, 30))
        assert got["calls_total"] == 10.0
        assert got["chat_rating_avg"] == 80.0
        assert period.check_period(self.tables(self.table()), dt.date(2021, 1, 1),
                                   dt.date(2021, 6, 30)) == "sheet"

    def test_unknown_period_lists_the_periods_there_are(self):
        assert period.sheet_measures(self.table(), dt.date(2021, 1, 1),
                                     dt.date(2021, 9, 30)) is None
        with pytest.raises(InputError) as err:
            period.check_period(self.tables(self.table()), dt.date(2021, 1, 1),
                                dt.date(2021, 9, 30))
        assert str(err.value) == (
            "edition.xlsx, sheet 'sheet_x': no service statistics for the period 2021-01-01 – "
            "2021-09-30; the sheet has the periods: 2021-01-01 – 2021-03-31; "
            "2021-01-01 – 2021-06-30")

    def test_a_period_missing_a_measure(self):
        table = self.table()
        table = table[~((table["measure"] == "chats_served")
                        & (table["period_end"] == D("2021-03-31")))]
        with pytest.raises(InputError, match="has no row for: chats_served"):
            period.check_period(self.tables(table), dt.date(2021, 1, 1), dt.date(2021, 3, 31))


def answers_table(rows):
    return pd.DataFrame(rows, columns=["wave", "statement", "answer", "percent"],
                        index=range(2, 2 + len(rows)))


class TestSurvey:
    def test_participation_oldest_first(self):
        t = pd.DataFrame({"wave": [2019, 2015], "respondents": [10, 20]})
        assert survey.participation(t) == [(2015, 20), (2019, 10)]

    def test_fully_and_fully_or_partly(self):
        t = answers_table([(2021, "overall", "fully_agree", 40.0),
                           (2021, "overall", "partly_agree", 35.0),
                           (2021, "overall", "partly_disagree", 15.0),
                           (2021, "overall", "fully_disagree", 10.0)])
        dist = survey.distribution(t, "overall", SRC)
        assert list(dist.columns) == ["fully_agree", "partly_agree", "partly_disagree",
                                      "fully_disagree"]
        assert survey.shares(dist, 2021, "overall", SRC) == {"fully": 40.0,
                                                             "fully_or_partly": 75.0}

    def test_unlisted_answers_are_unknown_not_zero(self):
        t = answers_table([(2021, "polite", "fully_agree", 88.0),
                           (2021, "polite", "partly_agree", 6.0)])
        dist = survey.distribution(t, "polite", SRC)
        assert dist.loc[2021, "partly_disagree"] != dist.loc[2021, "partly_disagree"]  # NaN
        assert survey.shares(dist, 2021, "polite", SRC)["fully_or_partly"] == 94.0

    def test_a_distribution_that_does_not_sum_to_100(self):
        t = answers_table([(2019, "overall", "fully_agree", 80.0),
                           (2019, "overall", "partly_agree", 30.0),
                           (2019, "overall", "partly_disagree", 2.0),
                           (2019, "overall", "fully_disagree", 1.0)])
        with pytest.raises(InputError) as err:
            survey.distribution(t, "overall", SRC)
        assert str(err.value) == (
            "edition.xlsx, sheet 'sheet_x', row 2, column 'percent': the answers of wave 2019, "
            "statement overall sum to 113 (rows 2–5); expected 100 within ±2 for rounding")

    def test_shares_need_both_agree_answers(self):
        t = answers_table([(2021, "polite", "fully_agree", 88.0)])
        dist = survey.distribution(t, "polite", SRC)
        with pytest.raises(InputError, match="expected rows for fully_agree and partly_agree"):
            survey.shares(dist, 2021, "polite", SRC)

    def test_comments(self):
        t = pd.DataFrame({"wave": [2019, 2021], "comments": [3, 155]})
        assert survey.comments(t, 2021) == 155
        assert survey.comments(t, 2017) is None


class TestPlan:
    def table(self):
        return pd.DataFrame({
            "code": ["A", "B", "C", "D"],
            "target": [90.0, 86.0, 50.0, 10.0],
            "actual": [pd.NA, pd.NA, 49.5, 12.0],
            "unit": ["%"] * 4,
            "actual_from": [None, "survey:overall:fully_or_partly", None,
                            "survey:overall:fully"],
        })

    def test_actual_given_resolved_or_missing(self):
        wave = plan.SurveyWave(2021, (dt.date(2021, 9, 6), dt.date(2021, 9, 27)))
        got = plan.indicators(self.table(), resolve=lambda ref: {
            "survey:overall:fully_or_partly": (95.0, None, wave),
            "survey:overall:fully": (1.0, None, wave)}[ref])
        assert [(i.code, i.actual, i.status) for i in got] == [
            ("A", None, None), ("B", 95.0, "met"), ("C", 49.5, "not_met"),
            # a typed actual wins over actual_from
            ("D", 12.0, "met")]
        assert [i.survey for i in got] == [None, wave, None, None]
        frame = plan.indicators_frame(got)
        assert frame.loc["B", "fieldwork_first"] == dt.date(2021, 9, 6)

    def test_fieldwork_from_the_submission_times(self):
        responses = pd.DataFrame({
            "wave": [2021, 2021, 2021, 2019],
            "submitted_at": [D("2021-09-27 07:33"), D("2021-09-06 09:23"),
                             D("2021-09-15 23:59"), D("2019-05-01 10:00")]})
        assert plan.fieldwork(responses, 2021) == (dt.date(2021, 9, 6), dt.date(2021, 9, 27))
        assert plan.fieldwork(responses, 2017) is None  # no respondent rows: not known
        assert plan.fieldwork(None, 2021) is None

    def test_a_wave_fielded_after_the_period(self):
        september = plan.SurveyWave(2021, (dt.date(2021, 9, 6), dt.date(2021, 9, 27)))
        start = dt.date(2021, 1, 1)
        assert september.timing(start, dt.date(2021, 9, 30)) == "within"
        assert september.timing(start, dt.date(2021, 6, 30)) == "after"
        assert september.timing(start, dt.date(2021, 9, 20)) == "partly_after"
        assert september.timing(dt.date(2021, 10, 1), dt.date(2021, 12, 31)) == "before"
        assert september.timing(dt.date(2021, 9, 10), dt.date(2021, 12, 31)) == "partly_before"
        assert plan.SurveyWave(2019).timing(start, dt.date(2021, 6, 30)) == "unknown"

    def test_target_reached_exactly_is_met(self):
        assert plan.Indicator("X", 86.0, "%", 86.0, None).status == "met"

    def test_a_sampled_actual_is_judged_by_its_interval(self):
        def status(low, high):
            return plan.Indicator("X", 86.0, "%", 90.0, "survey", (low, high)).status

        assert status(86.0, 93.0) == "met"  # even the lower end reaches the target
        assert status(80.0, 85.9) == "not_met"
        assert status(84.0, 92.0) == "uncertain"  # the target is inside the interval


class TestChangePercent:
    """One definition of "change in % from a year earlier", used by the period's table and
    by the speaker notes."""

    def test_hand_worked_values(self):
        assert service.change_pct(110, 100) == 10.0
        assert service.change_pct(75, 100) == -25.0
        assert service.change_pct(17680, 16000) == 10.5  # 1 680 / 16 000
        assert service.change_pct(3, 4) == -25.0

    def test_no_base_to_compare_with(self):
        assert math.isnan(service.change_pct(5, 0))
        assert math.isnan(service.change_pct(5, float("nan")))

    def test_the_period_table_uses_it(self):
        figures = service.PeriodFigures({"calls_total": 120.0}, {"calls_total": 100.0},
                                        dt.date(2021, 1, 1), dt.date(2021, 9, 30), ())
        row = figures.frame().loc["calls_total"]
        assert (row["change"], row["change_pct"]) == (20.0, 20.0)


class TestYearShift:
    def test_a_leap_day_becomes_the_28th(self):
        assert service.shift_years(dt.date(2024, 2, 29), -1) == dt.date(2023, 2, 28)
        assert service.shift_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)

    def test_other_days_keep_their_day(self):
        assert service.shift_years(dt.date(2021, 9, 30), -1) == dt.date(2020, 9, 30)
        assert service.shift_years(dt.date(2021, 1, 1), 1) == dt.date(2022, 1, 1)
        # the last day of February stays the 28th in a leap year (as the 2021 edition does)
        assert service.shift_years(dt.date(2021, 2, 28), -1) == dt.date(2020, 2, 28)

    def test_previous_year_of_the_2021_edition(self):
        assert service.previous_year(dt.date(2021, 1, 1), dt.date(2021, 9, 30)) == (
            dt.date(2020, 1, 1), dt.date(2020, 9, 30))
        assert service.previous_year(dt.date(2020, 3, 1), dt.date(2021, 2, 28)) == (
            dt.date(2019, 3, 1), dt.date(2020, 2, 28))


class TestChangesOverTheRounding:
    """The six changes of the satisfaction slide: 2015, 2017, 2019 known only as published
    whole percentages, 2021 from respondent rows (616 fully, 81 partly of 733)."""

    PUBLISHED: ClassVar = {2015: (1152, (34, 64, 1, 1)), 2017: (579, (74, 19, 4, 3)),
                           2019: (1018, (80, 17, 2, 1))}

    def statistics(self):
        rows = [(w, "overall", a, float(p)) for w, (_, ps) in self.PUBLISHED.items()
                for a, p in zip(("fully_agree", "partly_agree", "partly_disagree",
                                 "fully_disagree"), ps, strict=True)]
        participation = pd.DataFrame({"wave": [2015, 2017, 2019, 2021],
                                      "respondents": [1152, 579, 1018, 733]})
        answers = (["fully_agree"] * 616 + ["partly_agree"] * 81 + ["partly_disagree"] * 15
                   + ["fully_disagree"] * 21)
        responses = pd.DataFrame({"wave": 2021, "overall": answers})
        return survey.wave_statistics(responses, answers_table(rows), participation,
                                      [2015, 2017, 2019, 2021], ["overall"], 5)

    def test_verdicts(self):
        ws = self.statistics()
        got = {(w, name): ch.verdict() for (w, _), pair in ws.changes.items()
               for name, ch in pair.items()}
        # Counts consistent with the published figures (half away from zero, each figure):
        #   2015 fully 386..397 (33.5–34.5% of 1 152); fully or partly 386..397 + 732..743
        #   2017 fully 426..431; fully or partly 426..431 + 108..112 = 534..543 (of 579)
        #   2019 fully 810..819; fully or partly 810..819 + 168..178 = 978..997 (of 1 018)
        # the least favourable pair of each change decides:
        #   2015→17 fully 397/1152 vs 426/579: p ~ 1e-53 -> up
        #   2015→17 both 1118/1152 (97.05%) vs 543/579 (93.78%): p = 0.0011 -> down
        #   2017→19 fully 431/579 (74.44%) vs 810/1018 (79.57%): p = 0.018 -> up
        #   2017→19 both 543/579 (93.78%) vs 978/1018 (96.07%): gap 2.29 p.p., pooled
        #     1521/1597 = 0.9524, se = sqrt(.9524*.0476*(1/579+1/1018)) = 0.01108, z = 2.06,
        #     p = 0.039 -> still up (the issue counted it "cannot tell": that needs 544 of
        #     579, 93.96%, which neither 74% nor 19% allows: 432/579 rounds to 75, 113 to 20)
        #   2019→21 fully 819/1018 (80.45%) vs 616/733 (84.04%): p = 0.054 -> cannot tell
        #   2019→21 both 978/1018 (96.07%) vs 697/733 (95.09%): p = 0.32 -> cannot tell
        assert got == {(2017, "fully"): "up", (2017, "fully_or_partly"): "down",
                       (2019, "fully"): "up", (2019, "fully_or_partly"): "up",
                       (2021, "fully"): "cannot_tell", (2021, "fully_or_partly"): "cannot_tell"}
        # the naive test on the published figures called 2019→21 fully significant
        naive = ws.changes[2021, "overall"]["fully"]
        assert naive.p_value < 0.05 and naive.p_range[1] > 0.05
        frame = ws.frame()
        assert set(frame["verdict"]) >= {"up", "down", "cannot_tell"}

    def test_largest_remainder_gives_the_same_verdicts(self):
        """Had the publisher forced each wave's figures to sum to 100 by largest remainder
        (a figure then lies up to one point off), the six verdicts would be the same: every
        answer count of n that the rule turns into the published figures, enumerated."""
        from cspreport.metrics.uncertainty import change_over_rounding
        from cspreport.tables.waves import largest_remainder

        ranges = {}
        for wave, (n, ps) in self.PUBLISHED.items():
            near = [range(max(0, (p - 1) * n // 100), min(n, (p + 1) * n // 100 + 1))
                    for p in ps[:3]]
            fits = [(a, a + b) for a in near[0] for b in near[1] for c in near[2]
                    if n - a - b - c >= 0 and largest_remainder([a, b, c, n - a - b - c])
                    == list(ps)]
            ranges[wave] = n, [(min(f[i] for f in fits), max(f[i] for f in fits))
                               for i in (0, 1)]
        ranges[2021] = 733, [(616, 616), (697, 697)]
        verdicts = {(after, i): change_over_rounding(ranges[before][1][i], ranges[before][0],
                                                     ranges[after][1][i], ranges[after][0])
                    .verdict() for before, after in ((2015, 2017), (2017, 2019), (2019, 2021))
                    for i in (0, 1)}
        ws = self.statistics()
        assert verdicts == {(w, i): ws.changes[w, "overall"][name].verdict()
                            for w in (2017, 2019, 2021)
                            for i, name in enumerate(("fully", "fully_or_partly"))}
