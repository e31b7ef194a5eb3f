"""Version history with "Restore this version", for participants, initiatives and replies:
who sees which history, what each version changed, and what a restore brings back, writes
to the audit log and keeps."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from humsec.audit.models import AuditEntry
from humsec.audit.versions import RestoreError
from humsec.initiatives.models import Initiative, Theme
from humsec.outreach import actions as outreach
from humsec.outreach import replies
from humsec.outreach.models import Contribution, RecipientStatus
from humsec.roster import actions as roster
from humsec.roster.models import Participant

pytestmark = pytest.mark.django_db


def text(fragment: str) -> str:
    fragment = fragment.replace("</li>", "</li> ").replace("</td>", "</td> ")
    return " ".join(html.unescape(strip_tags(fragment)).split())


def versions(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    body = re.search(
        r'<section aria-labelledby="versions-title">.*?<tbody>(.*?)</tbody>',
        response.content.decode(),
        re.S,
    )[1]
    return [text(row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def messages_of(response) -> list[str]:
    found = re.findall(r'<li class="message[^"]*">(.*?)</li>', response.content.decode(), re.S)
    return [text(m) for m in found]


def follow(client, response):
    assert response.status_code == 302, response.status_code
    return client.get(response["Location"])


# Participants ------------------------------------------------------------------------------


@pytest.fixture
def chile():
    """Chile, renamed by mistake in the admin (a save that makes a version)."""
    participant = Participant.objects.get(code="CHL")
    participant.short_name = "Chili"
    participant.formal_name = "the Republic of Chili"
    participant.save()
    return participant


def earlier(obj):
    """The version before the latest."""
    return obj.history.order_by("-history_date", "-history_id")[1]


def test_a_participant_s_versions_say_what_changed_field_by_field(personas, chile):
    rows = versions(
        personas.client("secretariat").get(reverse("participant-history", args=["CHL"]))
    )

    assert "(current)" in rows[0]
    assert "Short name: Chile → Chili" in rows[0]
    assert "Formal name: the Republic of Chile → the Republic of Chili" in rows[0]
    assert "Restore this version" not in rows[0]  # the current one is not restored
    assert "Restore this version" in rows[1]


def test_the_secretariat_restores_a_participant_and_the_later_version_stays(personas, chile):
    client = personas.client("secretariat")
    before = chile.history.count()
    wanted = earlier(chile)
    url = reverse("participant-restore", args=["CHL", wanted.history_id])

    page = follow(client, client.post(url, {"reason": "Misspelt in the admin"}))

    assert messages_of(page) == ["The earlier version is restored."]
    chile.refresh_from_db()
    assert (chile.short_name, chile.formal_name) == ("Chile", "the Republic of Chile")
    entry = AuditEntry.objects.get(code="participant.restore", object_id=str(chile.pk))
    assert entry.actor == personas.secretariat
    assert entry.reason == "Misspelt in the admin"
    assert entry.changes["short_name"] == ["Chili", "Chile"]
    assert entry.ip == "127.0.0.1"
    # Nothing is lost: the restore is a new version, the mistaken one is still there.
    assert chile.history.count() == before + 1
    rows = versions(page)
    assert "Short name: Chili → Chile" in rows[0] and "secretariat" in rows[0]
    assert "Short name: Chile → Chili" in rows[1]
    assert chile.history.first().history_user == personas.secretariat


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("secretariat", 200),
        ("co_chair", 200),
        ("reviewer", 200),
        ("chile", 404),
        ("thailand", 404),
        ("anonymous", 302),
    ],
)
def test_who_sees_a_participant_s_history(personas, chile, persona, status):
    response = personas.client(persona).get(reverse("participant-history", args=["CHL"]))

    assert response.status_code == status
    if status == 200:
        restores = "Restore this version" in response.content.decode()
        assert restores is (persona == "secretariat")


@pytest.mark.parametrize("persona", ["co_chair", "reviewer", "chile", "thailand"])
def test_only_the_secretariat_restores_a_participant(personas, chile, persona):
    url = reverse("participant-restore", args=["CHL", earlier(chile).history_id])

    assert personas.client(persona).post(url).status_code == 404
    chile.refresh_from_db()
    assert chile.short_name == "Chili"
    assert not AuditEntry.objects.filter(code="participant.restore").exists()


def test_a_version_that_would_clash_with_another_record_is_refused_and_says_why(personas):
    chile = Participant.objects.get(code="CHL")
    chile.code = "CHX"
    chile.save()
    Participant.objects.create(code="CHL", kind="other", short_name="A newcomer")
    client = personas.client("secretariat")
    url = reverse("participant-restore", args=["CHX", earlier(chile).history_id])

    page = follow(client, client.post(url))

    assert messages_of(page) == [
        "This version cannot be restored as it stands: code: Participant with this Code "
        "already exists."
    ]
    chile.refresh_from_db()
    assert chile.code == "CHX"


def test_restoring_a_version_with_the_values_of_now_says_there_is_nothing_to_restore(
    personas, chile
):
    chile.short_name, chile.formal_name = "Chile", "the Republic of Chile"
    chile.save()
    same = chile.history.order_by("-history_date", "-history_id")[2]

    with pytest.raises(RestoreError, match="there is nothing to restore"):
        roster.restore_participant_version(chile.pk, same.history_id, personas.secretariat)


def test_a_version_of_another_record_is_not_found(personas, chile):
    thailand = Participant.objects.get(code="THA")
    client = personas.client("secretariat")
    url = reverse("participant-restore", args=["CHL", thailand.history.first().history_id])

    page = follow(client, client.post(url))

    assert messages_of(page) == ["There is no such earlier version of “Chili”."]


# Replies -----------------------------------------------------------------------------------


def a_reply(code: str, title: str, text_: str):
    today = timezone.localdate()
    request = outreach.create_request(
        title="Information on human security initiatives",
        letter_date=today,
        deadline=today + dt.timedelta(days=30),
        signatories=[
            outreach.SignatoryData(
                Participant.objects.get(code="JPN"), "Yukio Takasu", "Ambassador"
            )
        ],
        recipients=[Participant.objects.get(code=code)],
    )
    recipient = request.recipients.get()
    outreach.set_status(recipient, RecipientStatus.SENT)
    return recipient, replies.save_draft(
        recipient, {"title": title, "narrative_markdown": text_}, None
    )


@pytest.fixture
def chile_reply():
    """Chile's draft, whose text was then replaced by mistake."""
    recipient, contribution = a_reply("CHL", "Chile's reply", "Chile held a seminar in 2007.")
    return replies.save_draft(
        recipient, {"narrative_markdown": "Text pasted by mistake."}, contribution.revision
    )


def test_a_focal_point_sees_its_own_reply_s_versions_and_not_another_s(personas, chile_reply):
    _recipient, thai = a_reply("THA", "Thailand's reply", "Thailand hosted a forum.")
    chile = personas.client("chile")

    rows = versions(chile.get(reverse("contribution-history", args=[chile_reply.pk])))

    assert "Reply: Chile held a seminar in 2007. → Text pasted by mistake." in rows[0]
    assert "Restore this version" not in "".join(rows)
    assert chile.get(reverse("contribution-history", args=[thai.pk])).status_code == 404
    thailand = personas.client("thailand")
    assert thailand.get(reverse("contribution-history", args=[chile_reply.pk])).status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("secretariat", 200),
        ("co_chair", 200),
        ("reviewer", 200),
        ("chile", 200),
        ("thailand", 404),
        ("anonymous", 302),
    ],
)
def test_who_sees_a_reply_s_history(personas, chile_reply, persona, status):
    url = reverse("contribution-history", args=[chile_reply.pk])

    assert personas.client(persona).get(url).status_code == status


def test_the_secretariat_restores_a_reply_s_text_and_its_revision_moves_on(personas, chile_reply):
    client = personas.client("secretariat")
    wanted = earlier(chile_reply)
    url = reverse("contribution-restore", args=[chile_reply.pk, wanted.history_id])
    revision = chile_reply.revision
    before = chile_reply.history.count()

    page = follow(client, client.post(url, {"revision": revision, "reason": "Lost text"}))

    assert messages_of(page) == ["The earlier version is restored."]
    chile_reply.refresh_from_db()
    assert chile_reply.narrative_markdown == "Chile held a seminar in 2007."
    assert "Chile held a seminar in 2007." in chile_reply.narrative_html
    assert chile_reply.revision == revision + 1
    assert chile_reply.history.count() == before + 1
    entry = AuditEntry.objects.get(code="contribution.restore")
    assert entry.changes["narrative_markdown"] == [
        "Text pasted by mistake.",
        "Chile held a seminar in 2007.",
    ]
    assert entry.reason == "Lost text"
    rows = versions(page)
    assert "Reply: Text pasted by mistake. → Chile held a seminar in 2007." in rows[0]
    assert "Reply: Chile held a seminar in 2007. → Text pasted by mistake." in rows[1]


def test_a_restore_based_on_an_older_revision_is_refused(personas, chile_reply):
    client = personas.client("secretariat")
    url = reverse("contribution-restore", args=[chile_reply.pk, earlier(chile_reply).history_id])

    page = follow(client, client.post(url, {"revision": chile_reply.revision - 1}))

    assert messages_of(page) == [
        "This reply was changed since you opened its history: reload the page and choose "
        "the version again."
    ]
    chile_reply.refresh_from_db()
    assert chile_reply.narrative_markdown == "Text pasted by mistake."


def test_a_draft_saved_from_before_the_restore_is_refused_not_merged(personas, chile_reply):
    stale = chile_reply.revision
    outreach.restore_contribution_version(
        chile_reply.pk, earlier(chile_reply).history_id, personas.secretariat
    )

    with pytest.raises(replies.Conflict):
        replies.save_draft(chile_reply.recipient, {"narrative_markdown": "Tab left open"}, stale)


def test_a_restore_leaves_the_review_decision_and_the_submission_as_they_are(personas, chile_reply):
    first = chile_reply.history.earliest("history_date")
    replies.submit_contribution(chile_reply.recipient)
    Contribution.objects.filter(pk=chile_reply.pk).update(review_status="accepted")

    restored = outreach.restore_contribution_version(
        chile_reply.pk, first.history_id, personas.secretariat
    )

    assert restored.review_status == "accepted"
    assert restored.submitted_at is not None
    restored.recipient.refresh_from_db()
    assert restored.recipient.status == RecipientStatus.SUBMITTED


@pytest.mark.parametrize("persona", ["co_chair", "reviewer", "chile", "thailand"])
def test_only_the_secretariat_restores_a_reply(personas, chile_reply, persona):
    url = reverse("contribution-restore", args=[chile_reply.pk, earlier(chile_reply).history_id])

    assert personas.client(persona).post(url).status_code == 404
    chile_reply.refresh_from_db()
    assert chile_reply.narrative_markdown == "Text pasted by mistake."


# Initiatives -------------------------------------------------------------------------------


@pytest.fixture
def vienna():
    initiative = Initiative.objects.get(key="osce-workshop-vienna-2007--jpn")
    initiative.title = "OSCE workshop (title changed by mistake)"
    initiative.save()
    initiative.themes.add(Theme.objects.get(code="peacebuilding"))
    return initiative


def test_an_initiative_s_versions_show_its_fields_and_themes(personas, vienna):
    client = personas.client("reviewer")

    response = client.get(reverse("initiative-history", args=[vienna.pk]))

    rows = versions(response)
    assert any("Themes:" in row and "Peacebuilding" in row for row in rows[:2])
    assert any(
        "Title: OSCE Workshop on Human Security → OSCE workshop (title changed by mistake)" in row
        for row in rows[:2]
    )
    action = reverse("review-restore", args=[vienna.pk, earlier(vienna).history_id])
    assert f'action="{action}"' in response.content.decode()
    assert f'name="revision" value="{vienna.revision}"' in response.content.decode()


def test_an_initiative_restore_from_an_older_revision_is_refused(personas, vienna):
    wanted = vienna.history.filter(title="OSCE Workshop on Human Security").first()
    client = personas.client("secretariat")
    url = reverse("review-restore", args=[vienna.pk, wanted.history_id])

    page = follow(client, client.post(url, {"revision": vienna.revision + 5}))

    assert "was changed by someone else since you opened it" in messages_of(page)[0]
    vienna.refresh_from_db()
    assert vienna.title == "OSCE workshop (title changed by mistake)"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("secretariat", 200),
        ("co_chair", 200),
        ("reviewer", 200),
        ("chile", 404),
        ("thailand", 404),
        ("anonymous", 302),
    ],
)
def test_who_sees_an_accepted_initiative_s_history(personas, vienna, persona, status):
    """Its history holds earlier drafts: it is not public as the initiative is."""
    url = reverse("initiative-history", args=[vienna.pk])

    assert personas.client(persona).get(url).status_code == status


def test_the_reporter_s_focal_point_sees_its_initiative_s_history(personas):
    recipient, _reply = a_reply("THA", "Thailand's reply", "Thailand hosted a forum.")
    forum = replies.save_initiative(recipient, {"title": "Bangkok forum", "kind": "seminar"})
    url = reverse("initiative-history", args=[forum.pk])

    assert personas.client("thailand").get(url).status_code == 200
    assert personas.client("chile").get(url).status_code == 404
