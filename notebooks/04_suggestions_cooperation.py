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
# raises none is "other") and, where the edition has comments a person coded
# (`themes_training.yaml`), by a model learnt from them; then the cooperation measures and
# awards of `content.yaml`.

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
from cspreport.metrics import survey, theme_model, themes

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
# ## The model learnt from a person's coding
#
# The rules miss a theme asked for in other words. Where the edition has comments a person
# coded (`themes_training.yaml`), a model learns from them which pieces of words go with
# each theme (character n-grams of 3–5 letters; `_` marks a word's start or end), and a
# comment gets a theme when the rules match **or** the model is confident enough. How well
# each does is measured by 5-fold cross-validation on those comments: each is coded by a
# model that did not see it.

# %%
training = tables.theme_training
codes = [t.code for t in tables.content.suggestion_themes]
model = theme_model.train(training, codes) if training else None
measured = theme_model.cross_validate(training, tables.theme_rules, codes) if training \
    else None
print(f"trained on {len(training)} comments coded by a person" if training
      else "no themes_training.yaml: the rules code alone")

# %% [markdown]
# Cross-validated precision and recall per theme: the rules alone, the model alone, and
# both (what the report uses).

# %%
theme_model.measured_table(measured) if measured else None

# %% [markdown]
# What the model looks for: each theme's strongest n-grams.

# %%
theme_model.top_features_table(model) if model else None

# %% [markdown]
# Where the edition has a coding workbook (`coding.xlsx`, written by `cspreport themes export`
# and completed by a person), the person's themes win; the rules code the rest.

# %%
coded = themes.code_comments(comments, tables.theme_rules, tables.theme_coding, model)
coded["coded_by"].value_counts()

# %% [markdown]
# The themes the model gave beyond the rules, each with the n-grams that weighed most.

# %%
by_model = coded[coded["coded_by"] == "model"]
by_model.assign(because=[", ".join(f for f, _ in model.explain(t, th))
                         for t, th in zip(by_model["text"], by_model["theme"], strict=True)])

# %%
coded

# %%
counts = themes.counts_by_theme(coded, [t.code for t in tables.content.suggestion_themes],
                                params.min_respondents)
counts

# %%
ed.publish(sections.suggestions.suggestions, coded, counts,
           n_comments=survey.comments(tables.comments, ed.wave),
           model=theme_model.summary(training, measured) if model else None)

# %% [markdown]
# ## Cooperation, awards, and thanks (the closing slide is for the deck only)

# %%
ed.publish(sections.suggestions.cooperation)

# %%
ed.publish(sections.suggestions.awards)

# %%
ed.publish(sections.suggestions.closing, outputs=["deck"])
