"""Every change to requests, recipients and replies, one named function each.

Each action owns its transaction; emails and tasks go out once the transaction has
committed, so a failure never leaves an email about something that did not happen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from humsec.audit.log import log
from humsec.audit.versions import bring_back, version_of
from humsec.documents import locks
from humsec.outreach import compose, links
from humsec.outreach.models import (
    OUTSTANDING,
    Contribution,
    Recipient,
    RecipientStatus,
    Request,
    Signatory,
    StatusChange,
)
from humsec.roster.lookup import ParticipantIndex
from humsec.roster.models import Participant

S = RecipientStatus

# Which status may follow which. The secretariat may also reopen a submitted reply.
TRANSITIONS = {
    S.NOT_SENT: {S.SENT},
    S.SENT: {S.SENT, S.OPENED, S.DRAFT, S.SUBMITTED, S.NIL_RETURN, S.DECLINED},
    S.OPENED: {S.DRAFT, S.SUBMITTED, S.NIL_RETURN, S.DECLINED},
    S.DRAFT: {S.DRAFT, S.SUBMITTED, S.NIL_RETURN, S.DECLINED},
    S.SUBMITTED: {S.DRAFT},
    S.NIL_RETURN: {S.DRAFT, S.SUBMITTED},
    S.DECLINED: {S.DRAFT, S.SUBMITTED},
}


class ActionError(Exception):
    """An action that cannot be done now; the message says why, for the user."""


@dataclass(frozen=True)
class SignatoryData:
    participant: Participant
    name: str
    title: str


def recipients_from(spec: str, on: dt.date) -> list[Participant]:
    """`meeting:2` (those who attended the second meeting), `members` (the Member States
    on that day), or names separated by ";" ("Chile;Thailand")."""
    from humsec.meetings.models import Meeting

    spec = spec.strip()
    if spec.startswith("meeting:"):
        number = spec.removeprefix("meeting:").strip()
        meeting = Meeting.objects.filter(number=number).first() if number.isdigit() else None
        if meeting is None:
            raise ActionError(
                _("There is no meeting number %(number)s.") % {"number": repr(number)}
            )
        return [a.participant for a in meeting.attendance.select_related("participant")]
    if spec == "members":
        return list(Participant.objects.members_on(on))
    index = ParticipantIndex()
    found, unknown = [], []
    for name in (part.strip() for part in spec.split(";")):
        if not name:
            continue
        participant = index.get(name)
        (found if participant else unknown).append(participant or name)
    if unknown:
        raise ActionError(
            _("Unknown participants: %(names)s.") % {"names": ", ".join(repr(u) for u in unknown)}
        )
    return list(dict.fromkeys(found))


def check_letters(letters: dict[str, str]) -> None:
    problems = [
        _("letter (%(language)s): unknown field {%(name)s}") % {"language": language, "name": name}
        for language, text in letters.items()
        for name in compose.unknown_fields(text)
    ]
    if not letters.get("en", "").strip():
        problems.append(_("letter (en): the English letter is required"))
    if problems:
        raise ActionError("; ".join(problems) + ".")


@transaction.atomic
def create_request(
    *,
    title: str,
    letter_date: dt.date,
    deadline: dt.date,
    signatories: list[SignatoryData],
    recipients: list[Participant],
    letters: dict[str, str] | None = None,
    meeting=None,
    reference: str = "",
    grace_days: int = 14,
    reminder_limit: int = 2,
    reminder_interval_days: int = 14,
    actor=None,
) -> Request:
    letters = letters or dict(compose.DEFAULT_LETTER)
    check_letters(letters)
    if deadline < letter_date:
        raise ActionError(_("The deadline is before the letter date."))
    if not signatories:
        raise ActionError(_("A request needs at least one signatory."))
    if not recipients:
        raise ActionError(_("A request needs at least one recipient."))
    request = Request.objects.create(
        title=title,
        reference=reference,
        letter_date=letter_date,
        deadline=deadline,
        grace_days=grace_days,
        meeting=meeting,
        letter_en=letters.get("en", ""),
        letter_fr=letters.get("fr", ""),
        letter_es=letters.get("es", ""),
        reminder_limit=reminder_limit,
        reminder_interval_days=reminder_interval_days,
        created_by=actor,
    )
    Signatory.objects.bulk_create(
        Signatory(request=request, participant=s.participant, name=s.name, title=s.title)
        for s in signatories
    )
    Recipient.objects.bulk_create(
        Recipient(request=request, participant=p, language=letter_language(p)) for p in recipients
    )
    return request


def letter_language(participant: Participant) -> str:
    """The language of the participant's focal points, where it is one of the letter's."""
    focal = participant.focal_points.filter(active=True).first()
    if focal and focal.language in {"en", "fr", "es"}:
        return focal.language
    return "en"


def set_status(recipient: Recipient, new: str, actor=None, note: str = "") -> None:
    """Move a recipient to a new status, checking the move and recording it."""
    old = recipient.status
    if new not in TRANSITIONS.get(old, set()):
        raise ActionError(
            _("%(participant)s: cannot go from %(old)s to %(new)s.")
            % {"participant": recipient.participant, "old": S(old).label, "new": S(new).label}
        )
    now = timezone.now()
    recipient.status = new
    recipient.last_activity_at = now
    fields = ["status", "last_activity_at"]
    if new == S.SENT and recipient.sent_at is None:
        recipient.sent_at = now
        fields.append("sent_at")
    recipient.save(update_fields=fields)
    if old != new:
        StatusChange.objects.create(
            recipient=recipient, old=old, new=new, at=now, actor=signed_in(actor), note=note
        )


def send_request(request: Request, actor=None) -> None:
    """Queue the letters to every recipient not yet sent to."""
    from humsec.outreach import tasks

    if not request.recipients.filter(status=S.NOT_SENT).exists():
        raise ActionError(_("Every recipient has already been sent the letter."))
    if request.links_expire_on < timezone.localdate():
        raise ActionError(
            _(
                "The deadline and its grace period have passed: the links would not work. "
                "Move the deadline first."
            )
        )
    transaction.on_commit(lambda: tasks.send_letters.enqueue(request.pk, actor_id(actor)))


def signed_in(actor):
    """The user to record as actor: None for someone who came in by a personal link."""
    return actor if actor is not None and actor.is_authenticated else None


def actor_id(actor) -> int | None:
    return actor.pk if signed_in(actor) else None


def remind(request: Request, actor=None) -> None:
    """Remind now every outstanding recipient that has had fewer than the request's
    limit of reminders (the interval between reminders applies to scheduled ones)."""
    from humsec.outreach import tasks

    transaction.on_commit(lambda: tasks.send_reminders.enqueue(request.pk, False))


def begin_reply(recipient: Recipient) -> None:
    """The focal point opened the reply form through the link."""
    if recipient.status == S.SENT:
        set_status(recipient, S.OPENED)
    else:
        recipient.last_activity_at = timezone.now()
        recipient.save(update_fields=["last_activity_at"])


@transaction.atomic
def revoke_links(recipient: Recipient, actor=None) -> None:
    """Every link of the recipient stops working at once; a new one can be issued."""
    links.revoke_all(recipient)
    StatusChange.objects.create(
        recipient=recipient,
        old=recipient.status,
        new=recipient.status,
        actor=signed_in(actor),
        note="links revoked",
    )


def reissue_link(recipient: Recipient, actor=None) -> None:
    """A new link for the recipient, sent by email. Earlier links keep working until
    revoked: revoke them first when one has gone astray."""
    from humsec.outreach import tasks

    if recipient.status == S.NOT_SENT:
        raise ActionError(_("The letter has not been sent yet: send the request instead."))
    with transaction.atomic():
        change = StatusChange.objects.create(
            recipient=recipient,
            old=recipient.status,
            new=recipient.status,
            actor=signed_in(actor),
            note="new link issued",
        )
        transaction.on_commit(lambda: tasks.send_new_link.enqueue(recipient.pk, change.pk))


@transaction.atomic
def record_nil_return(recipient: Recipient, actor=None) -> None:
    set_status(recipient, S.NIL_RETURN, actor, note="nil return")


@transaction.atomic
def decline(recipient: Recipient, actor=None) -> None:
    set_status(recipient, S.DECLINED, actor)


def outstanding(request: Request):
    return request.recipients.filter(status__in=OUTSTANDING).select_related("participant")


# What a restore of a reply brings back: what the participant wrote and when. The review
# decision and the submission stay as they are, because they go with the recipient's
# status and the frozen versions, which a restore does not touch.
CONTRIBUTION_KEPT = {
    "id",
    "recipient_id",
    "revision",
    "updated_at",
    "review_status",
    "review_comment",
    "submitted_at",
}


@transaction.atomic
def restore_contribution_version(
    pk: int, history_id: int, actor, revision: int | None = None, reason: str = "", request=None
) -> Contribution:
    """Bring back an earlier version of a reply's text, title, date, language and channel.
    Saved as a new version with a new revision: a draft open elsewhere is then refused
    on save rather than overwriting the restored text."""
    contribution = (
        Contribution.objects.select_for_update().select_related("recipient__participant").get(pk=pk)
    )
    if revision is not None and revision != contribution.revision:
        raise ActionError(
            _(
                "This reply was changed since you opened its history: reload the page and "
                "choose the version again."
            )
        )
    try:
        locks.refuse_if_contribution_printed(contribution)
    except locks.LockedError as error:
        raise ActionError(str(error)) from None
    record = version_of(contribution, history_id)
    changes = bring_back(contribution, record, keep=CONTRIBUTION_KEPT, actor=actor)
    contribution.revision += 1
    contribution.save()
    log(
        "contribution.restore",
        contribution,
        actor,
        changes,
        reason or contribution._change_reason,
        request,
    )
    return contribution
