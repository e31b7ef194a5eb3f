"""The secretariat's pages for requests: create, send, follow, remind, act."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from humsec.accounts import access
from humsec.outreach import actions, replies
from humsec.outreach.forms import RecipientFilterForm, RequestForm, SignatoryFormSet
from humsec.outreach.models import OUTSTANDING, Recipient
from humsec.spreadsheets import safe_cell

ACTIONS = {
    "revoke": actions.revoke_links,
    "new-link": actions.reissue_link,
    "nil-return": actions.record_nil_return,
    "decline": actions.decline,
    "reopen": replies.reopen_contribution,
}


def _manager(request):
    if not access.can_manage_requests(request.user):
        raise Http404


@login_required
def request_list(request):
    if not access.can_read_requests(request.user):
        raise Http404
    requests = access.requests(request.user).annotate(
        total=Count("recipients"),
        answered=Count(
            "recipients",
            filter=Q(recipients__status__in=["submitted", "nil_return", "declined"]),
        ),
    )
    return render(request, "outreach/request_list.html", {"requests": requests})


def _co_chairs(meeting) -> list[dict]:
    if meeting is None:
        return []
    return [
        {"participant": c.participant_id, "name": c.name, "title": c.title}
        for c in meeting.co_chairs.all()
    ]


@login_required
def request_create(request):
    _manager(request)
    from humsec.meetings.models import Meeting

    # The latest meeting whose attendance is known: its participants are the usual recipients.
    meeting = Meeting.objects.filter(attendance__isnull=False).order_by("-date").first()
    form = RequestForm(request.POST or None, initial={"meeting": meeting})
    signatories = SignatoryFormSet(
        request.POST or None, prefix="signatory", initial=_co_chairs(meeting)
    )
    if request.method == "POST" and form.is_valid() and signatories.is_valid():
        data = form.cleaned_data
        recipients = {
            "meeting": lambda: actions.recipients_from(
                f"meeting:{data['meeting'].number}", data["letter_date"]
            ),
            "members": lambda: actions.recipients_from("members", data["letter_date"]),
            "list": lambda: list(data["chosen"]),
        }[data["recipients"]]()
        try:
            created = actions.create_request(
                title=data["title"],
                reference=data["reference"],
                letter_date=data["letter_date"],
                deadline=data["deadline"],
                grace_days=data["grace_days"],
                meeting=data["meeting"],
                signatories=[actions.SignatoryData(**f.cleaned_data) for f in signatories],
                recipients=recipients,
                letters={lang: data[f"letter_{lang}"] for lang in ("en", "fr", "es")},
                reminder_limit=data["reminder_limit"],
                reminder_interval_days=data["reminder_interval_days"],
                actor=request.user,
            )
        except actions.ActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The request was created. Check it, then send it."))
            return redirect("request-detail", created.pk)
    return render(request, "outreach/request_form.html", {"form": form, "signatories": signatories})


def _recipients(req, filters: dict):
    recipients = (
        req.recipients.select_related("participant", "contribution")
        .annotate(
            reminder_count=Count("reminders", distinct=True),
            focal_points=Count(
                "participant__focal_points",
                filter=Q(participant__focal_points__active=True),
                distinct=True,
            ),
        )
        .order_by("participant__short_name")
    )
    status = filters.get("status")
    if status == "outstanding":
        recipients = recipients.filter(status__in=OUTSTANDING)
    elif status:
        recipients = recipients.filter(status=status)
    if filters.get("q"):
        recipients = recipients.filter(participant__short_name__icontains=filters["q"])
    return recipients


@login_required
def request_detail(request, pk):
    req = access.get_or_404(
        access.requests(request.user).prefetch_related("signatories__participant"), pk=pk
    )
    form = RecipientFilterForm(request.GET)
    recipients = _recipients(req, form.filters())
    if request.GET.get("format") == "csv":
        return _csv(req, recipients)
    counts = dict(req.recipients.values_list("status").annotate(n=Count("pk")))
    return render(
        request,
        "outreach/request_detail.html",
        {
            "req": req,
            "form": form,
            "recipients": recipients,
            "counts": counts,
            "can_manage": access.can_manage_requests(request.user),
        },
    )


def _csv(req, recipients) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="request-{req.pk}-recipients.csv"'
    writer = csv.writer(response)
    writer.writerow(["participant", "code", "status", "sent", "last activity", "reminders"])
    for r in recipients:
        row = [
            r.participant.short_name,
            r.participant.code,
            r.get_status_display(),
            r.sent_at.isoformat() if r.sent_at else "",
            r.last_activity_at.isoformat() if r.last_activity_at else "",
            r.reminder_count,
        ]
        writer.writerow([safe_cell(cell) for cell in row])
    return response


@login_required
@require_POST
def request_send(request, pk):
    _manager(request)
    req = access.get_or_404(access.requests(request.user), pk=pk)
    try:
        actions.send_request(req, request.user)
    except actions.ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The letters are being sent."))
    return redirect("request-detail", pk)


@login_required
@require_POST
def request_remind(request, pk):
    _manager(request)
    req = access.get_or_404(access.requests(request.user), pk=pk)
    actions.remind(req, request.user)
    messages.success(request, _("Reminders are being sent to the recipients still outstanding."))
    return redirect("request-detail", pk)


@login_required
@require_POST
def recipient_action(request, pk, recipient_id, action):
    _manager(request)
    if action not in ACTIONS:
        raise Http404
    recipient = access.get_or_404(
        Recipient.objects.filter(request__in=access.requests(request.user)).select_related(
            "participant", "request"
        ),
        pk=recipient_id,
        request_id=pk,
    )
    try:
        ACTIONS[action](recipient, request.user)
    except actions.ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("%(participant)s: done.") % {"participant": recipient.participant}
        )
    return redirect("request-detail", pk)
