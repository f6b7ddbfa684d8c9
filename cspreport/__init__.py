"""cspreport: the CSB client-service report, rebuilt from data.

The pipeline, stage by stage: params (``cspreport.params``) → sources (``cspreport.sources``:
read and validate an edition's files into tidy tables) → tables (``cspreport.tables``: one
edition's tables, cached and merged) → metrics (``cspreport.metrics``: every definition once)
→ sections (``cspreport.sections``: the words and numbers of each slide) → the notebooks in
``notebooks/``, which run that flow for their part of the presentation and publish its
sections as records (``cspreport.publishing``; ``cspreport.analysis`` is the edition a
notebook opens) → ``cspreport.assemble`` (the report from the executed notebooks) → renderers
(``cspreport.render``: the deck, the HTML report, the tables workbook); ``cspreport.build``
runs it all. ``cspreport.layers`` says which module sits in which layer and checks that
imports run one way (``python -m cspreport.layers``).

What a notebook needs is here: ``Params``, ``open_edition``, ``in_period``, ``figures`` and
``publish``. Heavy modules are
imported on first use, so that the command line starts fast when there is nothing to build.
"""

from cspreport.errors import CspreportError, InputError, ParamsError
from cspreport.params import Params
from cspreport.version import __version__


def open_edition(params, root=None):
    """Read and validate the edition of ``params`` (see cspreport.analysis)."""
    # lazy: pandas and the analysis (1.4 s): the command line imports this package too
    from cspreport.analysis import open_edition as _open

    return _open(params, root)


def publish(build, *args, **kwargs):
    """Publish a section from a notebook (see cspreport.publishing)."""
    # lazy: the renderers (2 s): the command line imports this package too
    from cspreport.publishing import publish as _publish

    return _publish(build, *args, **kwargs)


def figures(build, *args, **kwargs):
    """The report's pictures of a section's charts, to change before publishing them with
    ``figure=`` (see cspreport.publishing.figures)."""
    # lazy: the renderers (2 s), as for publish
    from cspreport.publishing import figures as _figures

    return _figures(build, *args, **kwargs)


def in_period(stamps, params):
    """Which of ``stamps`` (a column of timestamps) fall on a day of the period of ``params``,
    its last day included: ``calls[cspreport.in_period(calls["start"], params)]``."""
    # lazy: pandas (0.5 s), as for open_edition
    from cspreport.tables.period import in_period as _in_period

    return _in_period(stamps, params)


__all__ = [
    "CspreportError", "InputError", "Params", "ParamsError", "__version__", "figures",
    "in_period", "open_edition", "publish",
]
