"""Filters of the audit log, shared by its page and its CSV export."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from humsec.audit.models import AuditEntry
from humsec.forms import FilterForm, date_field

CODE = re.compile(r"[a-z_]+(\.[a-z_]+)*\.?")
NOBODY = "-"  # the actor filter's value for entries without a signed-in user


class AuditFilterForm(FilterForm):
    code = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=80,
        help_text=_("The start of a dotted code: initiative, or initiative.merge."),
    )
    actor = forms.ChoiceField(label=_("By"), required=False)
    object_type = forms.ChoiceField(label=_("Kind of record"), required=False)
    since = date_field(_("From"), _("The first day, included."))
    until = date_field(_("Until"), _("The last day, included."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the people and kinds of record the log names, so no choice finds nothing.
        users = get_user_model().objects.filter(
            pk__in=AuditEntry.objects.exclude(actor=None).values("actor")
        )
        self.fields["actor"].choices = [
            ("", _("anyone")),
            (NOBODY, _("no account (a personal link or humsec itself)")),
            *sorted((u.get_username(), u.get_username()) for u in users),
        ]
        types = ContentType.objects.filter(
            pk__in=AuditEntry.objects.exclude(content_type=None).values("content_type")
        )
        self.fields["object_type"].choices = [
            ("", _("any")),
            *sorted(
                ((f"{t.app_label}.{t.model}", capfirst(_model_name(t))) for t in types),
                key=lambda choice: str(choice[1]),
            ),
        ]

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().lower()
        if code and not CODE.fullmatch(code):
            raise forms.ValidationError(
                _(
                    "Write an action code in small letters, its parts separated by dots, "
                    "such as initiative.merge."
                )
            )
        return code

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The last day is before the first day."))
        return data


def _model_name(content_type: ContentType) -> str:
    model = content_type.model_class()
    return str(model._meta.verbose_name) if model is not None else content_type.model


def filter_entries(
    queryset, code: str = "", actor: str = "", object_type: str = "", since=None, until=None
):
    """Entries whose code is `code` or starts with it as a dotted prefix ("initiative"
    finds initiative.merge, not initiatives_x), by `actor` (a user name, or NOBODY), on
    records of `object_type` ("app_label.model"), from `since` to `until` included."""
    if code:
        prefix = code.rstrip(".")
        queryset = queryset.filter(Q(code=prefix) | Q(code__startswith=prefix + "."))
    if actor == NOBODY:
        queryset = queryset.filter(actor=None)
    elif actor:
        queryset = queryset.filter(**{f"actor__{get_user_model().USERNAME_FIELD}": actor})
    if object_type:
        app_label, _dot, model = object_type.partition(".")
        queryset = queryset.filter(content_type__app_label=app_label, content_type__model=model)
    if since:
        queryset = queryset.filter(at__date__gte=since)
    if until:
        queryset = queryset.filter(at__date__lte=until)
    return queryset
