"""cspreport: the CSB client-service report, rebuilt from data.

The pipeline, stage by stage (``cspreport.build.build_edition`` runs the whole of it):
sources (``cspreport.sources``) → tidy tables (``cspreport.tables``) → metrics
(``cspreport.metrics``) → report model (``cspreport.model``) → renderers
(``cspreport.render``: HTML for the notebooks and report, PPTX for the deck).

What notebooks use is here: ``Params``, ``load_report`` and ``show``. They are imported on
first use, so that the command line starts fast when there is nothing to build.
"""

from cspreport.errors import CspreportError, InputError, ParamsError
from cspreport.params import Params

__version__ = "0.1.0"


def load_report(params, lang=None):
    """Read the edition of ``params`` and build its report model (see cspreport.model), or
    take it ready-made from the build that runs this notebook (see cspreport.prerender)."""
    from cspreport.prerender import lookup

    ready = lookup(params, lang or params.lang)
    if ready is not None:
        return ready
    from cspreport.model import load_report as _load

    return _load(params, lang)


def show(report, *keys: str) -> None:
    """Display sections of ``report`` in a notebook."""
    from cspreport.render.notebook import show as _show

    _show(report, *keys)


__all__ = [
    "CspreportError", "InputError", "Params", "ParamsError", "__version__", "load_report",
    "show",
]
