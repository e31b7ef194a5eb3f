from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from humsec.accounts.models import INVITABLE_ROLES
from humsec.accounts.roles import Role
from humsec.roster.models import Participant


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The six digits your app shows now, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class SetupForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=16,
        help_text=_("After adding the account to the app, type the six digits it shows."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


class InvitationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(label=_("Role"), choices=INVITABLE_ROLES, initial=Role.REVIEWER)
    participant = forms.ModelChoiceField(
        label=_("Participant (for a focal point)"),
        queryset=Participant.objects.all(),
        required=False,
        help_text=_("The participant a focal point answers for. Leave empty for other roles."),
    )
    language = forms.ChoiceField(label=_("Language of the email"), choices=[])

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [(c, _(n)) for c, n in settings.LANGUAGES]
        self.fields["language"].initial = translation.get_language() or "en"

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.FOCAL_POINT and not data.get("participant"):
            self.add_error(
                "participant", _("A focal point answers for a participant: choose which.")
            )
        return data


class AcceptForm(SetPasswordForm):
    """The invited person chooses a password, checked by Django's validators against
    what is known of them."""

    def __init__(self, invitation, *args, **kwargs):
        person = get_user_model()(
            username=invitation.email.lower(), email=invitation.email, first_name=invitation.name
        )
        super().__init__(person, *args, **kwargs)


class ResetForm(PasswordResetForm):
    """Django's form, sending through a background task that makes the link itself: the
    answer is the same, and as quick, whether or not the address has an account, and the
    link is kept in no queue."""

    def save(self, *args, language=None, **kwargs):
        from humsec.accounts.tasks import send_password_reset

        for user in self.get_users(self.cleaned_data["email"]):
            send_password_reset.enqueue(user.pk, language or translation.get_language() or "en")
