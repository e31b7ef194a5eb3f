"""Filters on participants, shared by the pages and the API."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from humsec.roster.lookup import ParticipantIndex


def filter_participants(
    queryset: QuerySet,
    *,
    kind: str | None = None,
    region: str | None = None,
    member_on: dt.date | None = None,
    q: str | None = None,
) -> QuerySet:
    """kind and region as stored; member_on keeps those that were there that day (members
    for Member States, observers for observer States, existing organizations); q matches
    codes, names in any language, and aliases."""
    if kind:
        queryset = queryset.filter(kind=kind)
    if region:
        queryset = queryset.filter(region=region)
    if member_on:
        queryset = queryset.active_on(member_on)
    if q:
        queryset = queryset.filter(pk__in=ParticipantIndex().search(q))
    return queryset
