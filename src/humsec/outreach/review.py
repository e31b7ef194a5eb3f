"""Decisions on replies: accept, or return to the focal point with a comment."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from humsec.audit.log import log
from humsec.documents import locks
from humsec.initiatives.models import Status
from humsec.outreach.actions import ActionError, set_status
from humsec.outreach.models import Contribution, RecipientStatus


def _locked(pk: int) -> Contribution:
    return Contribution.objects.select_for_update().select_related("recipient").get(pk=pk)


@transaction.atomic
def accept_contribution(pk: int, actor, reason: str = "", request=None) -> Contribution:
    contribution = _locked(pk)
    if contribution.recipient.status != RecipientStatus.SUBMITTED:
        raise ActionError(_("Only a submitted reply can be accepted."))
    if contribution.review_status == "accepted":
        raise ActionError(_("This reply was already accepted."))
    contribution.review_status = "accepted"
    contribution.review_comment = ""
    contribution.save(update_fields=["review_status", "review_comment", "updated_at"])
    log(
        "contribution.accept",
        contribution,
        actor,
        {"review": ["pending", "accepted"]},
        reason,
        request,
    )
    return contribution


@transaction.atomic
def return_contribution(pk: int, actor, comment: str, request=None) -> Contribution:
    """Back to the focal point, who sees the comment, changes the reply and resubmits."""
    if not comment.strip():
        raise ActionError(_("Say what the focal point should change."))
    contribution = _locked(pk)
    if contribution.recipient.status != RecipientStatus.SUBMITTED:
        raise ActionError(_("Only a submitted reply can be returned."))
    try:
        locks.refuse_if_contribution_printed(contribution)
    except locks.LockedError as error:
        raise ActionError(str(error)) from None
    old = contribution.review_status
    contribution.review_status = "returned"
    contribution.review_comment = comment
    contribution.save(update_fields=["review_status", "review_comment", "updated_at"])
    set_status(contribution.recipient, RecipientStatus.DRAFT, actor, note="returned")
    # Its initiatives go back with it: nobody decides on them while the focal point edits.
    contribution.initiatives.filter(status=Status.SUBMITTED).update(status=Status.DRAFT)
    log("contribution.return", contribution, actor, {"review": [old, "returned"]}, comment, request)
    return contribution
