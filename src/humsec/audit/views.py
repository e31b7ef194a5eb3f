"""The audit log page and its CSV export, for the roles that read everything."""

from __future__ import annotations

import json
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from humsec.accounts import access
from humsec.audit import export
from humsec.audit.filters import AuditFilterForm, filter_entries
from humsec.audit.log import log, plain
from humsec.audit.models import AuditEntry
from humsec.pages import paginate, query_without_page


def _reader(request):
    if not access.can_read_audit(request.user):
        raise Http404


def _entries(form: AuditFilterForm):
    return filter_entries(
        AuditEntry.objects.select_related("actor", "content_type"), **form.filters()
    )


@login_required
def audit_log(request, status: int = 200):
    _reader(request)
    form = AuditFilterForm(request.GET)
    page = paginate(request, _entries(form))
    urls = _object_urls(page.object_list)
    rows = [
        {
            "entry": entry,
            "url": urls.get((entry.content_type_id, entry.object_id)),
            "changes": _changes(entry.changes),
        }
        for entry in page.object_list
    ]
    return render(
        request,
        "audit/log.html",
        {"form": form, "page": page, "rows": rows, "query": query_without_page(request)},
        status=status,
    )


@login_required
@require_POST
def audit_export(request):
    """The entries the page's filters find, all of them, as CSV. A POST, because the
    export is itself written to the log; the filters come in the query string."""
    _reader(request)
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Correct the filters before exporting: nothing was exported."))
        return audit_log(request, status=400)
    return export_response(request, form)


def export_response(request, form: AuditFilterForm) -> StreamingHttpResponse:
    """The CSV of the entries a valid filter form finds, for the page and the API."""
    filters = form.filters()
    entries = _entries(form)
    done = log(
        "audit.export",
        None,
        request.user,
        {"filters": [None, plain(filters)], "rows": [None, entries.count()]},
        request=request,
    )
    # The entries as they stood when asked: the export's own entry is not among them.
    rows = entries.exclude(pk=done.pk).iterator(chunk_size=2000)
    response = StreamingHttpResponse(export.lines(rows), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime(done.at).strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    return response


def _changes(changes: dict) -> list[tuple[str, str, str]]:
    def shown(value) -> str:
        if value is None or value == "":
            return "—"
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        return Truncator(text).chars(200)

    rows = []
    for name, values in (changes or {}).items():
        old, new = values if isinstance(values, list) and len(values) == 2 else (None, values)
        rows.append((name, shown(old), shown(new)))
    return rows


# The page each kind of record has, for entries whose record is still there: a function
# from the ids on the page to {id: url}.
def _participants(ids):
    from humsec.roster.models import Participant

    return {
        str(pk): reverse("participant-detail", args=[code])
        for pk, code in Participant.objects.filter(pk__in=ids).values_list("pk", "code")
    }


def _by_pk(model_path: str, url_name: str):
    def urls(ids):
        from django.apps import apps

        model = apps.get_model(model_path)
        return {
            str(pk): reverse(url_name, args=[pk])
            for pk in model.objects.filter(pk__in=ids).values_list("pk", flat=True)
        }

    return urls


def _meetings(ids):
    from humsec.meetings.models import Meeting

    return {
        str(pk): reverse("meeting-detail", args=[number])
        for pk, number in Meeting.objects.filter(pk__in=ids).values_list("pk", "number")
    }


PAGES = {
    ("roster", "participant"): _participants,
    ("initiatives", "initiative"): _by_pk("initiatives.Initiative", "review-initiative"),
    ("outreach", "contribution"): _by_pk("outreach.Contribution", "review-reply"),
    ("outreach", "request"): _by_pk("outreach.Request", "request-detail"),
    ("meetings", "meeting"): _meetings,
}


def _object_urls(entries) -> dict[tuple[int, str], str]:
    """(content type id, object id) -> the record's page, one query per kind of record."""
    wanted = defaultdict(set)
    types = {}
    for entry in entries:
        if entry.content_type_id and entry.object_id:
            wanted[entry.content_type_id].add(entry.object_id)
            types[entry.content_type_id] = entry.content_type
    urls = {}
    for type_id, ids in wanted.items():
        content_type = types[type_id]
        pages = PAGES.get((content_type.app_label, content_type.model))
        if pages is None:
            continue
        numeric = [int(pk) for pk in ids if pk.isdigit()]
        for pk, url in pages(numeric).items():
            urls[(type_id, pk)] = url
    return urls
