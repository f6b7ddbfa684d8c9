"""Comments a person coded into themes, for the theme model to learn from
(``themes_training.yaml`` in the edition folder, optional).

The file holds earlier comments — of earlier waves, or written for the purpose — each with
the themes a person gave it by reading it::

    examples:
      - text: "Lūdzu ļaut iesniegt pārskatu līdz mēneša 20. datumam."
        themes: [deadlines]
      - text: "Paldies, viss kārtībā."
        themes: []          # none of the themes ("other")

Without the file the rules of themes.yaml code the comments alone.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cspreport.errors import InputError, Location
from cspreport.yamlfile import need_mapping, read_yaml, validation_problems

TRAINING = "themes_training.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Example(_Strict):
    text: str = Field(min_length=1)
    themes: list[str]


class Training(_Strict):
    examples: list[Example] = Field(min_length=1)


def read_training(path: Path, shown: str, codes: list[str]
                  ) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
    """(comment, the themes a person gave it) for every example, in the file's order; None
    when the edition has no such file. Every theme must be one of content.yaml's codes."""
    if not path.is_file():
        return None
    doc = read_yaml(path, shown, "comments coded by a person (examples: a list of text and "
                                 "themes)")
    need_mapping(doc, shown, "comments coded by a person (examples: a list of text and themes)")
    try:
        training = Training.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(validation_problems(exc, doc, shown, Training)) from None
    problems = []
    for n, example in enumerate(training.examples):
        for k, theme in enumerate(example.themes):
            if theme not in codes:
                problems.append((Location(shown, line=doc.line(("examples", n, "themes", k))),
                                 f"examples, item {n + 1}, themes: {theme!r} is not a "
                                 f"suggestion theme of content.yaml (they are: "
                                 f"{', '.join(codes)}; [] for none)"))
    if problems:
        raise InputError(problems)
    return tuple((e.text, tuple(dict.fromkeys(e.themes))) for e in training.examples)


__all__ = ["TRAINING", "read_training"]
