"""The earlier versions of a record, as django-simple-history keeps them, read the way
people read them (when, by whom, what changed field by field), and the one way a version
is brought back, which every restore action shares."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import ForeignKey, Model
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _

from humsec.audit.log import diff

LONGEST = 200  # characters of a long text shown in a list of changes


class RestoreError(Exception):
    """A version that cannot be brought back; the message says why, for the user."""


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Version:
    record: Model  # the historical record
    number: int  # 1 for the first version
    when: dt.datetime
    who: str
    kind: str  # "+" created, "~" changed, "-" deleted
    reason: str
    current: bool
    changes: list[Change] = field(default_factory=list)

    @property
    def history_id(self) -> int:
        return self.record.history_id

    @property
    def what(self) -> str:
        return {"+": _("created"), "-": _("deleted")}.get(self.kind, _("changed"))


class _Shown:
    """Field values as words, with related records looked up once per page."""

    def __init__(self):
        self.related: dict[tuple, str] = {}

    def __call__(self, model, name: str, value) -> str:
        if value is None or value == "":
            return "—"
        model_field = model._meta.get_field(name)
        if model_field.many_to_many:
            return self.many(model_field, value)
        if isinstance(model_field, ForeignKey):
            return self.one(model_field.related_model, value)
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, dt.datetime):
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, dict | list):
            value = json.dumps(value, ensure_ascii=False)
        return Truncator(strip_tags(str(value))).chars(LONGEST)

    def one(self, model, pk) -> str:
        key = (model, pk)
        if key not in self.related:
            found = model._default_manager.filter(pk=pk).first()
            self.related[key] = (
                str(getattr(found, "display_name", found))
                if found is not None
                else _("%(what)s no longer there (#%(id)s)")
                % {"what": model._meta.verbose_name, "id": pk}
            )
        return self.related[key]

    def many(self, model_field, rows) -> str:
        # simple-history gives the rows of the through table as dicts.
        target = model_field.m2m_reverse_field_name()
        names = sorted(self.one(model_field.related_model, row[target]) for row in rows)
        return "; ".join(names) or "—"


def versions(obj: Model, limit: int = 50) -> list[Version]:
    """The latest `limit` versions of `obj`, newest first, each with what it changed
    from the one before."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    total = obj.history.count()
    model = type(obj)
    shown = _Shown()
    found = []
    for index, record in enumerate(records[:limit]):
        older = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if older is not None and record.history_type == "~":
            delta = record.diff_against(older)
            for change in delta.changes:
                model_field = model._meta.get_field(change.field)
                changes.append(
                    Change(
                        str(capfirst(model_field.verbose_name)),
                        shown(model, change.field, change.old),
                        shown(model, change.field, change.new),
                    )
                )
        user = record.history_user
        found.append(
            Version(
                record=record,
                number=total - index,
                when=record.history_date,
                who=user.get_username() if user is not None else "",
                kind=record.history_type,
                reason=record.history_change_reason or "",
                current=index == 0,
                changes=changes,
            )
        )
    return found


def version_of(obj: Model, history_id) -> Model:
    record = obj.history.filter(history_id=history_id).first()
    if record is None:
        raise RestoreError(_("There is no such earlier version of “%(name)s”.") % {"name": obj})
    return record


def bring_back(obj: Model, record: Model, keep: set[str], actor=None) -> dict:
    """Set on `obj` the values `record` holds, except the fields named in `keep`
    (attribute names), and check the result as a form would. Returns the audit diff;
    the caller saves, so that the restore is a new version and nothing is lost."""
    tracked = {f.attname for f in record.tracked_fields}
    names = [
        f.attname
        for f in type(obj)._meta.concrete_fields
        if f.attname in tracked and f.attname not in keep and f.editable
    ]
    before = {name: getattr(obj, name) for name in names}
    for name in names:
        setattr(obj, name, getattr(record, name))
    after = {name: getattr(obj, name) for name in names}
    changes = diff(before, after)
    if not changes:
        raise RestoreError(
            _(
                "This version holds the same values as “%(name)s” has now: "
                "there is nothing to restore."
            )
            % {"name": obj}
        )
    try:
        obj.full_clean()
    except ValidationError as error:
        raise RestoreError(_explain(type(obj), error)) from None
    if actor is not None and actor.is_authenticated:
        obj._history_user = actor
    # Stored, not shown as is: kept in English like the audit log's reasons.
    obj._change_reason = (
        f"restored the version of {timezone.localtime(record.history_date):%Y-%m-%d %H:%M}"
    )
    return changes


def _explain(model, error: ValidationError) -> str:
    """“code: a participant with this code already exists.”, field by field."""
    parts = []
    for name, messages in error.message_dict.items():
        try:
            label = str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:  # a constraint or the whole record, not one field
            label = ""
        text = " ".join(messages)
        parts.append(f"{label}: {text}" if label else text)
    return _("This version cannot be restored as it stands: %(problems)s") % {
        "problems": " ".join(parts)
    }
