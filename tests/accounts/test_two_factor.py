"""Two-factor sign-in: the secretariat and the co-chairs give a code from an
authenticator app after their password, before anything else; others may choose to.

These tests sign in with the password through the sign-in page (no force_login), and
give real codes computed from the device's key with django_otp.oath.totp.
"""

from __future__ import annotations

import datetime as dt
import re
from binascii import unhexlify

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from humsec.accounts import two_factor
from humsec.accounts.roles import Role
from humsec.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "Human-security-2007!"
CODE_PAGE = "Enter the code from your authenticator app"
SETUP_PAGE = "Set up two-factor sign-in"


def person(username: str, role: Role | None = Role.SECRETARIAT, app: bool = True):
    user = get_user_model().objects.create_user(
        username, email=f"{username}@example.org", password=PASSWORD, is_staff=True
    )
    if role is not None:
        user.groups.add(Group.objects.get(name=role.value))
    if app:
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def code_of(user, step_offset: int = 0) -> str:
    """The code the user's app shows now (or `step_offset` time steps later)."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, t0=-step_offset * 30):06d}"


def code_for_key(key: str) -> str:
    return f"{totp(unhexlify(key)):06d}"


def with_password(client: Client, username: str, next_url: str = "/review/"):
    """Sign in through the sign-in page, as a person does."""
    return client.post(
        f"/accounts/login/?next={next_url}",
        {"username": username, "password": PASSWORD, "next": next_url},
        follow=True,
    )


@pytest.fixture
def ana():
    return person("secretariat-ana")


# Asked for the code, held until it is given ------------------------------------------------


def test_a_secretariat_user_signing_in_with_a_password_gets_the_code_page(ana):
    client = Client()
    response = with_password(client, "secretariat-ana")
    assert response.status_code == 200
    assert f"<h1>{CODE_PAGE}</h1>" in response.text
    assert response.redirect_chain[-1][0] == "/accounts/two-factor/verify/?next=%2Freview%2F"
    assert 'autocomplete="one-time-code"' in response.text


def test_until_the_code_is_given_review_the_api_and_the_admin_are_refused(ana):
    client = Client()
    with_password(client, "secretariat-ana")

    review = client.get("/review/")
    assert review.status_code == 302
    assert review["Location"] == "/accounts/two-factor/verify/?next=%2Freview%2F"
    api = client.get("/api/v1/participants")
    assert api.status_code == 403
    assert "Two-factor sign-in is required" in api.json()["detail"]
    admin = client.get("/admin/")
    assert admin.status_code == 302
    assert admin["Location"].startswith("/accounts/two-factor/verify/")
    for page in ("/", "/requests/", "/accounts/people/", "/accounts/two-factor/setup/"):
        assert client.get(page).status_code == 302, page


def test_a_right_code_from_the_app_opens_review_and_the_api(ana):
    client = Client()
    with_password(client, "secretariat-ana")

    response = client.post(
        "/accounts/two-factor/verify/", {"code": code_of(ana), "next": "/review/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/review/"
    assert client.get("/review/").status_code == 200
    assert client.get("/api/v1/participants").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_with_a_message_and_audited(ana):
    client = Client()
    with_password(client, "secretariat-ana")

    wrong = f"{(int(code_of(ana)) + 1) % 1_000_000:06d}"
    response = client.post("/accounts/two-factor/verify/", {"code": wrong})

    assert response.status_code == 200
    assert "That code is not right, or was used already." in response.text
    assert 'role="alert"' in response.text
    assert client.get("/review/").status_code == 302
    entry = AuditEntry.objects.get(code="two_factor.verify_failed")
    assert entry.actor == ana
    assert entry.changes == {"wrong codes in a row": [0, 1]}
    assert wrong not in str(entry.changes)


def test_a_code_cannot_be_used_twice(ana):
    code = code_of(ana)
    first, second = Client(), Client()
    with_password(first, "secretariat-ana")
    with_password(second, "secretariat-ana")

    assert first.post("/accounts/two-factor/verify/", {"code": code}).status_code == 302
    response = second.post("/accounts/two-factor/verify/", {"code": code})

    assert response.status_code == 200
    assert "was used already" in response.text
    assert second.get("/review/").status_code == 302


def test_a_code_from_a_phone_a_little_behind_is_accepted(ana):
    client = Client()
    with_password(client, "secretariat-ana")
    response = client.post("/accounts/two-factor/verify/", {"code": code_of(ana, -1)})
    assert response.status_code == 302


def test_wrong_codes_lock_code_entry_like_wrong_passwords_lock_sign_in(ana, settings):
    client = Client()
    with_password(client, "secretariat-ana")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post("/accounts/two-factor/verify/", {"code": "000000"}).status_code == 200

    locked = client.post("/accounts/two-factor/verify/", {"code": "000000"})
    assert locked.status_code == 429
    assert "Too many wrong codes in a row" in locked.text
    assert "Try again in 30 minutes." in locked.text
    assert 1790 <= int(locked["Retry-After"]) <= 1800

    # Even the right code is refused while the lock holds, from another browser too.
    other = Client()
    with_password(other, "secretariat-ana")
    refused = other.post("/accounts/two-factor/verify/", {"code": code_of(ana)})
    assert refused.status_code == 429
    assert other.get("/review/").status_code == 302
    assert AuditEntry.objects.filter(code="two_factor.verify_failed").count() == 5


def test_the_lock_ends_after_the_cool_off_and_a_right_code_then_passes(ana, settings):
    client = Client()
    with_password(client, "secretariat-ana")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/two-factor/verify/", {"code": "000000"})
    earlier = timezone.now() - settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=1)
    TOTPDevice.objects.filter(user=ana).update(throttling_failure_timestamp=earlier)
    StaticDevice.objects.filter(user=ana).update(throttling_failure_timestamp=earlier)

    response = client.post("/accounts/two-factor/verify/", {"code": code_of(ana)})

    assert response.status_code == 302
    assert two_factor.failures(ana)[0] == 0


def test_a_co_chair_is_held_too():
    person("co-chair-ben", Role.CO_CHAIR)
    client = Client()
    response = with_password(client, "co-chair-ben")
    assert f"<h1>{CODE_PAGE}</h1>" in response.text
    assert client.get("/requests/").status_code == 302


def test_a_reviewer_without_an_app_is_not_asked_for_a_code():
    person("reviewer-cai", Role.REVIEWER, app=False)
    client = Client()
    response = with_password(client, "reviewer-cai")
    assert response.redirect_chain[-1][0] == "/review/"
    assert response.status_code == 200


def test_a_reviewer_who_set_up_an_app_is_asked_for_its_code():
    person("reviewer-dia", Role.REVIEWER, app=True)
    client = Client()
    response = with_password(client, "reviewer-dia")
    assert f"<h1>{CODE_PAGE}</h1>" in response.text
    assert client.get("/review/").status_code == 302


# Setting up an app -------------------------------------------------------------------------


def setup_key(client: Client) -> str:
    """The key the set-up page shows, read back as the app would (from the page's text)."""
    page = client.get("/accounts/two-factor/setup/")
    spaced = re.search(r'<code id="secret" class="secret">([A-Z2-7 ]+)</code>', page.text)
    assert spaced, page.text
    return client.session["humsec_two_factor_setup"]


def test_a_secretariat_user_without_an_app_is_taken_to_set_one_up():
    person("secretariat-eve", app=False)
    client = Client()

    response = with_password(client, "secretariat-eve")

    assert f"<h1>{SETUP_PAGE}</h1>" in response.text
    assert response.redirect_chain[-1][0] == "/accounts/two-factor/setup/?next=%2Freview%2F"
    qr = re.search(
        r'<img src="(data:image/svg\+xml[^"]+)" width="240" height="240" alt="([^"]+)"',
        response.text,
    )
    assert qr, "the QR code is a data: image with a text alternative"
    assert "type the key below" in qr.group(2)
    assert re.search(
        r'<code id="secret" class="secret">[A-Z2-7]{4}( [A-Z2-7]{4}){7}</code>', response.text
    )
    assert client.get("/review/")["Location"] == "/accounts/two-factor/setup/?next=%2Freview%2F"
    assert client.get("/api/v1/participants").status_code == 403
    assert client.get("/accounts/two-factor/verify/")["Location"].startswith(
        "/accounts/two-factor/setup/"
    )


def test_opening_the_set_up_page_writes_nothing_to_the_database():
    eve = person("secretariat-eve", app=False)
    client = Client()
    with_password(client, "secretariat-eve")
    entries = AuditEntry.objects.count()
    client.get("/accounts/two-factor/setup/")
    client.get("/accounts/two-factor/setup/")
    assert not TOTPDevice.objects.filter(user=eve).exists()
    assert AuditEntry.objects.count() == entries


def test_setup_confirms_a_device_with_a_first_code_and_shows_backup_codes_once():
    eve = person("secretariat-eve", app=False)
    client = Client()
    with_password(client, "secretariat-eve")
    key = setup_key(client)

    response = client.post(
        "/accounts/two-factor/setup/", {"code": code_for_key(key), "next": "/review/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/backup-codes/?next=%2Freview%2F"
    device = TOTPDevice.objects.get(user=eve)
    assert device.confirmed and device.key == key
    shown = client.get(response["Location"])
    codes = re.findall(r"<li><code>([a-z2-7]{10})</code></li>", shown.text)
    assert len(codes) == 10
    assert "They are shown only now." in shown.text
    assert '<a class="button" href="/review/">' in shown.text
    assert not re.findall(r"<li><code>", client.get(response["Location"]).text)  # once
    assert client.get("/review/").status_code == 200  # this session gave its code
    entry = AuditEntry.objects.get(code="two_factor.confirm")
    assert entry.actor == eve and entry.object_id == str(eve.pk)
    assert key not in str(entry.changes) and codes[0] not in str(entry.changes)


def test_the_first_code_cannot_sign_in_again():
    person("secretariat-eve", app=False)
    client = Client()
    with_password(client, "secretariat-eve")
    code = code_for_key(setup_key(client))
    client.post("/accounts/two-factor/setup/", {"code": code})

    again = Client()
    with_password(again, "secretariat-eve")
    assert again.post("/accounts/two-factor/verify/", {"code": code}).status_code == 200


def test_a_wrong_first_code_confirms_nothing_and_says_why():
    eve = person("secretariat-eve", app=False)
    client = Client()
    with_password(client, "secretariat-eve")
    key = setup_key(client)
    wrong = f"{(int(code_for_key(key)) + 1) % 1_000_000:06d}"

    response = client.post("/accounts/two-factor/setup/", {"code": wrong})

    assert response.status_code == 200
    assert "That code does not match." in response.text
    assert not TOTPDevice.objects.filter(user=eve).exists()
    assert client.session["humsec_two_factor_setup"] == key  # the same key, still on the phone


def test_a_session_that_has_not_given_its_code_cannot_replace_the_app(ana):
    client = Client()
    with_password(client, "secretariat-ana")
    response = client.get("/accounts/two-factor/setup/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/verify/")


# Backup codes ------------------------------------------------------------------------------


def signed_up(username: str) -> tuple[object, list[str]]:
    """A user who set up an app through the pages, and the backup codes shown."""
    user = person(username, app=False)
    client = Client()
    with_password(client, username)
    key = setup_key(client)
    response = client.post("/accounts/two-factor/setup/", {"code": code_for_key(key)})
    shown = client.get(response["Location"])
    return user, re.findall(r"<li><code>([a-z2-7]{10})</code></li>", shown.text)


def test_a_backup_code_signs_in_once_and_is_audited():
    _fay, codes = signed_up("secretariat-fay")
    client = Client()
    with_password(client, "secretariat-fay")

    response = client.post("/accounts/two-factor/verify/", {"code": codes[0].upper()})

    assert response.status_code == 302
    assert client.get("/review/").status_code == 200
    assert AuditEntry.objects.get(code="two_factor.backup_code_used").changes == {
        "backup codes left": [None, 9]
    }
    again = Client()
    with_password(again, "secretariat-fay")
    assert again.post("/accounts/two-factor/verify/", {"code": codes[0]}).status_code == 200


def test_backup_codes_are_stored_only_as_hashes():
    fay, codes = signed_up("secretariat-fay")
    stored = set(StaticToken.objects.filter(device__user=fay).values_list("token", flat=True))
    assert len(stored) == 10
    assert not stored & set(codes)
    assert stored == {two_factor.hash_backup_code(code) for code in codes}


def test_new_backup_codes_replace_the_old_ones(sign_in):
    fay, codes = signed_up("secretariat-fay")
    client = sign_in(Client(), fay)

    response = client.post("/accounts/two-factor/backup-codes/")
    shown = client.get(response["Location"])

    new = re.findall(r"<li><code>([a-z2-7]{10})</code></li>", shown.text)
    assert len(new) == 10 and not set(new) & set(codes)
    assert AuditEntry.objects.filter(code="two_factor.backup_codes").count() == 1
    other = Client()
    with_password(other, "secretariat-fay")
    assert other.post("/accounts/two-factor/verify/", {"code": codes[1]}).status_code == 200


# Reset by the secretariat ------------------------------------------------------------------


def test_the_secretariat_resets_another_users_two_factor_and_it_is_audited(personas, ana):
    client = personas.client("secretariat")
    page = client.get("/accounts/people/")
    assert f'action="/accounts/people/{ana.pk}/two-factor/reset/"' in page.text

    response = client.post(
        f"/accounts/people/{ana.pk}/two-factor/reset/", {"reason": "Lost her phone."}
    )

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=ana).exists()
    entry = AuditEntry.objects.get(code="two_factor.reset")
    assert entry.actor == personas.secretariat
    assert entry.object_id == str(ana.pk)
    assert entry.reason == "Lost her phone."
    assert "was reset" in client.get("/accounts/people/").text
    # At her next sign-in she is taken to set up a new app.
    assert f"<h1>{SETUP_PAGE}</h1>" in with_password(Client(), "secretariat-ana").text


@pytest.mark.parametrize("persona", ["co_chair", "reviewer", "chile"])
def test_no_one_else_can_reset_two_factor(personas, ana, persona):
    client = personas.client(persona)
    assert client.post(f"/accounts/people/{ana.pk}/two-factor/reset/").status_code == 404
    assert TOTPDevice.objects.filter(user=ana).exists()


def test_an_operator_can_reset_two_factor_on_the_server(ana, capsys):
    call_command("reset_two_factor", "secretariat-ana")
    assert not TOTPDevice.objects.filter(user=ana).exists()
    assert AuditEntry.objects.get(code="two_factor.reset").actor is None
    assert "1 two-factor device(s) removed" in capsys.readouterr().out


def test_the_two_factor_page_says_whether_it_is_on(personas):
    on = personas.client("secretariat").get("/accounts/two-factor/")
    assert "On: after your password" in on.text
    off = personas.client("reviewer").get("/accounts/two-factor/")
    assert "Off: your password alone signs you in." in off.text
