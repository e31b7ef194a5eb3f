import datetime as dt

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from humsec.forms import FilterForm, date_field
from humsec.initiatives.models import Theme
from humsec.initiatives.timeframe import Timeframe
from humsec.roster.models import Participant


class ThemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, theme):
        # Narrower terms are indented under their broader term.
        return ("— " if theme.parent_id else "") + theme.name


class InitiativeFilterForm(FilterForm):
    theme = ThemeChoiceField(
        label=_("Theme"),
        required=False,
        queryset=Theme.objects.all(),
        to_field_name="code",
        empty_label=_("All themes"),
    )
    participant = forms.ModelChoiceField(
        label=_("Participant"),
        required=False,
        queryset=Participant.objects.none(),
        to_field_name="code",
        empty_label=_("All participants"),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1945, max_value=2100)
    timeframe = forms.ChoiceField(
        label=_("Timeframe"),
        required=False,
        choices=[("", _("Any timeframe")), *Timeframe.choices],
    )
    on = date_field(_("As of"), _("The date against which past, ongoing and planned are judged."))

    def __init__(self, data, *, visible_initiatives):
        super().__init__(data)
        # Offer only participants that appear in the initiatives this user may see.
        self.fields["participant"].queryset = Participant.objects.filter(
            Q(reported_initiatives__in=visible_initiatives)
            | Q(led_initiatives__in=visible_initiatives)
            | Q(partnerships__initiative__in=visible_initiatives)
        ).distinct()

    def reference_date(self) -> dt.date:
        if self.is_valid() and self.cleaned_data.get("on"):
            return self.cleaned_data["on"]
        return dt.date.today()
