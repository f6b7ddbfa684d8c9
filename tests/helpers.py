"""Small helpers the tests share: editing a workbook cell, normalising number text."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook


def set_cell(workbook: Path, sheet: str, cell: str, value) -> None:
    book = load_workbook(workbook)
    book[sheet][cell] = value
    book.save(workbook)


def plain(text: str) -> str:
    """Text with non-breaking and narrow spaces as ordinary spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")
