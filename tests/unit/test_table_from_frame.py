"""An analyst's own table: Table.from_frame writes its numbers as the report does in each
language, and a table given numbers by hand is refused in plain words, not with an
AttributeError from a renderer."""

from __future__ import annotations

import pandas as pd
import pytest

from cspreport.publishing import PublishError, publish
from cspreport.report import Table, TableSection

NBSP = "\u00a0"  # Latvian groups thousands with a no-break space


def frame() -> pd.DataFrame:
    return pd.DataFrame({"Kanāls": ["Tālrunis", "E-pasts", "Cits"],
                         "Zvani": [3525, 17680, 12],
                         "Ilgums": [2.345, 1234.56, None]})


def test_latvian_numbers():
    table = Table.from_frame(frame(), "lv")
    assert table.columns == ("Kanāls", "Zvani", "Ilgums")
    assert table.numeric == (False, True, True)
    assert table.rows == (("Tālrunis", f"3{NBSP}525", "2,3"),
                          ("E-pasts", f"17{NBSP}680", f"1{NBSP}234,6"),
                          ("Cits", "12", "–"))


def test_english_numbers_and_decimals_by_column():
    table = Table.from_frame(frame(), "en", decimals={"Ilgums": 2})
    assert table.rows == (("Tālrunis", "3,525", "2.35"),
                          ("E-pasts", "17,680", "1,234.56"),
                          ("Cits", "12", "–"))


def test_the_index_as_the_first_column():
    counts = pd.Series([3525, 20], index=pd.Index(["Rīga", "Cēsis"], name="Pilsēta"),
                       name="Zvani").to_frame()
    table = Table.from_frame(counts, "en", index=True)
    assert table.columns == ("Pilsēta", "Zvani")
    assert table.rows == (("Rīga", "3,525"), ("Cēsis", "20"))


def test_both_languages_at_once_is_refused():
    with pytest.raises(ValueError, match=r"one of lv, en .*got 'both'"):
        Table.from_frame(frame(), "both")


def test_a_table_published_with_numbers_says_where_and_what_to_do():
    section = TableSection("my_table", "Zvani", table=Table(("Kanāls", "Zvani"),
                                                           (("Tālrunis", 3525),)))
    with pytest.raises(PublishError) as caught:
        publish(section)
    assert str(caught.value) == (
        "section 'my_table': table row 1, column 'Zvani': 3525 is not text (a table holds "
        "its cells as shown); make the table with Table.from_frame(df, lang), which writes "
        "the numbers as the report does in that language, or give every cell as text")


def test_a_table_from_a_frame_is_published(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", shown.append)
    publish(TableSection("my_table", "Zvani", table=Table.from_frame(frame(), "lv")))
    [published] = shown
    assert published.sections["lv"].table.rows[0] == ("Tālrunis", f"3{NBSP}525", "2,3")
    assert f"3{NBSP}525" in published._repr_html_()
