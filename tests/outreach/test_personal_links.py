"""Personal links (/r/<token>/) and the reply pages they open.

A link is long and random and stored only as a hash. A GET only shows (mail scanners
open links); the POST opens the reply. A wrong, expired or revoked link gets one plain
page. A browser that came in through Thailand's link reaches Thailand's reply and nothing
of Chile's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils import timezone

from humsec.accounts.access import REPLY_GRANTS
from humsec.dates import PartialDate
from humsec.outreach import actions, links, replies
from humsec.outreach import urls as outreach_urls
from humsec.outreach.models import PersonalLink, Recipient, RecipientStatus, SentEmail

pytestmark = pytest.mark.django_db

S = RecipientStatus
LINK = re.compile(re.escape(settings.HUMSEC_BASE_URL.rstrip("/")) + r"/r/([A-Za-z0-9_-]+)/")
MAIN = re.compile(r"<main\b.*?</main>", re.S)
TITLE = "Information on human security initiatives"


# Helpers ---------------------------------------------------------------------------------


def token_for(outbox, address: str) -> str:
    message = next(m for m in outbox if address in m.to)
    return LINK.findall(message.body)[0]


def state(recipient: Recipient) -> tuple:
    """What a visit must not change: status, last activity, history, links."""
    recipient.refresh_from_db()
    return (
        recipient.status,
        recipient.last_activity_at,
        recipient.history.count(),
        list(recipient.links.values_list("pk", "revoked_at")),
    )


def main_of(response) -> str:
    return MAIN.search(response.content.decode())[0]


def open_reply(client: Client, token: str):
    return client.post(f"/r/{token}/")


@pytest.fixture
def cycle(personas, new_request, send, mailoutbox):
    """A request to Chile and Thailand, sent: each focal point has a link by email."""
    request = new_request(recipients="Chile;Thailand")
    send(request)
    return {
        "request": request,
        "chile": request.recipients.get(participant__code="CHL"),
        "thailand": request.recipients.get(participant__code="THA"),
        "chile_token": token_for(mailoutbox, "chile@example.org"),
        "thailand_token": token_for(mailoutbox, "thailand@example.org"),
    }


def expire(request, days_ago: int = 1) -> None:
    """Make the request's links expire `days_ago` days ago."""
    request.deadline = timezone.localdate() - dt.timedelta(days=request.grace_days + days_ago)
    request.save(update_fields=["deadline"])


# Tokens ----------------------------------------------------------------------------------


def test_a_token_has_at_least_128_bits_of_randomness(cycle):
    token = links.issue(cycle["thailand"])
    assert len(token) >= 43  # secrets.token_urlsafe(32)
    assert re.fullmatch(r"[A-Za-z0-9_-]+", token)
    assert len({links.issue(cycle["thailand"]) for _ in range(20)}) == 20


def test_only_the_sha256_of_a_token_is_stored(cycle):
    token = cycle["thailand_token"]
    link = PersonalLink.objects.get(token_hash=hashlib.sha256(token.encode()).hexdigest())
    assert link.recipient == cycle["thailand"]
    for field in PersonalLink._meta.concrete_fields:
        assert token not in str(getattr(link, field.attname))


def test_the_token_is_not_kept_in_the_record_of_sent_emails(cycle):
    for row in SentEmail.objects.all():
        assert cycle["thailand_token"] not in f"{row.key} {row.to} {row.subject}"


# The landing page ------------------------------------------------------------------------


def test_opening_the_link_shows_what_it_is_for_and_a_button(cycle):
    response = Client().get(f"/r/{cycle['thailand_token']}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert TITLE in page
    assert "Thailand" in page
    assert "31 July 2007" in page
    assert re.search(r'<form method="post"', page)
    assert "Open the reply form" in page


def test_opening_the_link_changes_nothing(cycle):
    """Mail scanners open links: a GET (or HEAD), even repeated, must not act."""
    thailand = cycle["thailand"]
    client = Client()
    before = state(thailand)
    for method in (client.get, client.get, client.head):
        response = method(f"/r/{cycle['thailand_token']}/")
        assert response.status_code == 200
    assert state(thailand) == before
    assert thailand.status == S.SENT
    assert settings.SESSION_COOKIE_NAME not in client.cookies  # no session was started
    assert client.get(f"/reply/{thailand.pk}/").status_code == 404


def test_the_button_opens_the_reply(cycle):
    thailand = cycle["thailand"]
    client = Client()
    response = open_reply(client, cycle["thailand_token"])
    assert response.status_code == 302
    assert response["Location"] == f"/reply/{thailand.pk}/"
    thailand.refresh_from_db()
    assert thailand.status == S.OPENED
    assert list(thailand.history.values_list("old", "new")) == [
        (S.NOT_SENT, S.SENT),
        (S.SENT, S.OPENED),
    ]
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert TITLE in page.content.decode()


def test_a_browser_that_came_in_through_the_link_saves_a_draft(cycle):
    """No account is needed: the link alone lets the focal point work on the reply."""
    thailand = cycle["thailand"]
    client = Client(raise_request_exception=False)
    open_reply(client, cycle["thailand_token"])
    response = client.post(
        f"/reply/{thailand.pk}/save/",
        {
            "title": "Thailand's initiatives in the area of human security",
            "language": "en",
            "narrative_markdown": "Thailand hosted a regional forum.",
            "revision": 0,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/reply/{thailand.pk}/"
    thailand.refresh_from_db()
    assert thailand.status == S.DRAFT
    change = thailand.history.get(new=S.DRAFT)
    assert change.actor is None
    contribution = replies.contribution_of(thailand)
    assert contribution.title == "Thailand's initiatives in the area of human security"


def test_coming_back_through_the_link_keeps_the_reply_open_without_a_new_status(cycle):
    thailand = cycle["thailand"]
    open_reply(Client(), cycle["thailand_token"])
    changes = thailand.history.count()
    response = open_reply(Client(), cycle["thailand_token"])
    assert response.status_code == 302
    thailand.refresh_from_db()
    assert thailand.status == S.OPENED
    assert thailand.history.count() == changes


# Links that do not work ------------------------------------------------------------------


def bad_links(cycle) -> dict[str, str]:
    """A wrong token, an expired one (Chile's, in another request) and a revoked one."""
    return {
        "wrong": "x" * 43,
        "expired": cycle["expired_token"],
        "revoked": cycle["thailand_token"],
    }


@pytest.fixture
def broken(cycle, new_request, send, mailoutbox):
    """Thailand's links revoked; a second request to Chile whose links expired yesterday."""
    actions.revoke_links(cycle["thailand"])
    old = new_request(recipients="Chile", title="Earlier request")
    send(old)
    expire(old)
    message = next(m for m in mailoutbox if m.subject == "Earlier request")
    cycle["expired_token"] = LINK.findall(message.body)[0]
    cycle["expired_recipient"] = old.recipients.get()
    return cycle


@pytest.mark.parametrize("kind", ["wrong", "expired", "revoked"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_link_that_does_not_work_says_so_and_how_to_get_a_new_one(broken, kind, method):
    client = Client()
    response = getattr(client, method)(f"/r/{bad_links(broken)[kind]}/")
    assert response.status_code == 404
    page = main_of(response)
    assert "This link does not work" in page
    assert "To get a new link" in page
    # Nothing about whose link it was.
    for word in ("Thailand", "Chile", TITLE, "Earlier request", "<form"):
        assert word not in page


def test_every_link_that_does_not_work_gets_the_same_page_for_get_and_post(broken):
    pages = {
        main_of(getattr(Client(), method)(f"/r/{token}/"))
        for token in bad_links(broken).values()
        for method in ("get", "post")
    }
    assert len(pages) == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_link_that_does_not_work_changes_nothing(broken, method):
    recipients = [broken["thailand"], broken["chile"], broken["expired_recipient"]]
    before = [state(r) for r in recipients]
    client = Client()
    for token in bad_links(broken).values():
        getattr(client, method)(f"/r/{token}/")
    assert [state(r) for r in recipients] == before
    assert REPLY_GRANTS not in client.session


def test_a_link_works_on_the_last_day_of_the_grace_period_and_not_the_day_after(cycle):
    request, token = cycle["request"], cycle["thailand_token"]
    request.deadline = timezone.localdate() - dt.timedelta(days=request.grace_days)
    request.save(update_fields=["deadline"])
    assert Client().get(f"/r/{token}/").status_code == 200
    expire(request, days_ago=1)
    assert Client().get(f"/r/{token}/").status_code == 404


def test_a_very_long_or_odd_token_is_just_a_link_that_does_not_work(cycle):
    for token in ("a" * 500, "%00", "..", "' OR 1=1 --"):
        response = Client().get(f"/r/{token}/")
        assert response.status_code == 404


# What a link gives access to -------------------------------------------------------------


def reply_patterns() -> list[URLPattern]:
    """Every reply page of outreach/urls.py that takes a recipient id."""
    patterns = [
        p
        for p in outreach_urls.urlpatterns
        if isinstance(p, URLPattern)
        and p.name.startswith("reply")
        and "recipient_id" in p.pattern.converters
    ]
    assert len(patterns) >= 10
    return patterns


def reply_urls(recipient_id: int, initiative_id: int, upload_id: int) -> list[str]:
    values = {
        "recipient_id": recipient_id,
        "initiative_id": initiative_id,
        "upload_id": upload_id,
        "fmt": "xlsx",
    }
    result = []
    for pattern in reply_patterns():
        kwargs = {name: values[name] for name in pattern.pattern.converters if name in values}
        if "action" in pattern.pattern.converters:
            for action in ("submit", "nil-return", "decline"):
                result.append(reverse(pattern.name, kwargs={**kwargs, "action": action}))
        else:
            result.append(reverse(pattern.name, kwargs=kwargs))
    return result


@pytest.fixture
def chile_draft(cycle, settings, tmp_path):
    """Chile's reply in progress: a text, an initiative and an attachment."""
    settings.MEDIA_ROOT = tmp_path
    chile = cycle["chile"]
    replies.save_draft(
        chile,
        {
            "title": "Chile's initiatives in the area of human security",
            "narrative_markdown": "Chile hosted a regional workshop in Santiago.",
        },
        None,
    )
    initiative = replies.save_initiative(
        chile,
        {
            "title": "Regional workshop on human security",
            "kind": "workshop",
            "start": PartialDate.parse("October 2006"),
            "language": "es",
        },
    )
    upload = replies.add_attachment(
        chile, SimpleUploadedFile("note-verbale.md", b"# Note verbale\n\nChile presents...")
    )
    chile.refresh_from_db()
    return {**cycle, "initiative": initiative, "upload": upload}


def chile_state(draft) -> tuple:
    chile = draft["chile"]
    contribution = replies.contribution_of(chile)
    upload = draft["upload"]
    upload.refresh_from_db()
    return (
        state(chile),
        contribution.revision,
        contribution.narrative_markdown,
        contribution.submitted_at,
        list(replies.draft_initiatives(chile).values_list("pk", "title", "status")),
        upload.removed,
    )


def test_thailand_s_link_opens_thailand_s_reply(chile_draft):
    client = Client()
    open_reply(client, chile_draft["thailand_token"])
    assert client.get(f"/reply/{chile_draft['thailand'].pk}/").status_code == 200


def assert_out_of_reach(client: Client, url: str) -> None:
    """A POST gets 404; a GET gets 404, or the 405 any recipient id gets for a page that
    only takes a POST (so it tells nothing about Chile's reply)."""
    response = client.post(url)
    assert response.status_code == 404, f"POST {url}"
    assert "Chile" not in response.content.decode(), f"POST {url}"
    response = client.get(url)
    if response.status_code == 405:
        unknown = re.sub(r"^/reply/\d+/", "/reply/999999/", url)
        assert client.get(unknown).status_code == 405, f"GET {url}"
    else:
        assert response.status_code == 404, f"GET {url}"
    assert "Chile" not in response.content.decode(), f"GET {url}"


def test_a_browser_that_came_in_through_thailand_s_link_gets_404_on_every_reply_url_of_chile(
    chile_draft,
):
    client = Client()
    open_reply(client, chile_draft["thailand_token"])
    before = chile_state(chile_draft)
    for url in reply_urls(
        chile_draft["chile"].pk, chile_draft["initiative"].pk, chile_draft["upload"].pk
    ):
        assert_out_of_reach(client, url)
    assert chile_state(chile_draft) == before


def test_thailand_s_focal_point_signed_in_gets_404_on_every_reply_url_of_chile(
    chile_draft, personas
):
    client = personas.client("thailand")
    open_reply(client, chile_draft["thailand_token"])
    before = chile_state(chile_draft)
    for url in reply_urls(
        chile_draft["chile"].pk, chile_draft["initiative"].pk, chile_draft["upload"].pk
    ):
        assert_out_of_reach(client, url)
    assert chile_state(chile_draft) == before


def test_thailand_s_reply_urls_do_not_reach_chile_s_initiative_or_files(chile_draft):
    client = Client()
    open_reply(client, chile_draft["thailand_token"])
    before = chile_state(chile_draft)
    thailand = chile_draft["thailand"].pk
    initiative, upload = chile_draft["initiative"].pk, chile_draft["upload"].pk
    for url in (
        f"/reply/{thailand}/initiatives/{initiative}/",
        f"/reply/{thailand}/initiatives/{initiative}/remove/",
        f"/reply/{thailand}/attachments/{upload}/remove/",
        f"/reply/{thailand}/files/{upload}/",
    ):
        assert client.post(url).status_code == 404, url
    assert client.get(f"/reply/{thailand}/files/{upload}/").status_code == 404
    assert client.get(f"/reply/{thailand}/initiatives/{initiative}/").status_code == 404
    assert chile_state(chile_draft) == before


def test_a_link_opens_its_own_request_s_reply_and_not_another_request_s(
    cycle, new_request, send, mailoutbox
):
    other = new_request(recipients="Thailand", title="Another request")
    send(other)
    client = Client()
    open_reply(client, cycle["thailand_token"])
    assert client.get(f"/reply/{other.recipients.get().pk}/").status_code == 404


def test_after_the_link_is_revoked_the_browser_that_came_in_through_it_loses_access(cycle):
    thailand = cycle["thailand"]
    client = Client()
    open_reply(client, cycle["thailand_token"])
    assert client.get(f"/reply/{thailand.pk}/").status_code == 200

    actions.revoke_links(thailand)

    assert client.get(f"/reply/{thailand.pk}/").status_code == 404
    before = state(thailand)
    response = client.post(f"/reply/{thailand.pk}/save/", {"title": "Changed", "revision": 0})
    assert response.status_code == 404
    assert state(thailand) == before
    assert replies.contribution_of(thailand).title == ""


def test_after_the_links_expire_the_browser_that_came_in_loses_access(cycle):
    thailand = cycle["thailand"]
    client = Client()
    open_reply(client, cycle["thailand_token"])
    expire(cycle["request"])
    assert client.get(f"/reply/{thailand.pk}/").status_code == 404
    assert client.post(f"/reply/{thailand.pk}/submit/").status_code == 404
