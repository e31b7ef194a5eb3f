"""Initiatives suggested from the paragraphs of a narrative reply, and the decisions on
them: accept (as suggested or edited) or reject. Each accepted one keeps its paragraph
as its source excerpt."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from humsec.audit.log import log
from humsec.dates import PartialDate
from humsec.initiatives.actions import DecisionError
from humsec.initiatives.extract import suggest_initiatives
from humsec.initiatives.models import Initiative, NarrativeSuggestion, Status, Theme
from humsec.roster.models import Participant

State = NarrativeSuggestion.State


def _plain(draft) -> dict:
    return {
        "title": draft.title,
        "kind": draft.kind,
        "start": draft.start.iso() if draft.start else "",
        "end": draft.end.iso() if draft.end else "",
        "city": draft.city,
        "country": draft.country,
        "partners": list(draft.partners),
        "themes": list(draft.themes),
    }


@transaction.atomic
def suggest(contribution) -> list[NarrativeSuggestion]:
    """(Re)build the pending suggestions of a reply from its narrative; decided ones stay."""
    contribution.suggestions.filter(state=State.PENDING).delete()
    decided = set(
        contribution.suggestions.exclude(state=State.PENDING).values_list("paragraph", flat=True)
    )
    drafts = suggest_initiatives(
        contribution.narrative_html,
        reporter=contribution.recipient.participant.code,
        language=contribution.language,
    )
    return NarrativeSuggestion.objects.bulk_create(
        NarrativeSuggestion(
            contribution=contribution,
            paragraph=draft.paragraph,
            paragraph_text=draft.paragraph_text,
            values=_plain(draft),
            evidence=[{"field": e.field, "text": e.text} for e in draft.evidence],
            confidence=draft.confidence,
        )
        for draft in drafts
        if draft.paragraph not in decided
    )


def form_initial(suggestion: NarrativeSuggestion) -> dict:
    """The suggestion as initial values of the initiative form."""
    values = suggestion.values
    codes = [values.get("country") or "", values.get("lead") or "", *values.get("partners", [])]
    participants = Participant.objects.in_bulk([c for c in codes if c], field_name="code")
    return {
        "title": values.get("title", ""),
        "kind": values.get("kind", "other"),
        "start": values.get("start", ""),
        "end": values.get("end", ""),
        "city": values.get("city", ""),
        "country": participants.get(values.get("country") or ""),
        "partners": [participants[c] for c in values.get("partners", []) if c in participants],
        "themes": list(Theme.objects.filter(code__in=values.get("themes", []))),
        "language": suggestion.contribution.language,
        "description": suggestion.paragraph_text,
    }


@transaction.atomic
def accept(pk: int, actor, values: dict | None = None, request=None) -> Initiative:
    """Make the suggestion an initiative of the reply, with the secretariat's edits."""
    suggestion = NarrativeSuggestion.objects.select_for_update().get(pk=pk)
    if suggestion.state != State.PENDING:
        raise DecisionError(_("This suggestion was already decided."))
    values = values or form_initial(suggestion)
    contribution = suggestion.contribution
    initiative = Initiative(
        title=values["title"],
        kind=values["kind"],
        description=values.get("description", ""),
        city=values.get("city", ""),
        country=values.get("country"),
        lead=values.get("lead"),
        language=values.get("language") or contribution.language,
        reported_by=contribution.recipient.participant,
        contribution=contribution,
        status=Status.ACCEPTED,
        source_excerpt=suggestion.paragraph_text,
    )
    start, end = values.get("start"), values.get("end")
    initiative.set_dates(
        PartialDate.parse(start) if isinstance(start, str) and start else start or None,
        PartialDate.parse(end) if isinstance(end, str) and end else end or None,
    )
    initiative.save()
    initiative.themes.set(values.get("themes", []))
    for partner in values.get("partners", []):
        initiative.partners.get_or_create(participant=partner)
    suggestion.state = State.ACCEPTED
    suggestion.initiative = initiative
    suggestion.decided_by = actor
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["state", "initiative", "decided_by", "decided_at"])
    log(
        "initiative.from_narrative",
        initiative,
        actor,
        {"paragraph": [None, suggestion.paragraph]},
        "",
        request,
    )
    return initiative


@transaction.atomic
def reject(pk: int, actor, reason: str = "", request=None) -> None:
    suggestion = NarrativeSuggestion.objects.select_for_update().get(pk=pk)
    if suggestion.state != State.PENDING:
        raise DecisionError(_("This suggestion was already decided."))
    suggestion.state = State.REJECTED
    suggestion.decided_by = actor
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["state", "decided_by", "decided_at"])
    log(
        "initiative.suggestion_reject",
        suggestion.contribution,
        actor,
        {"paragraph": [suggestion.paragraph, None]},
        reason,
        request,
    )
