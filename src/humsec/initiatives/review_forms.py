from django import forms
from django.utils.translation import gettext_lazy as _

from humsec.forms import FilterForm, date_field


class DecisionForm(forms.Form):
    revision = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        error_messages={"invalid": _("This page is out of date: reload it and decide again.")},
    )
    reason = forms.CharField(
        label=_("Reason (kept in the audit log)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReturnForm(DecisionForm):
    reason = forms.CharField(
        label=_("What should the focal point change?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what the focal point should change.")},
    )


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note for reviewers"), widget=forms.Textarea(attrs={"rows": 2}))


class QueueFilterForm(FilterForm):
    what = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("Initiatives and replies")),
            ("initiatives", _("Initiatives")),
            ("replies", _("Replies")),
        ],
    )
    q = forms.CharField(label=_("Participant or title"), required=False, max_length=100)


class FollowUpForm(FilterForm):
    on = date_field(_("As of"), _("Planned initiatives whose date has come by this day."))
