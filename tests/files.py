"""Files the tests upload, made the way Excel and Word make them."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook


def workbook(rows: list[list], formats: dict[str, str] | None = None) -> bytes:
    """An .xlsx file holding the rows, with number formats by cell ("B2": "mmm yyyy")."""
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for ref, number_format in (formats or {}).items():
        sheet[ref].number_format = number_format
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rezip(data: bytes, change=None, add: dict | None = None) -> bytes:
    """A copy of a zip with parts changed (change(name, bytes) -> bytes) or added."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info.filename, change(info.filename, content) if change else content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()
