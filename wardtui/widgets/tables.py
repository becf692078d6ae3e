"""Filling a DataTable whose columns follow its rows (the home list, an election's schedule)."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable


def fill_table(table: DataTable[Any], columns: tuple[tuple[str, str], ...], rows: list[list[Text]]) -> None:
    """Replace a table's columns and rows; row keys are the row numbers.

    Column widths are measured here rather than left to the table, which measures new
    rows only when it is next idle: a screenshot or a quick key could catch it narrow.
    """
    widths = [max([cell_len(label)] + [row[i].cell_len for row in rows]) for i, (label, _) in enumerate(columns)]
    table.clear(columns=True)
    for (label, key), width in zip(columns, widths):
        table.add_column(label, key=key, width=width)
    for i, row in enumerate(rows):
        table.add_row(*row, key=str(i))
