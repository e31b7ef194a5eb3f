"""Changes to the roster that humsec's pages make (the admin makes the others)."""

from __future__ import annotations

from django.db import transaction

from humsec.audit.log import log
from humsec.audit.versions import bring_back, version_of
from humsec.roster.models import Participant


@transaction.atomic
def restore_participant_version(
    pk: int, history_id: int, actor, reason: str = "", request=None
) -> Participant:
    """Bring back an earlier version of a participant. The restore is saved as a new
    version, so the version it replaces stays in the history."""
    participant = Participant.objects.select_for_update().get(pk=pk)
    record = version_of(participant, history_id)
    changes = bring_back(participant, record, keep={"id"}, actor=actor)
    participant.save()
    log(
        "participant.restore",
        participant,
        actor,
        changes,
        reason or participant._change_reason,
        request,
    )
    return participant
