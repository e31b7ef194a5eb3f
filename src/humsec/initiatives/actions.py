"""Every decision on initiatives: review, merge, unmerge, not a duplicate, themes,
restore. Each owns its transaction, locks the rows it decides on, refuses a decision
taken on an older state (two reviewers at once), and writes the audit log."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from humsec.audit.log import diff, log
from humsec.documents import locks
from humsec.initiatives.models import DuplicateDecision, Initiative, ReviewNote, Status, Theme
from humsec.initiatives.timeframe import Timeframe

# The fields the secretariat chooses when merging; the rest follow the first source.
MERGE_FIELDS = ["title", "description", "kind", "dates", "city", "country", "lead", "language"]
_DATE_FIELDS = ["start_date", "start_precision", "end_date", "end_precision"]


class DecisionError(Exception):
    """A decision that cannot be taken; the message says why, for the user."""


def _locked(pk: int) -> Initiative:
    return Initiative.objects.select_for_update().get(pk=pk)


def _check(initiative: Initiative, revision: int | None) -> None:
    if revision is not None and revision != initiative.revision:
        raise DecisionError(
            _(
                "“%(title)s” was changed by someone else since you opened it: "
                "reload the page to see their decision."
            )
            % {"title": initiative.title}
        )


def _decided(initiative: Initiative, fields: list[str]) -> None:
    initiative.revision += 1
    initiative.save(update_fields=[*fields, "revision", "updated_at"])


def _refuse_if_printed(*initiatives: Initiative) -> None:
    """An issued document printing one of them locks it (humsec/documents/locks.py)."""
    try:
        locks.refuse_if_printed(*initiatives)
    except locks.LockedError as error:
        raise DecisionError(str(error)) from None


def _fields(initiative: Initiative, names: list[str]) -> dict:
    return {name: getattr(initiative, name) for name in names}


@transaction.atomic
def accept_initiative(
    pk: int, actor, revision: int | None = None, reason: str = "", request=None
) -> Initiative:
    initiative = _locked(pk)
    _check(initiative, revision)
    if initiative.status != Status.SUBMITTED:
        raise DecisionError(
            _("Only a submitted initiative can be accepted; this one is %(status)s.")
            % {"status": initiative.get_status_display()}
        )
    before = _fields(initiative, ["status"])
    initiative.status = Status.ACCEPTED
    initiative.review_comment = ""
    _decided(initiative, ["status", "review_comment"])
    log(
        "initiative.accept",
        initiative,
        actor,
        diff(before, {"status": initiative.status}),
        reason,
        request,
    )
    return initiative


@transaction.atomic
def return_initiative(
    pk: int, actor, comment: str, revision: int | None = None, request=None
) -> Initiative:
    """Back to the focal point, with a comment saying what to change."""
    if not comment.strip():
        raise DecisionError(_("Say what the focal point should change."))
    initiative = _locked(pk)
    _check(initiative, revision)
    if initiative.status not in {Status.SUBMITTED, Status.ACCEPTED}:
        raise DecisionError(_("Only a submitted or accepted initiative can be returned."))
    _refuse_if_printed(initiative)
    before = _fields(initiative, ["status", "review_comment"])
    initiative.status = Status.RETURNED
    initiative.review_comment = comment
    _decided(initiative, ["status", "review_comment"])
    _reopen_reply(initiative, actor)
    log(
        "initiative.return",
        initiative,
        actor,
        diff(before, _fields(initiative, ["status", "review_comment"])),
        comment,
        request,
    )
    return initiative


def _reopen_reply(initiative: Initiative, actor) -> None:
    """A returned initiative reopens the reply it came in, so the focal point can fix it
    and submit again."""
    from humsec.outreach.actions import set_status
    from humsec.outreach.models import RecipientStatus

    if initiative.contribution_id is None:
        return
    recipient = initiative.contribution.recipient
    if recipient.status == RecipientStatus.SUBMITTED:
        set_status(recipient, RecipientStatus.DRAFT, actor, note="initiative returned")


def add_note(initiative: Initiative, actor, text: str) -> ReviewNote:
    note = ReviewNote.objects.create(initiative=initiative, author=actor, text=text)
    log("initiative.note", initiative, actor, {}, text)
    return note


@transaction.atomic
def confirm_theme(pk: int, theme: Theme, actor, reason: str = "", request=None) -> None:
    initiative = _locked(pk)
    if initiative.themes.filter(pk=theme.pk).exists():
        return
    _refuse_if_printed(initiative)
    initiative.themes.add(theme)
    _decided(initiative, [])
    log("initiative.theme", initiative, actor, {"themes": [None, theme.code]}, reason, request)


def pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


@transaction.atomic
def mark_not_duplicate(a: int, b: int, actor, reason: str = "", request=None) -> None:
    first, second = pair(a, b)
    if first == second:
        raise DecisionError(_("An initiative is not a duplicate of itself."))
    decision, created = DuplicateDecision.objects.get_or_create(
        first_id=first, second_id=second, defaults={"actor": actor, "reason": reason}
    )
    if created:
        log(
            "initiative.not_duplicate",
            decision.first,
            actor,
            {"not_duplicate_of": [None, second]},
            reason,
            request,
        )


@transaction.atomic
def merge_initiatives(
    ids: list[int],
    choices: dict[str, int],
    actor,
    reason: str = "",
    revisions: dict[int, int] | None = None,
    request=None,
) -> Initiative:
    """One initiative made of several reports of the same one. Each source keeps its
    reporter's version and wording; `choices` names, for each of MERGE_FIELDS, the source
    whose value the merged initiative takes (the first source by default)."""
    ids = list(dict.fromkeys(ids))
    if len(ids) < 2:
        raise DecisionError(_("Choose at least two initiatives to merge."))
    sources = [_locked(pk) for pk in sorted(ids)]
    by_id = {s.pk: s for s in sources}
    for source in sources:
        _check(source, (revisions or {}).get(source.pk))
        if source.merged_into_id is not None:
            raise DecisionError(
                _("“%(title)s” is already merged into “%(merged_into)s”: unmerge it first.")
                % {"title": source.title, "merged_into": source.merged_into.title}
            )
        if source.sources.exists():
            raise DecisionError(
                _(
                    "“%(title)s” is itself a merged initiative: merge its "
                    "sources instead, or unmerge it first."
                )
                % {"title": source.title}
            )
    try:
        locks.refuse_merge_across(sources)
    except locks.LockedError as error:
        raise DecisionError(str(error)) from None
    unknown = [field for field in choices if field not in MERGE_FIELDS]
    if unknown:
        raise DecisionError(f"Unknown fields: {', '.join(unknown)}.")
    first = by_id[ids[0]]
    merged = Initiative(
        reported_by=first.reported_by,
        meeting=first.meeting,
        status=Status.ACCEPTED
        if all(s.status == Status.ACCEPTED for s in sources)
        else Status.SUBMITTED,
        source_excerpt="",
    )
    chosen = {}
    for field in MERGE_FIELDS:
        source = by_id.get(choices.get(field, first.pk))
        if source is None:
            raise DecisionError(
                _("%(field)s: the chosen initiative is not among those merged.") % {"field": field}
            )
        chosen[field] = source.pk
        names = _DATE_FIELDS if field == "dates" else [field]
        for name in names:
            setattr(merged, name, getattr(source, name))
    merged.save()
    merged.themes.set({theme for s in sources for theme in s.themes.all()})
    for source in sources:
        for partner in source.partners.all():
            merged.partners.get_or_create(
                participant=partner.participant, defaults={"role": partner.role}
            )
        for link in source.links.all():
            merged.links.get_or_create(url=link.url, defaults={"title": link.title})
        source.merged_into = merged
        _decided(source, ["merged_into"])
    log(
        "initiative.merge",
        merged,
        actor,
        {"sources": [None, [s.pk for s in sources]], "chosen": [None, chosen]},
        reason,
        request,
    )
    return merged


@transaction.atomic
def unmerge(pk: int, actor, reason: str = "", request=None) -> list[Initiative]:
    """Undo a merge: the sources come back exactly as they were; the merged one goes."""
    merged = _locked(pk)
    sources = list(Initiative.objects.select_for_update().filter(merged_into=merged))
    if not sources:
        raise DecisionError(_("“%(title)s” is not a merged initiative.") % {"title": merged.title})
    _refuse_if_printed(merged, *sources)
    for source in sources:
        source.merged_into = None
        _decided(source, ["merged_into"])
    log(
        "initiative.unmerge",
        merged,
        actor,
        {"sources": [[s.pk for s in sources], None]},
        reason,
        request,
    )
    merged.delete()
    return sources


@transaction.atomic
def restore_version(
    pk: int, history_id: int, actor, reason: str = "", request=None, revision: int | None = None
) -> Initiative:
    """Bring back an earlier state of an initiative (its fields and themes)."""
    initiative = _locked(pk)
    _check(initiative, revision)
    _refuse_if_printed(initiative)
    record = initiative.history.filter(history_id=history_id).first()
    if record is None:
        raise DecisionError(_("There is no such earlier state of this initiative."))
    # A merge is undone by unmerge, never by restoring: merged_into stays as it is.
    keep = {"id", "created_at", "updated_at", "revision", "merged_into_id"}
    names = [f.attname for f in Initiative._meta.concrete_fields if f.attname not in keep]
    before = {name: getattr(initiative, name) for name in names}
    for name in names:
        setattr(initiative, name, getattr(record, name))
    initiative.revision += 1
    initiative.save()
    initiative.themes.set([t.theme for t in record.themes.all()])
    log(
        "initiative.restore",
        initiative,
        actor,
        diff(before, {name: getattr(initiative, name) for name in names}),
        reason or f"restored the state of {record.history_date:%Y-%m-%d %H:%M}",
        request,
    )
    return initiative


def reported_on(initiative: Initiative):
    """The day an initiative was reported: its meeting, its reply, or its entry."""
    if initiative.meeting_id:
        return initiative.meeting.date
    if initiative.contribution_id and initiative.contribution.reply_date:
        return initiative.contribution.reply_date
    return timezone.localdate(initiative.created_at)


def follow_up(on, queryset) -> list[Initiative]:
    """Initiatives that were planned when reported and whose date has come by `on`:
    did they take place?"""
    rows = queryset.select_related("meeting", "contribution").exclude(start_date=None)
    return [
        initiative
        for initiative in rows
        if initiative.timeframe(reported_on(initiative)) == Timeframe.PLANNED
        and initiative.timeframe(on) != Timeframe.PLANNED
    ]
