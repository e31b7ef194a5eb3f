"""Write the audit log: every action names itself with a dotted code ("initiative.merge"),
its actor, its object, what changed (old -> new), why, and from where."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from humsec.audit.models import AuditEntry


def plain(value):
    """A value as JSON can hold it."""
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [plain(v) for v in value]
    return value


def diff(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields whose value changed."""
    return {
        name: [plain(before.get(name)), plain(after.get(name))]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def client_ip(request) -> str | None:
    """The client's address, behind a proxy too (see humsec.security.clientip)."""
    if request is None:
        return None
    from humsec.security.clientip import client_ip as address

    return address(request) or None


def log(
    code: str,
    obj: Model | None = None,
    actor=None,
    changes: dict | None = None,
    reason: str = "",
    request=None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        code=code,
        actor=actor if actor is not None and actor.is_authenticated else None,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        changes=changes or {},
        reason=reason,
        ip=client_ip(request),
    )


def entries_for(obj: Model):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")
