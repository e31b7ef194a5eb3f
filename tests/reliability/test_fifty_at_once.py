"""Fifty focal points submitting their replies at the same moment, on PostgreSQL: every
reply is stored, every recipient is submitted, every receipt goes out, once, and nobody
sees an error. Each focal point is a browser of its own, in a thread of its own, with its
own database connection, as under a threaded or multi-process server."""

from __future__ import annotations

import re
import threading
import time
from collections import Counter

import pytest
from django.db import connection
from django.test import Client
from tests.reliability.conftest import a_request, member_states, postgresql_only

from humsec.outreach import actions, tasks
from humsec.outreach.models import ContributionVersion, Recipient, RecipientStatus, SentEmail

pytestmark = [
    *postgresql_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("demo_data"),
]

FOCAL_POINTS = 50
LINK = re.compile(r"http://testserver(/r/[\w-]+/)")


def test_fifty_focal_points_submitting_at_once_are_all_stored_with_one_receipt_each(
    settings, monkeypatch, mailoutbox
):
    settings.HUMSEC_BASE_URL = "http://testserver"
    # The letters' Word and PDF files play no part here; fifty of them take seconds.
    monkeypatch.setattr(tasks, "letter_files", lambda recipient, link: [])
    request = a_request(member_states(FOCAL_POINTS))
    actions.send_request(request)  # outside a transaction: the letters go at once
    links = {message.to[0]: LINK.search(message.body)[1] for message in mailoutbox}
    assert len(links) == FOCAL_POINTS
    mailoutbox.clear()

    barrier = threading.Barrier(FOCAL_POINTS)
    answers: dict[str, list] = {}

    def focal_point(address: str, link: str) -> None:
        browser = Client()
        try:
            reply = browser.post(link)["Location"]
            name = address.split("@")[0].removeprefix("focal.").upper()
            saved = browser.post(
                reply + "save/",
                {
                    "title": f"Initiatives of {name} in the area of human security",
                    "language": "en",
                    "narrative_markdown": f"## Past initiatives\n\n- A seminar held by {name}\n",
                    "revision": "0",
                },
            )
            barrier.wait(timeout=30)
            submitted = browser.post(reply + "submit/")
            answers[address] = [saved.status_code, submitted.status_code, submitted["Location"]]
        except Exception as error:  # reported below, with the address
            answers[address] = [repr(error)]
        finally:
            connection.close()

    threads = [threading.Thread(target=focal_point, args=item) for item in links.items()]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    elapsed = time.monotonic() - started

    problems = {a: r for a, r in answers.items() if r[:2] != [302, 302]}
    assert not problems and len(answers) == FOCAL_POINTS, problems
    recipients = Recipient.objects.filter(request=request)
    assert Counter(r.status for r in recipients) == {RecipientStatus.SUBMITTED: FOCAL_POINTS}
    versions = ContributionVersion.objects.filter(contribution__recipient__request=request)
    assert sorted(v.number for v in versions) == [1] * FOCAL_POINTS
    assert all(
        v.snapshot["title"].startswith("Initiatives of ")
        and v.contribution.recipient.participant.code in v.snapshot["title"]
        for v in versions.select_related("contribution__recipient__participant")
    )
    receipts = Counter(message.to[0] for message in mailoutbox)
    assert receipts == dict.fromkeys(links, 1)
    assert SentEmail.objects.filter(key__startswith="receipt:").count() == FOCAL_POINTS
    print(f"\n{FOCAL_POINTS} submissions at once: {elapsed:.1f} s")
