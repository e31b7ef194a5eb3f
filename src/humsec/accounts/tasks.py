"""Background work for accounts: the password-reset email. Tasks take ids, not objects."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

FOLDER = "accounts/emails/password_reset"


@task()
def send_password_reset(user_id: int, language: str = "en") -> bool:
    """The reset link for one account, made here rather than passed in, so that it is
    never stored in the task queue. Links start with HUMSEC_BASE_URL, never with the Host
    of the request that asked, which a stranger controls."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or not user.has_usable_password():
        return False
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "user": user,
        "group_name": settings.HUMSEC_GROUP_NAME,
        "link": settings.HUMSEC_BASE_URL.rstrip("/") + path,
        "username": user.get_username(),
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        "language": language,
    }
    with translation.override(language):
        subject = " ".join(render_to_string(f"{FOLDER}/subject.txt", context).split())
        text = render_to_string(f"{FOLDER}/body.txt", context)
        html = render_to_string(f"{FOLDER}/body.html", context)
    reply_to = [settings.HUMSEC_REPLY_TO] if settings.HUMSEC_REPLY_TO else []
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [user.email], reply_to=reply_to
    )
    message.attach_alternative(html, "text/html")
    message.send()
    return True
