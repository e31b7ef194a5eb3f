"""The reviewers' pages: the queue, decisions on initiatives and replies, duplicates,
merges, history, and planned initiatives to follow up. Views are thin: decisions are the
named actions of initiatives/actions.py and outreach/review.py."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from humsec.accounts import access
from humsec.audit.log import entries_for
from humsec.initiatives import actions
from humsec.initiatives.management.commands.duplicates import open_candidates
from humsec.initiatives.models import Initiative, Status, Theme
from humsec.initiatives.review_forms import (
    DecisionForm,
    FollowUpForm,
    NoteForm,
    QueueFilterForm,
    ReturnForm,
)
from humsec.initiatives.themes_suggest import suggest_themes


def _reader(request):
    if not access.can_read_requests(request.user):
        raise Http404


def _reviewer(request):
    if not access.can_review(request.user):
        raise Http404


@login_required
def queue(request):
    _reader(request)
    form = QueueFilterForm(request.GET)
    filters = form.filters()
    initiatives = access.initiatives(request.user).filter(status=Status.SUBMITTED).current()
    replies = access.contributions(request.user).filter(
        review_status="pending", recipient__status="submitted"
    )
    if filters.get("q"):
        text = filters["q"]
        initiatives = initiatives.filter(
            Q(title__icontains=text) | Q(reported_by__short_name__icontains=text)
        )
        replies = replies.filter(
            Q(title__icontains=text) | Q(recipient__participant__short_name__icontains=text)
        )
    what = filters.get("what")
    return render(
        request,
        "initiatives/review/queue.html",
        {
            "form": form,
            "initiatives": [] if what == "replies" else initiatives.select_related("reported_by"),
            "replies": []
            if what == "initiatives"
            else replies.select_related("recipient__participant", "recipient__request"),
        },
    )


def _initiative(request, pk) -> Initiative:
    return access.get_or_404(
        access.initiatives(request.user)
        .select_related("reported_by", "lead", "country", "meeting", "merged_into", "contribution")
        .prefetch_related("themes", "partners__participant", "notes__author"),
        pk=pk,
    )


@login_required
def initiative(request, pk):
    _reader(request)
    record = _initiative(request, pk)
    have = {theme.code for theme in record.themes.all()}
    suggestions = [
        s for s in suggest_themes(record.title, record.description) if s.theme not in have
    ]
    themes = {t.code: t for t in Theme.objects.filter(code__in=[s.theme for s in suggestions])}
    return render(
        request,
        "initiatives/review/initiative.html",
        {
            "initiative": record,
            "can_review": access.can_review(request.user),
            "decision_form": DecisionForm(initial={"revision": record.revision}),
            "return_form": ReturnForm(initial={"revision": record.revision}),
            "note_form": NoteForm(),
            "suggestions": [(themes[s.theme], s) for s in suggestions if s.theme in themes],
            "sources": record.sources.select_related("reported_by").prefetch_related("themes"),
            "history": record.history.select_related("history_user")[:50],
            "audit": entries_for(record)[:50],
        },
    )


def _decision(request, form_class) -> dict | None:
    """The decision's reason and revision, or None with a message naming what is wrong:
    a revision that is not a number must not skip the check that nobody decided first."""
    form = form_class(request.POST)
    if form.is_valid():
        return form.cleaned_data
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return None


def _decide(request, pk, act, done: str):
    _reviewer(request)
    _initiative(request, pk)  # in scope, or 404
    try:
        act()
    except actions.DecisionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("review-initiative", pk)


@login_required
@require_POST
def accept(request, pk):
    data = _decision(request, DecisionForm)
    if data is None:
        return redirect("review-initiative", pk)
    return _decide(
        request,
        pk,
        lambda: actions.accept_initiative(
            pk, request.user, data.get("revision"), data.get("reason", ""), request
        ),
        _("Accepted."),
    )


@login_required
@require_POST
def return_to_focal_point(request, pk):
    _reviewer(request)
    _initiative(request, pk)
    data = _decision(request, ReturnForm)
    if data is None:
        return redirect("review-initiative", pk)
    return _decide(
        request,
        pk,
        lambda: actions.return_initiative(
            pk, request.user, data["reason"], data.get("revision"), request
        ),
        _("Returned to the focal point."),
    )


@login_required
@require_POST
def note(request, pk):
    _reviewer(request)
    record = _initiative(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the note first."))
        return redirect("review-initiative", pk)
    return _decide(
        request,
        pk,
        lambda: actions.add_note(record, request.user, form.cleaned_data["text"]),
        _("Note kept."),
    )


@login_required
@require_POST
def confirm_theme(request, pk, code):
    theme = access.get_or_404(Theme.objects.all(), code=code)
    return _decide(
        request,
        pk,
        lambda: actions.confirm_theme(
            pk, theme, request.user, request.POST.get("reason", ""), request
        ),
        _("Theme added."),
    )


@login_required
@require_POST
def restore(request, pk, history_id):
    data = _decision(request, DecisionForm)
    if data is None:
        return redirect("review-initiative", pk)
    return _decide(
        request,
        pk,
        lambda: actions.restore_version(
            pk, history_id, request.user, data.get("reason", ""), request, data.get("revision")
        ),
        _("The earlier state is restored."),
    )


@login_required
@require_POST
def unmerge(request, pk):
    _reviewer(request)
    _initiative(request, pk)
    try:
        sources = actions.unmerge(pk, request.user, request.POST.get("reason", ""), request)
    except actions.DecisionError as error:
        messages.error(request, str(error))
        return redirect("review-initiative", pk)
    messages.success(request, _("Unmerged: the reports are separate again."))
    return redirect("review-initiative", sources[0].pk)


@login_required
def duplicates(request):
    _reader(request)
    found = open_candidates()
    records = Initiative.objects.in_bulk([i for c in found for i in (c.a, c.b)])
    return render(
        request,
        "initiatives/review/duplicates.html",
        {
            "pairs": [(c, records[c.a], records[c.b]) for c in found],
            "can_review": access.can_review(request.user),
        },
    )


@login_required
@require_POST
def not_duplicate(request, a, b):
    _reviewer(request)
    for pk in (a, b):
        _initiative(request, pk)
    try:
        actions.mark_not_duplicate(a, b, request.user, request.POST.get("reason", ""), request)
    except actions.DecisionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Marked as different: the pair will not be proposed again."))
    return redirect("review-duplicates")


@login_required
def merge(request):
    """Choose, for each field, the source whose value the merged initiative keeps."""
    _reviewer(request)
    try:
        ids = [int(pk) for pk in request.GET.get("ids", "").split(",") if pk]
    except ValueError:
        raise Http404 from None
    sources = [_initiative(request, pk) for pk in ids]
    if len(sources) < 2:
        raise Http404
    if request.method == "POST":
        choices = {
            field: int(request.POST[field])
            for field in actions.MERGE_FIELDS
            if request.POST.get(field, "").isdigit()
        }
        revisions = {
            s.pk: int(value)
            if (value := request.POST.get(f"revision-{s.pk}", "")).isdigit()
            else s.revision
            for s in sources
        }
        try:
            merged = actions.merge_initiatives(
                ids, choices, request.user, request.POST.get("reason", ""), revisions, request
            )
        except actions.DecisionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Merged. Each report is kept as a source."))
            return redirect("review-initiative", merged.pk)
    rows = [
        (field, [(s, _field_value(s, field)) for s in sources]) for field in actions.MERGE_FIELDS
    ]
    return render(request, "initiatives/review/merge.html", {"sources": sources, "rows": rows})


def _field_value(initiative: Initiative, field: str) -> str:
    if field == "dates":
        return initiative.dates_display()
    if field in {"country", "lead"}:
        value = getattr(initiative, field)
        return value.display_name if value else ""
    if field == "kind":
        return initiative.get_kind_display()
    if field == "language":
        return initiative.get_language_display()
    return getattr(initiative, field)


@login_required
def follow_up(request):
    _reader(request)
    form = FollowUpForm(request.GET)
    on = form.filters().get("on") or dt.date.today()
    rows = actions.follow_up(on, access.initiatives(request.user).current())
    return render(
        request, "initiatives/review/follow_up.html", {"form": form, "on": on, "initiatives": rows}
    )


@login_required
def reply(request, pk):
    """A submitted reply as received, with its initiatives, for review."""
    _reader(request)
    contribution = access.get_or_404(
        access.contributions(request.user).select_related(
            "recipient__participant", "recipient__request"
        ),
        pk=pk,
    )
    return render(
        request,
        "initiatives/review/reply.html",
        {
            "contribution": contribution,
            "version": contribution.versions.last(),
            "initiatives": Initiative.objects.filter(contribution=contribution),
            "suggestions": contribution.suggestions.all(),
            "can_review": access.can_review(request.user),
            "audit": entries_for(contribution)[:50],
        },
    )


@login_required
@require_POST
def reply_decision(request, pk, decision):
    _reviewer(request)
    from humsec.outreach import review
    from humsec.outreach.actions import ActionError

    access.get_or_404(access.contributions(request.user), pk=pk)
    reason = request.POST.get("reason", "")
    try:
        if decision == "accept":
            review.accept_contribution(pk, request.user, reason, request)
            messages.success(request, _("The reply is accepted."))
        elif decision == "return":
            review.return_contribution(pk, request.user, reason, request)
            messages.success(request, _("The reply is returned to the focal point."))
        else:
            raise Http404
    except ActionError as error:
        messages.error(request, str(error))
    return redirect("review-reply", pk)


@login_required
@require_POST
def reply_suggest(request, pk):
    """Find initiatives in the reply's text, for the secretariat to accept or reject."""
    _reviewer(request)
    from humsec.initiatives import suggestions

    contribution = access.get_or_404(access.contributions(request.user), pk=pk)
    found = suggestions.suggest(contribution)
    messages.success(request, _("%(count)s suggestions found in the text.") % {"count": len(found)})
    return redirect("review-reply", pk)


def _suggestion(request, pk):
    from humsec.initiatives.models import NarrativeSuggestion

    return access.get_or_404(
        NarrativeSuggestion.objects.filter(
            contribution__in=access.contributions(request.user)
        ).select_related("contribution"),
        pk=pk,
    )


@login_required
def suggestion(request, pk):
    """Edit a suggestion before accepting it (GET shows the form)."""
    _reviewer(request)
    from humsec.initiatives import suggestions
    from humsec.outreach.forms import InitiativeForm

    found = _suggestion(request, pk)
    form = InitiativeForm(request.POST or None, initial=suggestions.form_initial(found))
    if request.method == "POST" and form.is_valid():
        try:
            suggestions.accept(pk, request.user, form.cleaned_data, request)
        except actions.DecisionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The initiative is added to the reply."))
        return redirect("review-reply", found.contribution_id)
    return render(
        request, "initiatives/review/suggestion.html", {"suggestion": found, "form": form}
    )


@login_required
@require_POST
def suggestion_decision(request, pk, decision):
    _reviewer(request)
    from humsec.initiatives import suggestions

    found = _suggestion(request, pk)
    try:
        if decision == "accept":
            suggestions.accept(pk, request.user, None, request)
        elif decision == "reject":
            suggestions.reject(pk, request.user, request.POST.get("reason", ""), request)
        else:
            raise Http404
    except actions.DecisionError as error:
        messages.error(request, str(error))
    return redirect("review-reply", found.contribution_id)
