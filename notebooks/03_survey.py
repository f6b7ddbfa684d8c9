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
# # The respondent satisfaction survey
#
# Participation in each wave, overall satisfaction across waves, the statements of the
# edition's wave, and the comments. Waves with an export of respondents (`exports.yaml`) are
# computed from it; earlier waves come from the workbook's published percentages. Every share
# has a 95% Wilson interval; each wave's change from the one before is tested
# (`cspreport/metrics/uncertainty.py`).

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
import pandas as pd

import cspreport
from cspreport import sections
from cspreport.definitions import STATEMENTS
from cspreport.metrics import survey

params = cspreport.Params.from_notebook(
    edition=edition, period_start=period_start, period_end=period_end, data_dir=data_dir,
    lang=lang, min_respondents=min_respondents, brand_colour=brand_colour)
ed = cspreport.open_edition(params)
tables = ed.tables
print("the edition shows the survey wave", ed.wave)

# %% [markdown]
# ## The inputs
#
# Respondents of the waves that have an export (one row per respondent, one column per
# statement), and the waves as the workbook publishes them (merged: the export wins).

# %%
tables.responses

# %%
tables.participation

# %%
tables.answers

# %% [markdown]
# ## Participation

# %%
participation = survey.participation(tables.participation)
participation_table = pd.DataFrame(participation, columns=["wave", "respondents"])
participation_table

# %%
ed.publish(sections.survey.survey, participation)

# %%
ed.publish(sections.survey.participation, participation)

# %% [markdown]
# ## Answers by wave, with intervals and tests

# %%
distributions = survey.distributions(tables.answers, tables.sources["answers"])
distributions["overall"]

# %%
waves = sorted(int(w) for w in tables.answers["wave"].unique())
statistics = survey.wave_statistics(tables.responses, tables.answers, tables.participation,
                                    waves, STATEMENTS, params.min_respondents)
statistics_table = statistics.frame()
statistics_table

# %%
ed.publish(sections.survey.satisfaction, distributions["overall"], statistics)

# %%
ed.publish(sections.survey.statements, distributions, statistics)

# %% [markdown]
# ## Comments

# %%
comments = survey.comments(tables.comments, ed.wave)
comments

# %% [markdown]
# In the deck the number of comments joins the themes slide (notebook 04); the HTML report
# shows it here too.

# %%
ed.publish(sections.survey.comments, comments, outputs=["html"])
