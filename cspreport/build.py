"""The whole pipeline for one edition, in the order it runs.

    params (params/<edition>.yaml)
      → sources: read and validate the edition's files       cspreport.sources
      → tidy tables                                           cspreport.tables
      → metrics                                               cspreport.metrics
      → report model                                          cspreport.model
      → notebooks executed by papermill (HTML sections)       notebooks/*.ipynb
      → one self-contained HTML report                        cspreport.render.report_page
      → the PowerPoint deck                                   cspreport.render.pptx

Everything is written into a staging folder beside the output folder and moved into place only
when every step succeeded, so a failed build leaves the previous output as it was and no
half-written file. Inputs are only ever read.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
from tqdm import tqdm

from cspreport.errors import BuildError, CspreportError
from cspreport.model import Report, load_report
from cspreport.params import Params, project_root

NOTEBOOKS = (
    "01_plan_and_goals.ipynb",
    "02_client_service.ipynb",
    "03_survey.ipynb",
    "04_suggestions_cooperation.ipynb",
)


@dataclass(frozen=True)
class BuildResult:
    output_dir: Path
    files: tuple[Path, ...]
    warnings: tuple[str, ...] = ()


def output_names(edition: int, lang: str) -> dict[str, str]:
    stem = f"cspreport-{edition}-{lang}"
    return {"html": f"{stem}.html", "pptx": f"{stem}.pptx", "notebooks": f"notebooks-{lang}"}


def build_edition(params: Params, root: Path | None = None, progress: bool = True
                  ) -> BuildResult:
    root = root or project_root()
    # Read and validate everything before a kernel starts: a bad input fails in a second.
    report = load_report(params)
    out = params.output_path(root)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    try:
        steps = [*NOTEBOOKS, "HTML report", "PowerPoint deck"]
        bar = tqdm(steps, desc=f"edition {params.edition} ({params.lang})", unit="step",
                   disable=not progress, file=sys.stderr, leave=True)
        names = output_names(params.edition, params.lang)
        executed = []
        for step in bar:
            bar.set_postfix_str(step)
            if step in NOTEBOOKS:
                executed.append(_execute(root / "notebooks" / step,
                                         staging / names["notebooks"] / step, params, root))
            elif step == "HTML report":
                _write_html(executed, report, staging / names["html"])
            else:
                _write_deck(report, staging / names["pptx"])
        bar.close()
        _replace_dir(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    files = tuple(sorted(p for p in out.rglob("*") if p.is_file()))
    return BuildResult(out, files, report.warnings)


def _execute(source: Path, target: Path, params: Params, root: Path) -> nbformat.NotebookNode:
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        return pm.execute_notebook(str(source), str(target), parameters=params.to_papermill(),
                                   cwd=str(root), progress_bar=False, log_output=False)
    except PapermillExecutionError as exc:
        raise BuildError(f"notebook {source.relative_to(root)} failed in cell "
                         f"{exc.exec_count}: {exc.ename}: {exc.evalue}") from None
    except FileNotFoundError as exc:
        raise BuildError(f"notebook not found: {exc.filename or source}") from None


def _write_html(notebooks, report: Report, path: Path) -> None:
    from cspreport.render.report_page import render_report_page

    path.write_text(render_report_page(notebooks, report), encoding="utf-8")


def _write_deck(report: Report, path: Path) -> None:
    from cspreport.render.pptx import render_deck

    render_deck(report, path)


def _replace_dir(new: Path, target: Path) -> None:
    """Put ``new`` where ``target`` is, so that ``target`` is never half-written."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    try:
        new.rename(target)
    except OSError:
        if old is not None:
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


__all__ = ["NOTEBOOKS", "BuildResult", "CspreportError", "build_edition", "output_names"]
