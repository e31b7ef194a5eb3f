"""The shared test base: a database with the reference data and the demo, and named
personas, one per role.

The reference data and the demo are loaded once per test session; each test runs in a
transaction that is rolled back, so tests may change what they like.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from humsec.accounts.roles import Role

ROOT = Path(__file__).resolve().parents[1]
# Outside data for checks: ../shared/data beside the project, or HUMSEC_SHARED_DATA.
SHARED_DATA = Path(os.environ.get("HUMSEC_SHARED_DATA") or ROOT.parent / "shared" / "data")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("loadreference", verbosity=0)
        call_command("loaddemo", verbosity=0)


@pytest.fixture(scope="module")
def demo_restored(django_db_setup, django_db_blocker):
    """For modules of transactional tests: such a test empties every table when it ends,
    taking the reference data and the demo with it. Load them again afterwards for the
    tests that run later."""
    yield
    from humsec.meetings.models import Meeting

    with django_db_blocker.unblock():
        if not Meeting.objects.filter(number=2).exists():
            call_command("loadreference", verbosity=0)
            call_command("loaddemo", verbosity=0)


@pytest.fixture(autouse=True)
def english():
    """Each test starts in English, whatever language an earlier request switched to."""
    translation.activate("en")
    yield
    translation.deactivate()


@dataclass
class Personas:
    """One user per role (DESIGN.md habit 11). The focal point of Thailand must never
    see Chile's drafts."""

    secretariat: object
    co_chair: object
    reviewer: object
    chile: object  # focal point of Chile
    thailand: object  # focal point of Thailand
    anonymous: object

    def all(self) -> dict[str, object]:
        return dict(vars(self))

    def client(self, name: str, **options) -> Client:
        """A client signed in as the persona (anonymous: not signed in), with its second
        factor given when its role requires one (see sign_in)."""
        client = Client(**options)
        user = getattr(self, name)
        if user.is_authenticated:
            sign_in(client, user)
        return client


def sign_in(client: Client, user) -> Client:
    """Sign a test client in as `user`, as a person who also gave their second factor.

    `force_login` skips the password (no hashing, no lockout). Two-factor sign-in stays
    enforced in tests: the secretariat and the co-chairs reach nothing but the code page
    until their session is verified. So for them, and for anyone who has an authenticator
    app, this gives the user a confirmed TOTP device (if none) and records it in the
    session under django-otp's session key, exactly as `django_otp.login()` does after a
    right code. A test that needs an unverified session calls `client.force_login` alone;
    tests/accounts/test_two_factor.py gives real codes.
    """
    from django.contrib.auth import get_user_model
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from humsec.accounts import two_factor

    client.force_login(user)
    fresh = get_user_model().objects.get(pk=user.pk)  # roles_of caches on the object
    if two_factor.required_for(fresh) or two_factor.has_device(fresh):
        device = TOTPDevice.objects.filter(user=fresh, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=fresh, name="test app", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture(name="sign_in")
def sign_in_fixture():
    """The sign_in helper, for tests that make their own users and clients."""
    return sign_in


def make_user(username: str, role: Role | None = None, **extra):
    """A user without a password: tests sign in with force_login, so no hashing."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", **extra
    )
    if role is not None:
        user.groups.add(Group.objects.get(name=role.value))
    return user


def make_focal_point(username: str, code: str):
    from humsec.roster.models import FocalPoint, Participant

    user = make_user(username)
    FocalPoint.objects.create(
        participant=Participant.objects.get(code=code),
        name=username.title(),
        email=f"{username}@example.org",
        user=user,
    )
    return user


@pytest.fixture
def personas(db) -> Personas:
    return Personas(
        secretariat=make_user("secretariat", Role.SECRETARIAT, is_staff=True),
        co_chair=make_user("cochair", Role.CO_CHAIR),
        reviewer=make_user("reviewer", Role.REVIEWER),
        chile=make_focal_point("chile", "CHL"),
        thailand=make_focal_point("thailand", "THA"),
        anonymous=AnonymousUser(),
    )


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"outside data not found at {SHARED_DATA} (../shared/data is absent)")
    return SHARED_DATA
