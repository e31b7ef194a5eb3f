"""The audit log and the version pages meet the rules the public pages meet: one h1,
a label for every control, headers with a scope, unique ids, no inline script or style,
and aria references that point at something."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from humsec.audit.log import log
from humsec.initiatives.models import Initiative
from humsec.roster.models import Participant

pytestmark = pytest.mark.django_db

UNLABELLED = {"hidden", "submit", "button", "reset", "image"}


class Page(HTMLParser):
    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def all(self, tag: str) -> list[dict]:
        return [attrs for name, attrs in self.elements if name == tag]


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
        page = Page(response.content.decode())

        assert len(page.all("h1")) == 1, url
        labels = {label.get("for") for label in page.all("label")}
        controls = [
            attrs
            for tag, attrs in page.elements
            if tag in ("select", "textarea")
            or (tag == "input" and attrs.get("type", "text") not in UNLABELLED)
        ]
        assert all(c.get("id") in labels for c in controls), url
        assert all(th.get("scope") in {"col", "row"} for th in page.all("th")), url
        ids = [attrs["id"] for _tag, attrs in page.elements if "id" in attrs]
        assert len(ids) == len(set(ids)), url
        assert not [s for s in page.all("script") if "src" not in s], url
        assert not [a for _tag, a in page.elements if "style" in a], url
        references = [
            ref
            for _tag, attrs in page.elements
            for name in ("aria-describedby", "aria-labelledby")
            for ref in attrs.get(name, "").split()
        ]
        assert set(references) <= set(ids), url
