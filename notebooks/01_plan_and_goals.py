# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Plan and goals
#
# The title slide, the year in one view, the action plan's indicators against their
# targets, the team's goals and the pillars of its client service. Run it for a period with
# `papermill notebooks/01_plan_and_goals.ipynb out.ipynb -f params/2021.yaml`, or open it in
# Jupyter and *Run all* (the defaults below are the 2021 edition). Every figure is computed
# by a function of `cspreport.metrics`; every slide is published by `ed.publish(...)`.

# %% tags=["parameters"]
edition: int = 2021
period_start: str = "2021-01-01"
period_end: str = "2021-09-30"
data_dir: str = "data/2021"
lang: str = "lv"
min_respondents: int = 5
brand_colour = None  # the charts' main colour, RRGGBB (None: the palette's blue)
# what else a params file may hold (papermill -f passes it): the build's, unused here
output_dir: str = "output"
template = None
template_map = None
cell_timeout: int = 600

# %%
import functools

import cspreport
from cspreport import sections
from cspreport.definitions import STATEMENTS
from cspreport.metrics import plan, service, survey

params = cspreport.Params.from_notebook(
    edition=edition, period_start=period_start, period_end=period_end, data_dir=data_dir,
    lang=lang, min_respondents=min_respondents, brand_colour=brand_colour)
ed = cspreport.open_edition(params)  # reads and validates the edition's files
tables = ed.tables
print(f"edition {params.edition}, period {params.period_start} – {params.period_end}, "
      f"survey wave {ed.wave}")

# %% [markdown]
# ## The title

# %%
ed.publish(sections.plan.title)

# %% [markdown]
# ## The year in one view
#
# Right after the cover: the plan's indicators by status, the three largest changes of the
# service figures from a year earlier, and satisfaction in the edition's survey wave with its
# 95% interval. The indicators as the workbook gives them (sheet `plan_indicators`): an
# indicator whose `actual_from` names a survey share (e.g. `survey:overall:fully_or_partly`)
# takes its actual from the edition's survey wave, with the 95% interval of that share.

# %%
tables.plan_indicators

# %%
indicators = plan.indicators(tables.plan_indicators,
                             functools.partial(survey.indicator_actual, tables, ed.wave))
figures = service.period_figures(tables, params.period_start, params.period_end)
waves = sorted(int(w) for w in tables.answers["wave"].unique())
statistics = survey.wave_statistics(tables.responses, tables.answers, tables.participation,
                                    waves, STATEMENTS, params.min_respondents)
figures.frame()

# %%
ed.publish(sections.summary.year_in_view, indicators, figures, statistics)

# %% [markdown]
# ## Action-plan indicators
#
# The indicators computed above, with their targets, actuals and status.

# %%
indicator_table = plan.indicators_frame(indicators)
indicator_table

# %%
ed.publish(sections.plan.plan, indicators)

# %% [markdown]
# ## Goals and the pillars of client service (content.yaml)

# %%
ed.publish(sections.plan.goals)

# %%
ed.publish(sections.plan.pillars)
