"""An edition opened for analysis: what every notebook starts with (``ed = open_edition(params)``).

``Edition`` holds the edition's validated tidy tables for the period (``cspreport.tables``),
the survey wave it shows and the warnings to say; it hands a section builder its words and
number style in a language (``context``), publishes a section in every language of the run
(``publish``) and hands over the pictures of its charts to change first (``figures``). What
it holds is plain pandas DataFrames, to look at and to pass to the metrics
(``cspreport.metrics``) and the section builders (``cspreport.sections``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cspreport.params import Params
from cspreport.sections.context import Context
from cspreport.sources.tidy import EditionTables
from cspreport.tables import edition_tables


@dataclass
class Edition:
    params: Params
    tables: EditionTables  # survey waves merged (exports over sheets), none after the edition
    wave: int  # the survey wave the edition shows: the newest not after its year
    warnings: list[str] = field(default_factory=list)

    @property
    def languages(self) -> tuple[str, ...]:
        return self.params.languages

    def context(self, lang: str) -> Context:
        """What a section builder writes with in ``lang``: words, number style, sources."""
        return Context(self, lang)

    def publish(self, build, *args, figure=None, warnings=(), outputs=("deck", "html"),
                **kwargs):
        """Publish the section ``build(context, *args, **kwargs)`` in every language of the
        run (see ``cspreport.publishing.publish``)."""
        # an edition opened to be checked needs no renderer (matplotlib, seaborn: seconds)
        # lazy: the renderers only when a section is published
        from cspreport.publishing import publish

        return publish(build, *args, edition=self, figure=figure, warnings=warnings,
                       outputs=outputs, **kwargs)

    def figures(self, build, *args, lang=None, **kwargs):
        """The pictures ``publish`` would show of the section's charts, as matplotlib Figures
        to change and then publish with ``figure=`` (see ``cspreport.publishing.figures``)."""
        from cspreport.publishing import figures  # lazy: as in publish

        return figures(build, *args, edition=self, lang=lang, **kwargs)


def open_edition(params: Params, root: Path | None = None, fresh: bool = False) -> Edition:
    """Read, validate and merge the edition of ``params`` (raises InputError, naming the file,
    sheet, row and column of every problem). ``fresh``: read the files even when validated
    tables of the same content are cached."""
    return Edition(params, *edition_tables(params, root, fresh))


__all__ = ["Edition", "open_edition"]
