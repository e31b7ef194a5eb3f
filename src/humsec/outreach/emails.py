"""Emails, one small function per kind. Each kind is a template triplet in
templates/outreach/emails/<kind>/ (subject.txt, body.txt, body.html), rendered in the
recipient's language. Every email is sent at most once, by its key (see SentEmail)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from humsec.outreach.models import SentEmail


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def send_once(
    key: str,
    kind: str,
    to: list[str],
    context: dict,
    language: str = "en",
    attachments: list[Attachment] = (),
    cc: list[str] = (),
) -> bool:
    """Send one email of a kind unless one with the same key already went. True if sent."""
    if not to:
        return False
    with translation.override(language):
        subject = " ".join(render_to_string(f"outreach/emails/{kind}/subject.txt", context).split())
        text = render_to_string(f"outreach/emails/{kind}/body.txt", context)
        html = render_to_string(f"outreach/emails/{kind}/body.html", context)
    try:
        with transaction.atomic():
            record = SentEmail.objects.create(key=key, to=", ".join(to), subject=subject[:300])
    except IntegrityError:
        return False
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, to, cc=list(cc), reply_to=reply_to()
    )
    message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(attachment.filename, attachment.content, attachment.mimetype)
    try:
        message.send()
    except Exception:
        record.delete()  # nothing left: a retry may send it
        raise
    record.sent_at = timezone.now()
    record.save(update_fields=["sent_at"])
    return True


def reply_to() -> list[str]:
    return [settings.HUMSEC_REPLY_TO] if settings.HUMSEC_REPLY_TO else []
