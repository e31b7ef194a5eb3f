"""Invitation links: long and random, stored only as a hash, expiring, revocable; the
email that carries one. Looking a link up never changes anything (mail scanners open
links): choosing the password, a POST, does."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from humsec.accounts.models import Invitation
from humsec.dates import un_date

TOKEN_BYTES = 32  # 256 bits of randomness


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def url(token: str) -> str:
    return settings.HUMSEC_BASE_URL.rstrip("/") + reverse("invitation-accept", args=[token])


def find(token: str) -> Invitation | None:
    """The invitation with this token if it can still be accepted; None for a wrong,
    used, expired or revoked one (the page says the same for all four)."""
    if not token or len(token) > 100:
        return None
    invitation = (
        Invitation.objects.select_related("participant")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None or not invitation.is_usable():
        return None
    return invitation


def send(invitation: Invitation, token: str) -> None:
    """The invitation email, a template triplet in the invitee's language. The token goes
    into this one email and is kept nowhere."""
    language = invitation.language
    with translation.override(language):
        context = {
            "invitation": invitation,
            "group_name": settings.HUMSEC_GROUP_NAME,
            "link": url(token),
            "role": invitation.role_label,
            "participant": invitation.participant.short_name if invitation.participant else "",
            "expires": un_date(timezone.localtime(invitation.expires_at).date(), language),
            "username": invitation.email.lower(),
        }
        folder = "accounts/emails/invitation"
        subject = " ".join(render_to_string(f"{folder}/subject.txt", context).split())
        text = render_to_string(f"{folder}/body.txt", context)
        html = render_to_string(f"{folder}/body.html", context)
    reply_to = [settings.HUMSEC_REPLY_TO] if settings.HUMSEC_REPLY_TO else []
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [invitation.email], reply_to=reply_to
    )
    message.attach_alternative(html, "text/html")
    message.send()
