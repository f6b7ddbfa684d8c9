"""Which suggestion themes each comment raises, by the rules of an edition's themes.yaml.

Latvian is highly inflected, so rules are word *stems* matched at the start of a word
(``termiņ`` catches termiņš, termiņi, termiņu …) and a few whole *words*; case and diacritics
are ignored on both sides. A comment may raise several themes; one that raises none is
"other". The rules are data, not code: an analyst refines them in the YAML file, and
tests/unit/test_themes.py measures them against comments labelled by hand.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from cspreport.privacy import MARKER, redact

OTHER = "other"


def fold(text: str) -> str:
    """Lower case, without diacritics, with single spaces: "Termiņš  VID" → "termins vid"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", plain).strip()


def compile_rules(rules: Mapping[str, Mapping[str, Iterable[str]]]) -> dict[str, re.Pattern]:
    """One regular expression per theme from its stems and words."""
    compiled = {}
    for theme, entries in rules.items():
        parts = [re.escape(fold(s)) for s in entries.get("stems", [])]
        parts += [re.escape(fold(w)) + r"(?!\w)" for w in entries.get("words", [])]
        compiled[theme] = re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")") if parts \
            else re.compile(r"(?!x)x")
    return compiled


def themes_of(text: str, compiled: Mapping[str, re.Pattern]) -> list[str]:
    folded = fold(text)
    found = [theme for theme, pattern in compiled.items() if pattern.search(folded)]
    return found or [OTHER]


def wave_comments(texts, wave: int):
    """The comments of one survey wave (``wave``, ``id``, ``text``), in ``id`` order, with
    personal data already replaced by "[…]" (``cspreport.privacy``): nothing downstream — a
    DataFrame shown in a notebook, a quote in the report — ever holds it. Empty when the
    edition has no comment export."""
    import pandas as pd


    if texts is None:
        return pd.DataFrame(columns=["wave", "id", "text"])
    rows = texts[texts["wave"] == wave].sort_values("id", kind="stable")
    return rows.assign(text=[redact(t, MARKER) for t in rows["text"]])


def code_comments(texts, rules: Mapping[str, Mapping[str, Iterable[str]]] | None,
                  person: Mapping[tuple[int, str], list[str]] | None = None, model=None):
    """One row per comment and theme it raises (``id``, ``text``, ``theme``, ``coded_by``),
    comments in ``id`` order. A comment a person coded (``person``: (wave, id) → themes,
    from the edition's coding workbook) takes the person's themes; the others the rules'
    and, given a ``model`` (``theme_model.ThemeModel``, trained on comments a person coded),
    the model's too (``coded_by`` says which gave the theme: person, rules or model); one
    that raises no theme gets one row with theme ``other``. Without rules (no themes.yaml)
    and no person's coding nothing is coded."""
    import pandas as pd

    columns = ["id", "text", "theme", "coded_by"]
    person = person or {}
    if not rules and not person:
        return pd.DataFrame(columns=columns)
    compiled = compile_rules(rules or {})
    ordered = texts.sort_values("id", kind="stable")
    by_model = (model.predict(list(ordered["text"])) if model is not None
                else [[] for _ in range(len(ordered))])
    rows = []
    for wave, i, t, learnt in zip(ordered["wave"], ordered["id"], ordered["text"], by_model,
                                  strict=True):
        given = person.get((int(wave), str(i)))
        if given:
            found = [(theme, "person") for theme in given]
        else:
            ruled = [theme for theme in themes_of(t, compiled) if theme != OTHER]
            found = ([(theme, "rules") for theme in ruled]
                     + [(theme, "model") for theme in learnt if theme not in ruled]
                     ) or [(OTHER, "rules")]
        rows += [{"id": i, "text": t, "theme": theme, "coded_by": by} for theme, by in found]
    return pd.DataFrame(rows, columns=columns)


def counts_by_theme(coded, themes: Iterable[str], min_respondents: int):
    """Comments per theme (every theme listed, ``other`` last), most raised first.
    ``suppressed``: raised by some respondents, but fewer than ``min_respondents`` — too few
    to show, or to quote (a theme no one raised is a stated 0)."""
    import pandas as pd

    order = [t for t in themes if t != OTHER]
    counts = coded["theme"].value_counts().reindex([*order, OTHER], fill_value=0)
    ranked = sorted(order, key=lambda c: (-int(counts[c]), order.index(c)))
    shown = [int(counts[c]) for c in [*ranked, OTHER]]
    return pd.DataFrame({"theme": [*ranked, OTHER], "comments": shown,
                         "suppressed": [0 < n < min_respondents for n in shown]})


def mentions_and_other(counts) -> tuple[int, int]:
    """From ``counts_by_theme``: how many times the themes are raised in all (a comment
    raising two themes counts twice) and how many comments raise none of them. "Other" is
    not a theme: its comments are counted apart, never among the mentions."""
    is_other = counts["theme"] == OTHER
    return int(counts.loc[~is_other, "comments"].sum()), int(counts.loc[is_other,
                                                                      "comments"].sum())
