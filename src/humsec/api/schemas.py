"""What the API answers and accepts. Output is plain data, never model objects."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from humsec.initiatives.timeframe import Timeframe
from humsec.roster.models import Kind, Region


class ParticipantRef(Schema):
    code: str
    name: str
    kind: str


class ParticipantOut(ParticipantRef):
    id: int
    article: str
    formal_name: str
    acronym: str
    iso3: str
    iso2: str
    m49: str
    region: str
    subregion: str
    active_from: dt.date | None = Field(
        description="Admission for Member States, observer status for observer States, "
        "establishment for organizations."
    )
    active_until: dt.date | None
    parent: str | None = Field(description="Code of the entity this one is part of.")


class NameOut(Schema):
    language: str
    short_name: str
    article: str
    formal_name: str
    valid_from: dt.date | None
    valid_until: dt.date | None


class ParticipantDetailOut(ParticipantOut):
    names: list[NameOut]
    aliases: list[str]


class ParticipantFilters(Schema):
    kind: Kind | None = None
    region: Region | None = None
    member_on: dt.date | None = Field(
        None, description="Only those taking part on that day (YYYY-MM-DD)."
    )
    q: str | None = Field(None, max_length=100, description="Code, name or alias.")


class ThemeOut(Schema):
    code: str
    parent: str | None
    name_en: str
    name_fr: str
    name_es: str
    description: str


class PartnerOut(Schema):
    participant: ParticipantRef
    role: str


class LinkOut(Schema):
    url: str
    title: str


class InitiativeOut(Schema):
    id: int
    title: str
    description: str
    kind: str
    start: str | None = Field(description='"2007", "2007-05" or "2007-05-15", as precise as known.')
    end: str | None = Field(description="Empty for something open-ended.")
    dates: str = Field(description="The dates as the United Nations writes them.")
    city: str
    country: ParticipantRef | None
    lead: ParticipantRef | None
    partners: list[PartnerOut]
    themes: list[str]
    language: str
    cancelled: bool
    timeframe: Timeframe
    reference_date: dt.date = Field(description="The date the timeframe is judged against.")
    reported_by: ParticipantRef
    meeting: int | None = Field(description="Number of the meeting where it was reported.")
    links: list[LinkOut]


class InitiativeFilters(Schema):
    theme: str | None = Field(None, description="Theme code; narrower themes are included.")
    participant: str | None = Field(
        None, description="Participant code: lead, partner or reporter."
    )
    year: int | None = Field(None, ge=1945, le=2100)
    timeframe: Timeframe | None = None
    on: dt.date | None = Field(
        None, description="Reference date for the timeframe; today if absent."
    )


class AttendanceCounts(Schema):
    states: int
    organizations: int


class CoChairOut(Schema):
    participant: ParticipantRef
    name: str
    title: str


class MeetingOut(Schema):
    id: int
    number: int
    title: str
    date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    venue: str
    city: str
    co_chairs: list[CoChairOut]
    attendance_counts: AttendanceCounts


class AgendaItemOut(Schema):
    number: int
    title: str


class AttendanceOut(ParticipantRef):
    capacity: str


class StatementOut(Schema):
    participant: ParticipantRef
    agenda_item: int | None
    speaker: str
    capacity: str
    summary: str


class MeetingDetailOut(MeetingOut):
    attendance_note: str
    agenda: list[AgendaItemOut]
    attendance: list[AttendanceOut]
    statements: list[StatementOut]
    conclusions: list[str]


class PageParams(Schema):
    page: int = Field(1, ge=1)
    page_size: int | None = Field(None, ge=1, le=500, description="Rows per page, at most 500.")


class _Page(Schema):
    count: int = Field(description="How many match in all, over every page.")
    page: int
    page_size: int


class ParticipantPage(_Page):
    items: list[ParticipantOut]


class InitiativePage(_Page):
    items: list[InitiativeOut]


class MeetingPage(_Page):
    items: list[MeetingOut]


class ThemePage(_Page):
    items: list[ThemeOut]


# Documents -------------------------------------------------------------------------------


class DocumentFileOut(Schema):
    format: str
    size: int
    sha256: str
    url: str


class DocumentOut(Schema):
    id: int
    symbol: str
    kind: str = Field(description="original, addendum, revision or corrigendum")
    state: str = Field(description="draft or issued; an issued document never changes")
    parent: str | None = Field(description="The symbol of the document it belongs to.")
    organ: str
    date: dt.date
    language: str
    request_id: int
    issued_at: dt.datetime | None
    contributions: list[ParticipantRef]
    words: int | None = Field(description="Words printed; more than 10,700 is too long.")
    files: list[DocumentFileOut] = Field(
        description="Issued files with their SHA-256; for a draft, the preview renderings."
    )


class DocumentPage(_Page):
    items: list[DocumentOut]


class AgendaItemIn(Schema):
    number: str
    title: str


class SignatoryIn(Schema):
    country: str = Field(description="A State's code or name: JPN, Japan.")
    name: str
    title: str


class CompileIn(Schema):
    request_id: int
    symbol: str
    date: dt.date
    letter_date: dt.date
    addressee: str
    signatories: list[SignatoryIn]
    agenda_items: list[AgendaItemIn] = []
    session: int | None = None
    original_language: str = "en"
    language: str = "en"
    title: str = ""
    body: str = Field("", description="Paragraphs separated by a blank line; empty: standard.")
    job_number: str = ""
    job_date: dt.date | None = None
    reference_date: dt.date | None = None
    include_initiatives: bool = False
    include_thematic_index: bool = False
    contributions: list[int] | None = Field(
        None, description="Ids of accepted replies; left out: every accepted reply."
    )
    issue: bool = Field(False, description="Issue it at once: it can no longer change.")


class FamilyIn(Schema):
    date: dt.date
    symbol: str = Field("", description="Left empty: the next /Add.N.")
    issue: bool = False
