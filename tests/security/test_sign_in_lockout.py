"""Repeated failed sign-ins lock sign-in (django-axes), with a clear page, for the user name
and for the address; a success resets the count; the lock ends after the cool-off."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "Human-security-2007!"
HERE = "198.51.100.20"
ELSEWHERE = "198.51.100.99"


@pytest.fixture
def user():
    return get_user_model().objects.create_user("secretariat-ana", password=PASSWORD)


def sign_in(client, username="secretariat-ana", password="wrong", address=HERE, url=None):
    return client.post(
        url or "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_sign_in_locks_after_the_configured_number_of_failures(user):
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5
    for _ in range(limit - 1):
        response = sign_in(client)
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.text
    response = sign_in(client)
    assert response.status_code == 429


def test_a_locked_sign_in_answers_with_a_clear_page_and_retry_after(user):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client)
    response = sign_in(client, password=PASSWORD)
    assert response.status_code == 429
    assert "<h1>Sign-in locked</h1>" in response.text
    assert "Signing in failed 5 times in a row" in response.text
    assert "Try again in 30 minutes." in response.text
    assert response["Retry-After"] == "1800"
    assert response["Content-Type"].startswith("text/html")
    assert not signed_in(client)


def test_the_lock_holds_for_the_user_name_from_another_address(user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client())
    response = sign_in(Client(), password=PASSWORD, address=ELSEWHERE)
    assert response.status_code == 429


def test_the_lock_holds_for_the_address_whatever_the_user_name(user):
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(), username=f"guess-{number}")
    response = sign_in(Client(), password=PASSWORD)
    assert response.status_code == 429


def test_a_successful_sign_in_resets_the_count(user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(Client())
    client = Client()
    assert sign_in(client, password=PASSWORD).status_code == 302
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(Client()).status_code == 200


def test_the_admin_sign_in_is_locked_too(user):
    user.is_staff = True
    user.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(), url="/admin/login/")
    response = sign_in(Client(), password=PASSWORD, url="/admin/login/")
    assert response.status_code == 429
    assert "Sign-in locked" in response.text


def test_sign_in_works_again_after_the_cool_off(user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client())
    assert sign_in(Client(), password=PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - dt.timedelta(minutes=31))
    client = Client()
    assert sign_in(client, password=PASSWORD).status_code == 302
    assert signed_in(client)


def test_force_login_in_tests_is_untouched_by_the_lock(user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client())
    client = Client()
    client.force_login(user)
    assert client.get("/", REMOTE_ADDR=HERE).status_code == 200
    assert signed_in(client)
