"""The audit log and the version pages meet the rules the public pages meet: one h1,
a label for every control, headers with a scope, unique ids, no inline script or style,
and aria references that point at something."""

from __future__ import annotations

import pytest
from django.urls import reverse
from tests.html import Page, accessibility_problems

from humsec.audit.log import log
from humsec.initiatives.models import Initiative
from humsec.roster.models import Participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(personas):
    chile = Participant.objects.get(code="CHL")
    chile.short_name = "Chili"
    chile.save()
    vienna = Initiative.objects.get(key="osce-workshop-vienna-2007--jpn")
    vienna.title = "Retitled"
    vienna.save()
    log("participant.restore", chile, personas.secretariat, {"short_name": ["Chili", "Chile"]})
    return [
        reverse("audit-log"),
        reverse("audit-log") + "?code=Bad+Code&since=2008-01-01&until=2007-01-01",
        reverse("participant-history", args=["CHL"]),
        reverse("initiative-history", args=[vienna.pk]),
    ]


def test_the_audit_and_version_pages_are_accessible(personas, pages):
    client = personas.client("secretariat")
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert accessibility_problems(Page(response.content.decode())) == [], url
