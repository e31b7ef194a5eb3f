"""Past, ongoing or planned: always against a reference date the caller gives."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Timeframe(models.TextChoices):
    PAST = "past", _("past")
    ONGOING = "ongoing", _("ongoing")
    PLANNED = "planned", _("planned")
    UNDATED = "undated", _("date unknown")


def timeframe_of(first_day: dt.date | None, last_day: dt.date | None, on: dt.date) -> Timeframe:
    """first_day is the first day of the start period ("May 2007" -> 1 May 2007), last_day
    the last day of the end period, or None for something open-ended (an institution).

    An initiative is planned until its period begins, past once it is over, and ongoing
    in between: "May 2007" is planned on 20 April 2007, ongoing on 10 May 2007 and past
    on 1 October 2007.
    """
    if first_day is None and last_day is None:
        return Timeframe.UNDATED
    if first_day is not None and on < first_day:
        return Timeframe.PLANNED
    if last_day is not None and last_day < on:
        return Timeframe.PAST
    return Timeframe.ONGOING


def timeframe_filter(timeframe: str, on: dt.date) -> Q:
    """The same rule as timeframe_of, as a query on start_date and end_date."""
    if timeframe == Timeframe.PLANNED:
        return Q(start_date__gt=on)
    if timeframe == Timeframe.PAST:
        return Q(end_date__lt=on)
    if timeframe == Timeframe.ONGOING:
        return (
            (Q(start_date__lte=on) | Q(start_date__isnull=True))
            & (Q(end_date__gte=on) | Q(end_date__isnull=True))
            & ~Q(start_date__isnull=True, end_date__isnull=True)
        )
    if timeframe == Timeframe.UNDATED:
        return Q(start_date__isnull=True, end_date__isnull=True)
    raise ValueError(f"unknown timeframe {timeframe!r}")
