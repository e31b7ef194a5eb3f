"""Version history of participants, initiatives and replies, with "Restore this version".

Who sees a history follows the access helper (accounts/access.py); the restores are the
named actions of each app, which write the audit log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from humsec.accounts import access
from humsec.audit.log import entries_for
from humsec.audit.versions import RestoreError, versions
from humsec.outreach import actions as outreach
from humsec.roster import actions as roster


def _page(request, obj, *, title: str, back: str, restore, can_restore: bool, revision=None):
    return render(
        request,
        "audit/history.html",
        {
            "object": obj,
            "title": title,
            "back": back,
            "versions": [(v, restore(v.history_id)) for v in versions(obj)],
            "can_restore": can_restore,
            "revision": revision,
            # The decisions' reasons are the reviewers' own words: not for focal points.
            "audit": entries_for(obj)[:50] if access.can_read_audit(request.user) else None,
        },
    )


def _revision(request) -> int | None:
    value = request.POST.get("revision", "")
    return int(value) if value.isdigit() else None


# Participants ------------------------------------------------------------------------------


def _participant(request, code):
    return access.get_or_404(access.participant_history(request.user), code=code)


@login_required
def participant_history(request, code):
    participant = _participant(request, code)
    return _page(
        request,
        participant,
        title=participant.display_name,
        back=reverse("participant-detail", args=[participant.code]),
        restore=lambda history_id: reverse("participant-restore", args=[code, history_id]),
        can_restore=access.can_restore(request.user),
    )


@login_required
@require_POST
def participant_restore(request, code, history_id):
    participant = _participant(request, code)
    if not access.can_restore(request.user):
        raise Http404
    try:
        roster.restore_participant_version(
            participant.pk, history_id, request.user, request.POST.get("reason", ""), request
        )
    except RestoreError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The earlier version is restored."))
    return redirect("participant-history", code)


# Initiatives: restored by the review's own action (reviewers and the secretariat) --------


@login_required
def initiative_history(request, pk):
    initiative = access.get_or_404(access.initiative_history(request.user), pk=pk)
    return _page(
        request,
        initiative,
        title=initiative.title,
        back=reverse("review-initiative", args=[pk])
        if access.can_read_audit(request.user)
        else reverse("initiative-detail", args=[pk]),
        restore=lambda history_id: reverse("review-restore", args=[pk, history_id]),
        can_restore=access.can_review(request.user),
        revision=initiative.revision,
    )


# Replies -----------------------------------------------------------------------------------


def _contribution(request, pk):
    return access.get_or_404(
        access.contribution_history(request.user).select_related(
            "recipient__participant", "recipient__request"
        ),
        pk=pk,
    )


@login_required
def contribution_history(request, pk):
    contribution = _contribution(request, pk)
    recipient = contribution.recipient
    return _page(
        request,
        contribution,
        title=contribution.title or recipient.participant.display_name,
        back=reverse("review-reply", args=[pk])
        if access.can_read_audit(request.user)
        else reverse("reply", args=[recipient.pk]),
        restore=lambda history_id: reverse("contribution-restore", args=[pk, history_id]),
        can_restore=access.can_restore(request.user),
        revision=contribution.revision,
    )


@login_required
@require_POST
def contribution_restore(request, pk, history_id):
    _contribution(request, pk)
    if not access.can_restore(request.user):
        raise Http404
    try:
        outreach.restore_contribution_version(
            pk,
            history_id,
            request.user,
            _revision(request),
            request.POST.get("reason", ""),
            request,
        )
    except (RestoreError, outreach.ActionError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The earlier version is restored."))
    return redirect("contribution-history", pk)
