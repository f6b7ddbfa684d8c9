"""The figures behind a section's text tables, as numbers for the tables workbook
(``report.Figures``): the plan's indicators, and the survey's shares with their intervals and
changes. A section builder passes them as ``figures=`` where its shown table is text ("90%",
"+4 p.p. ▲"): e.g. ``TableSection(..., figures=(plan_figures(ctx.t, indicators, labels),))``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from cspreport.i18n import Catalogue
from cspreport.metrics.plan import Indicator
from cspreport.metrics.uncertainty import Change
from cspreport.report import NOT_AVAILABLE, Column, Figures


def significance(change: Change) -> str:
    """What the test says of a change (``Change.verdict``: over the rounding range of a wave
    known only as published percentages), as a key of ``workbook.significance``: "up",
    "down", "none", or "uncertain" (cannot tell)."""
    return {"up": "up", "down": "down", "cannot_tell": "uncertain",
            "no_change": "none"}[change.verdict()]


def _share(value: float | None, unit: str) -> float | str:
    """A figure of the plan in its unit: a percentage as a share of 1."""
    if value is None:
        return NOT_AVAILABLE
    return value / 100 if unit == "%" else value


def plan_figures(t: Catalogue, indicators: Sequence[Indicator], labels: Sequence[str],
                 title: str) -> Figures:
    """The plan's indicators: target, result, its 95% interval (when estimated from a
    sample) and the status in words; a result not yet known is marked not available."""
    percent = all(i.unit == "%" for i in indicators)
    unit = "share" if percent else "number"
    columns = [Column(t("plan.indicator")), Column(t("plan.target"), unit),
               Column(t("plan.result"), unit)]
    intervals = any(i.interval is not None for i in indicators)
    if intervals:
        columns += [Column(t("workbook.ci_low"), unit, 1), Column(t("workbook.ci_high"), unit, 1)]
    columns.append(Column(t("workbook.status")))
    rows = []
    for ind, label in zip(indicators, labels, strict=True):
        row = [label, _share(ind.target, ind.unit), _share(ind.actual, ind.unit)]
        if intervals:
            low, high = ind.interval or (None, None)
            row += [_share(low, ind.unit), _share(high, ind.unit)]
        row.append(NOT_AVAILABLE if ind.status is None else t(f"workbook.plan_{ind.status}"))
        rows.append(tuple(row))
    return Figures("plan", title, tuple(columns), tuple(rows))


def shares_figures(t: Catalogue, key: str, title: str, label_title: str,
                   rows_for: Sequence[tuple[str | int, tuple[int, str]]], ws,
                   judge: Callable[[Change], str] = significance) -> Figures:
    """Rows (label, (wave, statement)) of ``ws`` (``metrics.survey.WaveStatistics``): n, and
    for "fully" and "fully or partly" agree the share (one decimal), its 95% interval, the
    change from the wave before in percentage points and, in a column of its own, whether
    the test calls it significant (``judge``: a key of ``workbook.significance``)."""
    label_unit = "year" if all(isinstance(label, int) for label, _ in rows_for) else "text"
    columns = [Column(label_title, label_unit), Column("n", "count")]
    for name in ("fully", "fully_or_partly"):
        answer = t(f"answer.{name}")
        columns += [Column(answer, "share", 1),
                    Column(f"{answer}: {t('workbook.ci_low')}", "share", 1),
                    Column(f"{answer}: {t('workbook.ci_high')}", "share", 1),
                    Column(f"{answer}: {t('workbook.change')}", "points"),
                    Column(f"{answer}: {t('workbook.significance_heading')}")]
    rows = []
    for label, key_ in rows_for:
        st = ws.stats[key_]
        row: list = [label, st["fully"].n]
        for name in ("fully", "fully_or_partly"):
            share, ch = st[name], ws.changes.get(key_, {}).get(name)
            row += [share.value, share.low, share.high,
                    NOT_AVAILABLE if ch is None else 100 * ch.difference,
                    NOT_AVAILABLE if ch is None else t(f"workbook.significance.{judge(ch)}")]
        rows.append(tuple(row))
    return Figures(key, title, tuple(columns), tuple(rows))


__all__ = ["plan_figures", "shares_figures", "significance"]
