"""The read-only JSON API at /api/v1/, with its OpenAPI schema at /api/v1/openapi.json."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Prefetch
from ninja import NinjaAPI, Query
from ninja.errors import HttpError
from ninja.security import django_auth

from humsec import __version__
from humsec.accounts import access
from humsec.api import schemas, serialize
from humsec.documents import actions
from humsec.documents.models import IssuedFile
from humsec.initiatives.filters import filter_initiatives
from humsec.meetings.models import Attendance, Statement
from humsec.roster.filters import filter_participants
from humsec.roster.lookup import ParticipantIndex

api = NinjaAPI(
    title="humsec API",
    version=__version__,
    description="Participants, initiatives, meetings, themes and documents of the group. "
    "Reading is open (drafts for signed-in readers); compiling and issuing documents is for "
    "the secretariat, signed in, with the CSRF token.",
    urls_namespace="api",
)


def _page(queryset, pages: schemas.PageParams, serializer) -> dict:
    """One page of a list: only its rows are read and serialised; count is the total."""
    size = pages.page_size or settings.HUMSEC_PAGE_SIZE
    start = (pages.page - 1) * size
    return {
        "count": queryset.count(),
        "page": pages.page,
        "page_size": size,
        "items": [serializer(row) for row in queryset[start : start + size]],
    }


def _participant_queryset(request):
    return access.participants(request.user).select_related("parent")


def _meeting_queryset(request, detail: bool = False):
    if not detail:
        return access.meetings(request.user).prefetch_related(
            "co_chairs__participant__names", "attendance__participant"
        )
    # The detail names every participant as it was named on the day of the meeting.
    with_names = ("participant", "participant__names")
    return access.meetings(request.user).prefetch_related(
        "co_chairs__participant__names",
        "agenda",
        "conclusions",
        Prefetch("attendance", Attendance.objects.prefetch_related(*with_names)),
        Prefetch(
            "statements",
            Statement.objects.select_related("agenda_item").prefetch_related(*with_names),
        ),
    )


def _initiative_queryset(request):
    return (
        access.initiatives(request.user)
        .current()
        .select_related("lead", "reported_by", "country", "meeting")
        .prefetch_related("themes", "partners__participant", "links")
    )


def _lookup(queryset, code: str, what: str):
    if not code:
        return None
    found = queryset.filter(code=code).first()
    if found is None:
        raise HttpError(400, f"{what} {code!r} is unknown.")
    return found


@api.get("/participants", response=schemas.ParticipantPage, tags=["participants"])
def list_participants(
    request, filters: Query[schemas.ParticipantFilters], pages: Query[schemas.PageParams]
):
    participants = filter_participants(_participant_queryset(request), **filters.dict())
    return _page(participants, pages, serialize.participant)


@api.get("/participants/{code}", response=schemas.ParticipantDetailOut, tags=["participants"])
def get_participant(request, code: str):
    participant = access.get_or_404(
        _participant_queryset(request).prefetch_related("names", "aliases"), code=code
    )
    return serialize.participant_detail(participant)


@api.get("/initiatives", response=schemas.InitiativePage, tags=["initiatives"])
def list_initiatives(
    request, filters: Query[schemas.InitiativeFilters], pages: Query[schemas.PageParams]
):
    on = filters.on or dt.date.today()
    initiatives = filter_initiatives(
        _initiative_queryset(request),
        theme=_lookup(access.themes(request.user), filters.theme, "theme"),
        participant=_lookup(access.participants(request.user), filters.participant, "participant"),
        year=filters.year,
        timeframe=filters.timeframe,
        on=on,
    )
    return _page(initiatives, pages, lambda initiative: serialize.initiative(initiative, on))


@api.get("/initiatives/{initiative_id}", response=schemas.InitiativeOut, tags=["initiatives"])
def get_initiative(request, initiative_id: int, on: dt.date | None = None):
    initiative = access.get_or_404(_initiative_queryset(request), pk=initiative_id)
    return serialize.initiative(initiative, on or dt.date.today())


@api.get("/meetings", response=schemas.MeetingPage, tags=["meetings"])
def list_meetings(request, pages: Query[schemas.PageParams]):
    return _page(_meeting_queryset(request), pages, serialize.meeting)


@api.get("/meetings/{meeting_id}", response=schemas.MeetingDetailOut, tags=["meetings"])
def get_meeting(request, meeting_id: int):
    meeting = access.get_or_404(_meeting_queryset(request, detail=True), pk=meeting_id)
    return serialize.meeting_detail(meeting)


@api.get("/themes", response=schemas.ThemePage, tags=["themes"])
def list_themes(request, pages: Query[schemas.PageParams]):
    return _page(access.themes(request.user).select_related("parent"), pages, serialize.theme)


# Documents ---------------------------------------------------------------------------------


def _documents(request):
    """Documents with what their answer shows, in a fixed number of queries; the files
    without their content, which can be megabytes."""
    return (
        access.documents(request.user)
        .select_related("parent")
        .prefetch_related(
            Prefetch("files", IssuedFile.objects.defer("content")),
            "inclusions__contribution__recipient__participant__names",
        )
    )


def _document(request, document_id: int):
    return access.get_or_404(_documents(request), pk=document_id)


def _compiler(request) -> None:
    if not access.can_compile(request.user):
        raise HttpError(404, "Not Found")


@api.get("/documents", response=schemas.DocumentPage, tags=["documents"])
def list_documents(request, pages: Query[schemas.PageParams]):
    return _page(_documents(request), pages, lambda d: serialize.document(d, words=False))


@api.get("/documents/{document_id}", response=schemas.DocumentOut, tags=["documents"])
def get_document(request, document_id: int):
    return serialize.document(_document(request, document_id))


@api.get("/documents/{document_id}/files/{fmt}", tags=["documents"])
def get_document_file(request, document_id: int, fmt: str):
    """The issued file (its SHA-256 in X-Content-SHA256), or a draft's preview."""
    from humsec.documents.views import document_file

    _document(request, document_id)
    return document_file(request, document_id, fmt)


@api.post("/documents", response=schemas.DocumentOut, tags=["documents"], auth=django_auth)
def compile_document(request, data: schemas.CompileIn):
    """Draft the document of a request's accepted replies (the secretariat); with
    "issue": true, issue it too."""
    _compiler(request)
    req = access.get_or_404(access.requests(request.user), pk=data.request_id)
    index = ParticipantIndex()
    signatories = []
    for n, s in enumerate(data.signatories):
        country = index.get(s.country)
        if country is None or not country.is_state:
            raise HttpError(400, f"signatories[{n}].country: {s.country!r} is not a State.")
        signatories.append(actions.SignatoryLine(country, s.name, s.title))
    chosen = None
    if data.contributions is not None:
        chosen = list(actions.accepted_contributions(req).filter(pk__in=data.contributions))
        missing = set(data.contributions) - {c.pk for c in chosen}
        if missing:
            raise HttpError(
                400, f"contributions: not accepted replies to this request: {sorted(missing)}."
            )
    fields = data.dict(
        exclude={"request_id", "signatories", "agenda_items", "contributions", "issue"}
    )
    try:
        document = actions.create_document(
            req,
            request.user,
            signatories=signatories,
            agenda_items=[actions.AgendaLine(a.number, a.title) for a in data.agenda_items],
            contributions=chosen,
            http_request=request,
            **fields,
        )
        if data.issue:
            document = actions.issue(document.pk, request.user, document.revision, request)
    except actions.DocumentActionError as error:
        raise HttpError(400, str(error)) from None
    return serialize.document(document)


@api.post(
    "/documents/{document_id}/issue",
    response=schemas.DocumentOut,
    tags=["documents"],
    auth=django_auth,
)
def issue_document(request, document_id: int, revision: int | None = None):
    """Issue a draft; give the revision you previewed to be told of a later change."""
    _compiler(request)
    document = _document(request, document_id)
    try:
        document = actions.issue(document.pk, request.user, revision, request)
    except actions.DocumentActionError as error:
        raise HttpError(400, str(error)) from None
    return serialize.document(document)


@api.post(
    "/documents/{document_id}/addendum",
    response=schemas.DocumentOut,
    tags=["documents"],
    auth=django_auth,
)
def start_addendum(request, document_id: int, data: schemas.FamilyIn):
    """The next addendum of an issued document: only the replies received or changed
    after it."""
    _compiler(request)
    document = _document(request, document_id)
    try:
        addendum = actions.start_addendum(
            document, request.user, date=data.date, symbol=data.symbol, http_request=request
        )
        if data.issue:
            addendum = actions.issue(addendum.pk, request.user, addendum.revision, request)
    except actions.DocumentActionError as error:
        raise HttpError(400, str(error)) from None
    return serialize.document(addendum)


# The audit log -----------------------------------------------------------------------------


@api.post("/audit/export", tags=["audit"], auth=django_auth)
def export_audit_log(
    request,
    code: str = "",
    actor: str = "",
    object_type: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
):
    """The audit log's entries as CSV, newest first, filtered as on the page /audit/
    (code: a dotted prefix such as "initiative"; actor: a user name, or "-" for entries
    without one; object_type: "app_label.model"; since and until: days, included). For
    the roles that read everything. A POST, because the export is itself logged
    (audit.export)."""
    from humsec.audit.filters import AuditFilterForm
    from humsec.audit.views import export_response

    if not access.can_read_audit(request.user):
        raise HttpError(404, "Not Found")
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        raise HttpError(
            400,
            "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()),
        )
    return export_response(request, form)
