"""A document's records turned into the plain document the renderers are fed.

``plain_document`` is the one bridge between the database and the renderers: it reads
the document, its agenda items, signatories and included replies (and, when asked, the
accepted initiatives of the participants that replied) and returns a dict of strings,
numbers and lists. Names are those valid on the document's date, in its language.
"""

from __future__ import annotations

import base64
import datetime as dt

from django.db.models import Q

from humsec.documents.models import Document, Inclusion, Kind
from humsec.documents.render.model import LOCALES, sort_key
from humsec.initiatives.models import Initiative, Status, Theme
from humsec.initiatives.timeframe import Timeframe
from humsec.roster.models import Participant

# The group of an initiative in the per-participant section; undated ones go with the
# ongoing (an institution or a programme without dates is running).
SECTION_GROUP = {
    Timeframe.PAST: "past",
    Timeframe.ONGOING: "ongoing",
    Timeframe.UNDATED: "ongoing",
    Timeframe.PLANNED: "planned",
}


def paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines; single line breaks joined by a space."""
    blocks = [" ".join(line.strip() for line in b.splitlines()) for b in text.split("\n\n")]
    return [b.strip() for b in blocks if b.strip()]


def inclusions(document: Document) -> list[Inclusion]:
    return list(
        document.inclusions.select_related("contribution__recipient__participant").prefetch_related(
            "contribution__recipient__participant__names"
        )
    )


def plain_document(document: Document, *, emblem: bool = True) -> dict:
    """The document as the renderers take it (see humsec.documents.render)."""
    day, lang = document.date, document.language
    signatories = list(
        document.signatories.select_related("participant").prefetch_related("participant__names")
    )
    rows = inclusions(document)
    contributions = []
    for row in rows:
        c = row.contribution
        participant = c.recipient.participant
        name = participant.name_on(day, lang)
        contributions.append(
            {
                "heading": name.short,
                "name_in_text": name.running,
                "title": c.title,
                "date": c.reply_date.isoformat() if c.reply_date else None,
                # A language the renderers do not know is set as English text.
                "language": c.language if c.language in LOCALES else "en",
                "html": c.narrative_html,
                "kind": "state" if participant.is_state else "organization",
            }
        )
    annex = None
    if contributions or document.kind != Kind.CORRIGENDUM:
        participants = [row.contribution.recipient.participant for row in rows]
        reference = document.reference_date or day
        found = (
            by_reporter(participants)
            if document.include_initiatives or document.include_thematic_index
            else {}
        )
        annex = {
            "title": document.annex_title,
            "introduction": document.annex_introduction or None,
            "contributions": contributions,
            "initiatives_section": initiatives_section(participants, found, reference, day, lang)
            if document.include_initiatives
            else [],
            "thematic_index": thematic_index(participants, found, day, lang)
            if document.include_thematic_index
            else [],
        }
    body = paragraphs(document.body)
    if document.kind == Kind.CORRIGENDUM:
        body = body + paragraphs(document.corrections)
    return {
        "kind": document.kind,
        "organ": document.organ,
        "symbol": document.symbol,
        "distribution": document.distribution,
        "date": day.isoformat(),
        "original_language": document.original_language,
        "language": lang,
        "session": document.session,
        "agenda_items": [
            {"number": item.number, "title": item.title} for item in document.agenda_items.all()
        ],
        "addressee": document.addressee,
        "letter_date": document.letter_date.isoformat(),
        # A corrigendum corrects the text; it is not signed again.
        "signatories": []
        if document.kind == Kind.CORRIGENDUM
        else [
            {
                "name": s.name,
                "title": s.title,
                "country": s.participant.name_on(day, "en").short,
            }
            for s in signatories
        ],
        "senders": [s.participant.name_on(day, lang).running for s in signatories],
        "body": body,
        "annex": annex,
        "order": document.order,
        "job_number": document.job_number,
        "job_date": document.job_date.isoformat() if document.job_date else None,
        "emblem": bytes(document.emblem)
        if emblem and document.use_emblem and document.emblem
        else None,
        "reference_date": (document.reference_date or day).isoformat(),
        "title": document.title or None,
        "annex_heading": document.annex_heading or None,
    }


def section_initiatives(participants: list[Participant]):
    """The accepted initiatives of those participants, as the group lists them."""
    return (
        Initiative.objects.current()
        .filter(status=Status.ACCEPTED, cancelled=False)
        .filter(Q(reported_by__in=participants) | Q(sources__reported_by__in=participants))
        .distinct()
        .select_related("country", "reported_by")
        .prefetch_related("country__names", "themes", "sources__reported_by")
    )


def by_reporter(participants: list[Participant]) -> dict[int, list[Initiative]]:
    """Participant id -> the accepted initiatives it reported (a merged one counts for
    each of its reporters)."""
    wanted = {p.pk for p in participants}
    found: dict[int, list[Initiative]] = {}
    for initiative in section_initiatives(participants):
        for reporter in initiative.reporters:
            if reporter.pk in wanted:
                found.setdefault(reporter.pk, []).append(initiative)
    return found


def initiatives_section(
    participants: list[Participant],
    found: dict[int, list[Initiative]],
    reference: dt.date,
    day: dt.date,
    lang: str,
) -> list[dict]:
    """Per participant (in alphabetical order), its accepted initiatives (`found`, from
    by_reporter) grouped into past, ongoing and planned as of the reference date."""
    out = []
    for participant in sorted(participants, key=lambda p: sort_key(p.name_on(day, lang).short)):
        groups: dict[str, list[dict]] = {"past": [], "ongoing": [], "planned": []}
        for initiative in found.get(participant.pk, []):
            country = initiative.country.name_on(day, lang).short if initiative.country else ""
            groups[SECTION_GROUP[initiative.timeframe(reference)]].append(
                {
                    "title": initiative.title,
                    "dates": initiative.dates_display(lang),
                    "place": ", ".join(x for x in (initiative.city, country) if x),
                    "description": initiative.description,
                }
            )
        if any(groups.values()):
            out.append(
                {
                    "participant": participant.name_on(day, lang).short,
                    "groups": [{"timeframe": t, "items": items} for t, items in groups.items()],
                }
            )
    return out


def thematic_index(
    participants: list[Participant], found: dict[int, list[Initiative]], day: dt.date, lang: str
) -> list[dict]:
    """Theme → the participants and titles of the initiatives (`found`, from by_reporter)
    under it."""
    names = {p.pk: p.name_on(day, lang).short for p in participants}
    by_theme: dict[int, list[dict]] = {}
    for pk, initiatives in found.items():
        for initiative in initiatives:
            for theme in initiative.themes.all():
                by_theme.setdefault(theme.pk, []).append(
                    {"participant": names[pk], "title": initiative.title}
                )
    themes = Theme.objects.filter(pk__in=by_theme).order_by("order", "name_en")
    return [
        {
            "theme": getattr(theme, f"name_{lang}", "") or theme.name_en,
            "entries": sorted(
                by_theme[theme.pk], key=lambda e: (sort_key(e["participant"]), e["title"])
            ),
        }
        for theme in themes
    ]


def to_json(plain: dict) -> dict:
    """The plain document as JSON can store it (the emblem's bytes in base64)."""
    stored = dict(plain)
    if stored.get("emblem") is not None:
        stored["emblem"] = base64.b64encode(stored["emblem"]).decode("ascii")
    return stored


def from_json(stored: dict) -> dict:
    plain = dict(stored)
    if plain.get("emblem") is not None:
        plain["emblem"] = base64.b64decode(plain["emblem"])
    return plain
