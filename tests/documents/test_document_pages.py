"""The document pages meet the rules every page meets (tests/test_pages_accessibility.py):
one h1, a label for every control, unique ids, headers with a scope, no inline script or
style; and the web preview is a complete page in the document's language."""

from __future__ import annotations

import pytest
from django.urls import reverse
from tests.html import Page, accessibility_problems

from humsec.documents import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(compile_a62, a62_request, reply_to):
    draft = compile_a62()
    issued = actions.issue(draft.pk, None, None)
    reply_to(a62_request, "NOR", html="<p>" + "human security " * 5600 + "</p>")
    draft = actions.start_addendum(issued, None, date=issued.date)
    return [
        reverse("document-list"),
        reverse("document-create"),
        reverse("document-detail", args=[issued.pk]),
        reverse("document-detail", args=[draft.pk]),  # too long: the warning and the move
        reverse("document-edit", args=[draft.pk]),
    ]


def test_the_document_pages_are_accessible(personas, pages):
    client = personas.client("secretariat")
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert accessibility_problems(Page(response.content.decode())) == [], url


def test_the_preview_is_a_page_in_the_document_s_language(compile_a62, personas):
    document = compile_a62(language="fr")

    response = personas.client("co_chair").get(reverse("document-file", args=[document.pk, "html"]))

    page = Page(response.content.decode())
    assert page.all("html")[0].attrs["lang"] == "fr"
    assert len(page.all("h1")) >= 1
    assert not [s for s in page.all("script")]
