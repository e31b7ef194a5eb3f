"""Form pieces the list pages share."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class FilterForm(forms.Form):
    """A GET form whose errors are shown beside the fields; bad values filter nothing."""

    def filters(self) -> dict:
        """The values that are valid and given; an invalid field is left out."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}


def date_field(label, help_text=""):
    return forms.DateField(
        label=label,
        required=False,
        widget=DateInput(),
        help_text=help_text,
        error_messages={"invalid": _("Enter a date such as 2007-04-20.")},
    )
