"""Words and number styles of each report language.

``Catalogue`` holds every label, title and note the renderers show, one YAML file per language
(``lv.yaml``, ``en.yaml``) with the same keys. ``Formatter`` writes numbers and dates the way
each language does (Babel's CLDR data: Latvian ``17 680``, ``2,3``, ``2021. gada
30. septembris``; English ``17,680``, ``30 September 2021``).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources

import yaml
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

LOCALES = {"lv": "lv_LV", "en": "en_GB"}
# BCP 47 tags, for HTML lang attributes and PowerPoint proofing language.
LANGUAGE_TAGS = {"lv": "lv-LV", "en": "en-GB"}


def _flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


@cache
def load_catalogue(lang: str) -> dict[str, str]:
    if lang not in LOCALES:
        raise KeyError(f"no catalogue for language {lang!r}; known: {', '.join(LOCALES)}")
    text = resources.files("cspreport.i18n").joinpath(f"{lang}.yaml").read_text("utf-8")
    return _flatten(yaml.safe_load(text))


class Catalogue:
    def __init__(self, lang: str):
        self.lang = lang
        self._entries = load_catalogue(lang)

    def __call__(self, key: str, **values) -> str:
        try:
            text = self._entries[key]
        except KeyError:
            raise KeyError(f"catalogue {self.lang}.yaml has no key {key!r}") from None
        return text.format(**values) if values else text

    def plural(self, key: str, n: int, **values) -> str:
        """The form of ``key`` that agrees with the number ``n``, by the language's CLDR
        plural rules (Babel): ``key.one``, ``key.other``, or another category the catalogue
        gives. Latvian "one" is a number ending in 1 but not in 11 (21 respondents, but 11
        respondenti); its "zero" (0, 10–20, 30, …) takes the words of "other" unless the
        catalogue has ``key.zero``."""
        n = abs(int(n))
        form = Locale.parse(LOCALES[self.lang]).plural_form(n)
        if f"{key}.{form}" not in self._entries:
            form = "other"
        shown = values.pop("n_text", n)  # the number as the language writes it
        return self(f"{key}.{form}", n=shown, **values)

    def keys(self) -> set[str]:
        return set(self._entries)


class Formatter:
    def __init__(self, lang: str):
        self.lang = lang
        self.locale = LOCALES[lang]

    def number(self, value: float, decimals: int = 0) -> str:
        """``value`` rounded half away from zero to ``decimals`` places, as published figures
        (and Excel) round: 4.45 → 4,5. The shortest decimal form of a float is rounded, not its
        binary approximation, so 4.45 does not become 4.4. A negative number takes the minus
        sign: −5."""
        exact = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals),
                                                     rounding=ROUND_HALF_UP)
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        text = format_decimal(exact, format=pattern, locale=self.locale)
        # a negative number takes the minus sign (U+2212), not a hyphen, as typeset figures do
        return "\u2212" + text[1:] if text.startswith("-") else text

    def percent(self, value: float, decimals: int = 0) -> str:
        # Both languages write the sign straight after the number in CSB publications.
        return self.number(value, decimals) + "%"

    def date(self, value: dt.date) -> str:
        return format_date(value, format="long", locale=self.locale)

    def month(self, value: dt.date) -> str:
        """Abbreviated month name: "janv." in Latvian, "Jan" in English."""
        return format_date(value, format="LLL", locale=self.locale)

    def month_name(self, value: dt.date, with_year: bool = False) -> str:
        """The month's whole name, to be read aloud: "janvāris", "January" (with its year:
        "janvāris 2022", "January 2022")."""
        return format_date(value, format="LLLL yyyy" if with_year else "LLLL",
                           locale=self.locale)

    def month_year(self, value: dt.date) -> str:
        """Abbreviated month and year: "janv. 2022", "Jan 2022"."""
        return format_date(value, format="LLL yyyy", locale=self.locale)

    def period_name(self, start: dt.date, end: dt.date) -> str:
        """A short name of a period: its year when it lies in one ("2021"), else its first
        and last months with their years ("okt. 2021 – marts 2022")."""
        if start.year == end.year:
            return str(start.year)
        return f"{self.month_year(start)} – {self.month_year(end)}"

    def period(self, start: dt.date, end: dt.date) -> str:
        return f"{self.date(start)} – {self.date(end)}"

    def chart_number_format(self, decimals: int = 0, percent: bool = False) -> str:
        """Excel number format for chart labels in this language.

        "#,##0" would take its separators from the viewer's system, so a Latvian deck shown on
        an English PC would read "1,152". Whole numbers therefore get the separator as a
        literal: Latvian "1 152", English "1,152". (Decimals keep the viewer's decimal mark.)
        """
        if percent:
            return '0"%"' if not decimals else "0." + "0" * decimals + '"%"'
        if decimals:
            return "#,##0." + "0" * decimals
        return '[>=1000]#" "##0;0' if self.lang == "lv" else "#,##0"
