"""cspreport: the CSB client-service report, rebuilt from data.

The pipeline, stage by stage (see ``cspreport.build.build_edition`` for the whole of it):
sources (``cspreport.sources``) → tidy tables (``cspreport.tables``) → metrics
(``cspreport.metrics``) → report model (``cspreport.model``) → renderers
(``cspreport.render``: HTML for the notebooks and report, PPTX for the deck).
"""

from cspreport.errors import CspreportError, InputError, ParamsError
from cspreport.model import Report, load_report
from cspreport.params import Params

__version__ = "0.1.0"


def show(report: Report, *keys: str) -> None:
    """Display sections of ``report`` in a notebook (imported lazily: IPython is a kernel
    dependency, not a library one)."""
    from cspreport.render.notebook import show as _show

    _show(report, *keys)


__all__ = [
    "CspreportError", "InputError", "Params", "ParamsError", "Report", "__version__",
    "load_report", "show",
]
