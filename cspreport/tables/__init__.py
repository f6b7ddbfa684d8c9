"""Tables: one edition's tidy tables, ready for analysis.

``edition_tables(params)`` reads and validates the edition's files (``cspreport.sources``,
once per content: ``cache``), merges survey exports over the aggregate sheets (the export
wins, a difference is a warning: ``merge``, with the waves' tables of ``waves``), keeps the
survey waves up to the edition's year, and finds the wave the edition shows. The metrics take
these tables; nothing here computes a figure of the report.
"""

from __future__ import annotations

from pathlib import Path

from cspreport.errors import InputError, Location
from cspreport.params import Params
from cspreport.sources.content import reminders
from cspreport.sources.tidy import EditionTables
from cspreport.tables.cache import validated_tables
from cspreport.tables.merge import merge_survey, until
from cspreport.tables.waves import participation


def edition_tables(params: Params, root: Path | None = None, fresh: bool = False
                   ) -> tuple[EditionTables, int, list[str]]:
    """The validated, merged tables of the edition of ``params``, the survey wave it shows
    (the newest not after its year) and the warnings to say (raises InputError, naming the
    file, sheet, row and column of every problem). ``fresh``: read the files even when
    validated tables of the same content are cached."""
    tables = validated_tables(params.data_path(root), fresh)
    tables, warnings = merge_survey(tables)
    warnings = [*tables.warnings, *warnings]
    tables = until(tables, params.edition)
    waves = [w for w, _ in participation(tables.participation)]
    if not waves:
        src = tables.sources["participation"]
        raise InputError([(Location(src.file, src.sheet, None, "wave"),
                           f"no survey wave in or before the edition's year {params.edition}; "
                           "add the wave's row or choose a later edition")])
    warnings += reminders(params.data_path(root))
    return tables, max(waves), warnings


__all__ = ["edition_tables"]
