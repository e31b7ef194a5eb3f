"""The reply pages: reached through a personal link (focal points, no account needed),
by a focal point's account, or by the secretariat entering a reply on someone's behalf.

A GET only shows; every change is a POST, because mail scanners open links.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from humsec.accounts import access
from humsec.initiatives.models import Initiative
from humsec.outreach import actions, links, replies
from humsec.outreach.forms import (
    AttachmentForm,
    InitiativeForm,
    InitiativesUploadForm,
    ReplyForm,
    SecretariatReplyForm,
    UploadForm,
)
from humsec.outreach.imports.template import initiatives_template
from humsec.outreach.models import Upload


def reply_link(request, token):
    """The link in the email. GET shows what it is for; the POST opens the reply."""
    link = links.find(token)
    if link is None:
        return render(request, "outreach/link_invalid.html", status=404)
    recipient = link.recipient
    if request.method == "POST":
        access.grant_reply(request.session, link)
        actions.begin_reply(recipient)
        return redirect("reply", recipient.pk)
    return render(request, "outreach/link_landing.html", {"recipient": recipient})


def _form_class(request):
    return SecretariatReplyForm if access.can_manage_requests(request.user) else ReplyForm


def _page(request, recipient, form=None, status=200, **extra):
    contribution = replies.shown_contribution(recipient)
    form = form or _form_class(request)(
        instance=contribution, initial={"revision": contribution.revision}
    )
    uploads = recipient.uploads.filter(removed=False).order_by("-uploaded_at")
    context = {
        "recipient": recipient,
        "contribution": contribution,
        "form": form,
        "editable": recipient.status in replies.EDITABLE
        or (recipient.status == "not_sent" and access.can_manage_requests(request.user)),
        "initiatives": replies.draft_initiatives(recipient),
        "earlier": replies.earlier_initiatives(recipient),
        "attachments": [u for u in uploads if u.purpose == Upload.Purpose.ATTACHMENT],
        "uploads": uploads,
        "narrative_form": UploadForm(prefix="narrative"),
        "initiatives_form": InitiativesUploadForm(prefix="initiatives"),
        "attachment_form": AttachmentForm(prefix="attachment"),
        "versions": contribution.versions.all() if contribution.pk else [],
        **extra,
    }
    return render(request, "outreach/reply.html", context, status=status)


def reply(request, recipient_id):
    recipient = access.reply_recipient(request, recipient_id)
    shown = request.GET.get("upload", "")
    upload = (
        recipient.uploads.filter(pk=shown, purpose=Upload.Purpose.INITIATIVES).first()
        if shown.isdigit()
        else None
    )
    if upload is None:
        return _page(request, recipient)
    return _page(request, recipient, import_report=upload.report, import_upload=upload)


@require_POST
def reply_save(request, recipient_id):
    """Save the draft: from the Save button, or every few seconds from reply.js."""
    recipient = access.reply_recipient(request, recipient_id)
    contribution = replies.shown_contribution(recipient)
    form = _form_class(request)(request.POST, instance=contribution)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    if not form.is_valid():
        if wants_json:
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        return _page(request, recipient, form=form, status=400)
    data = {name: form.cleaned_data[name] for name in form.Meta.fields}
    try:
        saved = replies.save_draft(recipient, data, form.cleaned_data["revision"], request.user)
    except replies.Conflict as error:
        if wants_json:
            return JsonResponse({"conflict": str(error)}, status=409)
        form.add_error(None, str(error))
        return _page(request, recipient, form=form, status=409)
    except actions.ActionError as error:
        if wants_json:
            return JsonResponse({"error": str(error)}, status=400)
        messages.error(request, str(error))
        return redirect("reply", recipient.pk)
    if wants_json:
        saved_at = timezone.localtime(saved.updated_at).strftime("%H:%M:%S")
        return JsonResponse({"revision": saved.revision, "saved_at": saved_at})
    messages.success(request, _("Your draft is saved."))
    return redirect("reply", recipient.pk)


def _report_upload(request, upload) -> None:
    if "refused" in upload.report:
        messages.error(
            request,
            _("%(name)s was not used: %(reason)s")
            % {"name": upload.original_name, "reason": upload.report["refused"]},
        )
    else:
        messages.success(request, _("%(name)s was received.") % {"name": upload.original_name})


def _form_refused(request, form, wanted: str) -> None:
    """Say why the upload form was refused: for a file that came but cannot be taken (an
    empty one), Django's reason with the file's name; otherwise what to choose."""
    sent = request.FILES.get(form.add_prefix("file"))
    reasons = form.errors.get("file") or []
    if sent is None or not reasons:
        messages.error(request, wanted)
        return
    messages.error(
        request,
        _("%(name)s was not used: %(reason)s") % {"name": sent.name, "reason": " ".join(reasons)},
    )


@require_POST
def reply_narrative(request, recipient_id):
    recipient = access.reply_recipient(request, recipient_id)
    form = UploadForm(request.POST, request.FILES, prefix="narrative")
    if not form.is_valid():
        _form_refused(request, form, _("Choose a Word file to upload."))
        return redirect("reply", recipient.pk)
    try:
        upload = replies.upload_narrative(recipient, form.cleaned_data["file"], request.user)
    except actions.ActionError as error:
        messages.error(request, str(error))
    else:
        _report_upload(request, upload)
    return redirect("reply", recipient.pk)


@require_POST
def reply_initiatives_upload(request, recipient_id):
    recipient = access.reply_recipient(request, recipient_id)
    form = InitiativesUploadForm(request.POST, request.FILES, prefix="initiatives")
    if not form.is_valid():
        _form_refused(request, form, _("Choose a spreadsheet (.xlsx or .csv) to upload."))
        return redirect("reply", recipient.pk)
    try:
        upload = replies.import_initiatives(
            recipient, form.cleaned_data["file"], form.cleaned_data["all_or_nothing"], request.user
        )
    except actions.ActionError as error:
        messages.error(request, str(error))
        return redirect("reply", recipient.pk)
    if "refused" in upload.report:
        _report_upload(request, upload)
        return redirect("reply", recipient.pk)
    # Redirect, so that reloading the page does not import the file again.
    return redirect(f"{reverse('reply', args=[recipient.pk])}?upload={upload.pk}")


def reply_template(request, recipient_id, fmt):
    """The initiatives template, prefilled with what the participant reported before."""
    recipient = access.reply_recipient(request, recipient_id)
    if fmt not in {"xlsx", "csv"}:
        raise Http404
    rows = [_template_row(i) for i in replies.earlier_initiatives(recipient)]
    content = initiatives_template(rows, fmt, recipient.language)
    kinds = {
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv": "text/csv; charset=utf-8",
    }
    response = HttpResponse(content, content_type=kinds[fmt])
    name = f"initiatives-{recipient.participant.code.lower()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _template_row(initiative: Initiative) -> dict:
    return {
        "id": initiative.pk,
        "title": initiative.title,
        "description": initiative.description,
        "kind": initiative.kind,
        "start": initiative.start,
        "end": initiative.end if initiative.end != initiative.start else None,
        "city": initiative.city,
        "country": initiative.country,
        "lead": initiative.lead,
        "partners": [p.participant for p in initiative.partners.all()],
        "themes": list(initiative.themes.all()),
        "url": "",
        "language": initiative.language,
    }


def reply_initiative(request, recipient_id, initiative_id=None):
    """Add an initiative to the reply (GET shows the form), or change one of its own."""
    recipient = access.reply_recipient(request, recipient_id)
    initiative = None
    if initiative_id is not None:
        initiative = access.get_or_404(replies.draft_initiatives(recipient), pk=initiative_id)
    initial = _template_row(initiative) if initiative else {"language": recipient.language}
    initial["url"] = (
        initiative.links.first().url if initiative and initiative.links.exists() else ""
    )
    form = InitiativeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            replies.save_initiative(recipient, form.cleaned_data, initiative, request.user)
        except actions.ActionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The initiative is saved in your draft."))
        return redirect("reply", recipient.pk)
    return render(
        request,
        "outreach/initiative_form.html",
        {"recipient": recipient, "form": form, "initiative": initiative},
    )


@require_POST
def reply_initiative_remove(request, recipient_id, initiative_id):
    recipient = access.reply_recipient(request, recipient_id)
    initiative = access.get_or_404(replies.draft_initiatives(recipient), pk=initiative_id)
    try:
        replies.remove_initiative(recipient, initiative, request.user)
    except actions.ActionError as error:
        messages.error(request, str(error))
    return redirect("reply", recipient.pk)


@require_POST
def reply_attachment(request, recipient_id):
    recipient = access.reply_recipient(request, recipient_id)
    form = AttachmentForm(request.POST, request.FILES, prefix="attachment")
    if not form.is_valid():
        _form_refused(request, form, _("Choose a file to attach."))
        return redirect("reply", recipient.pk)
    try:
        upload = replies.add_attachment(
            recipient, form.cleaned_data["file"], form.cleaned_data["description"], request.user
        )
    except actions.ActionError as error:
        messages.error(request, str(error))
    else:
        _report_upload(request, upload)
    return redirect("reply", recipient.pk)


@require_POST
def reply_attachment_remove(request, recipient_id, upload_id):
    recipient = access.reply_recipient(request, recipient_id)
    upload = access.get_or_404(recipient.uploads.filter(removed=False), pk=upload_id)
    try:
        replies.remove_attachment(recipient, upload, request.user)
    except actions.ActionError as error:
        messages.error(request, str(error))
    return redirect("reply", recipient.pk)


def reply_upload_file(request, recipient_id, upload_id):
    """A file as it was received: for the reply's own focal points and the secretariat."""
    recipient = access.reply_recipient(request, recipient_id)
    upload = access.get_or_404(recipient.uploads.exclude(file=""), pk=upload_id)
    return FileResponse(
        upload.file.open("rb"),
        as_attachment=True,
        filename=upload.original_name,
        content_type="application/octet-stream",
    )


STATUS_ACTIONS = {
    "submit": (
        replies.submit_contribution,
        gettext_lazy("Your reply is submitted. A receipt is on its way."),
    ),
    "nil-return": (actions.record_nil_return, gettext_lazy("Recorded: nothing to report.")),
    "decline": (actions.decline, gettext_lazy("Recorded: you decline to reply.")),
}


@require_POST
def reply_status(request, recipient_id, action):
    recipient = access.reply_recipient(request, recipient_id)
    if action not in STATUS_ACTIONS:
        raise Http404
    act, done = STATUS_ACTIONS[action]
    try:
        act(recipient, request.user)
    except actions.ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, str(done))
    return redirect("reply", recipient.pk)
