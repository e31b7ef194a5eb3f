"""Records the tests build the way users make them, through the actions."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from humsec.outreach import actions
from humsec.outreach.models import RecipientStatus, Request
from humsec.roster.models import Participant


def a_request(
    recipients: str | list[Participant],
    title: str = "Information on human security initiatives",
    *,
    sent: bool = True,
    actor=None,
) -> Request:
    """A request dated today to those recipients (names, "Chile;Thailand", or
    participants), signed by Japan and Mexico, its links working for sixty days; with
    sent, its letters count as sent (without rendering or emailing them)."""
    today = timezone.localdate()
    request = actions.create_request(
        title=title,
        letter_date=today,
        deadline=today + dt.timedelta(days=60),
        signatories=[
            actions.SignatoryData(
                Participant.objects.get(code="JPN"), "Yukio Takasu", "Ambassador"
            ),
            actions.SignatoryData(
                Participant.objects.get(code="MEX"), "Claude Heller", "Ambassador"
            ),
        ],
        recipients=(
            actions.recipients_from(recipients, today)
            if isinstance(recipients, str)
            else recipients
        ),
        actor=actor,
    )
    for recipient in request.recipients.all() if sent else []:
        actions.set_status(recipient, RecipientStatus.SENT)
    return request
