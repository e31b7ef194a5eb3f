"""The pages of documents: the families, one document with its preview and length, the
forms that draft it, and the buttons that issue it and start its addendum, revision or
corrigendum. Issued documents are public; drafts are for the roles that read everything;
only the secretariat changes anything."""

from __future__ import annotations

import base64
import hashlib

from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from humsec.accounts import access
from humsec.documents import actions, build
from humsec.documents.forms import (
    ContributionsForm,
    DocumentForm,
    EmblemForm,
    FamilyForm,
    IssueForm,
    NewDocumentForm,
)
from humsec.documents.models import Document, Kind
from humsec.documents.render import LENGTH_LIMIT, DocumentError, word_count
from humsec.documents.render import render as render_document
from humsec.documents.render.html import STYLE
from humsec.outreach.forms import SignatoryFormSet

MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}
# The HTML preview carries its own style sheet; the policy lets exactly that one through.
PREVIEW_STYLE = "'sha256-{}'".format(
    base64.b64encode(hashlib.sha256(f"\n{STYLE}\n".encode()).digest()).decode()
)


def _compiler(request):
    if not access.can_compile(request.user):
        raise Http404


def _document(request, pk) -> Document:
    return access.get_or_404(
        access.documents(request.user).select_related("request", "parent"), pk=pk
    )


def document_list(request):
    documents = access.documents(request.user).select_related("parent")
    families: dict[int, list[Document]] = {}
    for document in documents.order_by("symbol"):
        families.setdefault(document.parent_id or document.pk, []).append(document)
    return render(
        request,
        "documents/document_list.html",
        {"families": list(families.values()), "can_compile": access.can_compile(request.user)},
    )


def _signatories_initial(signed) -> list[dict]:
    """The signatory rows of a request or a document, as the formset's initial data."""
    return [
        {"participant": s.participant_id, "name": s.name, "title": s.title}
        for s in signed.signatories.all()
    ]


def _signatory_lines(formset) -> list[actions.SignatoryLine]:
    return [actions.SignatoryLine(**f.cleaned_data) for f in formset if f.cleaned_data]


@login_required
def document_create(request):
    _compiler(request)
    req = access.requests(request.user).filter(pk=request.GET.get("request") or 0).first()
    form = NewDocumentForm(request.POST or None, initial={"request": req})
    signatories = SignatoryFormSet(
        request.POST or None,
        prefix="signatory",
        initial=_signatories_initial(req) if req else None,
    )
    if request.method == "POST" and form.is_valid() and signatories.is_valid():
        fields = form.document_fields()
        chosen = fields.pop("request")
        try:
            document = actions.create_document(
                chosen,
                request.user,
                agenda_items=form.cleaned_data["agenda"],
                signatories=_signatory_lines(signatories),
                http_request=request,
                **fields,
            )
        except actions.DocumentActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The draft was created. Look at its preview."))
            return redirect("document-detail", document.pk)
    return render(
        request, "documents/document_form.html", {"form": form, "signatories": signatories}
    )


def document_detail(request, pk):
    document = _document(request, pk)
    context = {
        "document": document,
        "family": actions.family(document).order_by("symbol"),
        "can_compile": access.can_compile(request.user),
        "can_approve": access.can_approve(request.user),
        "approvals": document.approvals.select_related("approver"),
        "files": list(document.files.defer("content")) if document.is_issued else [],
        "limit": LENGTH_LIMIT,
    }
    if document.is_issued:
        if context["can_compile"]:
            context["later"] = actions.later_contributions(document)
            # One form per kind, each with its own prefix, so that ids stay unique.
            context["family_forms"] = {kind: FamilyForm(prefix=kind) for kind in FAMILY_KINDS}
        return render(request, "documents/document_detail.html", context)
    plain = build.plain_document(document, emblem=False)
    try:
        words = word_count(plain)
    except DocumentError as error:
        words, context["problem"] = None, str(error)
    too_long = words is not None and words > LENGTH_LIMIT
    included = [i.contribution for i in build.inclusions(document)]
    context.update(
        words=words,
        too_long=too_long,
        suggested=actions.fit_within_limit(document, plain) if too_long else [],
        included=included,
        # The hidden revision of each form is written in the template, once a form.
        contributions_form=ContributionsForm(
            initial={"contributions": included},
            queryset=actions.accepted_contributions(document.root.request),
        ),
        emblem_form=EmblemForm(),
    )
    return render(request, "documents/document_detail.html", context)


@login_required
def document_edit(request, pk):
    _compiler(request)
    document = _document(request, pk)
    if document.is_issued:
        messages.error(request, _("An issued document cannot change."))
        return redirect("document-detail", pk)
    # The form gets a copy of its own: validating writes the typed values into its
    # instance, and the page's heading must keep the stored symbol.
    form = DocumentForm(request.POST or None, instance=Document.objects.get(pk=pk))
    signatories = SignatoryFormSet(
        request.POST or None, prefix="signatory", initial=_signatories_initial(document)
    )
    if request.method == "POST" and form.is_valid() and signatories.is_valid():
        try:
            actions.update_document(
                pk,
                request.user,
                form.cleaned_data["revision"],
                fields=form.document_fields(),
                agenda_items=form.cleaned_data["agenda"],
                signatories=_signatory_lines(signatories),
                http_request=request,
            )
        except actions.DocumentActionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The draft was saved."))
            return redirect("document-detail", pk)
    return render(
        request,
        "documents/document_form.html",
        {"form": form, "signatories": signatories, "document": document},
    )


@csp_update({"style-src": [PREVIEW_STYLE]})
def document_file(request, pk, fmt):
    """An issued document's stored file, or a draft's preview rendered now."""
    document = _document(request, pk)
    if fmt not in MEDIA_TYPES:
        raise Http404
    if document.is_issued:
        stored = access.get_or_404(document.files.all(), format=fmt)
        content, digest = bytes(stored.content), stored.sha256
    else:
        try:
            content = render_document(build.plain_document(document), fmt)
        except DocumentError as error:
            messages.error(request, str(error))
            return redirect("document-detail", pk)
        digest = hashlib.sha256(content).hexdigest()
    response = HttpResponse(content, content_type=MEDIA_TYPES[fmt])
    name = document.symbol.replace("/", "_") + ("" if document.is_issued else "_draft")
    disposition = "inline" if fmt in {"pdf", "html"} else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}.{fmt}"'
    response["X-Content-SHA256"] = digest
    return response


def _act(request, pk, action, success: str):
    try:
        result = action()
    except actions.DocumentActionError as error:
        messages.error(request, str(error))
        return redirect("document-detail", pk)
    messages.success(request, success)
    return redirect("document-detail", getattr(result, "pk", pk))


@login_required
@require_POST
def document_contributions(request, pk):
    _compiler(request)
    document = _document(request, pk)
    form = ContributionsForm(
        request.POST, queryset=actions.accepted_contributions(document.root.request)
    )
    if not form.is_valid():
        messages.error(request, _("Choose the replies again: the list has changed."))
        return redirect("document-detail", pk)
    chosen = list(form.cleaned_data["contributions"])
    revision = form.cleaned_data["revision"]
    if request.POST.get("move") == "addendum":
        return _act(
            request,
            pk,
            lambda: actions.move_to_addendum(pk, request.user, revision, chosen, request),
            _("The replies were moved out; the addendum started after issuing will hold them."),
        )
    return _act(
        request,
        pk,
        lambda: actions.set_contributions(pk, request.user, revision, chosen, request),
        _("The annex was changed."),
    )


@login_required
@require_POST
def document_issue(request, pk):
    _compiler(request)
    _document(request, pk)
    form = IssueForm(request.POST)
    revision = form.cleaned_data["revision"] if form.is_valid() else -1
    return _act(
        request,
        pk,
        lambda: actions.issue(pk, request.user, revision, request),
        _("The document was issued. Its files will never change."),
    )


@login_required
@require_POST
def document_approve(request, pk):
    if not access.can_approve(request.user):
        raise Http404
    _document(request, pk)
    form = IssueForm(request.POST)  # the revision the co-chair read
    revision = form.cleaned_data["revision"] if form.is_valid() else -1
    return _act(
        request,
        pk,
        lambda: actions.approve(pk, request.user, revision, request),
        _("Your approval of this draft was recorded."),
    )


@login_required
@require_POST
def document_emblem(request, pk):
    _compiler(request)
    _document(request, pk)
    form = EmblemForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose an image file."))
        return redirect("document-detail", pk)
    upload = form.cleaned_data["emblem"]
    image = upload.read() if upload else None
    return _act(
        request,
        pk,
        lambda: actions.set_emblem(pk, request.user, form.cleaned_data["revision"], image, request),
        _("The emblem was changed."),
    )


FAMILY_KINDS = (Kind.ADDENDUM, Kind.REVISION, Kind.CORRIGENDUM)
FAMILY = {
    Kind.ADDENDUM: (actions.start_addendum, _("The addendum was started.")),
    Kind.REVISION: (actions.start_revision, _("The revision was started.")),
}


@login_required
@require_POST
def document_family(request, pk, kind):
    _compiler(request)
    document = _document(request, pk)
    if kind not in FAMILY_KINDS:
        raise Http404
    form = FamilyForm(request.POST, prefix=kind)
    if not form.is_valid():
        messages.error(request, _("Give the date of the new document."))
        return redirect("document-detail", pk)
    data = form.cleaned_data
    if kind == Kind.CORRIGENDUM:
        return _act(
            request,
            pk,
            lambda: actions.start_corrigendum(
                document,
                request.user,
                date=data["date"],
                corrections=data["corrections"],
                symbol=data["symbol"],
                http_request=request,
            ),
            _("The corrigendum was started."),
        )
    start, success = FAMILY[kind]
    return _act(
        request,
        pk,
        lambda: start(
            document, request.user, date=data["date"], symbol=data["symbol"], http_request=request
        ),
        success,
    )


@login_required
@require_POST
def document_delete(request, pk):
    _compiler(request)
    document = _document(request, pk)
    try:
        actions.delete_draft(pk, request.user, request)
    except actions.DocumentActionError as error:
        messages.error(request, str(error))
        return redirect("document-detail", pk)
    messages.success(request, _("The draft %(symbol)s was deleted.") % {"symbol": document.symbol})
    return redirect("document-list")
