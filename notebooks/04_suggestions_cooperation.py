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
# # Suggestions, cooperation and awards
#
# The themes the survey's comments raise, coded by the editable rules of `themes.yaml`
# (word stems, case and diacritics ignored; a comment may raise several themes, one that
# raises none is "other"), then the cooperation measures and awards of `content.yaml`.

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
from cspreport.metrics import survey, themes

params = cspreport.Params.from_notebook(
    edition=edition, period_start=period_start, period_end=period_end, data_dir=data_dir,
    lang=lang, min_respondents=min_respondents, brand_colour=brand_colour)
ed = cspreport.open_edition(params)
tables = ed.tables

# %% [markdown]
# ## The comments and the themes they raise

# %%
comments = themes.wave_comments(tables.comment_texts, ed.wave)
comments

# %% [markdown]
# Where the edition has a coding workbook (`coding.xlsx`, written by `cspreport themes export`
# and completed by a person), the person's themes win; the rules code the rest.

# %%
coded = themes.code_comments(comments, tables.theme_rules, tables.theme_coding)
coded.drop_duplicates("id")["coded_by"].value_counts()

# %%
coded

# %%
counts = themes.counts_by_theme(coded, [t.code for t in tables.content.suggestion_themes],
                                params.min_respondents)
counts

# %%
ed.publish(sections.suggestions.suggestions, coded, counts,
           n_comments=survey.comments(tables.comments, ed.wave))

# %% [markdown]
# ## Cooperation, awards, and thanks (the closing slide is for the deck only)

# %%
ed.publish(sections.suggestions.cooperation)

# %%
ed.publish(sections.suggestions.awards)

# %%
ed.publish(sections.suggestions.closing, outputs=["deck"])
