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
# # Client service
#
# How the team knows its clients, the client support unit, and the client-service figures of
# the period: from the systems' exports (calls, e-mails, chats, voice messages, EDV
# registrations; `exports.yaml`) where they cover the period, else from the workbook's sheet
# `service_stats`. Definitions: `cspreport/metrics/service.py` and docs/inputs.md.

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
import cspreport
from cspreport import sections
from cspreport.metrics import service, survey

params = cspreport.Params.from_notebook(
    edition=edition, period_start=period_start, period_end=period_end, data_dir=data_dir,
    lang=lang, min_respondents=min_respondents, brand_colour=brand_colour)
ed = cspreport.open_edition(params)
tables = ed.tables
print(f"edition {params.edition}, period {params.period_start} – {params.period_end}, "
      f"survey wave {ed.wave}")

# %% [markdown]
# ## Knowing the clients, the support unit

# %%
participation = survey.participation(tables.participation)
ed.publish(sections.service.client_knowledge, participation)

# %%
ed.publish(sections.service.support_unit)

# %% [markdown]
# ## The inputs: one row per event
#
# Each export as read and validated (`tables.events`: calls, e-mails, chats, voice messages,
# EDV registrations), and the period each covers. Without exports (`events` empty), the
# figures come from the sheet `service_stats`.

# %%
{channel: (len(frame), tables.coverage.get(channel)) for channel, frame in tables.events.items()}

# %%
calls = tables.events.get("calls")
calls

# %% [markdown]
# The calls of the period: `cspreport.in_period(calls["start"], params)` keeps the events of
# every day from `period_start` to `period_end`, the last day until midnight (a comparison
# with the dates themselves, e.g. `between`, would stop at the last day's first moment).

# %%
calls[cspreport.in_period(calls["start"], params)] if calls is not None else None

# %%
tables.events.get("emails")

# %%
tables.events.get("chats")

# %%
tables.service_stats

# %% [markdown]
# ## The period's figures
#
# This period beside the same period a year earlier (when the data covers it) and the
# change. Where the sheet gives the period too, the exports win and a difference is a warning.

# %%
figures = service.period_figures(tables, params.period_start, params.period_end)
figures

# %%
figures.warnings

# %%
ed.publish(sections.service.service, figures, warnings=figures.warnings)

# %% [markdown]
# ## Month by month
#
# Events per month and channel, and the same months a year earlier where the logs cover them.

# %%
monthly = service.monthly_series(tables, params.period_start, params.period_end)
monthly_table = monthly.frame() if monthly is not None else None
monthly_table

# %%
ed.publish(sections.service.service_monthly, monthly)
