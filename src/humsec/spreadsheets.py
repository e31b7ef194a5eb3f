"""Cells for CSV files that people open in a spreadsheet.

A spreadsheet runs a cell that starts with =, +, - or @ (or a tab or carriage return
before one) as a formula. Titles, names and reasons are typed by anyone, so such cells
are written with a quote first: the spreadsheet shows the text, and humsec's own readers
remove the quote again (`outreach.imports.initiatives`).
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
