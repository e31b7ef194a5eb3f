"""Accounts keep Django's user model; roles are the groups named in roles.py.

Invitations bring people in: the secretariat invites an address with a role, and the
person chooses a password through a one-time link. Two-factor devices are django-otp's
(TOTP and static backup codes); see two_factor.py.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from humsec.accounts.roles import ROLE_LABELS, Role

INVITABLE_ROLES = [
    (role.value, ROLE_LABELS[role])
    for role in (Role.SECRETARIAT, Role.CO_CHAIR, Role.REVIEWER, Role.FOCAL_POINT)
]


class InvitationState(models.TextChoices):
    PENDING = "pending", _("waiting")
    ACCEPTED = "accepted", _("accepted")
    EXPIRED = "expired", _("expired")
    REVOKED = "revoked", _("revoked")


class Invitation(models.Model):
    """An invitation to one address, for one role. Only the SHA-256 of its link's token is
    kept; resending issues a new token, so that only the latest link works."""

    email = models.EmailField(_("email"))
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=INVITABLE_ROLES)
    participant = models.ForeignKey(
        "roster.Participant",
        verbose_name=_("participant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For a focal point: the participant it answers for."),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.name} <{self.email}> ({self.role})"

    def state(self, now: dt.datetime | None = None) -> InvitationState:
        if self.accepted_at is not None:
            return InvitationState.ACCEPTED
        if self.revoked_at is not None:
            return InvitationState.REVOKED
        if (now or timezone.now()) >= self.expires_at:
            return InvitationState.EXPIRED
        return InvitationState.PENDING

    def is_usable(self, now: dt.datetime | None = None) -> bool:
        return self.state(now) == InvitationState.PENDING

    @property
    def state_label(self) -> str:
        return str(self.state().label)

    @property
    def role_label(self) -> str:
        return Role(self.role).label
