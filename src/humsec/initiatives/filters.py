"""Filters on initiatives, shared by the pages and the API."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from humsec.initiatives.models import Theme
from humsec.roster.models import Participant


def theme_and_narrower(theme: Theme) -> set[int]:
    """A theme and every term under it: filtering on "freedom from fear" finds
    initiatives tagged "mine action"."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Theme.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, todo = set(), [theme.pk]
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.add(pk)
            todo.extend(children.get(pk, []))
    return found


def filter_initiatives(
    queryset: QuerySet,
    *,
    theme: Theme | None = None,
    participant: Participant | None = None,
    year: int | None = None,
    timeframe: str | None = None,
    on: dt.date | None = None,
) -> QuerySet:
    if theme is not None:
        queryset = queryset.filter(themes__in=theme_and_narrower(theme)).distinct()
    if participant is not None:
        queryset = queryset.involving(participant)
    if year is not None:
        queryset = queryset.in_year(year)
    if timeframe:
        queryset = queryset.in_timeframe(timeframe, on or dt.date.today())
    return queryset
