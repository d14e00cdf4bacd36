"""Rows written into a spreadsheet as data: people's text stays text, never a formula Excel would run.

openpyxl stores any string that starts with "=" as a formula, so a suggestion titled `=HYPERLINK(…)` or
a place named `=cmd|…` would be live in the exported file. Every string cell is written as a string, with
Excel's quote prefix so it stays text even after someone edits the cell.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet


def append_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    """Append one row; its strings are text cells, whatever they start with."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            cell.quotePrefix = cell.value[:1] in ("=", "+", "-", "@", "\t", "\r")
