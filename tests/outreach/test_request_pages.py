"""The secretariat's pages for requests: the list, the form, the page of one request
with its table of recipients, and the actions on it (send, remind, per recipient)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from tests import html
from tests.html import Element

from humsec.meetings.models import Meeting
from humsec.outreach import actions, links
from humsec.outreach.compose import DEFAULT_LETTER
from humsec.outreach.models import Recipient, RecipientStatus, Reminder, Request
from humsec.roster.models import FocalPoint, Participant

pytestmark = pytest.mark.django_db

S = RecipientStatus
ATTENDEES_OF_20_APRIL_2007 = 48
TAKASU_2007 = "Ambassador of Japan in charge of human security"
HELLER_2007 = "Permanent Representative of Mexico to the United Nations"

# Reading pages ---------------------------------------------------------------------------


class Page(html.Page):
    """A request page: its table of recipients and its forms."""

    def rows(self) -> dict[str, Element]:
        """The rows of the recipients table, by the participant named in their header."""
        rows = {}
        for tr in self.all("tr"):
            if tr.inside("tbody") is None:
                continue
            header = next(
                (e for e in self.elements if e.tag == "th" and e.parents and e.parents[-1] is tr),
                None,
            )
            if header is not None:
                rows[header.content.split(" (")[0]] = tr
        return rows

    def cells(self, tr: Element) -> list[str]:
        return [
            e.content
            for e in self.elements
            if e.tag in ("th", "td") and e.parents and e.parents[-1] is tr
        ]

    def form_values(self, form: Element) -> dict[str, object]:
        """What a browser would send from this form, untouched."""
        values: dict[str, object] = {}
        for e in self.elements:
            if form not in e.parents or "name" not in e.attrs:
                continue
            name = e.attrs["name"]
            if e.tag == "input":
                kind = e.attrs.get("type", "text")
                if kind in ("radio", "checkbox") and "checked" not in e.attrs:
                    continue
                if kind in ("submit", "button"):
                    continue
                values[name] = e.attrs.get("value", "")
            elif e.tag == "textarea":
                values[name] = "".join(e.text).removeprefix("\n")
            elif e.tag == "select":
                chosen = [
                    o.attrs.get("value", "")
                    for o in self.within(e, "option")
                    if "selected" in o.attrs
                ]
                if "multiple" in e.attrs:
                    values[name] = chosen
                elif chosen:
                    values[name] = chosen[0]
        return values


def page_of(response) -> Page:
    assert response.status_code == 200, response.status_code
    return Page(response.content.decode())


def error_beside(page: Page, field_id: str) -> str:
    """The error shown in the same field block as the control, and announced with it."""
    control = page.by_id(field_id)
    error = page.by_id(f"{field_id}_error")
    block = control.inside("div")
    assert block is not None and block in error.parents, "the error is not beside its field"
    assert f"{field_id}_error" in control.attrs.get("aria-describedby", "").split()
    return error.content


def messages_of(page: Page) -> list[str]:
    return [li.content for li in page.all("li") if "message" in li.attrs.get("class", "")]


# The data ----------------------------------------------------------------------------------


def today() -> dt.date:
    return timezone.localdate()


def participant(code: str) -> Participant:
    return Participant.objects.get(code=code)


def add_focal_point(code: str, name: str) -> FocalPoint:
    return FocalPoint.objects.create(
        participant=participant(code), name=name.title(), email=f"{name}@example.org"
    )


def new_request(personas, recipients: str = "meeting:2", **changes) -> Request:
    """A request to the attendees of the meeting of 20 April 2007, signed by its co-chairs;
    the deadline is ahead, so that its links and reminders work."""
    values = {
        "title": "Information on human security initiatives",
        "reference": "FHS/2007/1",
        "letter_date": today(),
        "deadline": today() + dt.timedelta(days=60),
        "meeting": Meeting.objects.get(number=2),
        "signatories": [
            actions.SignatoryData(participant("JPN"), "Yukio Takasu", TAKASU_2007),
            actions.SignatoryData(participant("MEX"), "Claude Heller", HELLER_2007),
        ],
        "recipients": actions.recipients_from(recipients, today()),
        "actor": personas.secretariat,
    }
    values.update(changes)
    return actions.create_request(**values)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def secretariat(personas):
    return personas.client("secretariat")


@pytest.fixture
def request_2007(personas) -> Request:
    return new_request(personas)


@pytest.fixture
def focal_points(personas) -> list[str]:
    """Chile and Thailand (the personas) and two more participants have focal points."""
    add_focal_point("SVN", "slovenia")
    add_focal_point("CHE", "switzerland")
    return ["chile", "thailand", "slovenia", "switzerland"]


@pytest.fixture
def sent(request_2007, focal_points, secretariat, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat.post(f"/requests/{request_2007.pk}/send/")
    assert response.status_code == 302
    return request_2007


def recipient_of(request: Request, code: str) -> Recipient:
    return request.recipients.get(participant__code=code)


def post_action(client, request: Request, code: str, action: str, capture=None):
    url = f"/requests/{request.pk}/recipients/{recipient_of(request, code).pk}/{action}/"
    if capture is None:
        return client.post(url)
    with capture(execute=True):
        return client.post(url)


# The list of requests ----------------------------------------------------------------------


def test_the_list_of_requests_sends_an_anonymous_visitor_to_sign_in(client):
    response = client.get("/requests/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/requests/"


@pytest.mark.parametrize("persona", ["chile", "thailand"])
def test_the_list_of_requests_does_not_exist_for_a_focal_point(personas, request_2007, persona):
    assert personas.client(persona).get("/requests/").status_code == 404


@pytest.mark.parametrize("persona", ["secretariat", "co_chair"])
def test_the_list_of_requests_shows_each_request_with_its_answers(personas, request_2007, persona):
    page = page_of(personas.client(persona).get("/requests/"))

    rows = page.rows()
    assert list(rows) == ["Information on human security initiatives"]
    cells = page.cells(rows["Information on human security initiatives"])
    assert cells[3] == f"0 / {ATTENDEES_OF_20_APRIL_2007}"
    assert page.all("a", href=f"/requests/{request_2007.pk}/")


def test_a_co_chair_sees_an_empty_list_before_the_first_request(personas):
    response = personas.client("co_chair").get("/requests/")

    assert response.status_code == 200
    assert "No request yet." in response.content.decode()


def test_only_the_secretariat_is_offered_a_new_request(personas, request_2007):
    secretariat = page_of(personas.client("secretariat").get("/requests/"))
    co_chair = page_of(personas.client("co_chair").get("/requests/"))

    assert secretariat.all("a", href="/requests/new/")
    assert not co_chair.all("a", href="/requests/new/")


# The new request form --------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["co_chair", "reviewer", "chile"])
def test_the_new_request_form_is_not_found_except_by_the_secretariat(personas, persona):
    client = personas.client(persona)

    assert client.get("/requests/new/").status_code == 404
    assert client.post("/requests/new/", {"title": "x"}).status_code == 404
    assert not Request.objects.exists()


def test_the_new_request_form_prefills_the_co_chairs_as_signatories(secretariat):
    response = secretariat.get("/requests/new/")
    page = page_of(response)

    initial = response.context["signatories"].initial
    assert [(s["participant"], s["name"]) for s in initial] == [
        (participant("JPN").pk, "Yukio Takasu"),
        (participant("MEX").pk, "Claude Heller"),
    ]
    values = page.form_values(page.by_id("id_title").inside("form"))
    assert values["signatory-TOTAL_FORMS"] == "2"
    assert values["signatory-0-participant"] == str(participant("JPN").pk)
    assert values["signatory-0-name"] == "Yukio Takasu"
    assert values["signatory-1-participant"] == str(participant("MEX").pk)
    assert values["signatory-1-name"] == "Claude Heller"
    assert values["signatory-1-title"] == HELLER_2007


def test_the_new_request_form_prefills_the_letter_in_three_languages(secretariat):
    page = page_of(secretariat.get("/requests/new/"))
    values = page.form_values(page.by_id("id_title").inside("form"))

    for language in ("en", "fr", "es"):
        assert values[f"letter_{language}"].strip() == DEFAULT_LETTER[language].strip()
        assert "{link}" in values[f"letter_{language}"]
    assert values["recipients"] == "meeting"


def filled_form(secretariat, **changes) -> dict:
    """The form as prefilled, for a request to the attendees of the second meeting."""
    page = page_of(secretariat.get("/requests/new/"))
    values = page.form_values(page.by_id("id_title").inside("form"))
    values.update(
        {
            "title": "Information on human security initiatives",
            "reference": "FHS/2007/1",
            "meeting": str(Meeting.objects.get(number=2).pk),
            "letter_date": today().isoformat(),
            "deadline": (today() + dt.timedelta(days=60)).isoformat(),
            "signatory-0-title": TAKASU_2007,
            "recipients": "meeting",
        }
    )
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def test_the_secretariat_creates_a_request_to_the_attendees_of_20_april_2007(secretariat):
    meeting = Meeting.objects.get(number=2)
    assert meeting.date == dt.date(2007, 4, 20)

    response = secretariat.post("/requests/new/", filled_form(secretariat))

    created = Request.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/requests/{created.pk}/"
    assert created.meeting == meeting
    assert created.recipients.count() == ATTENDEES_OF_20_APRIL_2007
    assert set(created.recipients.values_list("participant", flat=True)) == set(
        meeting.attendance.values_list("participant", flat=True)
    )
    assert created.recipients.filter(status=S.NOT_SENT).count() == ATTENDEES_OF_20_APRIL_2007
    assert [(s.participant.code, s.name, s.title) for s in created.signatories.all()] == [
        ("JPN", "Yukio Takasu", TAKASU_2007),
        ("MEX", "Claude Heller", HELLER_2007),
    ]
    assert created.letter_fr.strip() == DEFAULT_LETTER["fr"].strip()
    assert created.letter_es.strip() == DEFAULT_LETTER["es"].strip()
    page = page_of(secretariat.get(response["Location"]))
    assert "The request was created. Check it, then send it." in messages_of(page)


def test_a_deadline_before_the_letter_date_is_shown_beside_the_deadline(secretariat):
    data = filled_form(
        secretariat, letter_date="2007-05-21", deadline="2007-05-01", title="Too early"
    )

    response = secretariat.post("/requests/new/", data)

    page = Page(response.content.decode())
    assert response.status_code == 200
    assert error_beside(page, "id_deadline") == "The deadline is before the letter date."
    assert page.by_id("id_title").attrs["value"] == "Too early"
    assert not Request.objects.exists()


def test_an_unknown_field_in_a_letter_is_shown_beside_that_letter(secretariat):
    french = DEFAULT_LETTER["fr"] + "\n{ambassadeur}"

    response = secretariat.post("/requests/new/", filled_form(secretariat, letter_fr=french))

    page = Page(response.content.decode())
    assert response.status_code == 200
    assert error_beside(page, "id_letter_fr") == (
        "Unknown fields: {ambassadeur}. Use {recipient}, {mission}, {deadline} or {link}."
    )
    assert "{ambassadeur}" in page.by_id("id_letter_fr").content
    assert not page.all("div", id="id_letter_en_error")
    assert not Request.objects.exists()


def test_recipients_from_a_meeting_need_the_meeting_chosen(secretariat):
    response = secretariat.post("/requests/new/", filled_form(secretariat, meeting=""))

    page = Page(response.content.decode())
    assert response.status_code == 200
    assert error_beside(page, "id_meeting") == (
        "Choose the meeting whose participants receive the letter."
    )
    assert not Request.objects.exists()


# The page of a request ---------------------------------------------------------------------


def test_the_request_page_lists_the_48_recipients_with_status_activity_and_reminders(
    secretariat, request_2007
):
    page = page_of(secretariat.get(f"/requests/{request_2007.pk}/"))

    (table,) = page.all("table")
    headers = [th.content for th in page.within(table, "th") if th.inside("thead")]
    assert headers[:4] == ["Participant", "Status", "Last activity", "Reminders"]
    rows = page.rows()
    assert len(rows) == ATTENDEES_OF_20_APRIL_2007
    assert {"Chile", "Thailand", "Japan", "Mexico", "Slovenia"} <= set(rows)
    chile = page.cells(rows["Chile"])
    assert chile[1:4] == ["not sent", "", "0"]
    assert "Information on human security initiatives" in page.by_id("main").content


def test_the_request_page_marks_participants_without_a_focal_point(secretariat, request_2007):
    page = page_of(secretariat.get(f"/requests/{request_2007.pk}/"))

    rows = page.rows()
    assert "(no focal point)" in page.cells(rows["Japan"])[0]
    assert "(no focal point)" not in page.cells(rows["Chile"])[0]


def test_the_request_page_filters_the_outstanding_recipients(secretariat, request_2007):
    actions.set_status(recipient_of(request_2007, "CHL"), S.SENT)
    actions.set_status(recipient_of(request_2007, "THA"), S.SENT)
    actions.set_status(recipient_of(request_2007, "THA"), S.SUBMITTED)
    actions.set_status(recipient_of(request_2007, "SVN"), S.SENT)
    actions.set_status(recipient_of(request_2007, "SVN"), S.OPENED)

    page = page_of(secretariat.get(f"/requests/{request_2007.pk}/?status=outstanding"))

    rows = page.rows()
    assert sorted(rows) == ["Chile", "Slovenia"]
    assert page.cells(rows["Slovenia"])[1] == "opened"


def test_the_request_page_filters_by_name(secretariat, request_2007):
    page = page_of(secretariat.get(f"/requests/{request_2007.pk}/?q=thai"))

    assert list(page.rows()) == ["Thailand"]
    assert page.by_id("id_q").attrs["value"] == "thai"


def test_a_filter_that_matches_nobody_says_so(secretariat, request_2007):
    page = page_of(secretariat.get(f"/requests/{request_2007.pk}/?q=Atlantis"))

    assert page.rows() == {}
    assert "No recipient matches." in page.by_id("main").content


def test_the_csv_export_has_a_header_and_one_row_per_recipient(secretariat, request_2007):
    actions.set_status(recipient_of(request_2007, "THA"), S.SENT)

    response = secretariat.get(f"/requests/{request_2007.pk}/?format=csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["participant", "code", "status", "sent", "last activity", "reminders"]
    assert len(rows) == 1 + ATTENDEES_OF_20_APRIL_2007
    by_code = {row[1]: row for row in rows[1:]}
    assert by_code["THA"][0] == "Thailand"
    assert by_code["THA"][2] == "sent"
    assert by_code["THA"][3]
    assert by_code["CHL"][2:4] == ["not sent", ""]


def test_the_csv_export_quotes_a_name_a_spreadsheet_would_run_as_a_formula(
    secretariat, request_2007
):
    Participant.objects.filter(code="THA").update(short_name='=HYPERLINK("http://x")')

    response = secretariat.get(f"/requests/{request_2007.pk}/?format=csv")

    rows = {row[1]: row for row in csv.reader(io.StringIO(response.content.decode()))}
    assert rows["THA"][0] == '\'=HYPERLINK("http://x")'
    assert rows["CHL"][0] == "Chile"


def test_the_csv_export_keeps_the_filters(secretariat, request_2007):
    response = secretariat.get(f"/requests/{request_2007.pk}/?q=chile&format=csv")

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [row[0] for row in rows[1:]] == ["Chile"]


def test_the_request_page_links_to_the_csv_export_with_its_filters(secretariat, request_2007):
    page = page_of(secretariat.get(f"/requests/{request_2007.pk}/?q=chile"))

    hrefs = [a.attrs["href"] for a in page.all("a") if "format=csv" in a.attrs.get("href", "")]
    assert hrefs == ["?q=chile&format=csv"]


# Sending and reminding -------------------------------------------------------------------


def test_sending_emails_the_letter_to_every_focal_point_and_marks_them_sent(
    secretariat, sent, focal_points, mailoutbox
):
    assert sorted(m.to[0] for m in mailoutbox) == sorted(f"{n}@example.org" for n in focal_points)
    letter = next(m for m in mailoutbox if m.to == ["thailand@example.org"])
    assert sorted(name.rsplit(".", 1)[1] for name, _c, _t in letter.attachments) == [
        "docx",
        "pdf",
    ]
    assert re.search(r"/r/[\w-]{40,}/", letter.body)

    page = page_of(secretariat.get(f"/requests/{sent.pk}/"))

    assert "The letters are being sent." in messages_of(page)
    rows = page.rows()
    for name in ("Chile", "Thailand", "Slovenia", "Switzerland"):
        assert page.cells(rows[name])[1] == "sent"
        assert page.cells(rows[name])[2], f"{name} has no last activity"
    assert page.cells(rows["Japan"])[1] == "not sent"


def test_the_letter_email_keeps_the_apostrophes_of_the_request_title(
    personas, secretariat, mailoutbox, django_capture_on_commit_callbacks
):
    request = new_request(
        personas, recipients="Thailand", title="The Friends' call for information"
    )

    with django_capture_on_commit_callbacks(execute=True):
        secretariat.post(f"/requests/{request.pk}/send/")

    (letter,) = mailoutbox
    assert letter.subject == "The Friends' call for information"


def test_sending_again_sends_nothing_twice(
    secretariat, sent, mailoutbox, django_capture_on_commit_callbacks
):
    before = len(mailoutbox)

    with django_capture_on_commit_callbacks(execute=True):
        secretariat.post(f"/requests/{sent.pk}/send/")

    assert len(mailoutbox) == before


def test_reminding_reaches_only_the_outstanding_recipients(
    personas, secretariat, sent, mailoutbox, django_capture_on_commit_callbacks
):
    actions.set_status(recipient_of(sent, "CHL"), S.SUBMITTED)
    actions.record_nil_return(recipient_of(sent, "SVN"))
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat.post(f"/requests/{sent.pk}/remind/")

    assert response.status_code == 302
    reminded = sorted(m.to[0] for m in mailoutbox if m.subject.startswith("Reminder"))
    assert reminded == ["switzerland@example.org", "thailand@example.org"]
    assert Reminder.objects.filter(recipient__request=sent).count() == 2
    page = page_of(secretariat.get(f"/requests/{sent.pk}/"))
    rows = page.rows()
    assert page.cells(rows["Thailand"])[3] == "1"
    assert page.cells(rows["Chile"])[3] == "0"
    assert page.cells(rows["Slovenia"])[3] == "0"
    assert "Reminders are being sent to the recipients still outstanding." in messages_of(page)


def test_reminding_sends_the_co_chairs_a_digest_of_who_is_outstanding(
    personas, secretariat, sent, mailoutbox, django_capture_on_commit_callbacks
):
    actions.set_status(recipient_of(sent, "CHL"), S.SUBMITTED)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        secretariat.post(f"/requests/{sent.pk}/remind/")

    (digest,) = [m for m in mailoutbox if m.to == [personas.co_chair.email]]
    assert "Thailand" in digest.body
    assert "- Chile" not in digest.body


# Actions on one recipient ------------------------------------------------------------------


def test_recording_a_nil_return_marks_the_recipient(secretariat, sent):
    response = post_action(secretariat, sent, "THA", "nil-return")

    assert response.status_code == 302
    assert recipient_of(sent, "THA").status == S.NIL_RETURN
    page = page_of(secretariat.get(f"/requests/{sent.pk}/"))
    assert page.cells(page.rows()["Thailand"])[1] == "nil return"
    assert "Thailand: done." in messages_of(page)


def test_revoking_the_links_makes_the_emailed_link_stop_working(secretariat, sent, client):
    token = links.issue(recipient_of(sent, "THA"))
    assert client.get(f"/r/{token}/").status_code == 200

    post_action(secretariat, sent, "THA", "revoke")

    response = client.get(f"/r/{token}/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_a_new_link_is_emailed_to_the_focal_point_and_works(
    secretariat, sent, mailoutbox, client, django_capture_on_commit_callbacks
):
    post_action(secretariat, sent, "THA", "revoke")
    mailoutbox.clear()

    post_action(secretariat, sent, "THA", "new-link", django_capture_on_commit_callbacks)

    (email,) = mailoutbox
    assert email.to == ["thailand@example.org"]
    path = re.search(r"/r/[\w-]+/", email.body)[0]
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == f"/reply/{recipient_of(sent, 'THA').pk}/"


def test_a_new_link_before_the_letter_is_sent_is_refused_with_a_message(
    secretariat, request_2007, mailoutbox, django_capture_on_commit_callbacks
):
    post_action(secretariat, request_2007, "THA", "new-link", django_capture_on_commit_callbacks)

    page = page_of(secretariat.get(f"/requests/{request_2007.pk}/"))
    assert "The letter has not been sent yet: send the request instead." in messages_of(page)
    assert mailoutbox == []


def test_reopening_a_submitted_reply_makes_it_a_draft_again(secretariat, sent):
    actions.set_status(recipient_of(sent, "THA"), S.SUBMITTED)
    page = page_of(secretariat.get(f"/requests/{sent.pk}/"))
    reopen = f"/requests/{sent.pk}/recipients/{recipient_of(sent, 'THA').pk}/reopen/"
    assert page.all("form", action=reopen)

    post_action(secretariat, sent, "THA", "reopen")

    assert recipient_of(sent, "THA").status == S.DRAFT


def test_reopening_a_reply_that_was_not_submitted_is_refused_with_a_message(secretariat, sent):
    post_action(secretariat, sent, "THA", "reopen")

    page = page_of(secretariat.get(f"/requests/{sent.pk}/"))
    assert "Only a submitted reply can be reopened." in messages_of(page)
    assert recipient_of(sent, "THA").status == S.SENT


def test_an_unknown_action_is_not_found(secretariat, sent):
    assert post_action(secretariat, sent, "THA", "delete").status_code == 404


@pytest.mark.parametrize("action", ["nil-return", "revoke", "new-link", "reopen", "decline"])
def test_a_get_on_a_recipient_action_changes_nothing(secretariat, sent, action):
    recipient = recipient_of(sent, "THA")
    token = links.issue(recipient)

    response = secretariat.get(f"/requests/{sent.pk}/recipients/{recipient.pk}/{action}/")

    assert response.status_code == 405
    assert recipient_of(sent, "THA").status == S.SENT
    assert links.find(token) is not None


@pytest.mark.parametrize("path", ["send", "remind"])
def test_a_get_on_send_or_remind_is_refused(secretariat, request_2007, path, mailoutbox):
    response = secretariat.get(f"/requests/{request_2007.pk}/{path}/")

    assert response.status_code == 405
    assert mailoutbox == []


def test_an_action_on_a_recipient_of_another_request_is_not_found(personas, secretariat, sent):
    other = new_request(personas, recipients="Chile;Thailand", title="Second round")
    chile_elsewhere = recipient_of(other, "CHL")

    response = secretariat.post(f"/requests/{sent.pk}/recipients/{chile_elsewhere.pk}/nil-return/")

    assert response.status_code == 404
    assert recipient_of(other, "CHL").status == S.NOT_SENT


# A co-chair reads, and does nothing ---------------------------------------------------------


def test_a_co_chair_sees_the_request_page_without_any_action(personas, sent):
    actions.set_status(recipient_of(sent, "CHL"), S.SUBMITTED)

    page = page_of(personas.client("co_chair").get(f"/requests/{sent.pk}/"))

    assert len(page.rows()) == ATTENDEES_OF_20_APRIL_2007
    assert page.cells(page.rows()["Thailand"])[1] == "sent"
    assert [f for f in page.all("form") if "/requests/" in f.attrs.get("action", "")] == []
    buttons = {b.content for b in page.all("button")}
    assert not buttons & {"Send the letters", "Remind those outstanding now", "Reopen"}
    assert not [a for a in page.all("a") if a.attrs.get("href", "").startswith("/reply/")]


def test_a_co_chair_cannot_act_on_a_request(
    personas, sent, mailoutbox, django_capture_on_commit_callbacks
):
    co_chair = personas.client("co_chair")
    actions.set_status(recipient_of(sent, "CHL"), S.SUBMITTED)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        responses = [
            co_chair.post(f"/requests/{sent.pk}/send/"),
            co_chair.post(f"/requests/{sent.pk}/remind/"),
            *(
                post_action(co_chair, sent, code, action)
                for code, action in [
                    ("THA", "nil-return"),
                    ("THA", "revoke"),
                    ("THA", "new-link"),
                    ("CHL", "reopen"),
                ]
            ),
        ]

    assert [r.status_code for r in responses] == [404] * 6
    assert recipient_of(sent, "THA").status == S.SENT
    assert recipient_of(sent, "CHL").status == S.SUBMITTED
    assert mailoutbox == []
    assert not Reminder.objects.exists()


@pytest.mark.parametrize("persona", ["chile", "thailand", "anonymous"])
def test_the_request_page_is_hidden_from_focal_points_and_visitors(personas, sent, persona):
    response = personas.client(persona).get(f"/requests/{sent.pk}/")

    assert response.status_code in (302, 404)
    assert "Thailand" not in response.content.decode()
