"""Pages for signing in with a second factor, for invitations, and the password reset.
Thin: the decisions are in actions.py, who may see what in access.py."""

from __future__ import annotations

from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from humsec.accounts import access, actions, invitations, two_factor
from humsec.accounts.forms import AcceptForm, CodeForm, InvitationForm, ResetForm, SetupForm
from humsec.accounts.models import InvitationState
from humsec.accounts.roles import Role

SETUP_KEY = "humsec_two_factor_setup"  # session: the key being set up, until confirmed
SHOW_CODES = "humsec_two_factor_codes"  # session: new backup codes, until shown once


def _next(request) -> str:
    """Where to go once the code is given: `next` if it is on this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


# Two-factor sign-in -----------------------------------------------------------------------


@login_required
def two_factor_home(request):
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return render(
        request,
        "accounts/two_factor.html",
        {
            "device": device,
            "required": two_factor.required_for(user),
            "codes_left": two_factor.backup_codes_left(user) if device else 0,
        },
    )


@login_required
def two_factor_verify(request):
    user = request.user
    next_url = _next(request)
    if user.is_verified():
        return redirect(next_url)
    if not two_factor.has_device(user):
        if two_factor.required_for(user):
            return redirect(f"{reverse('two-factor-setup')}?{urlencode({'next': next_url})}")
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    locked = two_factor.locked_until(user)
    if request.method == "POST" and form.is_valid() and locked is None:
        device = actions.verify_code(user, form.cleaned_data["code"], request=request)
        if device is not None:
            django_otp.login(request, device)
            return redirect(next_url)
        locked = two_factor.locked_until(user)
        if locked is None:
            form.add_error(
                "code",
                _(
                    "That code is not right, or was used already. Type the code your app "
                    "shows now (it changes every 30 seconds), or a backup code."
                ),
            )
    minutes = None
    if locked is not None:
        minutes = max(1, round((locked - timezone.now()).total_seconds() / 60))
    response = render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": next_url, "locked_until": locked, "minutes": minutes},
        status=429 if locked is not None else 200,
    )
    if locked is not None:
        response["Retry-After"] = str(max(1, int((locked - timezone.now()).total_seconds())))
    return response


@login_required
def two_factor_setup(request):
    """Set up an authenticator app: the key waits in the session (a GET writes nothing to
    the database) until a first code from the app confirms it."""
    user = request.user
    key = request.session.get(SETUP_KEY)
    if not key:
        key = request.session[SETUP_KEY] = two_factor.new_key()
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = actions.confirm_two_factor(
                user, key, form.cleaned_data["code"], request=request
            )
        except actions.ActionError as error:
            form.add_error("code", str(error))
        else:
            del request.session[SETUP_KEY]
            django_otp.login(request, device)
            request.session[SHOW_CODES] = codes
            messages.success(request, _("Two-factor sign-in is on."))
            target = reverse("two-factor-backup-codes")
            return redirect(f"{target}?{urlencode({'next': _next(request)})}")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_code": two_factor.qr_code(two_factor.config_url(user, key)),
            "secret": two_factor.key_for_people(key),
            "required": two_factor.required_for(user),
            "replacing": two_factor.has_device(user),
            "next": _next(request),
        },
    )


@login_required
def two_factor_backup_codes(request):
    """GET shows new backup codes once; POST makes new ones (the old ones stop working)."""
    if request.method == "POST":
        try:
            request.session[SHOW_CODES] = actions.renew_backup_codes(request.user, request)
        except actions.ActionError as error:
            messages.error(request, str(error))
            return redirect("two-factor")
        return redirect("two-factor-backup-codes")
    codes = request.session.pop(SHOW_CODES, None)
    return render(
        request,
        "accounts/two_factor_backup_codes.html",
        {"codes": codes, "next": _next(request), "has_device": two_factor.has_device(request.user)},
    )


# People and invitations -------------------------------------------------------------------


def _secretariat(request) -> None:
    if not access.can_manage_people(request.user):
        raise Http404


def _roles(user) -> tuple[set[Role], list[str]]:
    """A listed account's roles, from what the list prefetched, and how to show them."""
    names = {group.name for group in user.groups.all()}
    roles = {role for role in (Role.SECRETARIAT, Role.CO_CHAIR, Role.REVIEWER) if role in names}
    if user.is_superuser:
        roles.add(Role.SECRETARIAT)
    labels = [role.label for role in Role if role in roles]
    focal = [str(fp.participant) for fp in user.focal_points.all() if fp.active]
    if focal:
        labels.append(_("focal point of %(participants)s") % {"participants": ", ".join(focal)})
    return roles, labels


@login_required
def people(request):
    _secretariat(request)
    from humsec.roster.models import FocalPoint

    users = (
        access.people(request.user)
        .filter(is_active=True)
        .order_by("username")
        .prefetch_related(
            "groups",
            Prefetch("focal_points", queryset=FocalPoint.objects.select_related("participant")),
        )
    )
    with_app = set(TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
    rows = []
    for user in users:
        roles, labels = _roles(user)
        rows.append(
            {
                "user": user,
                "roles": labels,
                "two_factor": user.pk in with_app,
                "required": bool(roles & two_factor.REQUIRED_FOR),
            }
        )
    now = timezone.now()
    pending = [
        i
        for i in access.invitations(request.user).select_related("participant", "invited_by")
        if i.state(now) in {InvitationState.PENDING, InvitationState.EXPIRED}
    ]
    return render(request, "accounts/people.html", {"rows": rows, "invitations": pending})


@login_required
@require_POST
def two_factor_reset(request, pk):
    _secretariat(request)
    person = access.get_or_404(access.people(request.user), pk=pk)
    actions.reset_two_factor(
        person, actor=request.user, reason=request.POST.get("reason", ""), request=request
    )
    messages.success(
        request,
        _("Two-factor sign-in of %(name)s was reset: they set up an app at their next sign-in.")
        % {"name": person.get_username()},
    )
    return redirect("people")


@login_required
def invitation_create(request):
    _secretariat(request)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = actions.invite(
                email=data["email"],
                name=data["name"],
                role=data["role"],
                participant=data["participant"],
                language=data["language"],
                actor=request.user,
                request=request,
            )
        except actions.ActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(name)s was invited; the link works for %(days)d days.")
                % {"name": invitation.email, "days": settings.HUMSEC_INVITATION_DAYS},
            )
            return redirect("people")
    return render(
        request,
        "accounts/invitation_form.html",
        {"form": form, "invitation_days": settings.HUMSEC_INVITATION_DAYS},
    )


@login_required
@require_POST
def invitation_resend(request, pk):
    _secretariat(request)
    invitation = access.get_or_404(access.invitations(request.user), pk=pk)
    try:
        actions.resend_invitation(invitation.pk, actor=request.user, request=request)
    except actions.ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("A new link went to %(email)s; the earlier one no longer works.")
            % {"email": invitation.email},
        )
    return redirect("people")


@login_required
@require_POST
def invitation_revoke(request, pk):
    _secretariat(request)
    invitation = access.get_or_404(access.invitations(request.user), pk=pk)
    try:
        actions.revoke_invitation(
            invitation.pk,
            actor=request.user,
            reason=request.POST.get("reason", ""),
            request=request,
        )
    except actions.ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The invitation to %(email)s was revoked; its link no longer works.")
            % {"email": invitation.email},
        )
    return redirect("people")


def invitation_accept(request, token):
    """Public: the link in the email. A GET shows the form and changes nothing; the POST
    makes the account. A used, expired, revoked or wrong link gets one plain page."""
    invitation = invitations.find(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = AcceptForm(invitation, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.accept_invitation(
                token, form.cleaned_data["new_password1"], request=request
            )
        except actions.ActionError:
            return render(request, "accounts/invitation_invalid.html", status=404)
        # Signed in at once, as whoever opened the link: a role that needs a second
        # factor is taken straight to setting it up (TwoFactorMiddleware).
        auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Your account is ready and you are signed in. Your user name is %(username)s.")
            % {"username": user.get_username()},
        )
        return redirect("home")
    return render(
        request,
        "accounts/invitation_accept.html",
        {"form": form, "invitation": invitation, "username": invitation.email.lower()},
    )


# Password reset ---------------------------------------------------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    """Django's view with humsec's form: the same answer whether or not the address has
    an account."""

    form_class = ResetForm
