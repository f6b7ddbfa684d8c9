"""The whole pipeline for one edition, in the order it runs.

    params (params/<edition>.yaml)
      → provenance: hash inputs, code, versions; unchanged? done   cspreport.provenance
      → sources: read and validate the edition's files             cspreport.sources
      → tidy tables                                                 cspreport.tables
      → metrics                                                     cspreport.metrics
      → report model                                                cspreport.model
      → notebooks executed by papermill (HTML sections)             notebooks/*.ipynb
      → one self-contained HTML report                              cspreport.render.report_page
      → the PowerPoint deck                                         cspreport.render.pptx
      → manifest.json (inputs, versions, commit, output hashes)     cspreport.provenance

Everything is written into a staging folder beside the output folder and moved into place only
when every step succeeded, so a failed build leaves the previous output as it was and no
half-written file. Inputs are only ever read. Outputs are byte-for-byte reproducible: the same
inputs, parameters and code give the same bytes, whenever and wherever they are built.

Heavy libraries (pandas, papermill, nbconvert) are imported only once a build is needed, so an
up-to-date rebuild costs little more than starting Python.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from cspreport import provenance
from cspreport.errors import BuildError
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
    cached: bool = False  # nothing changed: the existing output was kept


def output_names(edition: int, lang: str) -> dict[str, str]:
    stem = f"cspreport-{edition}-{lang}"
    return {"html": f"{stem}.html", "pptx": f"{stem}.pptx", "notebooks": f"notebooks-{lang}"}


def document_date(params: Params) -> dt.datetime:
    """The date stamped into documents: SOURCE_DATE_EPOCH, else noon of the period's end."""
    from cspreport.reproducible import fixed_datetime

    return fixed_datetime(dt.datetime.combine(params.period_end, dt.time(12)))


def recorded_params(params: Params) -> dict:
    """The parameters that shape the output. ``output_dir`` only says where it goes, so it is
    left out: the same edition built into two folders is the same bytes."""
    values = params.to_papermill()
    values.pop("output_dir")
    return values


def template_files(params: Params, root: Path) -> dict[str, Path]:
    """A custom template and its mapping shape the deck: they are inputs too."""
    from cspreport.params import resolve

    out = {}
    if params.template:
        out["template:" + Path(params.template).name] = resolve(params.template, root)
    if params.template_map:
        out["template_map:" + Path(params.template_map).name] = resolve(params.template_map,
                                                                        root)
    return out


def load_deck_template(params: Params, root: Path):
    """The template of ``params``, checked against its mapping (raises TemplateError)."""
    from cspreport.params import resolve
    from cspreport.render.pptx.template import load_template

    return load_template(resolve(params.template, root) if params.template else None,
                         resolve(params.template_map, root) if params.template_map else None,
                         params.brand_colour)


def build_edition(params: Params, root: Path | None = None, progress: bool = True,
                  force: bool = False, position: int = 0) -> BuildResult:
    root = root or project_root()
    out = params.output_path(root)
    rec = provenance.record(recorded_params(params), params.data_path(root), root,
                            template_files(params, root))
    if not force and provenance.up_to_date(out, rec):
        return BuildResult(out, _files(out), cached=True)

    from cspreport.model import build_report
    from cspreport.sources import read_edition

    # Read and validate everything before a kernel starts: a bad input or template fails in
    # a second, before anything is written.
    template = load_deck_template(params, root)
    tables = read_edition(params.data_path(root))
    reports = {lang: build_report(tables, params, lang) for lang in params.languages}
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    try:
        _build_into(staging, params, reports, template, rec, root, progress, position)
        provenance.write_manifest(staging, rec)
        _replace_dir(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    warnings = tuple(dict.fromkeys(w for r in reports.values() for w in r.warnings))
    return BuildResult(out, _files(out), warnings)


def _files(out: Path) -> tuple[Path, ...]:
    return tuple(sorted(p for p in out.rglob("*") if p.is_file()))


def _prerender_folder() -> Path:
    """One folder per process for the sections handed to kernels (keyed by content, so that
    editions built side by side never mix them up); removed when the process ends."""
    global _PRERENDERED
    with _LOCK:
        if _PRERENDERED is None:
            import atexit

            from cspreport.prerender import ENV

            _PRERENDERED = Path(tempfile.mkdtemp(prefix="cspreport-prerendered-"))
            atexit.register(shutil.rmtree, _PRERENDERED, ignore_errors=True)
            os.environ[ENV] = str(_PRERENDERED)  # kernels inherit it
    return _PRERENDERED


_PRERENDERED: Path | None = None
_LOCK = threading.Lock()


def _build_into(staging: Path, params: Params, reports: dict, template, rec, root: Path,
                progress: bool, position: int) -> None:
    """The notebooks run in parallel kernels while this process renders the decks; then the
    HTML reports are assembled from the executed notebooks."""
    from concurrent.futures import ThreadPoolExecutor

    from tqdm import tqdm

    from cspreport.prerender import promise
    from cspreport.prerender import write as prerender

    _quiet_jsonschema()
    folder = _prerender_folder()
    jobs = [(lang, nb) for lang in reports for nb in NOTEBOOKS]
    bar = tqdm(total=len(jobs) + 2 * len(reports), desc=f"edition {params.edition}",
               unit="step", disable=not progress, file=sys.stderr, position=position,
               leave=True)
    promises = [promise(folder, params, lang, root) for lang in reports]
    workers = max(1, len(jobs))  # kernels mostly wait; the OS shares the cores
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {}
        for lang, nb in jobs:  # kernels start up while this process renders the sections
            names = output_names(params.edition, lang)
            futures[lang, nb] = pool.submit(
                _execute, root / "notebooks" / nb, staging / names["notebooks"] / nb,
                params.for_notebooks(lang), root)
        try:
            for report in reports.values():
                prerender(folder, report, params, root)
        finally:
            for path in promises:  # on failure the kernels compute for themselves
                path.unlink(missing_ok=True)
        for lang, report in reports.items():
            bar.set_postfix_str(f"deck {lang}")
            names = output_names(params.edition, lang)
            _write_deck(report, staging / names["pptx"], rec.summary(), document_date(params),
                        template, params.brand_colour)
            template = load_deck_template(params, root)  # a fresh copy for the next deck
            bar.update()
        executed = {}
        for job, future in futures.items():
            bar.set_postfix_str(f"{job[1]} ({job[0]})")
            executed[job] = future.result()
            bar.update()
    for lang, report in reports.items():
        bar.set_postfix_str(f"HTML {lang}")
        names = output_names(params.edition, lang)
        _write_html([executed[lang, nb] for nb in NOTEBOOKS], report, staging / names["html"],
                    rec.summary(), params.brand_colour)
        bar.update()
    bar.set_postfix_str("done")
    bar.close()


def _quiet_jsonschema() -> None:
    """nbformat imports jsonschema, whose format checker, when rfc3987-syntax is installed
    (jupyter pulls it in), compiles an IRI grammar at import: about 1.4 s of every build, for
    a format no notebook uses. Marking the module absent makes jsonschema skip that check."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


def _execute(source: Path, target: Path, parameters: dict, root: Path):
    import nbformat
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    from cspreport.reproducible import normalise_notebook

    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        # The kernel runs on loopback for this process alone; its start-up warning about
        # unencrypted TCP would only clutter the progress display.
        nb = pm.execute_notebook(str(source), str(target), parameters=parameters,
                                 cwd=str(root), progress_bar=False, log_output=False,
                                 extra_arguments=["--IPKernelApp.log_level=ERROR"])
    except PapermillExecutionError as exc:
        raise BuildError(f"notebook {source.relative_to(root)} failed in cell "
                         f"{exc.exec_count}: {exc.ename}: {exc.evalue}") from None
    except FileNotFoundError as exc:
        raise BuildError(f"notebook not found: {exc.filename or source}") from None
    normalise_notebook(nb, source.relative_to(root).as_posix(),
                       f"{target.parent.name}/{target.name}")
    nbformat.write(nb, str(target))
    return nb


def _write_html(notebooks, report, path: Path, provenance_line: str, brand: str | None
                ) -> None:
    from cspreport.render.report_page import render_report_page

    path.write_text(render_report_page(notebooks, report, provenance_line, brand),
                    encoding="utf-8")


def _write_deck(report, path: Path, provenance_line: str, when: dt.datetime, template,
                brand: str | None) -> None:
    from cspreport.render.pptx import render_deck
    from cspreport.reproducible import normalise_zip

    render_deck(report, path, provenance=provenance_line, when=when, template=template,
                brand=brand)
    normalise_zip(path, when)


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


__all__ = ["NOTEBOOKS", "BuildResult", "build_edition", "output_names"]
