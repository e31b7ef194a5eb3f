from django import forms
from django.utils.translation import gettext_lazy as _

from humsec.documents.actions import EDITABLE_FIELDS, AgendaLine
from humsec.documents.models import Document
from humsec.forms import DateInput, ModelMultipleChoiceField
from humsec.outreach.models import Contribution, Request


def parse_agenda(text: str) -> list[AgendaLine]:
    """ "116|Follow-up to the outcome of the Millennium Summit", one item a line."""
    items = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        item, bar, title = (part.strip() for part in line.partition("|"))
        if not bar or not item or not title:
            raise forms.ValidationError(
                _("Line %(line)d: write the item as Number|Title, such as 116|Follow-up ...")
                % {"line": number}
            )
        items.append(AgendaLine(item, title))
    return items


class DocumentForm(forms.ModelForm):
    """The document's own fields; agenda items as text, one "Number|Title" a line."""

    agenda = forms.CharField(
        label=_("Agenda items"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One a line, as Number|Title: 116|Follow-up to the outcome of the Millennium Summit"
        ),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Document
        fields = EDITABLE_FIELDS
        widgets = {
            "date": DateInput(),
            "letter_date": DateInput(),
            "reference_date": DateInput(),
            "job_date": DateInput(),
            "body": forms.Textarea(attrs={"rows": 8}),
            "annex_introduction": forms.Textarea(attrs={"rows": 3}),
            "corrections": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "body": _(
                "Paragraphs separated by a blank line: the honour formula first, the "
                "circulation formula last. Left empty, the standard wording is written."
            ),
            "job_number": _("Such as 08-24140; printed with its barcode text on page 1."),
        }

    def __init__(self, *args, new: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].required = not new
        if new:
            del self.fields["corrections"]
            del self.fields["use_emblem"]
        if self.instance.pk:
            self.fields["agenda"].initial = "\n".join(
                f"{a.number}|{a.title}" for a in self.instance.agenda_items.all()
            )
            self.fields["revision"].initial = self.instance.revision

    def clean_agenda(self):
        return parse_agenda(self.cleaned_data.get("agenda") or "")

    def clean(self):
        data = super().clean()
        if data.get("job_number") and not data.get("job_date"):
            self.add_error("job_date", _("Give the date that goes with the job number."))
        return data

    def validate_unique(self):
        # The actions check the symbol, with a message that names it.
        pass

    def document_fields(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("agenda", "revision"):
            data.pop(name, None)
        return data


class NewDocumentForm(DocumentForm):
    request = forms.ModelChoiceField(
        label=_("Replies to the request"), queryset=Request.objects.all()
    )

    field_order = ["request"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, new=True, **kwargs)


class ContributionsForm(forms.Form):
    """Which accepted replies the annex holds."""

    revision = forms.IntegerField(widget=forms.HiddenInput)
    contributions = ModelMultipleChoiceField(
        label=_("Replies in the annex"),
        queryset=Contribution.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contributions"].queryset = queryset
        self.fields["contributions"].label_from_instance = lambda c: (
            f"{c.recipient.participant}: {c.title}"
        )


class FamilyForm(forms.Form):
    """Start an addendum, a revision or a corrigendum."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    symbol = forms.CharField(
        label=_("Symbol"),
        required=False,
        max_length=60,
        help_text=_("Left empty, the next one: /Add.1, /Rev.1, /Corr.1."),
    )
    corrections = forms.CharField(
        label=_("Corrections, one a paragraph"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class IssueForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)


class EmblemForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    emblem = forms.FileField(
        label=_("Emblem (PNG or JPEG)"),
        required=False,
        help_text=_("Its use is restricted: supply it only where it may be printed."),
    )
