"""The one place that decides what a user may see.

Every view, API endpoint and export fetches its objects through these functions, so
that the role and participant scope apply everywhere alike; what is out of scope is a
404, never a hint that it exists.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from humsec.accounts.roles import READS_EVERYTHING, Role, roles_of
from humsec.initiatives.models import Initiative, Status, Theme
from humsec.meetings.models import Meeting
from humsec.roster.models import Participant

M = TypeVar("M", bound=Model)


def participants_of(user) -> QuerySet[Participant]:
    """The participants a user answers for as focal point."""
    if Role.FOCAL_POINT not in roles_of(user):
        return Participant.objects.none()
    return Participant.objects.filter(focal_points__user=user, focal_points__active=True)


def initiatives(user) -> QuerySet[Initiative]:
    """Accepted initiatives for everyone; drafts for reviewers and for the focal points of
    the participant that reported them."""
    roles = roles_of(user)
    queryset = Initiative.objects.all()
    if roles & READS_EVERYTHING:
        return queryset
    visible = Q(status=Status.ACCEPTED)
    if Role.FOCAL_POINT in roles:
        visible |= Q(reported_by__in=participants_of(user))
    return queryset.filter(visible)


def participants(user) -> QuerySet[Participant]:
    return Participant.objects.all()


def meetings(user) -> QuerySet[Meeting]:
    return Meeting.objects.all()


def themes(user) -> QuerySet[Theme]:
    return Theme.objects.all()


def get_or_404(queryset: QuerySet[M], **lookup) -> M:
    """One object from a scoped queryset, or a 404 that says nothing more."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
