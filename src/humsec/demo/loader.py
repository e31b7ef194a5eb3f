"""Load the demo (src/humsec/demo/data/friends-of-human-security.toml).

The demo is the group's own history as far as it is known: the first three meetings and
the initiatives the chair's summary of 20 April 2007 mentions, each as its speaker
reported it. Everything is checked first; then all is written in one transaction.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from django.db import transaction

from humsec.dates import DateError, PartialDate
from humsec.initiatives.models import LANGUAGES as INITIATIVE_LANGUAGES
from humsec.initiatives.models import (
    Initiative,
    InitiativePartner,
    Kind,
    Status,
    Theme,
)
from humsec.loading import LoadError, Problems, sync_children, upsert
from humsec.meetings.models import Attendance, Meeting
from humsec.roster.lookup import ParticipantIndex
from humsec.roster.models import STATE_KINDS

DEMO_FILE = Path(__file__).resolve().parent / "data" / "friends-of-human-security.toml"


class Reader:
    """Turns the TOML into rows for the models, collecting every problem on the way."""

    def __init__(self, source: str):
        self.problems = Problems(source)
        self.participants = ParticipantIndex()
        self.themes = {theme.code: theme for theme in Theme.objects.all()}

    def participant(self, where: str, code: str, states_only: bool = False):
        found = self.participants.get(code)
        if found is None:
            self.problems.add(where, f"unknown participant {code!r}")
        elif states_only and found.kind not in STATE_KINDS:
            self.problems.add(where, f"{code!r} is not a State")
            return None
        return found

    def day(self, where: str, value) -> dt.date | None:
        """A meeting's date: a full day."""
        partial = self.partial(where, value)
        if partial is None:
            self.problems.add(where, "the date is missing")
        elif partial.day is None:
            self.problems.add(where, f"{value!r} is not a full date (YYYY-MM-DD)")
        else:
            return partial.first_day
        return None

    def time(self, where: str, value: str) -> dt.time | None:
        if not value:
            return None
        try:
            return dt.time.fromisoformat(value)
        except ValueError:
            self.problems.add(where, f"{value!r} is not a time (HH:MM)")
            return None

    def partial(self, where: str, value: str) -> PartialDate | None:
        if not value:
            return None
        try:
            return PartialDate.parse(str(value))
        except DateError as error:
            self.problems.add(where, f"{value!r}: {error}")
            return None

    def meeting(self, index: int, data: dict) -> dict:
        where = f"meetings[{index}] (number {data.get('number', '?')})"
        agenda_numbers = {item["number"] for item in data.get("agenda", [])}
        statements = []
        for order, item in enumerate(data.get("statements", []), start=1):
            number = item.get("agenda_item", 0)
            if number and number not in agenda_numbers:
                self.problems.add(f"{where} statements[{order}]", f"no agenda item {number}")
            statements.append(
                dict(
                    order=order,
                    participant=self.participant(
                        f"{where} statements[{order}]", item["participant"]
                    ),
                    agenda_number=number or None,
                    speaker=item.get("speaker", ""),
                    capacity=item.get("capacity", ""),
                    summary=item["summary"],
                )
            )
        attendance = []
        capacities = set(Attendance.Capacity.values)
        for n, item in enumerate(data.get("attendance", []), start=1):
            if item.get("capacity", "") not in capacities:
                self.problems.add(
                    f"{where} attendance[{n}]", f"capacity {item['capacity']!r} is unknown"
                )
            attendance.append(
                dict(
                    participant=self.participant(f"{where} attendance[{n}]", item["participant"]),
                    capacity=item.get("capacity", ""),
                )
            )
        return dict(
            number=data["number"],
            values=dict(
                title=data["title"],
                date=self.day(f"{where} date", data["date"]),
                start_time=self.time(f"{where} start_time", data.get("start_time", "")),
                end_time=self.time(f"{where} end_time", data.get("end_time", "")),
                venue=data.get("venue", ""),
                city=data.get("city", ""),
                attendance_note=data.get("attendance_note", ""),
                source=data.get("source", ""),
            ),
            co_chairs=[
                dict(
                    participant=self.participant(f"{where} co_chairs[{n}]", item["participant"]),
                    name=item["name"],
                    honorific=item.get("honorific", ""),
                    title=item["title"],
                    order=n,
                )
                for n, item in enumerate(data.get("co_chairs", []), start=1)
            ],
            agenda=[dict(number=i["number"], title=i["title"]) for i in data.get("agenda", [])],
            attendance=attendance,
            statements=statements,
            conclusions=[
                dict(order=n, text=text)
                for n, text in enumerate(data.get("conclusions", []), start=1)
            ],
        )

    def initiative(self, index: int, data: dict, meeting_numbers: set[int]) -> dict:
        where = f"initiatives[{index}] ({data.get('key', '?')})"
        if data.get("kind") not in Kind.values:
            self.problems.add(where, f"kind {data.get('kind')!r} is not one of {Kind.values}")
        if data.get("language", "en") not in dict(INITIATIVE_LANGUAGES):
            self.problems.add(where, f"language {data.get('language')!r} is unknown")
        if data.get("meeting") and data["meeting"] not in meeting_numbers:
            self.problems.add(where, f"meeting {data['meeting']} is not in the file")
        themes = []
        for code in data.get("themes", []):
            if code not in self.themes:
                self.problems.add(where, f"unknown theme {code!r}")
            else:
                themes.append(self.themes[code])
        start = self.partial(f"{where} start", data.get("start", ""))
        end = self.partial(f"{where} end", data.get("end", ""))
        if start and end and end.last_day < start.first_day:
            self.problems.add(where, f"end {end} is before start {start}")
        roles = set(InitiativePartner.Role.values)
        partners = []
        for n, item in enumerate(data.get("partners", []), start=1):
            if item.get("role") not in roles:
                self.problems.add(f"{where} partners[{n}]", f"role {item.get('role')!r} unknown")
            partners.append(
                dict(
                    participant=self.participant(f"{where} partners[{n}]", item["participant"]),
                    role=item.get("role", ""),
                )
            )
        return dict(
            key=data["key"],
            start=start,
            end=end,
            values=dict(
                title=data["title"],
                description=data.get("description", ""),
                kind=data.get("kind"),
                city=data.get("city", ""),
                country=self.participant(f"{where} country", data["country"], states_only=True)
                if data.get("country")
                else None,
                lead=self.participant(f"{where} lead", data["lead"]) if data.get("lead") else None,
                language=data.get("language", "en"),
                cancelled=bool(data.get("cancelled", False)),
                reported_by=self.participant(f"{where} reported_by", data.get("reported_by", "")),
                source_excerpt=data.get("source_excerpt", ""),
                status=Status.ACCEPTED,
            ),
            meeting_number=data.get("meeting"),
            themes=themes,
            partners=partners,
            links=[dict(url=i["url"], title=i.get("title", "")) for i in data.get("links", [])],
        )


def read_demo(path: Path) -> dict:
    reader = Reader(path.name)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise LoadError(path.name, [f"cannot be read: {error.strerror}"]) from None
    except tomllib.TOMLDecodeError as error:
        raise LoadError(path.name, [f"is not valid TOML: {error}"]) from None
    try:
        meetings = [reader.meeting(i, m) for i, m in enumerate(data.get("meetings", []), 1)]
        numbers = {meeting["number"] for meeting in meetings}
        keys = [item.get("key") for item in data.get("initiatives", [])]
        for key in {key for key in keys if keys.count(key) > 1}:
            reader.problems.add("initiatives", f"key {key!r} appears more than once")
        initiatives = [
            reader.initiative(i, item, numbers)
            for i, item in enumerate(data.get("initiatives", []), 1)
        ]
    except KeyError as error:
        raise LoadError(path.name, [f"a required field is missing: {error}"]) from None
    reader.problems.raise_if_any()
    return dict(meetings=meetings, initiatives=initiatives)


@transaction.atomic
def write_demo(demo: dict) -> dict[str, int]:
    meetings = {}
    for data in demo["meetings"]:
        meeting = upsert(Meeting.objects, {"number": data["number"]}, data["values"])
        meetings[meeting.number] = meeting
        sync_children(meeting.co_chairs, ["participant"], data["co_chairs"])
        sync_children(meeting.agenda, ["number"], data["agenda"])
        sync_children(meeting.attendance, ["participant"], data["attendance"])
        agenda = {item.number: item for item in meeting.agenda.all()}
        sync_children(
            meeting.statements,
            ["order"],
            [
                {
                    **{k: v for k, v in row.items() if k != "agenda_number"},
                    "agenda_item": agenda.get(row["agenda_number"]),
                }
                for row in data["statements"]
            ],
        )
        sync_children(meeting.conclusions, ["order"], data["conclusions"])
    for data in demo["initiatives"]:
        # Dates go through set_dates, which knows what a missing end means for each kind.
        probe = Initiative(kind=data["values"]["kind"])
        probe.set_dates(data["start"], data["end"])
        dates = {
            name: getattr(probe, name)
            for name in ("start_date", "start_precision", "end_date", "end_precision")
        }
        initiative = upsert(
            Initiative.objects,
            {"key": data["key"]},
            {**data["values"], **dates, "meeting": meetings.get(data["meeting_number"])},
        )
        initiative.themes.set(data["themes"])
        sync_children(initiative.partners, ["participant"], data["partners"])
        sync_children(initiative.links, ["url"], data["links"])
    return {"meetings": len(meetings), "initiatives": len(demo["initiatives"])}
