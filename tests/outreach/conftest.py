"""Shared fixtures for requests and replies: focal points, a request for the attendees of
the second meeting (20 April 2007), and sending it with the on-commit callbacks run."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from humsec.outreach import actions
from humsec.roster.models import FocalPoint, Participant

LETTER_DATE = dt.date(2007, 5, 21)
DEADLINE = dt.date(2007, 7, 31)
JAPAN = ("JPN", "Yukio Takasu", "Ambassador of Japan in charge of human security")
MEXICO = ("MEX", "Claude Heller", "Permanent Representative of Mexico to the United Nations")


def grace_days_until_next_year(deadline: dt.date = DEADLINE) -> int:
    """A grace period that keeps the links of a 2007 request working for a year from
    today, so that links and reminders can be tried now."""
    return (timezone.localdate() - deadline).days + 365


@pytest.fixture
def add_focal_point(db):
    """add_focal_point("FRA", language="fr") -> a FocalPoint without an account."""

    def add(code: str, language: str = "en", email: str | None = None, **extra) -> FocalPoint:
        return FocalPoint.objects.create(
            participant=Participant.objects.get(code=code),
            name=f"Focal point of {code}",
            email=email or f"focal.{code.lower()}@example.org",
            language=language,
            **extra,
        )

    return add


@pytest.fixture
def new_request(db):
    """new_request(recipients="meeting:2", **changes) -> a Request, not yet sent. Its
    signatories are given Mexico first; its links work until a year from today."""

    def make(recipients: str = "meeting:2", signatories=(MEXICO, JAPAN), **changes):
        values = {
            "title": "Information on human security initiatives",
            "letter_date": LETTER_DATE,
            "deadline": DEADLINE,
            "grace_days": grace_days_until_next_year(),
            "signatories": [
                actions.SignatoryData(Participant.objects.get(code=code), name, title)
                for code, name, title in signatories
            ],
            "recipients": actions.recipients_from(recipients, LETTER_DATE),
        }
        values.update(changes)
        return actions.create_request(**values)

    return make


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """send(request): what the Send button does, with its task run once the transaction
    commits (the immediate task backend runs it at once)."""

    def send_now(request, actor=None):
        with django_capture_on_commit_callbacks(execute=True):
            actions.send_request(request, actor)

    return send_now
