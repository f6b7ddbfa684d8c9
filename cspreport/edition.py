"""An edition opened for analysis: the validated tidy tables of one edition and period.

``open_edition(params)`` is what every notebook starts with and what a build checks before it
starts a kernel: it reads and validates the edition's files (``cspreport.sources``), merges
survey exports over the aggregate sheets (the export wins, a difference is a warning), keeps
the survey waves up to the edition's year, and checks that the period and the survey wave the
edition needs are there. What it hands back is plain pandas DataFrames, to look at and to
pass to the metrics (``cspreport.metrics``) and section builders (``cspreport.sections``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from cspreport.errors import InputError, Location
from cspreport.params import Params
from cspreport.tables import EditionTables


@dataclass
class Edition:
    params: Params
    tables: EditionTables  # survey waves merged (exports over sheets), none after the edition
    wave: int  # the survey wave the edition shows: the newest not after its year
    warnings: list[str] = field(default_factory=list)

    @property
    def languages(self) -> tuple[str, ...]:
        return self.params.languages

    def context(self, lang: str):
        """What a section builder writes with in ``lang``: words, number style, sources."""
        from cspreport.sections.context import Context

        return Context(self, lang)

    def publish(self, build, *args, figure=None, warnings=(), **kwargs):
        """Publish the section ``build(context, *args, **kwargs)`` in every language of the
        run (see ``cspreport.publish``)."""
        from cspreport.publish import publish

        return publish(build, *args, edition=self, figure=figure, warnings=warnings,
                       **kwargs)


def open_edition(params: Params, root: Path | None = None) -> Edition:
    """Read, validate and merge the edition of ``params`` (raises InputError, naming the file,
    sheet, row and column of every problem)."""
    from cspreport.metrics import survey as survey_metrics
    from cspreport.sources import read_edition
    from cspreport.sources.merge import merge_survey

    tables = read_edition(params.data_path(root))
    tables, warnings = merge_survey(tables)
    tables = until(tables, params.edition)
    waves = [w for w, _ in survey_metrics.participation(tables.participation)]
    if not waves:
        src = tables.sources["participation"]
        raise InputError([(Location(src.file, src.sheet, None, "wave"),
                           f"no survey wave in or before the edition's year {params.edition}; "
                           "add the wave's row or choose a later edition")])
    return Edition(params, tables, max(waves), warnings)


def until(tables: EditionTables, edition: int) -> EditionTables:
    """An edition shows the survey waves up to its own year, not later ones."""
    return replace(tables, **{name: getattr(tables, name)[getattr(tables, name)["wave"]
                                                        <= edition]
                              for name in ("participation", "answers", "comments")})


__all__ = ["Edition", "open_edition", "until"]
