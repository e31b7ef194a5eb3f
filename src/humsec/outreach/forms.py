from django import forms
from django.utils.translation import gettext_lazy as _

from humsec.dates import DateError, PartialDate
from humsec.forms import DateInput, FilterForm, ModelMultipleChoiceField
from humsec.initiatives.models import LANGUAGES, Kind, Theme
from humsec.meetings.models import Meeting
from humsec.outreach.compose import DEFAULT_LETTER, unknown_fields
from humsec.outreach.models import Channel, Contribution, RecipientStatus
from humsec.roster.models import STATE_KINDS, Participant


class RequestForm(forms.Form):
    RECIPIENTS = [
        ("meeting", _("Everyone who attended the meeting")),
        ("members", _("All Member States")),
        ("list", _("Those chosen below")),
    ]
    title = forms.CharField(label=_("Title"), max_length=300)
    reference = forms.CharField(label=_("Reference"), max_length=60, required=False)
    meeting = forms.ModelChoiceField(
        label=_("Decided at"), queryset=Meeting.objects.all(), required=False
    )
    letter_date = forms.DateField(label=_("Letter date"), widget=DateInput())
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())
    grace_days = forms.IntegerField(
        label=_("Links work this many days after the deadline"),
        min_value=0,
        max_value=365,
        initial=14,
    )
    recipients = forms.ChoiceField(
        label=_("Recipients"), choices=RECIPIENTS, widget=forms.RadioSelect, initial="meeting"
    )
    chosen = ModelMultipleChoiceField(
        label=_("Chosen recipients"),
        queryset=Participant.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )
    letter_en = forms.CharField(
        label=_("Letter in English"),
        widget=forms.Textarea(attrs={"rows": 10}),
        initial=DEFAULT_LETTER["en"],
    )
    letter_fr = forms.CharField(
        label=_("Letter in French"),
        widget=forms.Textarea(attrs={"rows": 10}),
        initial=DEFAULT_LETTER["fr"],
        required=False,
    )
    letter_es = forms.CharField(
        label=_("Letter in Spanish"),
        widget=forms.Textarea(attrs={"rows": 10}),
        initial=DEFAULT_LETTER["es"],
        required=False,
    )
    reminder_limit = forms.IntegerField(
        label=_("Reminders at most, per recipient"), min_value=0, max_value=10, initial=2
    )
    reminder_interval_days = forms.IntegerField(
        label=_("Days between reminders"), min_value=0, max_value=365, initial=14
    )

    def clean(self):
        data = super().clean()
        for language in ("en", "fr", "es"):
            unknown = unknown_fields(data.get(f"letter_{language}") or "")
            if unknown:
                self.add_error(
                    f"letter_{language}",
                    _(
                        "Unknown fields: %(fields)s. "
                        "Use {recipient}, {mission}, {deadline} or {link}."
                    )
                    % {"fields": ", ".join("{" + name + "}" for name in unknown)},
                )
        if (
            data.get("letter_date")
            and data.get("deadline")
            and data["deadline"] < data["letter_date"]
        ):
            self.add_error("deadline", _("The deadline is before the letter date."))
        if data.get("recipients") == "meeting" and not data.get("meeting"):
            self.add_error(
                "meeting", _("Choose the meeting whose participants receive the letter.")
            )
        if data.get("recipients") == "list" and not data.get("chosen"):
            self.add_error("chosen", _("Choose at least one recipient."))
        return data


class SignatoryForm(forms.Form):
    participant = forms.ModelChoiceField(
        label=_("Country"), queryset=Participant.objects.filter(kind__in=STATE_KINDS)
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    title = forms.CharField(label=_("Title, as it is to appear in this letter"), max_length=300)


# absolute_max: however many forms the (client-written) management form claims, no more
# than six are built and rendered; Django's default would build a thousand.
SignatoryFormSet = forms.formset_factory(
    SignatoryForm, extra=0, min_num=1, validate_min=True, max_num=6, absolute_max=6
)


class RecipientFilterForm(FilterForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Any status")),
            ("outstanding", _("outstanding")),
            *RecipientStatus.choices,
        ],
    )
    q = forms.CharField(label=_("Participant"), required=False, max_length=100)


class ReplyForm(forms.ModelForm):
    """What the focal point types; the revision guards against a second tab."""

    # A hidden field the user cannot correct: its message says what to do instead.
    revision = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            code: _(
                "This page came back without its version number, so it cannot be saved "
                "safely. Copy your text, reload the page and save again."
            )
            for code in ("required", "invalid", "max_value", "min_value")
        },
    )

    class Meta:
        model = Contribution
        fields = ["title", "reply_date", "language", "narrative_markdown", "receipt_email"]
        widgets = {
            "reply_date": DateInput(),
            "language": forms.Select(choices=LANGUAGES),
            "narrative_markdown": forms.Textarea(attrs={"rows": 16}),
        }
        labels = {"narrative_markdown": _("Reply (you may use Markdown: # headings, - lists)")}
        help_texts = {
            "title": _("For example: Chile's initiatives in the area of human security"),
        }


class SecretariatReplyForm(ReplyForm):
    class Meta(ReplyForm.Meta):
        fields = [*ReplyForm.Meta.fields, "channel"]
        widgets = {**ReplyForm.Meta.widgets, "channel": forms.Select(choices=Channel.choices)}


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))


class InitiativesUploadForm(UploadForm):
    all_or_nothing = forms.BooleanField(
        label=_("Import nothing if any row has a problem"), required=False
    )


class AttachmentForm(UploadForm):
    description = forms.CharField(
        label=_("What it is"),
        max_length=300,
        required=False,
        help_text=_("For example: note verbale of 1 October 2007"),
    )


class PartialDateField(forms.CharField):
    """A date as precise as known: "2007", "May 2007", "15 May 2007", "2007-05-15"."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return PartialDate.parse(value)
        except DateError as error:
            raise forms.ValidationError(str(error)) from None

    def prepare_value(self, value):
        return value.iso() if isinstance(value, PartialDate) else value


class InitiativeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    start = PartialDateField(
        label=_("Start"), required=False, help_text=_("2007, May 2007 or 15 May 2007")
    )
    end = PartialDateField(
        label=_("End"),
        required=False,
        help_text=_("Leave empty for a single event or something open-ended"),
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    country = forms.ModelChoiceField(
        label=_("Country"),
        required=False,
        queryset=Participant.objects.filter(kind__in=STATE_KINDS),
    )
    lead = forms.ModelChoiceField(
        label=_("Lead"), required=False, queryset=Participant.objects.all()
    )
    partners = ModelMultipleChoiceField(
        label=_("Partners"),
        required=False,
        queryset=Participant.objects.all(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    themes = ModelMultipleChoiceField(
        label=_("Themes"),
        required=False,
        queryset=Theme.objects.all(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, initial="en")
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end.last_day < start.first_day:
            self.add_error("end", _("The end is before the start."))
        return data
