"""What the loaders of reference and demo data share.

Loaders read everything, collect every problem with its place ("member_states.csv line
12: ..."), and write nothing unless all is well; writing happens in one transaction.
Rows are matched on natural keys and saved only when something changed, so loading the
same file twice leaves the database exactly as it was.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.db.models import Model


class LoadError(Exception):
    """Everything wrong with one input, each problem with its place."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        listed = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{source}: nothing was loaded:\n{listed}")


class Problems:
    """Collects problems while a loader reads, then raises them all at once."""

    def __init__(self, source: str):
        self.source = source
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}")

    def raise_if_any(self) -> None:
        if self.items:
            raise LoadError(self.source, self.items)


def read_csv(path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """Rows of a CSV file with their place, "file.csv line 3"."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            values = {key: (value or "").strip() for key, value in row.items() if key}
            yield f"{path.name} line {reader.line_num}", values


def parse_day(value: str, where: str, field: str, problems: Problems) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        problems.add(where, f"{field} {value!r} is not a date (YYYY-MM-DD)")
        return None


def upsert(manager, lookup: dict, values: dict) -> Model:
    """Create or update one row of a manager (a model's or a related one), saving only the
    fields that changed."""
    obj = manager.filter(**lookup).first()
    if obj is None:
        return manager.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
    return obj


def sync_children(manager, keys: Iterable[str], rows: list[dict]) -> None:
    """Make the rows of a related manager exactly `rows`, matched on `keys`: update those
    that exist, create the new ones, delete those no longer listed."""
    keys = tuple(keys)
    kept = set()
    for row in rows:
        lookup = {key: row[key] for key in keys}
        values = {name: value for name, value in row.items() if name not in keys}
        kept.add(upsert(manager, lookup, values).pk)
    manager.exclude(pk__in=kept).delete()
