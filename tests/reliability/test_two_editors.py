"""Two people editing the same thing: the second to save is told, in words naming the
conflict, and the first one's change is kept; nothing is silently overwritten.

Two reviewers deciding on the same initiative from the web are covered in
tests/initiatives/test_merge.py (test_two_reviewers_on_the_same_page_the_second_is_told_
and_the_first_stands). Here: a reply edited in two browsers, and, on PostgreSQL, saves and
decisions arriving at the same moment from several threads, each with its own database
connection.
"""

from __future__ import annotations

import re
import threading
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from tests.reliability.conftest import a_request, postgresql_only

from humsec.initiatives import actions as initiative_actions
from humsec.initiatives.models import Initiative, Kind, Status
from humsec.outreach import actions, links, replies
from humsec.outreach.models import Contribution, RecipientStatus
from humsec.roster.models import Participant

CONFLICT = (
    "This reply was changed elsewhere (another tab or a colleague) since you opened it. "
    "Your text is kept on this page: copy it, reload, and save again."
)


def a_sent_reply(code: str = "THA"):
    request = a_request([Participant.objects.get(code=code)])
    recipient = request.recipients.select_related("participant", "request").get()
    actions.set_status(recipient, RecipientStatus.SENT)
    return recipient


def through_link(recipient) -> Client:
    browser = Client()
    assert browser.post(f"/r/{links.issue(recipient)}/").status_code == 302
    return browser


def hidden_revision(page) -> str:
    return re.search(r'name="revision" value="(\d+)"', page.content.decode())[1]


def textarea(page) -> str:
    found = re.search(
        r'<textarea name="narrative_markdown"[^>]*>(.*?)</textarea>', page.content.decode(), re.S
    )
    return unescape(found[1]).strip()


def form(revision: str, text: str) -> dict:
    return {
        "title": "Thailand's initiatives in the area of human security",
        "reply_date": "2007-10-01",
        "language": "en",
        "narrative_markdown": text,
        "receipt_email": "",
        "channel": "fax",
        "revision": revision,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("second_editor", ["another browser", "the secretariat"])
def test_a_reply_saved_from_an_older_page_is_refused_with_its_text_kept_and_the_first_stands(
    personas, second_editor
):
    recipient = a_sent_reply()
    url = f"/reply/{recipient.pk}/"
    first = through_link(recipient)
    second = through_link(recipient) if second_editor == "another browser" else None
    second = second or personas.client("secretariat")
    seen = {"first": hidden_revision(first.get(url)), "second": hidden_revision(second.get(url))}

    saved = first.post(url + "save/", form(seen["first"], "What the first editor wrote."))
    refused = second.post(url + "save/", form(seen["second"], "What the second editor wrote."))

    assert saved.status_code == 302
    assert refused.status_code == 409
    assert CONFLICT in unescape(refused.content.decode())
    assert textarea(refused) == "What the second editor wrote."  # nothing typed is lost
    assert textarea(first.get(url)) == "What the first editor wrote."
    assert Contribution.objects.get(recipient=recipient).narrative_markdown == (
        "What the first editor wrote."
    )


# At the same moment, on PostgreSQL -----------------------------------------------------------


def at_once(*calls) -> list:
    """Run the calls in threads released together; each thread has its own database
    connection. Returns what each returned, or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # reported to the test, which names it
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def postgresql(test):
    for mark in postgresql_only:
        test = mark(test)
    return test


def outcome(result) -> str:
    if isinstance(result, replies.Conflict | initiative_actions.DecisionError):
        return "refused"
    if isinstance(result, Exception):
        return f"error: {type(result).__name__}: {result}"
    return "saved"


@postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("demo_data")
@pytest.mark.parametrize("first_save", [True, False], ids=["the first save", "a later save"])
def test_two_saves_of_a_reply_at_the_same_moment_keep_one_and_refuse_the_other(first_save):
    recipient = a_sent_reply()
    revision = 0
    if not first_save:
        revision = replies.save_draft(recipient, {"narrative_markdown": "Earlier."}, 0).revision

    def save(text):
        return lambda: replies.save_draft(recipient, {"narrative_markdown": text}, revision)

    results = at_once(save("From tab A."), save("From tab B."))

    assert sorted(outcome(r) for r in results) == ["refused", "saved"]
    kept = "From tab A." if outcome(results[0]) == "saved" else "From tab B."
    contribution = Contribution.objects.get(recipient=recipient)
    assert (contribution.narrative_markdown, contribution.revision) == (kept, revision + 1)


@postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("demo_data")
def test_two_reviewers_deciding_at_the_same_moment_one_decision_stands(personas):
    item = Initiative.objects.create(
        title="Santiago seminar on human security in schools",
        kind=Kind.SEMINAR,
        reported_by=Participant.objects.get(code="CHL"),
        status=Status.SUBMITTED,
    )

    results = at_once(
        lambda: initiative_actions.accept_initiative(item.pk, personas.reviewer, 0, "Complete"),
        lambda: initiative_actions.return_initiative(
            item.pk, personas.secretariat, "Add the dates", 0
        ),
    )

    assert sorted(outcome(r) for r in results) == ["refused", "saved"]
    item.refresh_from_db()
    assert item.revision == 1
    assert item.status == (Status.ACCEPTED if outcome(results[0]) == "saved" else Status.RETURNED)
