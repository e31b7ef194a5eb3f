from django import forms
from django.utils.translation import gettext_lazy as _

from humsec.forms import FilterForm, date_field
from humsec.roster.models import Kind, Region


class ParticipantFilterForm(FilterForm):
    q = forms.CharField(label=_("Name or code"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices]
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("All regions")), *Region.choices]
    )
    member_on = date_field(
        _("Taking part on"), _("Members, observers and organizations as they were on that day.")
    )
