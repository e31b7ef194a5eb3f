"""Model objects to the plain dictionaries the API returns."""

from __future__ import annotations

import datetime as dt

from humsec.roster.models import STATE_KINDS


def participant_ref(participant, on: dt.date | None = None) -> dict | None:
    """Code, name and kind; the name valid on `on` when given (a meeting's date)."""
    if participant is None:
        return None
    name = participant.name_on(on).short if on else participant.short_name
    return {"code": participant.code, "name": name, "kind": participant.kind}


def participant(p) -> dict:
    return {
        **participant_ref(p),
        "id": p.pk,
        "article": p.article,
        "formal_name": p.formal_name,
        "acronym": p.acronym,
        "iso3": p.iso3,
        "iso2": p.iso2,
        "m49": p.m49,
        "region": p.region,
        "subregion": p.subregion,
        "active_from": p.active_from,
        "active_until": p.active_until,
        "parent": p.parent.code if p.parent_id else None,
    }


def participant_detail(p) -> dict:
    return {
        **participant(p),
        "names": [
            {
                "language": n.language,
                "short_name": n.short_name,
                "article": n.article,
                "formal_name": n.formal_name,
                "valid_from": n.valid_from,
                "valid_until": n.valid_until,
            }
            for n in p.names.all()
        ],
        "aliases": [a.alias for a in p.aliases.all()],
    }


def theme(t) -> dict:
    return {
        "code": t.code,
        "parent": t.parent.code if t.parent_id else None,
        "name_en": t.name_en,
        "name_fr": t.name_fr,
        "name_es": t.name_es,
        "description": t.description,
    }


def initiative(i, on: dt.date) -> dict:
    return {
        "id": i.pk,
        "title": i.title,
        "description": i.description,
        "kind": i.kind,
        "start": i.start.iso() if i.start else None,
        "end": i.end.iso() if i.end else None,
        "dates": i.dates_display("en"),
        "city": i.city,
        "country": participant_ref(i.country),
        "lead": participant_ref(i.lead),
        "partners": [
            {"participant": participant_ref(p.participant), "role": p.role}
            for p in i.partners.all()
        ],
        "themes": [t.code for t in i.themes.all()],
        "language": i.language,
        "cancelled": i.cancelled,
        "timeframe": i.timeframe(on),
        "reference_date": on,
        "reported_by": participant_ref(i.reported_by),
        "meeting": i.meeting.number if i.meeting_id else None,
        "links": [{"url": link.url, "title": link.title} for link in i.links.all()],
    }


def meeting(m) -> dict:
    attendance = list(m.attendance.all())
    states = sum(1 for a in attendance if a.participant.kind in STATE_KINDS)
    return {
        "id": m.pk,
        "number": m.number,
        "title": m.title,
        "date": m.date,
        "start_time": m.start_time,
        "end_time": m.end_time,
        "venue": m.venue,
        "city": m.city,
        "co_chairs": [
            {
                "participant": participant_ref(c.participant, m.date),
                "name": c.name,
                "title": c.title,
            }
            for c in m.co_chairs.all()
        ],
        "attendance_counts": {"states": states, "organizations": len(attendance) - states},
    }


def meeting_detail(m) -> dict:
    return {
        **meeting(m),
        "attendance_note": m.attendance_note,
        "agenda": [{"number": a.number, "title": a.title} for a in m.agenda.all()],
        "attendance": [
            {**participant_ref(a.participant, m.date), "capacity": a.capacity}
            for a in m.attending_states() + m.attending_organizations()
        ],
        "statements": [
            {
                "participant": participant_ref(s.participant, m.date),
                "agenda_item": s.agenda_item.number if s.agenda_item_id else None,
                "speaker": s.speaker,
                "capacity": s.capacity,
                "summary": s.summary,
            }
            for s in m.statements.all()
        ],
        "conclusions": [c.text for c in m.conclusions.all()],
    }


def document(d, words: bool = True) -> dict:
    from django.urls import reverse

    from humsec.documents import actions, build
    from humsec.documents.render import DocumentError, word_count

    if d.is_issued:
        files = [{"format": f.format, "size": f.size, "sha256": f.sha256} for f in d.files.all()]
    else:
        files = [{"format": fmt, "size": 0, "sha256": ""} for fmt in actions.FORMATS]
    contributions = [
        participant_ref(i.contribution.recipient.participant, d.date) for i in d.inclusions.all()
    ]
    count = None
    if words:
        try:
            count = word_count(build.from_json(d.snapshot)) if d.is_issued else actions.length(d)
        except DocumentError:
            count = None
    for f in files:
        f["url"] = reverse("api:get_document_file", args=[d.pk, f["format"]])
    return {
        "id": d.pk,
        "symbol": d.symbol,
        "kind": d.kind,
        "state": d.state,
        "parent": d.parent.symbol if d.parent_id else None,
        "organ": d.organ,
        "date": d.date,
        "language": d.language,
        "request_id": d.request_id,
        "issued_at": d.issued_at,
        "contributions": contributions,
        "words": count,
        "files": files,
    }
