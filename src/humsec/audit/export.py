"""The audit log as CSV, streamed row by row so that a long log never sits in memory."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator

from django.utils import timezone

from humsec.audit.models import AuditEntry
from humsec.spreadsheets import safe_cell

HEADER = [
    "time",
    "action",
    "actor",
    "object type",
    "object id",
    "object",
    "changes",
    "reason",
    "IP address",
]


def cells(entry: AuditEntry) -> list[str]:
    content_type = entry.content_type
    return [
        safe_cell(cell)
        for cell in (
            timezone.localtime(entry.at).isoformat(),
            entry.code,
            entry.actor.get_username() if entry.actor else "",
            f"{content_type.app_label}.{content_type.model}" if content_type else "",
            entry.object_id,
            entry.object_repr,
            json.dumps(entry.changes, ensure_ascii=False, sort_keys=True) if entry.changes else "",
            entry.reason,
            entry.ip or "",
        )
    ]


class _Line:
    """A file-like target for csv.writer that hands back the line it was given."""

    def write(self, line: str) -> str:
        return line


def lines(entries: Iterable[AuditEntry]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow(HEADER)
    for entry in entries:
        yield writer.writerow(cells(entry))
