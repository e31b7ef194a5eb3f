"""Passwords are stored only as argon2 hashes; older hashes still work and are upgraded."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "Human-security-2007!"


def test_a_new_password_is_stored_as_an_argon2_hash_and_nothing_else():
    user = get_user_model().objects.create_user("ana", password=PASSWORD)
    assert user.password.startswith("argon2$argon2id$")
    assert PASSWORD not in user.password
    assert user.check_password(PASSWORD)
    assert not user.check_password(PASSWORD + "x")


def test_a_password_set_through_the_admin_form_path_is_argon2_too():
    user = get_user_model().objects.create_user("ben")
    user.set_password(PASSWORD)
    user.save()
    user.refresh_from_db()
    assert user.password.startswith("argon2")


def test_an_older_pbkdf2_hash_still_signs_in_and_becomes_argon2():
    user = get_user_model().objects.create_user("carla")
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save()
    response = Client().post(
        "/accounts/login/", {"username": "carla", "password": PASSWORD}, REMOTE_ADDR="192.0.2.10"
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2")
