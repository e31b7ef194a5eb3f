"""The reviewers' pages under /review/: the queue, accepting and returning initiatives and
replies, reviewers' notes, suggested themes, earlier states, the follow-up list, and who
may see and decide what."""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from humsec.audit.models import AuditEntry
from humsec.dates import PartialDate
from humsec.initiatives import actions
from humsec.initiatives.models import Initiative, NarrativeSuggestion, ReviewNote, Status, Theme
from humsec.initiatives.review_urls import urlpatterns as review_urlpatterns
from humsec.outreach import actions as outreach
from humsec.outreach import replies
from humsec.outreach.models import Contribution, Recipient, RecipientStatus
from humsec.roster.models import Participant

pytestmark = pytest.mark.django_db

REPLY_TITLE = "Chile's initiatives in the area of human security"
CHILE_INITIATIVE = "Santiago seminar on human security in schools"
CHIANG_MAI = "workshop-on-human-trafficking-chiang-mai-2007--tha"
VIENNA_JPN = "osce-workshop-vienna-2007--jpn"
NOTE = "Check the dates with the mission before accepting."


# Reading pages -----------------------------------------------------------------------------


def text(fragment: str) -> str:
    fragment = fragment.replace("</li>", "</li> ").replace("</td>", "</td> ")
    return " ".join(html.unescape(strip_tags(fragment)).split())


def page_text(response) -> str:
    assert response.status_code == 200, response.status_code
    return text(response.content.decode())


def messages_of(response) -> list[str]:
    found = re.findall(r'<li class="message[^"]*">(.*?)</li>', response.content.decode(), re.S)
    return [text(m) for m in found]


def facts(response) -> dict[str, str]:
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", response.content.decode(), re.S)
    return {text(term): text(value) for term, value in pairs}


def section(response, heading_id: str) -> str:
    match = re.search(
        rf'<section aria-labelledby="{heading_id}">(.*?)</section>',
        response.content.decode(),
        re.S,
    )
    assert match, f"no section {heading_id}"
    return match[1]


def row_titles(fragment: str) -> list[str]:
    return [text(th) for th in re.findall(r'<th scope="row">(.*?)</th>', fragment, re.S)]


def queue_tables(response) -> tuple[list[str], list[str]]:
    """The titles in the queue's two tables, replies then initiatives; [] when empty."""
    body = response.content.decode()
    tables = re.findall(r"<tbody>(.*?)</tbody>", body, re.S)
    assert len(tables) == 2, len(tables)
    return row_titles(tables[0]), row_titles(tables[1])


def follow(client, response):
    assert response.status_code == 302, response.status_code
    return client.get(response["Location"])


# The data ----------------------------------------------------------------------------------


def participant(code: str) -> Participant:
    return Participant.objects.get(code=code)


def initiative(key: str) -> Initiative:
    return Initiative.objects.get(key=key)


@pytest.fixture
def the_request(personas):
    """A request to Chile and Thailand, sent, with its deadline ahead."""
    today = timezone.localdate()
    request = outreach.create_request(
        title="Information on human security initiatives",
        letter_date=today,
        deadline=today + dt.timedelta(days=60),
        signatories=[
            outreach.SignatoryData(participant("JPN"), "Yukio Takasu", "Ambassador"),
            outreach.SignatoryData(participant("MEX"), "Claude Heller", "Ambassador"),
        ],
        recipients=outreach.recipients_from("Chile;Thailand", today),
        actor=personas.secretariat,
    )
    for recipient in request.recipients.all():
        outreach.set_status(recipient, RecipientStatus.SENT)
    return request


@pytest.fixture
def chile(the_request) -> Recipient:
    return the_request.recipients.get(participant__code="CHL")


@pytest.fixture
def chiles_reply(chile, personas) -> Contribution:
    """Chile's reply, written and submitted by its focal point: a narrative and one
    initiative, now waiting for review."""
    replies.save_draft(
        chile,
        {
            "title": REPLY_TITLE,
            "narrative_markdown": "Chile will hold a seminar in Santiago in 2027.",
        },
        None,
        personas.chile,
    )
    replies.save_initiative(
        chile,
        {
            "title": CHILE_INITIATIVE,
            "kind": "seminar",
            "city": "Santiago",
            "start": PartialDate.parse("March 2027"),
        },
        actor=personas.chile,
    )
    replies.submit_contribution(chile, personas.chile)
    return Contribution.objects.get(recipient=chile)


@pytest.fixture
def chiles_initiative(chiles_reply) -> Initiative:
    return Initiative.objects.get(contribution=chiles_reply)


def recipient_status(recipient: Recipient) -> str:
    return Recipient.objects.get(pk=recipient.pk).status


def review_url(item: Initiative, action: str = "") -> str:
    return f"/review/initiatives/{item.pk}/" + (f"{action}/" if action else "")


def public_titles(client) -> list[str]:
    body = client.get("/initiatives/").content.decode()
    return row_titles(body)


# The queue ---------------------------------------------------------------------------------


def test_the_queue_lists_the_submitted_reply_and_initiative_and_nothing_already_accepted(
    personas, chiles_reply
):
    response = personas.client("reviewer").get("/review/")

    replies_listed, initiatives_listed = queue_tables(response)
    assert replies_listed == [REPLY_TITLE]
    assert initiatives_listed == [CHILE_INITIATIVE]
    assert "Chile" in page_text(response)


def test_the_queue_is_empty_on_the_demo_where_everything_is_accepted(personas):
    response = personas.client("reviewer").get("/review/")

    assert queue_tables(response) == ([], [])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"what": "replies"}, ([REPLY_TITLE], [])),
        ({"what": "initiatives"}, ([], [CHILE_INITIATIVE])),
        ({"q": "Thailand"}, ([], [])),
        ({"q": "santiago"}, ([], [CHILE_INITIATIVE])),
        ({"q": "Chile"}, ([REPLY_TITLE], [CHILE_INITIATIVE])),
    ],
)
def test_the_queue_filters_by_kind_and_by_participant_or_title(
    personas, chiles_reply, query, expected
):
    response = personas.client("reviewer").get("/review/", query)

    assert queue_tables(response) == expected


# Accepting and returning an initiative -----------------------------------------------------


def test_accepting_an_initiative_makes_it_public_and_takes_it_off_the_queue(
    personas, chiles_initiative, client
):
    reviewer = personas.client("reviewer")
    assert CHILE_INITIATIVE not in public_titles(client)

    response = reviewer.post(
        review_url(chiles_initiative, "accept"),
        {"revision": chiles_initiative.revision, "reason": "Complete"},
    )

    page = follow(reviewer, response)
    assert messages_of(page) == ["Accepted."]
    assert facts(page)["Status"] == "accepted"
    chiles_initiative.refresh_from_db()
    assert chiles_initiative.status == Status.ACCEPTED
    assert CHILE_INITIATIVE in public_titles(client)
    assert client.get(f"/initiatives/{chiles_initiative.pk}/").status_code == 200
    assert queue_tables(reviewer.get("/review/"))[1] == []


@pytest.mark.parametrize("action", ["accept", "return"])
def test_a_decision_from_a_page_with_a_damaged_version_is_refused(
    personas, chiles_initiative, action
):
    """The version guards against deciding over someone else's change: a value that is
    not a number must not skip that check."""
    reviewer = personas.client("reviewer")

    response = reviewer.post(
        review_url(chiles_initiative, action), {"revision": "two", "reason": "Complete"}
    )

    assert messages_of(follow(reviewer, response)) == [
        "This page is out of date: reload it and decide again."
    ]
    chiles_initiative.refresh_from_db()
    assert chiles_initiative.status == Status.SUBMITTED
    assert not AuditEntry.objects.filter(code__startswith="initiative.").exists()


def test_returning_an_initiative_keeps_the_comment_for_the_focal_point(
    personas, chile, chiles_initiative, client
):
    reviewer = personas.client("reviewer")
    comment = "Give the exact dates of the seminar."

    response = reviewer.post(
        review_url(chiles_initiative, "return"),
        {"revision": chiles_initiative.revision, "reason": comment},
    )

    page = follow(reviewer, response)
    assert messages_of(page) == ["Returned to the focal point."]
    assert facts(page)["Status"] == f"returned — {comment}"
    chiles_initiative.refresh_from_db()
    assert chiles_initiative.status == Status.RETURNED
    assert chiles_initiative.review_comment == comment
    assert CHILE_INITIATIVE not in public_titles(client)
    # The focal point can change the reply again, and sees why it came back.
    assert recipient_status(chile) == RecipientStatus.DRAFT
    focal = page_text(personas.client("chile").get(f"/reply/{chile.pk}/"))
    assert comment in focal


def test_returning_without_a_comment_is_refused_and_changes_nothing(personas, chiles_initiative):
    reviewer = personas.client("reviewer")

    response = reviewer.post(
        review_url(chiles_initiative, "return"), {"revision": chiles_initiative.revision}
    )

    assert messages_of(follow(reviewer, response)) == ["Say what the focal point should change."]
    chiles_initiative.refresh_from_db()
    assert chiles_initiative.status == Status.SUBMITTED
    assert not AuditEntry.objects.filter(code="initiative.return").exists()


def test_an_accepted_initiative_cannot_be_accepted_again(personas):
    item = initiative(VIENNA_JPN)

    with pytest.raises(actions.DecisionError, match="Only a submitted initiative can be accepted"):
        actions.accept_initiative(item.pk, personas.reviewer, item.revision)


# Reviewers' notes --------------------------------------------------------------------------


@pytest.fixture
def noted(personas) -> Initiative:
    """A public initiative of the demo with a reviewers' note kept on its review page."""
    item = initiative(VIENNA_JPN)
    reviewer = personas.client("reviewer")
    response = reviewer.post(review_url(item, "note"), {"text": NOTE})
    assert messages_of(follow(reviewer, response)) == ["Note kept."]
    return item


@pytest.mark.parametrize("name", ["reviewer", "secretariat", "co_chair"])
def test_reviewers_notes_are_shown_to_reviewers_the_secretariat_and_co_chairs(
    personas, noted, name
):
    response = personas.client(name).get(review_url(noted))

    notes = text(section(response, "notes-title"))
    assert f"reviewer: {NOTE}" in notes


@pytest.mark.parametrize("name", ["anonymous", "chile", "thailand"])
def test_reviewers_notes_never_appear_on_public_pages(personas, noted, name):
    client = personas.client(name)

    pages = [
        client.get(f"/initiatives/{noted.pk}/"),
        client.get("/initiatives/"),
        client.get(f"/api/v1/initiatives/{noted.pk}"),
        client.get("/api/v1/initiatives", {"page_size": 500}),
    ]

    assert [p.status_code for p in pages] == [200] * 4
    for response in pages:
        assert NOTE not in html.unescape(response.content.decode())
        assert "Reviewers' notes" not in html.unescape(response.content.decode())


def test_a_focal_point_does_not_see_the_notes_on_its_own_initiatives(
    personas, chile, chiles_initiative
):
    actions.add_note(chiles_initiative, personas.reviewer, NOTE)
    focal = personas.client("chile")

    responses = [
        focal.get(f"/reply/{chile.pk}/"),
        focal.get(f"/reply/{chile.pk}/initiatives/{chiles_initiative.pk}/"),
        focal.get(f"/initiatives/{chiles_initiative.pk}/"),
        focal.get(review_url(chiles_initiative)),
    ]

    assert responses[-1].status_code == 404
    for response in responses:
        assert NOTE not in html.unescape(response.content.decode())


def test_a_co_chair_reads_the_notes_but_cannot_add_one(personas, noted):
    co_chair = personas.client("co_chair")

    page = co_chair.get(review_url(noted))
    response = co_chair.post(review_url(noted, "note"), {"text": "A co-chair's note"})

    assert 'action="' + review_url(noted, "note") + '"' not in page.content.decode()
    assert response.status_code == 404
    assert list(ReviewNote.objects.values_list("text", flat=True)) == [NOTE]


# Suggested themes --------------------------------------------------------------------------


def test_a_suggested_theme_is_shown_with_its_reason_and_adding_it_is_recorded(personas):
    item = initiative(CHIANG_MAI)
    theme = Theme.objects.get(code="human-security-concept")
    reviewer = personas.client("reviewer")

    suggested = text(section(reviewer.get(review_url(item)), "themes-title"))
    assert 'Human security concept — the description says "concept of human security"' in (
        suggested
    )

    response = reviewer.post(review_url(item, f"themes/{theme.code}"))

    page = follow(reviewer, response)
    assert messages_of(page) == ["Theme added."]
    assert "Human security concept" in facts(page)["Themes"]
    assert 'id="themes-title"' not in page.content.decode()
    assert item.themes.filter(code=theme.code).exists()
    entry = AuditEntry.objects.get(code="initiative.theme", object_id=str(item.pk))
    assert entry.actor == personas.reviewer
    assert entry.changes == {"themes": [None, "human-security-concept"]}


def test_adding_a_theme_twice_records_it_once(personas):
    item = initiative(CHIANG_MAI)
    theme = Theme.objects.get(code="human-security-concept")

    actions.confirm_theme(item.pk, theme, personas.reviewer)
    actions.confirm_theme(item.pk, theme, personas.secretariat)

    assert item.themes.filter(code=theme.code).count() == 1
    assert AuditEntry.objects.filter(code="initiative.theme", object_id=str(item.pk)).count() == 1


# Earlier states ----------------------------------------------------------------------------


def test_an_earlier_state_is_listed_and_can_be_restored(personas):
    item = initiative(VIENNA_JPN)
    earlier = item.history.first()  # the state the demo loaded
    item.title = "OSCE workshop (title changed by mistake)"
    item.save()
    reviewer = personas.client("reviewer")

    history = section(reviewer.get(review_url(item)), "history-title")
    titles = [text(cell) for cell in re.findall(r"<td>(.*?)</td>", history, re.S)]
    assert "OSCE workshop (title changed by mistake)" in titles
    assert "OSCE Workshop on Human Security" in titles
    restore = review_url(item, f"restore/{earlier.history_id}")
    assert f'action="{restore}"' in history

    response = reviewer.post(restore, {"reason": "Typo in the title"})

    page = follow(reviewer, response)
    assert messages_of(page) == ["The earlier state is restored."]
    item.refresh_from_db()
    assert item.title == "OSCE Workshop on Human Security"
    entry = AuditEntry.objects.get(code="initiative.restore", object_id=str(item.pk))
    assert entry.actor == personas.reviewer
    assert entry.reason == "Typo in the title"
    assert entry.changes["title"] == [
        "OSCE workshop (title changed by mistake)",
        "OSCE Workshop on Human Security",
    ]
    assert "initiative.restore reviewer: Typo in the title" in text(section(page, "audit-title"))


def test_restoring_a_state_that_does_not_exist_says_so(personas):
    item = initiative(VIENNA_JPN)
    reviewer = personas.client("reviewer")

    response = reviewer.post(review_url(item, "restore/999999"))

    assert messages_of(follow(reviewer, response)) == [
        "There is no such earlier state of this initiative."
    ]


def test_restoring_a_source_to_before_its_merge_does_not_list_it_twice(personas, client):
    """A merged source's history holds its state from before the merge. Restoring it
    must not quietly take it out of the merged initiative (that is what unmerge is for)."""
    japan = initiative(VIENNA_JPN)
    spain = initiative("osce-workshop-vienna-2007--esp")
    before_merge = japan.history.first()
    merged = actions.merge_initiatives([japan.pk, spain.pk], {}, personas.reviewer, "Same")

    with contextlib.suppress(actions.DecisionError):
        actions.restore_version(japan.pk, before_merge.history_id, personas.reviewer)

    japan.refresh_from_db()
    assert japan.merged_into_id == merged.pk
    assert public_titles(client).count("OSCE Workshop on Human Security") == 1


# Replies -----------------------------------------------------------------------------------


def reply_url(contribution: Contribution, decision: str = "") -> str:
    return f"/review/replies/{contribution.pk}/" + (f"{decision}/" if decision else "")


def test_the_reviewer_reads_a_submitted_reply_with_its_initiatives(personas, chiles_reply):
    response = personas.client("reviewer").get(reply_url(chiles_reply))

    page = page_text(response)
    assert "Reply of Chile to “Information on human security initiatives”." in page
    assert "Review: to review" in page
    assert "Chile will hold a seminar in Santiago in 2027." in page
    assert f"{CHILE_INITIATIVE} (submitted)" in page


def test_accepting_a_reply_takes_it_off_the_queue_and_is_recorded(personas, chiles_reply):
    reviewer = personas.client("reviewer")

    response = reviewer.post(reply_url(chiles_reply, "accept"), {"reason": "Complete"})

    page = follow(reviewer, response)
    assert messages_of(page) == ["The reply is accepted."]
    assert "Review: accepted" in page_text(page)
    chiles_reply.refresh_from_db()
    assert chiles_reply.review_status == "accepted"
    assert queue_tables(reviewer.get("/review/"))[0] == []
    entry = AuditEntry.objects.get(code="contribution.accept")
    assert (entry.actor, entry.reason, entry.object_id) == (
        personas.reviewer,
        "Complete",
        str(chiles_reply.pk),
    )


def test_a_returned_reply_goes_back_to_the_focal_point_who_resubmits_it(
    personas, chile, chiles_reply
):
    reviewer, focal = personas.client("reviewer"), personas.client("chile")
    comment = "Please add the transmitting note verbale."

    response = reviewer.post(reply_url(chiles_reply, "return"), {"reason": comment})

    assert messages_of(follow(reviewer, response)) == ["The reply is returned to the focal point."]
    assert recipient_status(chile) == RecipientStatus.DRAFT
    chiles_reply.refresh_from_db()
    assert (chiles_reply.review_status, chiles_reply.review_comment) == ("returned", comment)
    assert queue_tables(reviewer.get("/review/"))[0] == []
    entry = AuditEntry.objects.get(code="contribution.return")
    assert (entry.actor, entry.reason) == (personas.reviewer, comment)

    # The focal point sees why, on the reply page.
    reply_page = page_text(focal.get(f"/reply/{chile.pk}/"))
    assert comment in reply_page

    # ... changes the reply and submits it again: it is to review again.
    focal.post(
        f"/reply/{chile.pk}/save/",
        {
            "title": REPLY_TITLE,
            "reply_date": "2026-01-15",
            "language": "en",
            "narrative_markdown": "Chile will hold a seminar in Santiago in 2027.",
            "receipt_email": "",
            "revision": chiles_reply.revision,
        },
    )
    submitted = focal.post(f"/reply/{chile.pk}/submit/")

    assert "Your reply is submitted. A receipt is on its way." in messages_of(
        follow(focal, submitted)
    )
    assert recipient_status(chile) == RecipientStatus.SUBMITTED
    chiles_reply.refresh_from_db()
    assert chiles_reply.review_status == "pending"
    assert queue_tables(reviewer.get("/review/"))[0] == [REPLY_TITLE]
    assert "Review: to review" in page_text(reviewer.get(reply_url(chiles_reply)))


def test_a_returned_reply_takes_its_initiatives_off_the_queue_while_it_is_changed(
    personas, chiles_reply, chiles_initiative
):
    """As when the secretariat reopens a reply: while the focal point changes it, its
    initiatives are not there to be accepted in a state about to change."""
    reviewer = personas.client("reviewer")
    assert queue_tables(reviewer.get("/review/"))[1] == [CHILE_INITIATIVE]

    reviewer.post(reply_url(chiles_reply, "return"), {"reason": "Add the note verbale."})

    assert queue_tables(reviewer.get("/review/"))[1] == []
    chiles_initiative.refresh_from_db()
    assert chiles_initiative.status != Status.SUBMITTED


def test_returning_a_reply_without_a_comment_is_refused(personas, chile, chiles_reply):
    reviewer = personas.client("reviewer")

    response = reviewer.post(reply_url(chiles_reply, "return"), {"reason": "  "})

    assert messages_of(follow(reviewer, response)) == ["Say what the focal point should change."]
    assert recipient_status(chile) == RecipientStatus.SUBMITTED
    chiles_reply.refresh_from_db()
    assert chiles_reply.review_status == "pending"


def test_a_reply_that_is_no_longer_submitted_cannot_be_accepted(personas, chile, chiles_reply):
    reviewer = personas.client("reviewer")
    follow(reviewer, reviewer.post(reply_url(chiles_reply, "return"), {"reason": "Add it."}))

    response = reviewer.post(reply_url(chiles_reply, "accept"))

    assert messages_of(follow(reviewer, response)) == ["Only a submitted reply can be accepted."]
    chiles_reply.refresh_from_db()
    assert chiles_reply.review_status == "returned"


def test_an_unknown_decision_on_a_reply_is_not_found(personas, chiles_reply):
    response = personas.client("reviewer").post(reply_url(chiles_reply, "approve"))

    assert response.status_code == 404


# Follow-up ---------------------------------------------------------------------------------


def follow_up(personas, on: str) -> list[tuple[str, str]]:
    response = personas.client("reviewer").get("/review/follow-up/", {"on": on})
    body = response.content.decode()
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th><td>.*?</td><td>(.*?)</td></tr>", body)
    return sorted((text(title), text(reporter)) for title, reporter in rows)


def test_follow_up_lists_the_vienna_and_ljubljana_meetings_planned_in_april_2007(personas):
    assert follow_up(personas, "2026-01-01") == [
        ("Ninth Human Security Network Ministerial Meeting", "Japan"),
        ("OSCE Workshop on Human Security", "Japan"),
        ("OSCE Workshop on Human Security", "Spain"),
    ]


def test_follow_up_respects_date_precision(personas):
    # On 10 May 2007 "May 2007" has come, but "15 May 2007" has not.
    assert follow_up(personas, "2007-05-10") == [
        ("Ninth Human Security Network Ministerial Meeting", "Japan"),
        ("OSCE Workshop on Human Security", "Japan"),
    ]
    assert follow_up(personas, "2007-04-25") == []


def test_follow_up_leaves_out_what_was_already_past_or_ongoing_when_reported(personas):
    response = personas.client("reviewer").get("/review/follow-up/", {"on": "2026-01-01"})

    page = page_text(response)
    for title in (
        "Senior Official-Level Meeting on Human Security",  # March 2007: past
        "Workshop on Human Trafficking",  # February 2007: past
        "Ministry of Social Development and Human Security",  # since 2002: ongoing
    ):
        assert title not in page
    assert "Initiatives that were planned when reported and whose date has come by" in page
    assert "1 January 2026" in page


def test_follow_up_lists_a_merged_initiative_once(personas):
    japan = initiative(VIENNA_JPN)
    spain = initiative("osce-workshop-vienna-2007--esp")
    actions.merge_initiatives([japan.pk, spain.pk], {"dates": spain.pk}, personas.reviewer)

    assert follow_up(personas, "2026-01-01") == [
        ("Ninth Human Security Network Ministerial Meeting", "Japan"),
        ("OSCE Workshop on Human Security", "Japan"),
    ]


# Who may see and decide --------------------------------------------------------------------

PAGES = {"review-queue", "review-initiative", "review-duplicates", "review-follow-up"}
PAGES |= {"review-reply"}
DECISIONS = {
    "review-accept",
    "review-return",
    "review-note",
    "review-theme",
    "review-restore",
    "review-unmerge",
    "review-not-duplicate",
    "review-merge",
    "review-reply-decision",
    "review-reply-suggest",
    "review-suggestion",
    "review-suggestion-decision",
}
# Decisions that also answer a GET (a form): for the secretariat and reviewers only.
DECISION_PAGES = {"review-merge", "review-suggestion"}


@pytest.fixture
def every_review_url(chiles_reply, chiles_initiative) -> dict[str, str]:
    japan = initiative(VIENNA_JPN)
    spain = initiative("osce-workshop-vienna-2007--esp")
    merged = actions.merge_initiatives([japan.pk, spain.pk], {}, None, "for the unmerge URL")
    found = NarrativeSuggestion.objects.create(
        contribution=chiles_reply,
        paragraph=0,
        paragraph_text="Chile will hold a seminar in Santiago in 2027.",
        values={"title": "Seminar in Santiago", "kind": "seminar", "start": "2027"},
        confidence=0.6,
    )
    values = {
        "review-reply-suggest": {"pk": chiles_reply.pk},
        "review-suggestion": {"pk": found.pk},
        "review-suggestion-decision": {"pk": found.pk, "decision": "reject"},
        "review-initiative": {"pk": chiles_initiative.pk},
        "review-accept": {"pk": chiles_initiative.pk},
        "review-return": {"pk": chiles_initiative.pk},
        "review-note": {"pk": chiles_initiative.pk},
        "review-theme": {"pk": chiles_initiative.pk, "code": "peacebuilding"},
        "review-restore": {
            "pk": chiles_initiative.pk,
            "history_id": chiles_initiative.history.last().history_id,
        },
        "review-unmerge": {"pk": merged.pk},
        "review-not-duplicate": {"a": japan.pk, "b": spain.pk},
        "review-reply": {"pk": chiles_reply.pk},
        "review-reply-decision": {"pk": chiles_reply.pk, "decision": "accept"},
    }
    urls = {}
    for pattern in review_urlpatterns:
        urls[pattern.name] = reverse(pattern.name, kwargs=values.get(pattern.name, {}))
    urls["review-merge"] += f"?ids={japan.pk},{spain.pk}"
    urls["review-follow-up"] += "?on=2026-01-01"
    return urls


A_DECISION = {"reason": "Because", "text": "A note", "revision": 0}


def test_every_review_url_is_checked(every_review_url):
    assert set(every_review_url) == PAGES | DECISIONS


def test_anonymous_visitors_are_sent_to_sign_in_on_every_review_url(personas, every_review_url):
    anonymous = personas.client("anonymous")
    entries = AuditEntry.objects.count()

    for name, url in every_review_url.items():
        for response in (anonymous.get(url), anonymous.post(url, A_DECISION)):
            assert response.status_code == 302, name
            assert response["Location"].startswith("/accounts/login/?next="), name

    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize("name", ["chile", "thailand"])
def test_focal_points_get_404_on_every_review_url(personas, every_review_url, chiles_reply, name):
    focal = personas.client(name)
    entries, notes = AuditEntry.objects.count(), ReviewNote.objects.count()

    answers = {
        url_name: (focal.get(url).status_code, focal.post(url, A_DECISION).status_code)
        for url_name, url in every_review_url.items()
    }

    assert answers == {
        url_name: (404 if url_name in PAGES | DECISION_PAGES else 405, 404)
        for url_name in every_review_url
    }
    assert AuditEntry.objects.count() == entries
    assert ReviewNote.objects.count() == notes
    chiles_reply.refresh_from_db()
    assert chiles_reply.review_status == "pending"


def test_a_co_chair_reads_the_review_pages_but_every_decision_is_404(
    personas, every_review_url, chiles_reply, chiles_initiative
):
    co_chair = personas.client("co_chair")
    entries, count = AuditEntry.objects.count(), Initiative.objects.count()

    read = {name: co_chair.get(every_review_url[name]).status_code for name in PAGES}
    decided = {
        name: co_chair.post(every_review_url[name], A_DECISION).status_code for name in DECISIONS
    }

    assert read == dict.fromkeys(PAGES, 200)
    assert decided == dict.fromkeys(DECISIONS, 404)
    assert AuditEntry.objects.count() == entries
    assert Initiative.objects.count() == count
    chiles_initiative.refresh_from_db()
    chiles_reply.refresh_from_db()
    assert chiles_initiative.status == Status.SUBMITTED
    assert chiles_reply.review_status == "pending"


def test_a_co_chair_sees_no_decision_buttons(personas, chiles_initiative, chiles_reply):
    co_chair = personas.client("co_chair")

    pages = [
        co_chair.get(review_url(chiles_initiative)).content.decode(),
        co_chair.get(reply_url(chiles_reply)).content.decode(),
        co_chair.get("/review/duplicates/").content.decode(),
    ]

    for body in pages:
        assert ">Accept<" not in body
        assert ">Accept the reply<" not in body
        assert ">Restore<" not in body
        assert ">Keep the note<" not in body
        assert ">Return to the focal point<" not in body
        assert ">Not a duplicate<" not in body
        assert ">Merge…<" not in body


def test_every_decision_form_on_the_review_pages_asks_for_a_reason(personas):
    """The audit log keeps each decision's reason: the forms must let the reviewer give
    one."""
    item = initiative(CHIANG_MAI)
    item.title = "Workshop on Human Trafficking (renamed)"
    item.save()
    reviewer = personas.client("reviewer")
    pages = [
        reviewer.get(review_url(item)).content.decode(),
        reviewer.get("/review/duplicates/").content.decode(),
    ]
    forms = {}
    for body in pages:
        for attrs, content in re.findall(r"<form\b([^>]*)>(.*?)</form>", body, re.S):
            action = re.search(r'action="(/review/[^"]+)"', attrs)
            if action and 'method="post"' in attrs and not action[1].endswith("/note/"):
                forms[action[1]] = content
    for decision in ("/accept/", "/return/", "/themes/", "/restore/", "/different/"):
        assert any(decision in action for action in forms), decision

    without_reason = sorted(action for action, form in forms.items() if 'name="reason"' not in form)

    assert without_reason == []
