"""The read-only JSON API at /api/v1/, with its OpenAPI schema at /api/v1/openapi.json."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Prefetch
from ninja import NinjaAPI, Query
from ninja.errors import HttpError

from humsec import __version__
from humsec.accounts import access
from humsec.api import schemas, serialize
from humsec.initiatives.filters import filter_initiatives
from humsec.meetings.models import Attendance, Statement
from humsec.roster.filters import filter_participants

api = NinjaAPI(
    title="humsec API",
    version=__version__,
    description="Participants, initiatives, meetings and themes of the group. Read-only.",
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
