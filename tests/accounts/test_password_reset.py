"""Password reset by email, on humsec's pages: the same answer whether or not the address
has an account, links from HUMSEC_BASE_URL, a rate limit, and no way around two-factor."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from humsec.accounts.roles import Role

pytestmark = pytest.mark.django_db

PASSWORD = "Human-security-2007!"
NEW_PASSWORD = "Freedom-from-fear-2008!"


@pytest.fixture
def ana():
    user = get_user_model().objects.create_user(
        "secretariat-ana", email="ana@example.org", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name=Role.SECRETARIAT.value))
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def ask(email: str, client=None, **extra):
    return (client or Client()).post("/accounts/password_reset/", {"email": email}, **extra)


def test_the_sign_in_page_offers_forgot_your_password():
    page = Client().get("/accounts/login/")
    assert '<a href="/accounts/password_reset/">Forgot your password?</a>' in page.text


def test_the_reset_pages_are_humsec_pages():
    page = Client().get("/accounts/password_reset/")
    assert "<h1>Forgot your password?</h1>" in page.text
    assert 'class="skip-link"' in page.text  # base.html
    assert '<label for="id_email">' in page.text


def test_a_known_address_gets_a_link_that_sets_a_new_password(ana, mailoutbox):
    response = ask("ana@example.org")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_reset/done/"
    [message] = mailoutbox
    assert message.to == ["ana@example.org"]
    assert "for the account secretariat-ana" in message.body
    link = re.search(r"http://127\.0\.0\.1:8000(/accounts/reset/\S+/)", message.body).group(1)
    assert link in message.alternatives[0][0]
    browser = Client()
    form = browser.get(link, follow=True)
    assert "<h1>Choose a new password</h1>" in form.text
    done = browser.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "<h1>Password changed</h1>" in done.text
    ana.refresh_from_db()
    assert ana.check_password(NEW_PASSWORD)
    assert "<h1>This link does not work</h1>" in Client().get(link, follow=True).text


def test_an_unknown_address_gets_the_same_answer_and_no_email(ana, mailoutbox):
    known, unknown = ask("ana@example.org"), ask("nobody@example.org")

    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    page = Client().get(unknown["Location"])
    assert "If an account has this address" in page.text
    assert len(mailoutbox) == 1


def test_the_link_starts_with_the_base_url_whatever_host_the_request_named(
    ana, mailoutbox, settings
):
    settings.ALLOWED_HOSTS = ["*"]
    ask("ana@example.org", HTTP_HOST="attacker.example")
    assert "attacker.example" not in mailoutbox[0].body
    assert "http://127.0.0.1:8000/accounts/reset/" in mailoutbox[0].body


def test_the_reset_form_is_rate_limited_per_address(ana, settings, mailoutbox):
    settings.HUMSEC_RATE_LIMITS = {**settings.HUMSEC_RATE_LIMITS, "reset": 2}
    here = {"REMOTE_ADDR": "203.0.113.9"}
    assert ask("ana@example.org", **here).status_code == 302
    assert ask("nobody@example.org", **here).status_code == 302
    limited = ask("ana@example.org", **here)
    assert limited.status_code == 429
    assert "Too many requests." in limited.text
    assert Client().get("/accounts/password_reset/", **here).status_code == 200
    assert ask("ana@example.org", REMOTE_ADDR="203.0.113.10").status_code == 302
    assert len(mailoutbox) == 2


def test_a_new_password_does_not_get_around_two_factor(ana, mailoutbox):
    ask("ana@example.org")
    link = re.search(r"http://127\.0\.0\.1:8000(/accounts/reset/\S+/)", mailoutbox[0].body)
    browser = Client()
    form = browser.get(link.group(1), follow=True)
    browser.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    response = browser.post(
        "/accounts/login/", {"username": "secretariat-ana", "password": NEW_PASSWORD}, follow=True
    )

    assert "<h1>Enter the code from your authenticator app</h1>" in response.text
    assert browser.get("/requests/").status_code == 302
