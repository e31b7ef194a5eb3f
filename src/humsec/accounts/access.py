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


# Requests and replies -------------------------------------------------------------------

REPLY_GRANTS = "humsec_reply_links"  # session key: recipient id -> personal link id


def can_manage_requests(user) -> bool:
    return Role.SECRETARIAT in roles_of(user)


def can_read_requests(user) -> bool:
    return bool(roles_of(user) & READS_EVERYTHING)


def requests(user):
    """Requests and their recipients are for the secretariat, co-chairs and reviewers."""
    from humsec.outreach.models import Request

    if roles_of(user) & READS_EVERYTHING:
        return Request.objects.all()
    return Request.objects.none()


def grant_reply(session, link) -> None:
    """Remember, for this browser, that it came in through a personal link."""
    grants = dict(session.get(REPLY_GRANTS, {}))
    grants[str(link.recipient_id)] = link.pk
    session[REPLY_GRANTS] = grants


def reply_recipient(http_request, recipient_id):
    """The recipient whose reply this browser may work on, or a 404.

    The secretariat may (to enter a reply received by email, fax or on paper); a focal
    point with an account may for its own participants; anyone else only through a
    personal link of that recipient that is still usable (not revoked, not expired).
    """
    from humsec.outreach.models import PersonalLink, Recipient

    recipient = get_or_404(
        Recipient.objects.select_related("request", "participant"), pk=recipient_id
    )
    user = http_request.user
    if can_manage_requests(user):
        return recipient
    if recipient.status == "not_sent":
        raise Http404  # nothing to answer before the letter goes
    if participants_of(user).filter(pk=recipient.participant_id).exists():
        return recipient
    link_id = http_request.session.get(REPLY_GRANTS, {}).get(str(recipient.pk))
    link = PersonalLink.objects.filter(pk=link_id, recipient=recipient).first()
    if link is not None and link.is_usable():
        return recipient
    raise Http404


# Review -----------------------------------------------------------------------------------

REVIEWS = {Role.SECRETARIAT, Role.REVIEWER}


def can_review(user) -> bool:
    """Review, merge and restore are for reviewers and the secretariat; co-chairs read."""
    return bool(roles_of(user) & REVIEWS)


def contributions(user):
    from humsec.outreach.models import Contribution

    if roles_of(user) & READS_EVERYTHING:
        return Contribution.objects.all()
    return Contribution.objects.none()


# Documents --------------------------------------------------------------------------------


def documents(user):
    """Issued documents are public; drafts are for the roles that read everything."""
    from humsec.documents.models import Document, State

    if roles_of(user) & READS_EVERYTHING:
        return Document.objects.all()
    return Document.objects.filter(state=State.ISSUED)


def can_compile(user) -> bool:
    """The secretariat drafts and issues documents."""
    return Role.SECRETARIAT in roles_of(user)


def can_approve(user) -> bool:
    """The co-chairs approve the drafts that go out in their names."""
    return Role.CO_CHAIR in roles_of(user)


# The audit log and version history -------------------------------------------------------


def can_read_audit(user) -> bool:
    """The audit log and the history of records are for the roles that read everything:
    co-chairs and reviewers read the audit log in the admin already."""
    return bool(roles_of(user) & READS_EVERYTHING)


def can_restore(user) -> bool:
    """Restoring an earlier version of a participant or a reply is for the secretariat."""
    return Role.SECRETARIAT in roles_of(user)


def _with_own(user, queryset: QuerySet[M], participant_field: str) -> QuerySet[M]:
    """Everything for the roles that read everything; for a focal point, the records of
    its own participants; nothing for anyone else."""
    if can_read_audit(user):
        return queryset
    if Role.FOCAL_POINT in roles_of(user):
        return queryset.filter(**{f"{participant_field}__in": participants_of(user)})
    return queryset.none()


def initiative_history(user) -> QuerySet[Initiative]:
    """An initiative's history holds its drafts, so it is not public even once accepted:
    the roles that read everything, and the focal points of the reporter."""
    return _with_own(user, Initiative.objects.all(), "reported_by")


def contribution_history(user):
    """A reply's history: the roles that read everything, and the focal points of the
    participant that replied; another participant's reply is a 404."""
    from humsec.outreach.models import Contribution

    return _with_own(user, Contribution.objects.all(), "recipient__participant")


def participant_history(user) -> QuerySet[Participant]:
    return participants(user) if can_read_audit(user) else Participant.objects.none()


# People -----------------------------------------------------------------------------------


def can_manage_people(user) -> bool:
    """Inviting people and resetting their two-factor sign-in are for the secretariat."""
    return Role.SECRETARIAT in roles_of(user)


def people(user):
    """Accounts, for the secretariat only."""
    from django.contrib.auth import get_user_model

    if can_manage_people(user):
        return get_user_model().objects.all()
    return get_user_model().objects.none()


def invitations(user):
    from humsec.accounts.models import Invitation

    if can_manage_people(user):
        return Invitation.objects.all()
    return Invitation.objects.none()
