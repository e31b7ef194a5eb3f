"""Invitations: the secretariat invites a person by email with a role; a one-time link,
stored only as a hash and expiring, lets the person choose a password; the account is
made with the role. The secretariat lists, resends and revokes; every step is audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from humsec.accounts import access
from humsec.accounts.models import Invitation
from humsec.accounts.roles import Role, roles_of
from humsec.audit.models import AuditEntry
from humsec.roster.models import FocalPoint, Participant

pytestmark = pytest.mark.django_db

PASSWORD = "Human-security-2007!"
INVALID = "<h1>This invitation link does not work</h1>"


def invite(client, **fields):
    data = {"name": "Ana Ortiz", "email": "ana.ortiz@example.org", "role": "reviewer"}
    data.update(language="en", **fields)
    return client.post("/accounts/invitations/new/", data)


def link_in(message) -> str:
    found = re.search(r"http://127\.0\.0\.1:8000(/accounts/invitation/[^/\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def accept(path: str, password: str = PASSWORD, client=None):
    client = client or Client()
    return client.post(path, {"new_password1": password, "new_password2": password})


def test_the_secretariat_invites_a_person_and_an_email_carries_a_one_time_link(
    personas, mailoutbox
):
    response = invite(personas.client("secretariat"))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/people/"
    [message] = mailoutbox
    assert message.to == ["ana.ortiz@example.org"]
    assert message.subject == "Your account for the Friends of Human Security"
    assert "invites you to an account as reviewer" in message.body
    assert "Your user name will be ana.ortiz@example.org" in message.body
    path = link_in(message)
    assert path in message.alternatives[0][0]
    token = path.split("/")[-2]
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(Invitation.objects.values().get())
    assert (invitation.expires_at - timezone.now()).days == 6  # 7 days less a moment
    entry = AuditEntry.objects.get(code="invitation.create")
    assert entry.actor == personas.secretariat
    assert token not in str(entry.changes)


def test_the_invited_person_chooses_a_password_and_gets_the_role(personas, mailoutbox):
    invite(personas.client("secretariat"))
    path = link_in(mailoutbox[0])
    browser = Client()

    page = browser.get(path)
    assert page.status_code == 200
    assert "<h1>Choose your password</h1>" in page.text
    assert "ana.ortiz@example.org" in page.text
    assert not get_user_model().objects.filter(username="ana.ortiz@example.org").exists()

    response = accept(path, client=browser)

    assert response.status_code == 302
    assert response["Location"] == "/"
    user = get_user_model().objects.get(username="ana.ortiz@example.org")
    assert user.check_password(PASSWORD)
    assert user.first_name == "Ana Ortiz"
    assert Role.REVIEWER in roles_of(user)
    assert browser.get("/review/").status_code == 200  # signed in, as a reviewer
    assert AuditEntry.objects.get(code="invitation.accept").actor == user
    assert INVALID in Client().get(path).text  # used: the link works once


def test_a_focal_point_answers_for_the_participant_it_was_invited_for(personas, mailoutbox):
    thailand = Participant.objects.get(code="THA")
    invite(
        personas.client("secretariat"),
        role="focal-point",
        participant=thailand.pk,
        email="focal@thaimission.example.org",
    )
    assert "as focal point for Thailand" in mailoutbox[0].body

    accept(link_in(mailoutbox[0]))

    user = get_user_model().objects.get(username="focal@thaimission.example.org")
    assert Role.FOCAL_POINT in roles_of(user)
    assert list(access.participants_of(user)) == [thailand]
    assert FocalPoint.objects.get(user=user).email == "focal@thaimission.example.org"


def test_a_focal_point_invitation_without_a_participant_is_refused_with_a_message(personas):
    response = invite(personas.client("secretariat"), role="focal-point")
    assert response.status_code == 200
    assert "A focal point answers for a participant: choose which." in response.text
    assert 'value="ana.ortiz@example.org"' in response.text  # nothing typed is lost
    assert not Invitation.objects.exists()


def test_an_address_with_an_account_is_refused_with_a_message(personas):
    get_user_model().objects.create_user("ana", email="ana.ortiz@example.org", password=PASSWORD)
    response = invite(personas.client("secretariat"))
    assert response.status_code == 200
    assert "ana.ortiz@example.org already has an account (user name ana)" in response.text
    assert not Invitation.objects.exists()


def test_a_second_invitation_to_a_waiting_address_is_refused(personas, mailoutbox):
    client = personas.client("secretariat")
    invite(client)
    response = invite(client)
    assert "is already waiting: resend it from the list instead" in response.text
    assert Invitation.objects.count() == 1


def test_a_secretariat_invitee_is_taken_to_set_up_two_factor(personas, mailoutbox):
    invite(personas.client("secretariat"), role="secretariat")
    browser = Client()
    response = browser.post(
        link_in(mailoutbox[0]),
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
        follow=True,
    )
    assert "<h1>Set up two-factor sign-in</h1>" in response.text
    assert browser.get("/requests/").status_code == 302
    assert get_user_model().objects.get(username="ana.ortiz@example.org").is_staff


def test_a_weak_password_is_refused_by_django_s_validators_and_the_link_still_works(
    personas, mailoutbox
):
    invite(personas.client("secretariat"))
    path = link_in(mailoutbox[0])

    response = accept(path, password="password")

    assert response.status_code == 200
    assert "This password is too common." in response.text
    assert not get_user_model().objects.filter(username="ana.ortiz@example.org").exists()
    assert Client().get(path).status_code == 200


def test_expired_revoked_and_unknown_links_get_one_plain_page(personas, mailoutbox, settings):
    client = personas.client("secretariat")
    invite(client)
    invite(client, email="ben@example.org")
    expired, revoked = link_in(mailoutbox[0]), link_in(mailoutbox[1])
    Invitation.objects.filter(email="ana.ortiz@example.org").update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    client.post(
        f"/accounts/invitations/{Invitation.objects.get(email='ben@example.org').pk}/revoke/"
    )

    for path in (expired, revoked, "/accounts/invitation/no-such-token/"):
        page = Client().get(path)
        assert page.status_code == 404
        assert INVALID in page.text
        assert accept(path).status_code == 404
    assert (
        get_user_model()
        .objects.filter(email__in=["ana.ortiz@example.org", "ben@example.org"])
        .count()
        == 0
    )


def test_resending_sends_a_new_link_and_the_earlier_one_stops_working(personas, mailoutbox):
    client = personas.client("secretariat")
    invite(client)
    invitation = Invitation.objects.get()
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(days=1)
    )

    response = client.post(f"/accounts/invitations/{invitation.pk}/resend/")

    assert response.status_code == 302
    assert len(mailoutbox) == 2
    old, new = link_in(mailoutbox[0]), link_in(mailoutbox[1])
    assert old != new
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    assert AuditEntry.objects.filter(code="invitation.resend").count() == 1
    assert "A new link went to ana.ortiz@example.org" in client.get("/accounts/people/").text


def test_revoking_is_audited_and_an_accepted_invitation_cannot_be_revoked(personas, mailoutbox):
    client = personas.client("secretariat")
    invite(client)
    invitation = Invitation.objects.get()
    accept(link_in(mailoutbox[0]))

    response = client.post(f"/accounts/invitations/{invitation.pk}/revoke/", follow=True)

    assert "was already accepted" in response.text
    assert not AuditEntry.objects.filter(code="invitation.revoke").exists()


def test_the_people_page_lists_waiting_invitations_with_resend_and_revoke(personas, mailoutbox):
    client = personas.client("secretariat")
    invite(client)
    invitation = Invitation.objects.get()

    page = client.get("/accounts/people/")

    assert "<h2>Invitations waiting</h2>" in page.text
    assert "ana.ortiz@example.org" in page.text
    assert f'action="/accounts/invitations/{invitation.pk}/resend/"' in page.text
    assert f'action="/accounts/invitations/{invitation.pk}/revoke/"' in page.text
    after = client.post(f"/accounts/invitations/{invitation.pk}/revoke/", follow=True)
    assert "The invitation to ana.ortiz@example.org was revoked" in after.text
    assert f"/accounts/invitations/{invitation.pk}/resend/" not in after.text
    assert "No invitation is waiting." in after.text
    assert AuditEntry.objects.get(code="invitation.revoke").actor == personas.secretariat


def test_the_link_works_for_the_configured_number_of_days(personas, mailoutbox, settings):
    settings.HUMSEC_INVITATION_DAYS = 2
    invite(personas.client("secretariat"))
    invitation = Invitation.objects.get()
    assert (invitation.expires_at - invitation.created_at) == dt.timedelta(days=2) or (
        abs((invitation.expires_at - invitation.created_at) - dt.timedelta(days=2))
        < dt.timedelta(seconds=5)
    )
    assert "The link works once, until" in mailoutbox[0].body


def test_an_email_that_cannot_be_sent_keeps_nothing_and_says_so(personas, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    response = invite(personas.client("secretariat"))

    assert response.status_code == 200
    assert "The email to ana.ortiz@example.org could not be sent" in response.text
    assert not Invitation.objects.exists()
    assert not AuditEntry.objects.filter(code="invitation.create").exists()
