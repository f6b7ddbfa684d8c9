"""What each process imports: a notebook's kernel no deck libraries (python-pptx,
xlsxwriter), the build's own process no drawing libraries (matplotlib, seaborn), since
neither uses them. Checked in a fresh interpreter, as each process starts."""

from __future__ import annotations

import subprocess
import sys

# what a kernel imports at warm-up (cspreport.kernels.WARM_UP), without matplotlib and
# seaborn themselves, so that the check below also says who would pull them in
KERNEL = ("cspreport.analysis", "cspreport.publishing", "cspreport.sections",
          "cspreport.metrics.plan", "cspreport.metrics.service", "cspreport.metrics.survey",
          "cspreport.metrics.themes", "cspreport.render.html")
# what the build's own process imports to check the inputs and assemble the outputs
BUILD = ("cspreport.build", "cspreport.analysis", "cspreport.assemble",
         "cspreport.tables.period")


def _loaded(modules: tuple[str, ...], watched: tuple[str, ...]) -> list[str]:
    """Which of ``watched`` a fresh interpreter has loaded after importing ``modules``."""
    code = (f"import sys\nimport {', '.join(modules)}\n"
            f"print(' '.join(m for m in {watched!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return done.stdout.split()


def test_a_kernel_imports_no_deck_library():
    assert _loaded(KERNEL, ("pptx", "xlsxwriter", "cspreport.render.pptx")) == []


def test_the_build_process_imports_no_drawing_library():
    assert _loaded(BUILD, ("matplotlib", "seaborn", "scipy",
                           "cspreport.render.figures")) == []


def test_the_checks_see_an_import_when_there_is_one():
    """The helper itself can fail: the deck's chart module does import python-pptx."""
    assert _loaded(("cspreport.render.pptx.charts",), ("pptx", "matplotlib")) == ["pptx"]
