"""No humsec page carries inline script or inline style, which the content security
policy would block: a crawl from the home page, as a reader, as the secretariat and as a
focal point who came in through a personal link, follows every link on every page (two
pages per URL pattern) and reads each page's HTML."""

from __future__ import annotations

import dataclasses
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import Resolver404, resolve
from tests.builders import a_request

from humsec.accounts.roles import Role
from humsec.outreach import links, replies

pytestmark = pytest.mark.django_db

NOT_CRAWLED = ("/admin/", "/api/", "/i18n/", "/static/", "/accounts/logout/")
DATA_SCRIPTS = {"application/json", "application/ld+json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction"}
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


class Page(HTMLParser):
    """What a content security policy of 'self' would refuse on a page, and its links."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.links: list[str] = []
        self.scripts: list[str] = []
        self._script_open = False
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> (inline event handler)")
            if name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value!r}> (javascript: URL)")
            if name == "style":
                self.problems.append(f"<{tag} style={value!r}> (inline style)")
        if tag == "style":
            self.problems.append("<style> element (inline style)")
        if tag == "script":
            source = attributes.get("src")
            if source:
                self.scripts.append(source)
                if not source.startswith("/static/"):
                    self.problems.append(f"<script src={source!r}> from elsewhere")
            elif (attributes.get("type") or "").lower() not in DATA_SCRIPTS:
                self.problems.append("<script> without src (inline script)")
        stylesheet = tag == "link" and "stylesheet" in (attributes.get("rel") or "")
        if stylesheet and not (attributes.get("href") or "").startswith("/static/"):
            self.problems.append(f"stylesheet from elsewhere: {attributes.get('href')!r}")
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])


@dataclasses.dataclass
class Crawl:
    pages: dict[str, Page]  # url -> page
    names: set[str]  # url names visited

    def problems(self) -> list[str]:
        return [
            f"{url}: {problem}" for url, page in self.pages.items() for problem in page.problems
        ]


def crawl(client: Client, *starts: str, per_pattern: int = 2, limit: int = 300) -> Crawl:
    queue, seen, per_route = deque(starts), set(), Counter()
    pages, names = {}, set()
    while queue and len(pages) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        path = urlsplit(url).path
        if path.startswith(NOT_CRAWLED):
            continue
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if per_route[match.route] >= per_pattern:
            continue
        per_route[match.route] += 1
        response = client.get(url)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        page = Page(response.content.decode())
        pages[url] = page
        names.add(match.url_name)
        for href in page.links:
            target = urljoin(url, href.split("#")[0])
            parts = urlsplit(target)
            if not parts.scheme and not parts.netloc and target:
                queue.append(target)
    return Crawl(pages, names)


@dataclasses.dataclass
class World:
    token: str
    chile_id: int


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """A request to Chile and Thailand, Chile's draft with an initiative and a file, and an
    earlier reply of Chile's, submitted, waiting for review."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        chile = a_request("Chile;Thailand", "Information on initiatives").recipients.get(
            participant__code="CHL"
        )
        replies.save_draft(chile, {"title": "Chile's reply", "narrative_markdown": "Text"}, None)
        replies.save_initiative(chile, {"title": "Santiago workshop", "kind": "workshop"})
        replies.add_attachment(chile, SimpleUploadedFile("nota.pdf", PDF), "Nota verbal")
        earlier = a_request("Chile", "Earlier request").recipients.get()
        replies.save_draft(earlier, {"title": "Earlier reply", "narrative_markdown": "Text"}, None)
        replies.save_initiative(earlier, {"title": "Seminar in Santiago", "kind": "seminar"})
        replies.submit_contribution(earlier)
        yield World(token=links.issue(chile), chile_id=chile.pk)
        transaction.set_rollback(True)


def test_no_page_a_reader_sees_has_inline_script_or_style(world):
    result = crawl(Client(), "/", "/accounts/login/", f"/r/{world.token}/", "/r/no-such-token/")
    assert result.problems() == []
    assert {
        "home",
        "participant-list",
        "participant-detail",
        "initiative-list",
        "initiative-detail",
        "meeting-list",
        "meeting-detail",
        "login",
        "reply-link",
    } <= result.names


def test_no_page_the_secretariat_sees_has_inline_script_or_style(world, django_user_model, sign_in):
    user = django_user_model.objects.create_user("secretariat-crawler", is_staff=True)
    user.groups.add(Group.objects.get(name=Role.SECRETARIAT.value))
    client = sign_in(Client(), user)
    result = crawl(client, "/", per_pattern=2, limit=400)
    assert result.problems() == []
    assert {
        "request-list",
        "request-detail",
        "request-create",
        "reply",
        "review-queue",
        "review-initiative",
        "review-reply",
    } <= result.names
    assert len(result.pages) >= 25


def test_no_reply_page_of_a_focal_point_has_inline_script_or_style(world):
    browser = Client()
    assert browser.post(f"/r/{world.token}/").status_code == 302
    result = crawl(browser, f"/reply/{world.chile_id}/")
    assert result.problems() == []
    assert "reply" in result.names
    reply_page = result.pages[f"/reply/{world.chile_id}/"]
    assert reply_page.scripts == ["/static/humsec/reply.js"]


def test_the_lockout_page_has_no_inline_script_or_style(django_user_model, settings):
    settings.AXES_FAILURE_LIMIT = 1
    response = Client().post(
        "/accounts/login/", {"username": "x", "password": "y"}, REMOTE_ADDR="192.0.2.50"
    )
    assert response.status_code == 429
    assert Page(response.content.decode()).problems == []


def test_the_checker_finds_what_it_looks_for():
    page = Page(
        '<script>alert(1)</script><script src="https://cdn.example.org/x.js"></script>'
        '<a href="javascript:void(0)" onclick="go()" style="color: red">x</a><style>p{}</style>'
        '<script type="application/json">{"data": 1}</script>'
    )
    assert len(page.problems) == 6
