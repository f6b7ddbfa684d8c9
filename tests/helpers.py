"""Small helpers the tests share: editing a workbook cell, normalising number text."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook


def edit_workbook(workbook: Path, change) -> None:
    """Open ``workbook``, let ``change(book)`` alter it, save it in place."""
    book = load_workbook(workbook)
    change(book)
    book.save(workbook)


def set_cell(workbook: Path, sheet: str, cell: str, value) -> None:
    edit_workbook(workbook, lambda book: book[sheet].__setitem__(cell, value))


def plain(text: str) -> str:
    """Text with non-breaking and narrow spaces as ordinary spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")

