"""Background work: letters, reminders, digests. Tasks take ids, not objects, and can
run again after a crash without sending an email twice (emails go by key)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from humsec.accounts.roles import Role
from humsec.dates import un_date
from humsec.outreach import compose, emails, letters, links
from humsec.outreach.models import (
    OUTSTANDING,
    Recipient,
    RecipientStatus,
    Reminder,
    Request,
    SentEmail,
)


def focal_point_emails(recipient: Recipient) -> list[str]:
    return sorted(
        recipient.participant.focal_points.filter(active=True).values_list("email", flat=True)
    )


def letter_files(recipient: Recipient, link: str) -> list[emails.Attachment]:
    data = compose.letter_data(recipient, link)
    stem = f"letter-{recipient.request_id}-{recipient.participant.code}-{recipient.language}"
    return [
        emails.Attachment(f"{stem}.docx", letters.render_docx(data), emails.DOCX),
        emails.Attachment(f"{stem}.pdf", letters.render_pdf(data), emails.PDF),
    ]


def email_context(recipient: Recipient, link: str | None = None) -> dict:
    request, language = recipient.request, recipient.language
    return {
        "request": request,
        "recipient": recipient,
        "name": compose.name_of(recipient.participant, request, language).running,
        "deadline": un_date(request.deadline, language),
        "expires": un_date(request.links_expire_on, language),
        "link": link,
    }


def send_letter(recipient: Recipient, actor=None) -> bool:
    """The letter to one recipient, with its personal link. False if it has no focal
    point to write to (the secretariat then delivers the letter itself)."""
    from humsec.outreach.actions import set_status

    to = focal_point_emails(recipient)
    if not to:
        return False
    key = f"letter:{recipient.pk}"
    if not SentEmail.objects.filter(key=key).exists():
        token = links.issue(recipient)
        link = links.url(token)
        emails.send_once(
            key,
            "letter",
            to,
            email_context(recipient, link),
            recipient.language,
            letter_files(recipient, link),
        )
    with transaction.atomic():
        set_status(recipient, RecipientStatus.SENT, actor)
    return True


@task()
def send_letters(request_id: int, actor_id: int | None = None) -> dict:
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    recipients = (
        Recipient.objects.filter(request_id=request_id, status=RecipientStatus.NOT_SENT)
        .select_related("request", "participant")
        .prefetch_related("participant__names", "request__signatories__participant__names")
    )
    sent = skipped = 0
    for recipient in recipients:
        if send_letter(recipient, actor):
            sent += 1
        else:
            skipped += 1
    return {"sent": sent, "without_focal_point": skipped}


def reminder_is_due(recipient: Recipient, now, scheduled: bool) -> bool:
    request = recipient.request
    count = recipient.reminders.count()
    if count >= request.reminder_limit or not recipient.links.exists():
        return False
    if timezone.localdate(now) > request.links_expire_on:
        return False
    if not scheduled:
        return True
    last = max([recipient.sent_at, *(r.sent_at for r in recipient.reminders.all())])
    return (now - last).days >= request.reminder_interval_days


@task()
def send_reminders(request_id: int, scheduled: bool = True) -> dict:
    """Remind the outstanding recipients: at most the request's limit each and, when
    scheduled, at least its interval apart. Then tell the co-chairs who is outstanding."""
    now = timezone.now()
    request = Request.objects.get(pk=request_id)
    reminded = []
    recipients = request.recipients.filter(status__in=OUTSTANDING).select_related(
        "request", "participant"
    )
    for recipient in recipients:
        if not reminder_is_due(recipient, now, scheduled):
            continue
        to = focal_point_emails(recipient)
        if not to:
            continue
        number = recipient.reminders.count() + 1
        key = f"reminder:{recipient.pk}:{number}"
        # After a crash between the email and its record, the key says it went.
        if not SentEmail.objects.filter(key=key).exists():
            link = links.url(links.issue(recipient))
            context = {**email_context(recipient, link), "number": number}
            emails.send_once(key, "reminder", to, context, recipient.language)
        Reminder.objects.create(recipient=recipient, sent_at=now)
        reminded.append(recipient)
    send_digest(request)
    return {"reminded": len(reminded)}


def co_chair_emails() -> list[str]:
    users = get_user_model().objects.filter(groups__name=Role.CO_CHAIR.value, is_active=True)
    return sorted({user.email for user in users if user.email})


def send_digest(request: Request) -> bool:
    """Who is still outstanding, to the co-chairs: at most one digest a day per request."""
    outstanding = list(
        request.recipients.filter(status__in=OUTSTANDING)
        .select_related("participant")
        .prefetch_related("reminders")
    )
    key = f"digest:{request.pk}:{timezone.localdate().isoformat()}"
    context = {
        "request": request,
        "outstanding": outstanding,
        "answered": request.recipients.exclude(status__in=OUTSTANDING)
        .exclude(status=RecipientStatus.NOT_SENT)
        .count(),
        "total": request.recipients.count(),
        "deadline": un_date(request.deadline),
    }
    return emails.send_once(key, "digest", co_chair_emails(), context, "en")


@task()
def send_new_link(recipient_id: int, change_id: int) -> bool:
    """A fresh link by email, after the secretariat issued one (the change records it)."""
    recipient = Recipient.objects.select_related("request", "participant").get(pk=recipient_id)
    key = f"new-link:{change_id}"
    if SentEmail.objects.filter(key=key).exists():
        return False
    link = links.url(links.issue(recipient))
    context = email_context(recipient, link)
    return emails.send_once(
        key, "new_link", focal_point_emails(recipient), context, recipient.language
    )


@task()
def send_due_reminders() -> dict:
    """For a timer (systemd, cron): the scheduled reminders of every open request."""
    today = timezone.localdate()
    total = 0
    for request in Request.objects.filter(recipients__status__in=OUTSTANDING).distinct():
        if request.links_expire_on >= today:
            total += send_reminders.call(request.pk, True)["reminded"]
    return {"reminded": total}


@task()
def send_receipt(version_id: int) -> bool:
    """The receipt of a submitted reply, with a copy of what was submitted."""
    from humsec.outreach.models import ContributionVersion
    from humsec.outreach.replies import reply_summary

    version = ContributionVersion.objects.select_related(
        "contribution__recipient__request", "contribution__recipient__participant"
    ).get(pk=version_id)
    contribution = version.contribution
    recipient = contribution.recipient
    to = focal_point_emails(recipient)
    if contribution.receipt_email and contribution.receipt_email not in to:
        to.append(contribution.receipt_email)
    return emails.send_once(
        f"receipt:{version.pk}", "receipt", to, reply_summary(version), recipient.language
    )
