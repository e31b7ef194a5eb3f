"""Hostile text in every form and query string: very long strings, NUL and other control
characters, right-to-left and zero-width characters, markup, format strings, numbers
far out of range, impossible dates, pathological Markdown. Whatever is typed or put in a
URL, humsec answers within the time allowed and never with a server error; a value it
refuses is named on the page (or in the API's answer) with the reason, and what was typed
is still there to correct.

The forms: the reply editor (page and autosave), the initiative form of a reply, the
request form, the reviewers' decisions and notes, merges and suggestions; the query
strings of the lists, the request page, the review queue and follow-up, the merge page,
and the API's parameters; and the personal link itself."""

from __future__ import annotations

import datetime as dt
import html
import json
from urllib.parse import quote, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from humsec.dates import PartialDate
from humsec.initiatives.models import Initiative
from humsec.initiatives.suggestions import suggest
from humsec.outreach import replies
from humsec.outreach.forms import ReplyForm

pytestmark = pytest.mark.django_db

HOSTILE = settings.get_profile("hostile")

HOSTILE_TEXT = [
    "\x00",
    "Thai\x00land",
    "\u202eevil\u202c",  # right-to-left override
    "Bang\u200bkok\u200d\ufeff\u2060",  # zero-width characters
    "مبادرة الأمن البشري",
    "\x01\x02\x1b[2J\x7f\x85",
    "\r\nSet-Cookie: admin=1",
    "x" * 100_000,
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }} {% debug %}",
    "{recipient} {0.__class__} {",
    "%s%n%x",
    "' OR 1=1 --",
    "../../../../etc/passwd",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "2007-02-30",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "spring 2007",
    "🏳️‍🌈" * 50,
]
# Markdown that makes naive parsers slow or deep.
PATHOLOGICAL_MARKDOWN = [
    "[" * 20_000,
    "*a" * 10_000,
    "> " * 5_000 + "deep",
    "- " * 5_000 + "deep",
    "`" * 20_000,
    "<" * 20_000,
    "|" * 5_000 + "\n" + "|-" * 2_500 + "\n" + "|x" * 2_500,
    "[a](" * 5_000,
    "&#" * 10_000,
    "_" * 20_000 + "a",
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=100),
    st.text(st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Mn"]), max_size=30),
)
markdown = st.one_of(hostile_text, st.sampled_from(PATHOLOGICAL_MARKDOWN))


def queries(*names: str):
    """Query strings over a page's parameters (and one it does not know), any subset."""
    return st.dictionaries(st.sampled_from([*names, "unknown"]), hostile_text, max_size=4)


def shown(response) -> str:
    return html.unescape(response.content.decode())


def refused_for_nul(response) -> bool:
    """The answer to a NUL character in the address (404) or a field (400), saying where
    it is (humsec/security/nul.py)."""
    return response.status_code in (400, 404) and "NUL character" in response.content.decode()


def errors_in(form) -> list[str]:
    return [error for errors in form.errors.values() for error in errors]


# The persona's client, the reply and the objects under review ------------------------------


@pytest.fixture
def clients(personas):
    return {name: personas.client(name) for name in ("secretariat", "reviewer", "anonymous")}


@pytest.fixture
def thailands_reply(thailand, personas):
    """Thailand's reply, submitted with one initiative: a reply and an initiative to
    review, and a suggestion found in its text."""
    replies.save_draft(
        thailand,
        {
            "title": "Thailand's initiatives in the area of human security",
            "narrative_markdown": "Thailand will hold a seminar in Bangkok in May 2027 "
            "with Japan on trafficking in persons.",
        },
        None,
    )
    replies.save_initiative(
        thailand,
        {"title": "Bangkok seminar", "kind": "seminar", "start": PartialDate.parse("May 2027")},
    )
    replies.submit_contribution(thailand)
    contribution = thailand.contribution
    suggest(contribution)
    return contribution


@pytest.fixture
def get(watchdog):
    def get(client: Client, url: str, query: dict | None = None):
        with watchdog():
            response = client.get(url, query or {})
        assert response.status_code < 500, (url, query, response.status_code)
        return response

    return get


@pytest.fixture
def post(watchdog):
    def post(client: Client, url: str, data: dict, **extra):
        with watchdog():
            response = client.post(url, data, **extra)
        assert response.status_code < 500, (url, response.status_code)
        return response

    return post


# Query strings -----------------------------------------------------------------------------


@settings(HOSTILE, max_examples=60)
@given(
    page=st.sampled_from(
        [
            ("/participants/", queries("q", "kind", "region", "member_on", "page")),
            ("/initiatives/", queries("theme", "participant", "year", "timeframe", "on", "page")),
            ("/meetings/", queries("page")),
        ]
    ).flatmap(lambda page: st.tuples(st.just(page[0]), page[1])),
    persona=st.sampled_from(["anonymous", "secretariat"]),
)
def test_the_public_lists_answer_any_query_string(clients, get, page, persona):
    url, query = page
    response = get(clients[persona], url, query)
    if refused_for_nul(response):
        return
    assert response.status_code == 200
    form = response.context.get("form")
    if form is not None and not form.is_valid():
        for error in errors_in(form):
            assert error in shown(response), f"{error!r} not on the page"


@HOSTILE
@given(value=hostile_text)
def test_pages_reached_by_a_name_in_the_url_answer_404_for_any_name(clients, get, value):
    for url in (
        f"/participants/{quote(value, safe='')}/",
        f"/api/v1/participants/{quote(value, safe='')}",
        f"/r/{quote(value, safe='')}/",
    ):
        response = get(clients["anonymous"], url)
        assert response.status_code in (404, 301, 302) or refused_for_nul(response)


@settings(HOSTILE, max_examples=60)
@given(
    page=st.sampled_from(
        [
            ("/api/v1/participants", queries("kind", "region", "member_on", "q", "page_size")),
            ("/api/v1/initiatives", queries("theme", "participant", "year", "timeframe", "on")),
            ("/api/v1/initiatives", queries("page", "page_size")),
            ("/api/v1/meetings", queries("page", "page_size")),
            ("/api/v1/themes", queries("page", "page_size")),
        ]
    ).flatmap(lambda page: st.tuples(st.just(page[0]), page[1])),
)
def test_the_api_answers_any_parameters_or_names_the_bad_one(clients, get, page):
    url, query = page
    response = get(clients["anonymous"], url, query)
    body = response.json()
    if response.status_code == 200:
        assert body["page"] >= 1 and isinstance(body["items"], list)
        return
    assert response.status_code in (400, 422), response.status_code
    detail = body["detail"]
    named = json.dumps(detail) if isinstance(detail, list) else detail
    assert any(name in named for name in query), (query, detail)


@HOSTILE
@given(on=hostile_text, number=st.integers(-(10**30), 10**30))
def test_an_initiative_and_a_meeting_in_the_api_answer_any_number_and_date(
    clients, get, on, number
):
    get(clients["anonymous"], f"/api/v1/initiatives/{number}", {"on": on})
    get(clients["anonymous"], f"/api/v1/meetings/{number}")
    get(clients["anonymous"], f"/initiatives/{abs(number)}/")
    get(clients["anonymous"], f"/meetings/{abs(number)}/")


@HOSTILE
@given(
    page=st.sampled_from(
        [
            ("request", queries("status", "q", "format")),
            ("/review/", queries("what", "q")),
            ("/review/follow-up/", queries("on")),
            ("/review/merge/", queries("ids")),
            ("/review/duplicates/", queries("page")),
            ("reply", queries("upload")),
        ]
    ).flatmap(lambda page: st.tuples(st.just(page[0]), page[1])),
)
def test_the_secretariat_s_pages_answer_any_query_string(
    clients, get, thailand, thailands_reply, page
):
    url, query = page
    url = {
        "request": reverse("request-detail", args=[thailand.request_id]),
        "reply": reverse("reply", args=[thailand.pk]),
    }.get(url, url)
    response = get(clients["secretariat"], url, query)
    form = response.context and response.context.get("form")
    if response.status_code == 200 and form is not None and hasattr(form, "filters"):
        for error in errors_in(form):
            assert error in shown(response), f"{error!r} not on the page"


# The reply editor ------------------------------------------------------------------------


reply_fields = st.fixed_dictionaries(
    {},
    optional={
        "title": hostile_text,
        "reply_date": hostile_text,
        "language": hostile_text,
        "narrative_markdown": markdown,
        "receipt_email": hostile_text,
        "revision": hostile_text,
    },
)


@HOSTILE
@given(fields=reply_fields, autosave=st.booleans())
def test_the_reply_editor_saves_or_says_what_to_correct_and_keeps_the_text(
    browser, post, thailand, fields, autosave
):
    contribution = replies.shown_contribution(thailand)
    data = {"title": "Reply", "revision": str(contribution.revision), **fields}
    headers = {"HTTP_ACCEPT": "application/json"} if autosave else {}
    response = post(browser, reverse("reply-save", args=[thailand.pk]), data, **headers)
    if refused_for_nul(response):
        return
    if response.status_code in (200, 302) and not autosave:
        return  # saved (302), or shown again with what is wrong (checked below for 400)
    if autosave and response.status_code == 200:
        assert response.json()["revision"] > contribution.revision
        return
    assert response.status_code in (400, 409), response.status_code
    if autosave:
        body = response.json()
        assert body.get("errors") or body.get("conflict") or body.get("error"), body
        return
    form = ReplyForm(data, instance=contribution)
    form.is_valid()
    page = shown(response)
    for error in errors_in(form):
        assert error in page, f"{error!r} is not on the page"
    typed = fields.get("narrative_markdown", "").replace("\x00", "")
    assert typed.strip()[:200] in page.replace("\r\n", "\n"), "the typed text is lost"


initiative_fields = st.fixed_dictionaries(
    {"title": hostile_text, "kind": st.one_of(st.just("seminar"), hostile_text)},
    optional={
        name: hostile_text
        for name in (
            "start",
            "end",
            "city",
            "country",
            "lead",
            "partners",
            "themes",
            "url",
            "language",
            "description",
        )
    },
)


@HOSTILE
@given(fields=initiative_fields)
def test_the_initiative_form_of_a_reply_saves_or_says_what_to_correct(
    browser, post, thailand, fields
):
    before = Initiative.objects.filter(contribution__recipient=thailand).count()
    response = post(browser, reverse("reply-initiative-new", args=[thailand.pk]), fields)
    after = Initiative.objects.filter(contribution__recipient=thailand).count()
    if refused_for_nul(response):
        assert after == before
        return
    if response.status_code == 302:
        assert after in (before, before + 1)
        return
    assert response.status_code == 200 and after == before
    form = response.context["form"]
    assert form.errors
    page = shown(response)
    for error in errors_in(form):
        assert error in page, f"{error!r} is not on the page"


# The secretariat's and the reviewers' forms --------------------------------------------------

request_fields = st.fixed_dictionaries(
    {
        "title": hostile_text,
        "letter_date": st.one_of(st.just("2027-05-21"), hostile_text),
        "deadline": st.one_of(st.just("2027-07-31"), hostile_text),
        "grace_days": st.one_of(st.just("14"), hostile_text),
        "recipients": st.one_of(st.just("list"), hostile_text),
        "chosen": st.one_of(st.just("1"), hostile_text),
        "letter_en": st.one_of(st.just("Dear {recipient}, {link}"), hostile_text),
        "reminder_limit": st.one_of(st.just("2"), hostile_text),
        "reminder_interval_days": st.one_of(st.just("14"), hostile_text),
        "signatory-TOTAL_FORMS": st.one_of(st.just("1"), hostile_text),
        "signatory-INITIAL_FORMS": st.one_of(st.just("0"), hostile_text),
        "signatory-0-participant": st.one_of(st.just("1"), hostile_text),
        "signatory-0-name": hostile_text,
        "signatory-0-title": hostile_text,
    },
    optional={"reference": hostile_text, "letter_fr": hostile_text, "meeting": hostile_text},
)


@HOSTILE
@given(fields=request_fields)
def test_the_request_form_creates_or_says_what_to_correct(clients, post, fields):
    response = post(clients["secretariat"], reverse("request-create"), fields)
    if response.status_code == 302 or refused_for_nul(response):
        return
    assert response.status_code == 200
    page = shown(response)
    form, signatories = response.context["form"], response.context["signatories"]
    problems = errors_in(form) + [e for f in signatories.forms for e in errors_in(f)]
    problems += signatories.non_form_errors()
    assert problems, "refused without a reason"
    for error in problems:
        assert error in page, f"{error!r} is not on the page"


@HOSTILE
@given(
    action=st.sampled_from(["accept", "return", "note", "restore/1", "unmerge", "themes/peace"]),
    text=hostile_text,
    revision=hostile_text,
)
def test_decisions_on_an_initiative_take_any_reason_or_say_what_is_missing(
    clients, post, thailands_reply, action, text, revision
):
    initiative = Initiative.objects.get(contribution=thailands_reply)
    url = f"/review/initiatives/{initiative.pk}/{action}/"
    data = {"reason": text, "text": text, "revision": revision}
    response = post(clients["reviewer"], url, data, follow=True)
    assert response.status_code in (200, 404) or refused_for_nul(response)
    if response.status_code == 200:
        assert [str(m) for m in response.context["messages"]], "no word on what happened"


@HOSTILE
@given(
    decision=st.sampled_from(["accept", "return", "suggest"]),
    text=hostile_text,
)
def test_decisions_on_a_reply_take_any_reason(clients, post, thailands_reply, decision, text):
    url = f"/review/replies/{thailands_reply.pk}/{decision}/"
    response = post(clients["secretariat"], url, {"reason": text}, follow=True)
    if refused_for_nul(response):
        return
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]], "no word on what happened"


@HOSTILE
@given(fields=initiative_fields, decision=st.sampled_from(["edit", "accept", "reject"]))
def test_a_suggestion_is_accepted_edited_or_rejected_whatever_is_typed(
    clients, post, thailands_reply, fields, decision
):
    suggestion = thailands_reply.suggestions.first()
    if suggestion is None:
        pytest.skip("no suggestion found in the reply's text")
    url = (
        reverse("review-suggestion", args=[suggestion.pk])
        if decision == "edit"
        else reverse("review-suggestion-decision", args=[suggestion.pk, decision])
    )
    post(clients["secretariat"], url, {**fields, "reason": fields["title"]})


@HOSTILE
@given(
    ids=st.one_of(hostile_text, st.lists(st.integers(-(10**20), 10**20), max_size=3)),
    fields=st.dictionaries(
        st.sampled_from(["title", "kind", "dates", "reason", "revision-1", "description"]),
        hostile_text,
    ),
)
def test_the_merge_page_answers_any_ids_and_choices(clients, get, post, ids, fields):
    ids = ",".join(map(str, ids)) if isinstance(ids, list) else ids
    pair = ",".join(str(pk) for pk in Initiative.objects.values_list("pk", flat=True)[:2])
    for query in (ids, pair):
        get(clients["reviewer"], "/review/merge/", {"ids": query})
        post(clients["reviewer"], f"/review/merge/?ids={quote(query)}", fields)


@HOSTILE
@given(text=markdown)
def test_suggestions_are_found_in_any_reply_text_in_time(watchdog, text):
    from humsec.initiatives.extract import suggest_initiatives
    from humsec.outreach.imports.narrative import markdown_to_html

    with watchdog(seconds=HOSTILE.deadline.total_seconds()):
        suggest_initiatives(markdown_to_html(text.replace("\x00", "")).html, reporter="THA")


# Signing in and choosing a language ---------------------------------------------------------


@HOSTILE
@given(username=hostile_text, password=hostile_text, language=hostile_text, next_=hostile_text)
def test_sign_in_and_the_language_switch_answer_any_input(
    post, username, password, language, next_
):
    client = Client(REMOTE_ADDR="198.51.100.7")
    response = post(client, "/accounts/login/", {"username": username, "password": password})
    assert response.status_code in (200, 429) or refused_for_nul(response)
    response = post(client, "/i18n/setlang/", {"language": language, "next": next_})
    assert response.status_code in (302, 400)
    if response.status_code == 302:  # back to a page of this site, never elsewhere
        assert urlsplit(response["Location"]).netloc in ("", "testserver"), response["Location"]


def test_dates_far_in_the_future_or_past_do_not_break_the_timeframes(clients, get):
    for day in (dt.date.min, dt.date.max, timezone.localdate()):
        for url in ("/initiatives/", "/api/v1/initiatives", "/review/follow-up/"):
            get(clients["secretariat"], url, {"on": day.isoformat(), "timeframe": "planned"})
