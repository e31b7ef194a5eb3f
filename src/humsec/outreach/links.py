"""Personal links: long and random, scoped to one recipient, stored only as a hash.

Links work until the request's deadline plus its grace period, unless revoked. Looking
a link up never changes anything: a GET is safe, as mail scanners open links.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from humsec.outreach.models import PersonalLink, Recipient

TOKEN_BYTES = 32  # 256 bits of randomness


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(recipient: Recipient) -> str:
    """A new link for the recipient. Returns its token, which is kept nowhere: it goes
    into one email and is gone."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    PersonalLink.objects.create(recipient=recipient, token_hash=hash_token(token))
    return token


def revoke_all(recipient: Recipient) -> int:
    return recipient.links.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def url(token: str) -> str:
    return settings.HUMSEC_BASE_URL.rstrip("/") + reverse("reply-link", args=[token])


def find(token: str) -> PersonalLink | None:
    """The link with this token if it is still usable; None for a wrong, expired or
    revoked one (the page says the same for all three)."""
    if not token or len(token) > 100:
        return None
    link = (
        PersonalLink.objects.select_related("recipient__request", "recipient__participant")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if link is None or not link.is_usable():
        return None
    return link
