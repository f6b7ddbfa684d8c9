"""cspreport: the CSB client-service report, rebuilt from data.

The pipeline, stage by stage: sources (``cspreport.sources``: read and validate an edition's
files) → tidy tables (``cspreport.tables``) → metrics (``cspreport.metrics``: every definition
once) → sections (``cspreport.sections``: the words and numbers of each slide) → renderers
(``cspreport.render``: the deck and the HTML report). The notebooks in ``notebooks/`` run that
flow for their part of the presentation and publish its sections; ``cspreport.assemble``
makes the deck and the report from the executed notebooks; ``cspreport.build`` runs it all.

What a notebook needs is here: ``Params``, ``open_edition`` and ``publish``. Heavy modules are
imported on first use, so that the command line starts fast when there is nothing to build.
"""

from cspreport.errors import CspreportError, InputError, ParamsError
from cspreport.params import Params

__version__ = "0.1.0"


def open_edition(params, root=None):
    """Read and validate the edition of ``params`` (see cspreport.edition)."""
    from cspreport.edition import open_edition as _open

    return _open(params, root)


def publish(build, *args, **kwargs):
    """Publish a section from a notebook (see cspreport.publishing)."""
    from cspreport.publishing import publish as _publish

    return _publish(build, *args, **kwargs)


__all__ = [
    "CspreportError", "InputError", "Params", "ParamsError", "__version__", "open_edition",
    "publish",
]
