"""Form pieces the list pages share."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# The range of a 64-bit database key; a number outside it matches nothing.
KEY_RANGE = range(-(2**63), 2**63)


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


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing a number too large for any key as an unknown choice. Django
    looks the values up with an "in" query, which (unlike its "exact" lookup) sends such a
    number to the database and fails there."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        meta = self.queryset.model._meta
        field = meta.pk if key == "pk" else meta.get_field(key)
        if isinstance(field, models.IntegerField):
            for item in value:
                try:
                    number = int(item)
                except (TypeError, ValueError):
                    continue  # Django refuses it as "not a valid value"
                if number not in KEY_RANGE:
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": item},
                    )
        return super()._check_values(value)
