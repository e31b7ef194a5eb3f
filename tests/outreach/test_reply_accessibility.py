"""The reply page, the new request form and the request page meet the accessibility
rules of every page, in each state a user meets them: empty, filled in, with errors,
with a report, submitted, as the secretariat sees them (parsed with html.parser)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from docx import Document
from tests.files import workbook
from tests.html import Element, Page

from humsec.meetings.models import Meeting
from humsec.outreach import actions, links, replies
from humsec.outreach.models import RecipientStatus
from humsec.roster.models import Participant

pytestmark = pytest.mark.django_db

UNLABELLED_INPUTS = {"hidden", "submit", "button", "reset", "image"}


# The pages, in the states users meet them ------------------------------------------------------


def participant(code: str) -> Participant:
    return Participant.objects.get(code=code)


def word_reply() -> bytes:
    """A reply as focal points write them: its title in Word's Heading 1."""
    document = Document()
    document.add_heading("Initiatives of Thailand in the area of human security", level=1)
    document.add_paragraph("Thailand hosted a regional seminar in Bangkok.")
    document.add_paragraph("Protection of children", style="List Bullet")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "2007"
    table.cell(0, 1).text = "Bangkok seminar"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class World:
    personas: object

    def __post_init__(self):
        today = timezone.localdate()
        self.request = actions.create_request(
            title="Information on human security initiatives",
            letter_date=today,
            deadline=today + dt.timedelta(days=60),
            meeting=Meeting.objects.get(number=2),
            signatories=[
                actions.SignatoryData(participant("JPN"), "Yukio Takasu", "Ambassador"),
                actions.SignatoryData(participant("MEX"), "Claude Heller", "Ambassador"),
            ],
            recipients=actions.recipients_from("meeting:2", today),
        )
        self.thailand = self.request.recipients.get(participant__code="THA")
        self.chile = self.request.recipients.get(participant__code="CHL")
        for recipient in (self.thailand, self.chile):
            actions.set_status(recipient, RecipientStatus.SENT)
        self.browser = Client()
        self.browser.post(f"/r/{links.issue(self.thailand)}/")

    @property
    def reply(self) -> str:
        return f"/reply/{self.thailand.pk}/"

    def secretariat(self) -> Client:
        return self.personas.client("secretariat")


def reply_empty(world: World):
    return world.browser.get(world.reply)


def reply_with_a_word_reply(world: World):
    replies.upload_narrative(
        world.thailand, SimpleUploadedFile("reply.docx", word_reply()), world.personas.thailand
    )
    return world.browser.get(world.reply)


def reply_with_initiatives_and_attachments(world: World):
    replies.save_initiative(
        world.thailand,
        {"title": "Bangkok seminar", "kind": "seminar", "city": "Bangkok"},
        actor=world.personas.thailand,
    )
    replies.add_attachment(
        world.thailand,
        SimpleUploadedFile("note.pdf", b"%PDF-1.4\n%%EOF\n"),
        "Note verbale",
        world.personas.thailand,
    )
    replies.add_attachment(
        world.thailand, SimpleUploadedFile("tool.exe", b"MZ" + b"\0" * 64), "", None
    )
    return world.browser.get(world.reply)


def reply_with_an_import_report(world: World):
    rows = [
        ["title", "kind", "start", "country", "lead", "themes"],
        ["Bangkok seminar", "seminar", "May 2007", "THA", "THA", "freedom-from-fear"],
        ["Workshop", "workshop", "spring 2007", "THA", "THA", "no-such-theme"],
    ]
    client = world.personas.client("thailand")
    response = client.post(
        f"{world.reply}initiatives/upload/",
        {"initiatives-file": SimpleUploadedFile("initiatives.xlsx", workbook(rows))},
    )
    return client.get(response["Location"])


def reply_with_field_errors(world: World):
    return world.browser.post(
        f"{world.reply}save/",
        {"title": "x" * 400, "reply_date": "31/02/2007", "receipt_email": "no", "revision": "0"},
    )


def reply_with_a_conflict(world: World):
    data = {"title": "Thailand", "language": "en", "narrative_markdown": "One", "revision": "0"}
    world.personas.client("thailand").post(f"{world.reply}save/", data)
    return world.browser.post(f"{world.reply}save/", {**data, "narrative_markdown": "Two"})


def reply_submitted_as_the_secretariat_sees_it(world: World):
    replies.save_draft(world.chile, {"title": "Chile", "narrative_markdown": "Text"}, None)
    replies.submit_contribution(world.chile, world.personas.secretariat)
    return world.secretariat().get(f"/reply/{world.chile.pk}/")


def reply_entered_by_the_secretariat(world: World):
    return world.secretariat().get(world.reply)


def initiative_form_with_errors(world: World):
    return world.browser.post(
        f"{world.reply}initiatives/new/", {"title": "", "start": "31 February 2007"}
    )


def request_form(world: World):
    return world.secretariat().get("/requests/new/")


def request_form_with_errors(world: World):
    return world.secretariat().post(
        "/requests/new/",
        {
            "title": "",
            "letter_date": "2007-05-21",
            "deadline": "2007-05-01",
            "recipients": "meeting",
            "letter_en": "{nobody}",
            "signatory-TOTAL_FORMS": "1",
            "signatory-INITIAL_FORMS": "0",
            "signatory-MIN_NUM_FORMS": "1",
            "signatory-MAX_NUM_FORMS": "6",
        },
    )


def request_page(world: World):
    return world.secretariat().get(f"/requests/{world.request.pk}/")


def request_page_filtered_with_an_error(world: World):
    return world.secretariat().get(f"/requests/{world.request.pk}/?status=lost&q=thai")


def request_page_as_a_co_chair(world: World):
    return world.personas.client("co_chair").get(f"/requests/{world.request.pk}/")


PAGES = [
    reply_empty,
    reply_with_a_word_reply,
    reply_with_initiatives_and_attachments,
    reply_with_an_import_report,
    reply_with_field_errors,
    reply_with_a_conflict,
    reply_submitted_as_the_secretariat_sees_it,
    reply_entered_by_the_secretariat,
    initiative_form_with_errors,
    request_form,
    request_form_with_errors,
    request_page,
    request_page_filtered_with_an_error,
    request_page_as_a_co_chair,
]


@pytest.fixture(params=PAGES, ids=[p.__name__ for p in PAGES])
def page(request, personas) -> Page:
    response = request.param(World(personas))
    assert response.status_code in (200, 400, 409), response.status_code
    assert response["Content-Type"].startswith("text/html")
    if "error" in request.param.__name__ or "conflict" in request.param.__name__:
        assert 'class="error"' in response.content.decode(), "the page shows no error"
    return Page(response.content.decode())


def form_controls(page: Page) -> list[Element]:
    return [
        e
        for e in page.elements
        if e.tag in ("select", "textarea")
        or (e.tag == "input" and e.attrs.get("type", "text") not in UNLABELLED_INPUTS)
    ]


def test_every_form_control_has_a_label_for_its_id(page):
    labels = [label.attrs.get("for") for label in page.all("label")]

    for control in form_controls(page):
        name = control.attrs.get("name")
        assert control.attrs.get("id"), f"{control.tag} {name} has no id"
        assert control.attrs["id"] in labels, f"no <label for={control.attrs['id']!r}> ({name})"


def test_every_label_names_one_control_of_the_page(page):
    ids = [e.attrs.get("id") for e in page.elements]

    for label in page.all("label"):
        assert ids.count(label.attrs.get("for")) == 1, label.attrs.get("for")
        assert "".join(label.text).strip(), f"label for {label.attrs.get('for')} is empty"


def test_every_aria_reference_points_at_an_element_of_the_page(page):
    missing = [
        (e.tag, e.attrs.get("id"), attribute, reference)
        for e in page.elements
        for attribute in ("aria-describedby", "aria-labelledby")
        for reference in e.attrs.get(attribute, "").split()
        if reference not in page.ids
    ]

    assert missing == []


def test_a_field_in_error_is_described_by_its_error(page):
    for error in page.all("div"):
        if error.attrs.get("id", "").endswith("_error"):
            field_id = error.attrs["id"].removesuffix("_error")
            (control,) = [e for e in page.elements if e.attrs.get("id") == field_id]
            if control.attrs.get("type") != "radio":
                assert error.attrs["id"] in control.attrs.get("aria-describedby", "").split()


def test_there_is_no_inline_script_or_style(page):
    inline_scripts = [s for s in page.all("script") if "src" not in s.attrs or "".join(s.text)]
    styled = [(e.tag, e.attrs.get("id")) for e in page.elements if "style" in e.attrs]
    style_elements = page.all("style")
    handlers = [(e.tag, a) for e in page.elements for a in e.attrs if a.startswith("on")]

    assert inline_scripts == []
    assert styled == []
    assert style_elements == []
    assert handlers == []


def test_the_page_has_exactly_one_h1(page):
    headings = page.all("h1")

    assert len(headings) == 1, [" ".join("".join(h.text).split()) for h in headings]
    assert "".join(headings[0].text).strip()


def test_ids_are_unique(page):
    ids = [e.attrs["id"] for e in page.elements if "id" in e.attrs]

    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_the_radio_buttons_of_the_request_form_each_have_their_label(personas):
    page = Page(request_form(World(personas)).content.decode())
    labels = {label.attrs.get("for"): "".join(label.text).strip() for label in page.all("label")}

    radios = [e for e in page.all("input") if e.attrs.get("type") == "radio"]

    assert [labels[r.attrs["id"]] for r in radios] == [
        "Everyone who attended the meeting",
        "All Member States",
        "Those chosen below",
    ]
    (legend,) = [e for e in page.all("legend") if "".join(e.text).strip() == "Recipients"]
    assert legend
