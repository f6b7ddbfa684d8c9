"""Section builders: from the metrics' results to the words and numbers of a slide.

One module per part of the presentation, each next to its notebook: ``plan`` (title, action
plan, goals) and ``summary`` (the year in one view, after the title), ``service`` (client
knowledge, support unit, the period's figures, months), ``survey`` (survey, participation,
satisfaction, statements, comments) and ``suggestions`` (themes, cooperation, awards,
closing). A builder takes a ``Context`` (one language) and what
the notebook computed with ``cspreport.metrics``, and returns a section of
``cspreport.report``; it computes no figure of its own. ``cspreport.publish`` calls it once per
language of the run and records the sections in the notebook.
"""

from cspreport.sections.context import Context

__all__ = ["Context"]

from cspreport.sections import plan, service, suggestions, summary, survey

__all__ += ["plan", "service", "suggestions", "summary", "survey"]
