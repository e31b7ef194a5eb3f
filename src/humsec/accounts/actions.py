"""Every change to accounts, invitations and two-factor sign-in, one named function each.

Each owns its transaction and writes its audit entry. Secrets (a device's first code,
backup codes, an invitation's token) are returned to the caller to show or send once, and
are never written to the audit log.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from humsec.accounts import invitations, two_factor
from humsec.accounts.models import Invitation, InvitationState
from humsec.accounts.roles import Role
from humsec.audit.log import log

logger = logging.getLogger(__name__)


class ActionError(Exception):
    """An action that cannot be done now; the message says why, for the user."""


# Two-factor sign-in ----------------------------------------------------------------------


def _new_backup_codes(user) -> list[str]:
    """Replace the user's backup codes; the old ones stop working."""
    codes = two_factor.new_backup_codes()
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=two_factor.hash_backup_code(code)) for code in codes
    )
    return codes


@transaction.atomic
def confirm_two_factor(user, key: str, code: str, request=None) -> tuple[TOTPDevice, list[str]]:
    """Make the key the user's authenticator app once a first code from it is right.
    Replaces an earlier app and earlier backup codes. Returns the device and the new
    backup codes, to be shown once."""
    match = two_factor.match_key(key, code)
    if match is None:
        raise ActionError(
            _(
                "That code does not match. Check that the app shows a code for this account, "
                "that the phone's clock is right, and type the code it shows now."
            )
        )
    replaced = TOTPDevice.objects.filter(user=user).count()
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(
        user=user,
        name="Authenticator app",
        key=key,
        confirmed=True,
        last_t=match.t,  # the first code cannot be used again to sign in
        drift=match.drift,
    )
    codes = _new_backup_codes(user)
    log(
        "two_factor.confirm",
        user,
        actor=user,
        changes={"authenticator app": ["replaced" if replaced else "none", "confirmed"]},
        request=request,
    )
    return device, codes


@transaction.atomic
def verify_code(user, code: str, request=None):
    """The device that accepts this code (the app's six digits, or a backup code, which
    is then used up), or None. Refuses while code entry is locked; a wrong code counts
    toward the lock and is audited."""
    if two_factor.locked_until(user) is not None:
        return None
    devices = list(TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True))
    devices += list(StaticDevice.objects.select_for_update().filter(user=user, confirmed=True))
    count, _last = two_factor.failures(user)
    if count >= settings.AXES_FAILURE_LIMIT:
        for device in devices:  # an earlier lock has run out: a fresh count
            device.throttle_reset()
    typed = two_factor.normalise(code)
    for device in devices:
        # Each device counts a wrong code itself (django-otp's failure counter); the lock
        # reads the highest count, so one wrong code counts once.
        if isinstance(device, TOTPDevice):
            accepted = device.verify_token(typed)
        else:
            accepted = device.verify_token(two_factor.hash_backup_code(typed))
        if accepted:
            for other in devices:
                if other is not device and other.throttling_failure_count:
                    other.throttle_reset()
            if isinstance(device, StaticDevice):
                log(
                    "two_factor.backup_code_used",
                    user,
                    actor=user,
                    changes={"backup codes left": [None, device.token_set.count()]},
                    request=request,
                )
            return device
    count, _last = two_factor.failures(user)
    log(
        "two_factor.verify_failed",
        user,
        actor=user,
        changes={"wrong codes in a row": [count - 1, count]},
        reason="locked" if count >= settings.AXES_FAILURE_LIMIT else "",
        request=request,
    )
    return None


@transaction.atomic
def renew_backup_codes(user, request=None) -> list[str]:
    if not two_factor.has_device(user):
        raise ActionError(_("Set up an authenticator app first; backup codes come with it."))
    codes = _new_backup_codes(user)
    log("two_factor.backup_codes", user, actor=user, request=request)
    return codes


@transaction.atomic
def reset_two_factor(user, actor=None, reason: str = "", request=None) -> int:
    """Remove a user's authenticator app and backup codes, for a lost phone. The user sets
    up a new app at the next sign-in (the secretariat and co-chairs must). Returns how
    many devices were removed."""
    removed = TOTPDevice.objects.filter(user=user).count()
    removed += StaticDevice.objects.filter(user=user).count()
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    log(
        "two_factor.reset",
        user,
        actor=actor,
        changes={"devices": [removed, 0]},
        reason=reason,
        request=request,
    )
    return removed


# Invitations --------------------------------------------------------------------------------


def _expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=settings.HUMSEC_INVITATION_DAYS)


def account_for(email: str):
    """The account an invitation to this address makes or brings back: its user name is
    the address."""
    users = get_user_model().objects
    return users.filter(username__iexact=email).first() or users.filter(email__iexact=email).first()


def check_invitable(email: str) -> None:
    account = account_for(email)
    if account is not None and account.is_active and account.has_usable_password():
        raise ActionError(
            _(
                "%(email)s already has an account (user name %(username)s): "
                "give it the role in the administration instead."
            )
            % {"email": email, "username": account.get_username()}
        )
    waiting = [i for i in Invitation.objects.filter(email__iexact=email) if i.is_usable()]
    if waiting:
        raise ActionError(
            _("An invitation to %(email)s is already waiting: resend it from the list instead.")
            % {"email": email}
        )


@transaction.atomic
def invite(
    *,
    email: str,
    name: str,
    role: str,
    participant=None,
    language: str = "en",
    actor=None,
    request=None,
) -> Invitation:
    """Invite a person, and send the email with the link. Nothing is kept if the email
    cannot be sent."""
    email = email.strip()
    Role(role)  # a role that exists
    if role == Role.FOCAL_POINT and participant is None:
        raise ActionError(_("A focal point answers for a participant: choose which."))
    check_invitable(email)
    token = invitations.new_token()
    invitation = Invitation.objects.create(
        email=email,
        name=name.strip(),
        role=role,
        participant=participant if role == Role.FOCAL_POINT else None,
        language=language,
        token_hash=invitations.hash_token(token),
        invited_by=actor,
        expires_at=_expiry(),
        sent_at=timezone.now(),
    )
    log(
        "invitation.create",
        invitation,
        actor=actor,
        changes={
            "email": [None, invitation.email],
            "role": [None, role],
            "participant": [None, str(invitation.participant or "") or None],
        },
        request=request,
    )
    _send(invitation, token)
    return invitation


def _send(invitation: Invitation, token: str) -> None:
    """Send inside the action's transaction: if the email cannot go, nothing is kept."""
    try:
        invitations.send(invitation, token)
    except Exception as error:
        logger.exception("invitation email to %s not sent", invitation.email)
        raise ActionError(
            _(
                "The email to %(email)s could not be sent (%(error)s): nothing was changed. "
                "Try again later, or check the email settings."
            )
            % {"email": invitation.email, "error": error.__class__.__name__}
        ) from error


def _locked_invitation(pk: int) -> Invitation:
    return Invitation.objects.select_for_update().get(pk=pk)


@transaction.atomic
def resend_invitation(pk: int, actor=None, request=None) -> Invitation:
    """A new link, working for the full period again; the earlier link stops working."""
    invitation = _locked_invitation(pk)
    state = invitation.state()
    if state in {InvitationState.ACCEPTED, InvitationState.REVOKED}:
        raise ActionError(
            _("The invitation to %(email)s was %(state)s: it cannot be resent.")
            % {"email": invitation.email, "state": state.label}
        )
    token = invitations.new_token()
    before = invitation.expires_at
    invitation.token_hash = invitations.hash_token(token)
    invitation.expires_at = _expiry()
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["token_hash", "expires_at", "sent_at"])
    log(
        "invitation.resend",
        invitation,
        actor=actor,
        changes={"expires": [before.isoformat(), invitation.expires_at.isoformat()]},
        request=request,
    )
    _send(invitation, token)
    return invitation


@transaction.atomic
def revoke_invitation(pk: int, actor=None, reason: str = "", request=None) -> Invitation:
    invitation = _locked_invitation(pk)
    if invitation.state() == InvitationState.ACCEPTED:
        raise ActionError(
            _(
                "The invitation to %(email)s was already accepted: "
                "make the account inactive in the administration instead."
            )
            % {"email": invitation.email}
        )
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        log(
            "invitation.revoke",
            invitation,
            actor=actor,
            changes={"state": ["pending", "revoked"]},
            reason=reason,
            request=request,
        )
    return invitation


@transaction.atomic
def accept_invitation(token: str, password: str, request=None):
    """Create (or bring back) the invited person's account with the password they chose
    and the role they were invited to. Returns the account."""
    from humsec.roster.models import FocalPoint

    found = invitations.find(token)
    invitation = _locked_invitation(found.pk) if found is not None else None
    if invitation is None or not invitation.is_usable():
        raise ActionError(_("This invitation link does not work."))
    users = get_user_model().objects
    user = account_for(invitation.email)
    if user is None:
        user = users.create_user(username=invitation.email.lower(), email=invitation.email)
    user.email = invitation.email
    if not user.first_name and not user.last_name:
        user.first_name = invitation.name[:150]
    user.is_active = True
    if invitation.role == Role.SECRETARIAT:
        user.is_staff = True  # the secretariat keeps the records in the administration
    user.set_password(password)
    user.save()
    if invitation.role == Role.FOCAL_POINT:
        focal_point, _created = FocalPoint.objects.get_or_create(
            participant=invitation.participant,
            email=invitation.email,
            defaults={"name": invitation.name, "language": invitation.language},
        )
        focal_point.user = user
        focal_point.active = True
        focal_point.save(update_fields=["user", "active"])
    else:
        user.groups.add(Group.objects.get(name=invitation.role))
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    log(
        "invitation.accept",
        invitation,
        actor=user,
        changes={"account": [None, user.get_username()], "role": [None, invitation.role]},
        request=request,
    )
    return user
