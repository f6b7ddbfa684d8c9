"""Command line: ``cspreport build params/2021.yaml`` (also ``python -m cspreport``)."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from cspreport import provenance
from cspreport.build import (
    BuildCancelled,
    allow_builds,
    build_edition,
    cancel_builds,
    check_edition,
    load_deck_template,
    template_files,
)
from cspreport.errors import CspreportError, InputError
from cspreport.params import Params, project_root, resolve
from cspreport.preview import preview as render
from cspreport.provenance import builds_of, read_manifest

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Build the CSB client-service report (HTML + PowerPoint) from data.")


def _fail(exc: CspreportError) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(1)


@app.command()
def build(
    params_files: Annotated[list[Path], typer.Argument(
        help="params/<edition>.yaml files (several, or a glob: built side by side)")],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display")] = False,
    force: Annotated[bool, typer.Option("--force", help="Rebuild even if nothing changed")
                     ] = False,
    pdf: Annotated[bool, typer.Option(
        "--pdf", help="Also a PDF of each deck, one page a slide (needs LibreOffice)")] = False,
) -> None:
    """Execute the notebooks and write the HTML report and the deck under output/<edition>/.

    Skips the work when the inputs, parameters and code are those of the existing output
    (its manifest.json says so, by content hashes). Several editions are built in parallel;
    one that fails is reported and does not stop the others; the exit code is 1 if any
    failed."""
    from concurrent.futures import ThreadPoolExecutor


    def one(index: int, path: Path):
        params = Params.from_yaml(path)
        return build_edition(params, progress=not quiet, force=force, position=index, pdf=pdf,
                             notify=lambda line: typer.echo(line, err=True))

    failed = 0
    with _interruptible() as signals, \
            ThreadPoolExecutor(max_workers=max(1, min(len(params_files), 4))) as pool:
        futures = [pool.submit(one, i, p) for i, p in enumerate(params_files)]
        for path, future in zip(params_files, futures, strict=True):
            try:
                result = _result(future)
            except BuildCancelled as exc:
                typer.echo(f"{path}: {exc}" if len(params_files) > 1 else str(exc), err=True)
                continue
            except CspreportError as exc:
                failed += 1
                several = len(params_files) > 1 and not str(exc).startswith(str(path))
                prefix = f"{path}: " if several else ""
                typer.echo(f"error: {prefix}{exc}", err=True)
                continue
            if result.cached:
                typer.echo(f"up to date: {result.output_dir} (inputs, parameters and code "
                           "unchanged; --force rebuilds)", err=True)
            for warning in result.warnings:
                typer.echo(f"warning: {warning}", err=True)
            for file in result.files:
                typer.echo(str(file))
    if signals:  # 130 for Ctrl-C, 143 for SIGTERM: 128 + the signal, as a shell reports it
        raise typer.Exit(128 + signals[0])
    if failed:
        if len(params_files) > 1:
            typer.echo(f"{failed} of {len(params_files)} editions failed", err=True)
        raise typer.Exit(1)


@app.command()
def check(params_file: Annotated[Path, typer.Argument(help="params/<edition>.yaml")]) -> None:
    """Read and validate an edition's inputs for the period of PARAMS_FILE; write nothing."""

    try:
        params = Params.from_yaml(params_file)
        edition = check_edition(params, project_root())
        # the figures only for what they warn of: exports that disagree with the sheet
        from cspreport.metrics.service import period_figures  # lazy: pandas (0.5 s)

        figures = period_figures(edition.tables, params.period_start, params.period_end)
    except InputError as exc:
        # lazy: the readers (0.2 s) only when a check failed
        from cspreport.sources.content import reminders

        lines = [*str(exc).splitlines(), *reminders(params.data_path(project_root()))]
        typer.echo(f"not ready: {len(lines)} thing{'s' if len(lines) > 1 else ''} to fix or "
                   f"add before {params_file} builds:", err=True)
        for line in lines:
            typer.echo(f"  - {line}", err=True)
        raise typer.Exit(1) from None
    except CspreportError as exc:
        _fail(exc)
    for warning in (*edition.warnings, *figures.warnings):
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(f"ok: edition {params.edition}, period {params.period_start} – "
               f"{params.period_end}, survey wave {edition.wave}")


@app.command("new-edition")
def new_edition_command(
    year: Annotated[int, typer.Argument(help="The new edition's year, e.g. 2022")],
    source: Annotated[Path, typer.Option(
        "--from", help="The edition folder to start from, e.g. data/2021")],
) -> None:
    """Start the next edition: data/<year>/ and params/<year>.yaml from the last one (texts,
    workbook with the survey waves carried over, export mappings, theme rules). Never
    overwrites anything; then cspreport check params/<year>.yaml lists what to add."""
    from cspreport.new_edition import new_edition  # lazy: pandas (0.7 s) only for new-edition

    try:
        made = new_edition(year, source)
    except CspreportError as exc:
        _fail(exc)
    for path in made:
        typer.echo(f"made {path}")
    params = made[0]
    shown = params.relative_to(Path.cwd()) if params.is_relative_to(Path.cwd()) else params
    typer.echo(f"next: put the {year} exports into the edition's exports/ folder, review "
               f"content.yaml, then: cspreport check {shown}")


@app.command()
def assemble(
    folder: Annotated[Path, typer.Argument(
        help="A folder of notebooks executed by papermill (e.g. with -f params/2021.yaml)")],
    out: Annotated[Path | None, typer.Option(
        "--out", help="Where to write the deck and the report (default: FOLDER)")] = None,
) -> None:
    """Write the deck and the HTML report from the sections the executed notebooks published."""
    # lazy: the renderers and nbformat (2.3 s) only when there is something to build
    from cspreport.assemble import assemble as collect

    # lazy: the renderers and nbformat (2.3 s) only when there is something to build
    from cspreport.assemble import read_notebooks, write_outputs

    target = out or folder
    try:
        assembled = collect(read_notebooks(folder))
        params = next(iter(assembled.values())).params
        root = project_root()
        target.mkdir(parents=True, exist_ok=True)
        written = write_outputs(assembled, target,
                                template_for=lambda: load_deck_template(params, root),
                                brand=params.brand_colour)
    except CspreportError as exc:
        _fail(exc)
    for lang_report in assembled.values():
        for warning in lang_report.report.warnings:
            typer.echo(f"warning: {warning}", err=True)
    for path in written:
        typer.echo(str(path))


@app.command()
def preview(
    output_dir: Annotated[Path, typer.Argument(help="A built edition, e.g. output/2021")],
) -> None:
    """Render every deck (LibreOffice) and HTML report (Chromium) to PNG in preview/."""

    try:
        made = render(output_dir)
    except CspreportError as exc:
        _fail(exc)
    typer.echo(f"{len(made)} previews in {output_dir / 'preview'}")


@app.command()
def serve(
    params_file: Annotated[Path, typer.Argument(help="params/<edition>.yaml")],
    port: Annotated[int, typer.Option(help="The port on 127.0.0.1 to serve on")] = 8000,
) -> None:
    """Live preview: build, serve the HTML report on 127.0.0.1 and rebuild on every save of a
    notebook, an input or a text; the open page reloads itself. Ctrl-C stops it."""
    # lazy: the watch loop's server and threads only for this command
    from cspreport.watch import serve as watch

    try:
        watch(params_file, project_root(), port,
              log=lambda line: typer.echo(line, err=True))
    except CspreportError as exc:
        _fail(exc)
    typer.echo("stopped", err=True)


@app.command("template-check")
def template_check(
    template: Annotated[Path | None, typer.Argument(
        help="The office's .pptx/.potx (omit to check the built-in template)")] = None,
    mapping: Annotated[Path | None, typer.Option(
        "--map", help="YAML mapping slide roles to layouts and placeholders")] = None,
) -> None:
    """Say what a template lacks for the role mapping, before a build fails on it."""
    # lazy: python-pptx (0.3 s) only when a template is loaded
    from cspreport.render.pptx.template import TemplateError, load_template

    try:
        loaded = load_template(template, mapping)
    except TemplateError as exc:
        for line in str(exc).splitlines():
            typer.echo(f"missing: {line}")
        raise typer.Exit(1) from None
    typer.echo(f"ok: {loaded.source} has a layout for every slide role:")
    for name, role in loaded.roles.items():
        names = {ph.placeholder_format.idx: ph.name for ph in role.layout.placeholders}
        used = ", ".join(f"{what} {names[idx]!r}" for what in ("title", "subtitle", "body",
                                                               "picture")
                         if (idx := getattr(role, what)) is not None)
        typer.echo(f"  {name}: layout {role.layout.name!r} ({used})")


@app.command()
def verify(
    manifest: Annotated[Path, typer.Argument(help="output/<edition>/manifest.json")],
    data_dir: Annotated[Path | None, typer.Option(
        help="The edition's data folder (default: data_dir of the manifest's params)")] = None,
) -> None:
    """Recompute the hashes of a build's inputs and outputs; exit 1 on any mismatch. A folder
    holding several builds (lv, en, both) has each checked."""

    builds = builds_of(read_manifest(manifest))
    if not builds:
        typer.echo(f"error: {manifest}: not a readable manifest", err=True)
        raise typer.Exit(1)
    failed = False
    for lang, entry in sorted(builds.items()):
        shown = entry["params"]["data_dir"]
        if data_dir is None and shown.startswith("…/"):
            typer.echo(f"error: {manifest}: the edition's folder lay outside the project "
                       f"({shown}); give it with --data-dir", err=True)
            raise typer.Exit(1)
        folder = data_dir or resolve(shown)
        extra = template_files(Params.from_mapping(entry["params"]), project_root())
        problems = provenance.verify(entry, manifest.parent, folder, extra)
        prefix = f"lang {lang}: " if len(builds) > 1 else ""
        for problem in problems:
            typer.echo(f"mismatch: {prefix}{problem}")
        for name in entry.get("replaced", ()):
            typer.echo(f"note: {prefix}{name} was replaced by another build in this folder")
        if problems:
            failed = True
        else:
            typer.echo(f"ok: {prefix}{len(entry['inputs'])} inputs and "
                       f"{len(entry['outputs'])} outputs match the manifest")
    if failed:
        raise typer.Exit(1)


themes_app = typer.Typer(add_completion=False, no_args_is_help=True,
                         help="Coding of survey comments into suggestion themes.")
app.add_typer(themes_app, name="themes")


@themes_app.command("export")
def themes_export(
    params_file: Annotated[Path, typer.Argument(help="params/<edition>.yaml")],
    out: Annotated[Path, typer.Argument(help="The coding workbook to write, e.g. coding.xlsx")],
) -> None:
    """Write a coding sheet of the edition's comments for a person to complete."""
    # lazy: pandas and the whole analysis (1.4 s) only when an edition is opened
    from cspreport.analysis import open_edition

    # lazy: openpyxl and the metrics (0.9 s) only for the themes commands
    from cspreport.coding_sheet import write_coding_workbook

    try:
        params = Params.from_yaml(params_file)
        edition = open_edition(params)
        if edition.tables.comment_texts is None:
            raise CspreportError(f"{params.data_dir}: the edition has no comment export to "
                                 "code (exports.yaml, survey, comments)")
        if out.exists():
            raise CspreportError(f"{out}: already exists; cspreport never overwrites a file "
                                 "(move it away or choose another name)")
        rows = write_coding_workbook(edition, out, params.languages[0])
    except CspreportError as exc:
        _fail(exc)
    typer.echo(f"{out}: {rows} comments of wave {edition.wave}, those the rules could not "
               "place first; put x under the themes each raises, then save it as coding.xlsx "
               "in the edition folder")


@themes_app.command("compare")
def themes_compare(
    params_file: Annotated[Path, typer.Argument(help="params/<edition>.yaml")],
) -> None:
    """How far the rules agree with the person's coding: precision and recall per theme, and
    the comments where they differ."""
    # lazy: pandas and the whole analysis (1.4 s) only when an edition is opened
    from cspreport.analysis import open_edition

    # lazy: openpyxl and the metrics (0.9 s) only for the themes commands
    from cspreport.coding_sheet import agreement

    try:
        edition = open_edition(Params.from_yaml(params_file))
    except CspreportError as exc:
        _fail(exc)
    if not edition.tables.theme_coding:
        typer.echo("error: the edition has no coding workbook (coding.xlsx) coded by a person; "
                   "write one with cspreport themes export", err=True)
        raise typer.Exit(1)
    result = agreement(edition)
    typer.echo(f"{result.coded} comments coded by a person; the rules against them:")
    typer.echo(f"  {'theme':<16}{'precision':>10}{'recall':>8}   (both, rules only, "
               "person only)")
    for theme, counts in result.per_theme.items():
        p, r = result.precision(theme), result.recall(theme)
        typer.echo(f"  {theme:<16}{_ratio(p):>10}{_ratio(r):>8}   {counts}")
    typer.echo(f"{len(result.differing)} comments where they differ:")
    for rid, text, rules, person in result.differing:
        typer.echo(f"  {rid}: rules {', '.join(rules)}; person {', '.join(person)}: {text}")


def _ratio(value: float) -> str:
    return "–" if value != value else f"{value:.2f}"


@contextmanager
def _interruptible():
    """While builds run: Ctrl-C (SIGINT) and SIGTERM ask them to stop (they then leave the
    previous output as it was, no staging folder and no kernel), instead of killing this
    process mid-write or, for Ctrl-C, going unseen by the threads that build. Yields the
    signals received (their numbers, the first first)."""
    import signal


    received: list[int] = []

    def stop(signum, _frame):
        received.append(signum)
        cancel_builds()

    allow_builds()
    before = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield received
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)
        allow_builds()


def _result(future):
    """``future.result()``, waited for in short steps: a signal may be delivered to any
    thread, and Python runs its handler in the main thread only once that thread runs again,
    which a wait without end would not do until the build had finished."""
    from concurrent.futures import TimeoutError as NotYet

    while True:
        try:
            return future.result(timeout=0.1)
        except NotYet:
            continue


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)
