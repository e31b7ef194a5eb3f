"""The reply pages, as a focal point reaches them through a personal link, as a focal
point with an account reaches them, and as the secretariat enters a reply received by
fax. Thailand's focal point must never see or change Chile's reply."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook
from tests import html
from tests.files import workbook
from tests.html import Element

from humsec.dates import PartialDate
from humsec.initiatives.models import Initiative, Kind, Status, Theme
from humsec.outreach import actions, links, replies
from humsec.outreach.models import (
    Channel,
    Contribution,
    ContributionVersion,
    Recipient,
    RecipientStatus,
    Request,
    Upload,
)
from humsec.outreach.urls import urlpatterns
from humsec.roster.models import Participant

pytestmark = pytest.mark.django_db

S = RecipientStatus
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
HEADER = ["title", "description", "kind", "start", "end", "city", "country", "lead"]
HEADER += ["partners", "themes", "url", "language"]

# Reading pages ---------------------------------------------------------------------------


class Page(html.Page):
    """A reply page, with its parts found by their headings."""

    def headings_in(self, ancestor: Element) -> list[Element]:
        return [
            e
            for e in self.elements
            if e.tag in ("h1", "h2", "h3", "h4", "h5", "h6") and ancestor in e.parents
        ]

    def section(self, heading_id: str) -> Element:
        (section,) = self.all("section", **{"aria-labelledby": heading_id})
        return section

    def narrative(self) -> Element:
        (narrative,) = [e for e in self.all("div") if e.attrs.get("class") == "narrative"]
        return narrative

    def messages(self) -> list[str]:
        return [li.content for li in self.all("li") if "message" in li.attrs.get("class", "")]

    def initiative_titles(self) -> list[str]:
        table = self.within(self.section("initiatives-title"), "tbody")
        if not table:
            return []
        return [th.content for th in self.within(table[0], "th")]

    def selected(self, select_id: str) -> list[str]:
        select = self.by_id(select_id)
        return [o.attrs["value"] for o in self.within(select, "option") if "selected" in o.attrs]


def page_of(response, status: int = 200) -> Page:
    assert response.status_code == status, response.status_code
    return Page(response.content.decode())


# Files -------------------------------------------------------------------------------------


def word_reply() -> bytes:
    document = Document()
    document.add_heading("Initiatives of Thailand in the area of human security", level=1)
    document.add_heading("Past initiatives", level=2)
    document.add_paragraph("Thailand hosted a regional seminar in Bangkok.")
    document.add_paragraph("Protection of children", style="List Bullet")
    document.add_paragraph("Trafficking in persons", style="List Bullet")
    document.add_paragraph("First step", style="List Number")
    table = document.add_table(rows=2, cols=2)
    for (row, col), text in {
        (0, 0): "Year",
        (0, 1): "Initiative",
        (1, 0): "2007",
        (1, 1): "Bangkok seminar",
    }.items():
        table.cell(row, col).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def row(**values: str) -> list[str]:
    """A row of the initiatives spreadsheet, in the template's columns."""
    return [values.get(column, "") for column in HEADER]


GOOD_AND_BAD_ROWS = [
    HEADER,
    row(
        title="Bangkok seminar on human security",
        kind="seminar",
        start="May 2007",
        city="Bangkok",
        country="THA",
        lead="THA",
        partners="JPN; MEX",
        themes="freedom-from-fear",
        language="en",
    ),
    row(
        title="Mekong trafficking project",
        kind="project",
        start="2006",
        end="2009",
        lead="THA",
        url="https://example.org/mekong",
        language="en",
    ),
    row(title="Workshop on nothing", kind="workshop", start="June 2007", themes="no-such-theme"),
]


# The data ----------------------------------------------------------------------------------


def participant(code: str) -> Participant:
    return Participant.objects.get(code=code)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def the_request(personas) -> Request:
    """A request to Chile, Thailand and Japan (Japan has no focal point), sent: the
    deadline is ahead, so its links work."""
    today = timezone.localdate()
    request = actions.create_request(
        title="Information on human security initiatives",
        letter_date=today,
        deadline=today + dt.timedelta(days=60),
        signatories=[
            actions.SignatoryData(participant("JPN"), "Yukio Takasu", "Ambassador"),
            actions.SignatoryData(participant("MEX"), "Claude Heller", "Ambassador"),
        ],
        recipients=actions.recipients_from("Chile;Thailand;Japan", today),
        actor=personas.secretariat,
    )
    for recipient in request.recipients.all():
        actions.set_status(recipient, S.SENT)
    return request


def recipient(request: Request, code: str) -> Recipient:
    return request.recipients.select_related("participant", "request").get(participant__code=code)


@pytest.fixture
def thailand(the_request) -> Recipient:
    return recipient(the_request, "THA")


@pytest.fixture
def chile(the_request) -> Recipient:
    return recipient(the_request, "CHL")


def through_link(recipient: Recipient) -> Client:
    """A browser that opened the reply from the link in the email (no account)."""
    browser = Client()
    token = links.issue(recipient)
    response = browser.post(f"/r/{token}/")
    assert response.status_code == 302
    assert response["Location"] == f"/reply/{recipient.pk}/"
    return browser


@pytest.fixture
def browser(thailand) -> Client:
    return through_link(thailand)


def reply_url(recipient: Recipient, name: str = "reply", **kwargs) -> str:
    return reverse(name, kwargs={"recipient_id": recipient.pk, **kwargs})


def draft(recipient: Recipient, **changes) -> dict:
    """The reply form as a focal point fills it in."""
    contribution = replies.contribution_of(recipient)
    values = {
        "title": "Thailand's initiatives in the area of human security",
        "reply_date": "2007-10-01",
        "language": "en",
        "narrative_markdown": "## Past initiatives\n\n- Bangkok seminar\n- Mekong project\n",
        "receipt_email": "",
        "revision": contribution.revision,
    }
    values.update(changes)
    return values


def save(browser: Client, recipient: Recipient, as_json: bool = False, **changes):
    headers = {"HTTP_ACCEPT": "application/json"} if as_json else {}
    return browser.post(reply_url(recipient, "reply-save"), draft(recipient, **changes), **headers)


def contribution(recipient: Recipient) -> Contribution:
    return Contribution.objects.get(recipient=recipient)


def status(recipient: Recipient) -> str:
    return Recipient.objects.get(pk=recipient.pk).status


def accepted_initiative(code: str, title: str) -> Initiative:
    initiative = Initiative(
        title=title,
        kind=Kind.PROJECT,
        reported_by=participant(code),
        status=Status.ACCEPTED,
        city="Bangkok",
    )
    initiative.set_dates(PartialDate.parse("2005"), PartialDate.parse("2008"))
    initiative.save()
    initiative.themes.add(Theme.objects.get(code="freedom-from-want"))
    return initiative


# Arriving through the link -----------------------------------------------------------------


def test_the_link_only_shows_what_it_is_for_until_the_focal_point_opens_the_reply(thailand):
    browser = Client()
    token = links.issue(thailand)

    page = page_of(browser.get(f"/r/{token}/"))

    assert status(thailand) == S.SENT
    assert [b.content for b in page.all("button")][-1] == "Open the reply form"
    assert browser.get(reply_url(thailand)).status_code == 404

    response = browser.post(f"/r/{token}/")

    assert response["Location"] == reply_url(thailand)
    assert status(thailand) == S.OPENED
    page = page_of(browser.get(reply_url(thailand)))
    assert page.all("h1")[0].content == "Reply of Thailand"


def test_a_wrong_link_gets_one_plain_page_that_says_how_to_get_a_new_one(client):
    response = client.post("/r/not-a-real-token/")

    page = page_of(response, 404)
    assert page.all("h1")[0].content == "This link does not work"
    assert "To get a new link, write to the secretariat" in page.by_id("main").content
    assert page.all("form", id="reply-form") == []


def test_an_expired_link_changes_nothing(thailand, client):
    token = links.issue(thailand)
    Request.objects.filter(pk=thailand.request_id).update(
        deadline=dt.date(2007, 7, 31), grace_days=14
    )

    responses = [client.get(f"/r/{token}/"), client.post(f"/r/{token}/")]

    assert [r.status_code for r in responses] == [404, 404]
    assert status(thailand) == S.SENT
    assert client.get(reply_url(thailand)).status_code == 404


def test_a_browser_whose_link_was_revoked_can_no_longer_save(browser, thailand):
    links.revoke_all(thailand)

    response = save(browser, thailand)

    assert response.status_code == 404
    assert not Contribution.objects.filter(recipient=thailand, title__startswith="Thai").exists()


# Drafts ------------------------------------------------------------------------------------


def test_a_focal_point_saves_a_draft_and_sees_it_back(browser, thailand):
    response = save(browser, thailand, language="es", title="Iniciativas de Tailandia")

    assert response.status_code == 302
    page = page_of(browser.get(response["Location"]))
    assert "Your draft is saved." in page.messages()
    assert page.by_id("id_title").attrs["value"] == "Iniciativas de Tailandia"
    assert page.by_id("id_reply_date").attrs["value"] == "2007-10-01"
    assert page.selected("id_language") == ["es"]
    assert (
        page.by_id("id_narrative_markdown").content
        == "## Past initiatives - Bangkok seminar - Mekong project"
    )
    narrative = page.narrative()
    assert [h.content for h in page.headings_in(narrative)] == ["Past initiatives"]
    assert [e.content for e in page.within(narrative, "li")] == [
        "Bangkok seminar",
        "Mekong project",
    ]
    assert narrative.attrs["lang"] == "es"
    assert "Status: draft" in page.by_id("main").content
    assert status(thailand) == S.DRAFT


def test_an_autosave_answers_with_the_new_revision_as_json(browser, thailand):
    first = save(browser, thailand, as_json=True)
    second = save(browser, thailand, as_json=True, revision=first.json()["revision"])

    assert first.status_code == 200
    assert first["Content-Type"] == "application/json"
    assert second.json()["revision"] == first.json()["revision"] + 1
    assert set(second.json()) == {"revision", "saved_at"}
    assert contribution(thailand).revision == second.json()["revision"]


def test_an_autosave_from_an_older_page_gets_409_and_overwrites_nothing(browser, thailand):
    save(browser, thailand, revision=0, narrative_markdown="What the first tab saved.")

    response = save(
        browser, thailand, as_json=True, revision=0, narrative_markdown="The second tab."
    )

    assert response.status_code == 409
    assert "changed elsewhere" in response.json()["conflict"]
    assert contribution(thailand).narrative_markdown == "What the first tab saved."


def test_a_save_from_an_older_page_keeps_the_users_text_on_the_page(browser, thailand):
    save(browser, thailand, revision=0, narrative_markdown="What the first tab saved.")

    response = save(browser, thailand, revision=0, narrative_markdown="Typed in a second tab.")

    page = page_of(response, 409)
    alert = [e.content for e in page.all("div") if e.attrs.get("role") == "alert"]
    assert any("changed elsewhere" in text and "Your text is kept" in text for text in alert)
    assert page.by_id("id_narrative_markdown").content == "Typed in a second tab."
    assert contribution(thailand).narrative_markdown == "What the first tab saved."


def test_an_invalid_date_is_refused_beside_the_field_and_keeps_the_text(browser, thailand):
    response = save(browser, thailand, reply_date="31/02/2007", narrative_markdown="Kept.")

    page = page_of(response, 400)
    assert page.by_id("id_reply_date_error") is not None
    assert page.by_id("id_narrative_markdown").content == "Kept."
    assert contribution(thailand).narrative_markdown == ""


def test_an_invalid_autosave_answers_with_the_errors_as_json(browser, thailand):
    response = save(browser, thailand, as_json=True, receipt_email="not an address")

    assert response.status_code == 400
    assert "receipt_email" in response.json()["errors"]


def test_a_get_on_save_changes_nothing(browser, thailand):
    assert browser.get(reply_url(thailand, "reply-save")).status_code == 405
    assert status(thailand) == S.OPENED
    assert not Contribution.objects.filter(recipient=thailand, revision__gt=0).exists()


# The narrative in Word ---------------------------------------------------------------------


def test_a_word_reply_keeps_its_headings_lists_and_table_on_the_page(browser, thailand):
    response = browser.post(
        reply_url(thailand, "reply-narrative"),
        {"narrative-file": upload("reply.docx", word_reply(), DOCX_TYPE)},
    )

    page = page_of(browser.get(response["Location"]))
    assert "reply.docx was received." in page.messages()
    narrative = page.narrative()
    headings = page.headings_in(narrative)
    assert [h.content for h in headings] == [
        "Initiatives of Thailand in the area of human security",
        "Past initiatives",
    ]
    # The Word heading levels are kept relative to each other (the page may demote them).
    assert int(headings[0].tag[1]) + 1 == int(headings[1].tag[1])
    assert [li.content for li in page.within(narrative, "li")] == [
        "Protection of children",
        "Trafficking in persons",
        "First step",
    ]
    assert len(page.within(narrative, "ul")) == 1
    assert len(page.within(narrative, "ol")) == 1
    cells = [c.content for c in page.within(narrative, "td") + page.within(narrative, "th")]
    assert {"Year", "Initiative", "2007", "Bangkok seminar"} <= set(cells)
    assert Upload.objects.get(recipient=thailand).purpose == Upload.Purpose.NARRATIVE
    assert status(thailand) == S.DRAFT


def test_a_pdf_named_docx_is_refused_with_a_clear_message_but_kept(browser, thailand):
    response = browser.post(
        reply_url(thailand, "reply-narrative"),
        {"narrative-file": upload("reply.docx", PDF, DOCX_TYPE)},
    )

    page = page_of(browser.get(response["Location"]))
    assert page.messages() == [
        "reply.docx was not used: This file is a PDF document; upload a Word .docx file."
    ]
    kept = Upload.objects.get(recipient=thailand)
    assert kept.original_name == "reply.docx"
    assert kept.report["refused"] == "This file is a PDF document; upload a Word .docx file."
    assert kept.file.read() == PDF
    assert not Contribution.objects.filter(recipient=thailand).exclude(narrative_html="").exists()


def test_a_word_reply_replaces_the_markdown_but_a_refused_one_leaves_it(browser, thailand):
    save(browser, thailand, narrative_markdown="Typed first.")

    browser.post(
        reply_url(thailand, "reply-narrative"),
        {"narrative-file": upload("reply.docx", PDF, DOCX_TYPE)},
    )

    assert contribution(thailand).narrative_markdown == "Typed first."


# Initiatives from the template ---------------------------------------------------------------


def test_the_xlsx_template_is_prefilled_with_the_earlier_initiatives_and_their_ids(
    browser, thailand
):
    earlier = accepted_initiative("THA", "Trust Fund project on community security")

    response = browser.get(reply_url(thailand, "reply-template", fmt="xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert 'filename="initiatives-tha.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [[c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)]
    header = rows[0]
    assert header[:3] == ["id", "status", "title"]
    assert set(HEADER) <= set(header)
    row = next(r for r in rows[1:] if r[header.index("title")] == earlier.title)
    assert str(row[header.index("id")]) == str(earlier.pk)
    assert row[header.index("city")] == "Bangkok"
    assert "freedom-from-want" in str(row[header.index("themes")])


def test_the_csv_template_is_prefilled_with_the_earlier_initiatives_and_their_ids(
    browser, thailand
):
    earlier = accepted_initiative("THA", "Trust Fund project on community security")
    accepted_initiative("CHL", "A project of Chile")

    response = browser.get(reply_url(thailand, "reply-template", fmt="csv"))

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {"id", "status", *HEADER} <= set(rows[0])
    mine = [row for row in rows if row["title"] == earlier.title]
    assert [row["id"] for row in mine] == [str(earlier.pk)]
    assert "A project of Chile" not in response.content.decode("utf-8-sig")


def test_the_page_offers_the_template_and_counts_the_earlier_initiatives(browser, thailand):
    accepted_initiative("THA", "Trust Fund project on community security")
    earlier = replies.earlier_initiatives(thailand).count()

    page = page_of(browser.get(reply_url(thailand)))

    hrefs = {a.attrs.get("href") for a in page.all("a")}
    assert reply_url(thailand, "reply-template", fmt="xlsx") in hrefs
    assert reply_url(thailand, "reply-template", fmt="csv") in hrefs
    assert f"It lists the {earlier} initiatives reported before" in page.by_id("main").content


def test_a_template_in_an_unknown_format_is_not_found(browser, thailand):
    assert browser.get(reply_url(thailand, "reply-template", fmt="pdf")).status_code == 404


def post_initiatives(browser, recipient, rows, all_or_nothing=False, name="initiatives.xlsx"):
    data = {"initiatives-file": upload(name, workbook(rows), XLSX_TYPE)}
    if all_or_nothing:
        data["initiatives-all_or_nothing"] = "on"
    response = browser.post(reply_url(recipient, "reply-initiatives-upload"), data)
    # The upload redirects to the reply page with its report, so a reload imports nothing.
    assert response.status_code == 302
    return browser.get(response["Location"])


def test_a_spreadsheet_with_a_bad_row_imports_the_good_rows_and_reports_the_bad_one(
    browser, thailand
):
    page = page_of(post_initiatives(browser, thailand, GOOD_AND_BAD_ROWS))

    report = page.section("report-title")
    assert "2 initiatives imported." in report.content
    assert "These rows were not imported; the others were:" in report.content
    problems = [[td.content for td in page.within(tr, "td")] for tr in page.within(report, "tr")]
    problems = [p for p in problems if p]
    assert len(problems) == 1
    row, column, message = problems[0]
    assert (row, column) == ("4", "themes")
    assert "'no-such-theme' is not a theme we know" in message
    assert sorted(page.initiative_titles()) == [
        "Bangkok seminar on human security",
        "Mekong trafficking project",
    ]
    imported = Initiative.objects.get(title="Bangkok seminar on human security")
    assert imported.dates_display("en") == "May 2007"
    assert sorted(p.participant.code for p in imported.partners.all()) == ["JPN", "MEX"]
    assert Upload.objects.get(recipient=thailand).report["imported"]


def test_all_or_nothing_imports_nothing_when_a_row_is_bad(browser, thailand):
    page = page_of(post_initiatives(browser, thailand, GOOD_AND_BAD_ROWS, all_or_nothing=True))

    report = page.section("report-title")
    assert "0 initiatives imported." in report.content
    assert "Nothing was imported, as you asked, because some rows have problems:" in (
        report.content
    )
    assert page.initiative_titles() == []
    assert not replies.draft_initiatives(thailand).exists()
    assert Upload.objects.get(recipient=thailand).report["all_or_nothing"] is True


def test_a_csv_of_initiatives_is_imported_too(browser, thailand):
    text = ",".join(HEADER) + "\r\nMekong trafficking project,,project,2006,2009,,,THA,,,,en\r\n"

    response = browser.post(
        reply_url(thailand, "reply-initiatives-upload"),
        {"initiatives-file": upload("initiatives.csv", text.encode(), "text/csv")},
    )

    assert response.status_code == 302
    page = page_of(browser.get(response["Location"]))
    assert "1 initiative imported." in page.section("report-title").content
    assert page.initiative_titles() == ["Mekong trafficking project"]


def test_a_word_file_as_initiatives_is_refused_but_kept(browser, thailand):
    response = browser.post(
        reply_url(thailand, "reply-initiatives-upload"),
        {"initiatives-file": upload("initiatives.xlsx", word_reply(), XLSX_TYPE)},
    )

    page = page_of(browser.get(response["Location"]))
    (message,) = page.messages()
    assert message.startswith("initiatives.xlsx was not used:")
    assert "refused" in Upload.objects.get(recipient=thailand).report


# Initiatives through the form ----------------------------------------------------------------


def initiative_form(**changes) -> dict:
    values = {
        "title": "Regional seminar on human security",
        "kind": "seminar",
        "start": "May 2007",
        "end": "",
        "city": "Bangkok",
        "country": participant("THA").pk,
        "lead": participant("THA").pk,
        "partners": [participant("JPN").pk],
        "themes": [Theme.objects.get(code="freedom-from-fear").pk],
        "url": "https://example.org/seminar",
        "language": "en",
        "description": "Two days on the concept.",
    }
    values.update(changes)
    return values


def test_a_focal_point_adds_an_initiative_dated_may_2007(browser, thailand):
    form = page_of(browser.get(reply_url(thailand, "reply-initiative-new")))
    assert form.all("h1")[0].content == "Add an initiative"

    response = browser.post(reply_url(thailand, "reply-initiative-new"), initiative_form())

    assert response["Location"] == reply_url(thailand)
    page = page_of(browser.get(response["Location"]))
    assert "The initiative is saved in your draft." in page.messages()
    assert page.initiative_titles() == ["Regional seminar on human security"]
    (row,) = page.within(page.section("initiatives-title"), "tbody")[0:1]
    assert "May 2007" in row.content
    assert "Bangkok, Thailand" in row.content
    (initiative,) = replies.draft_initiatives(thailand)
    assert initiative.start_precision == "month"
    assert initiative.links.get().url == "https://example.org/seminar"


def test_an_initiative_without_a_country_or_a_lead_is_saved(browser, thailand):
    response = browser.post(
        reply_url(thailand, "reply-initiative-new"),
        initiative_form(title="Policy paper on human security", kind="policy", country="", lead=""),
    )

    assert response.status_code == 302
    (initiative,) = replies.draft_initiatives(thailand)
    assert (initiative.title, initiative.country, initiative.lead) == (
        "Policy paper on human security",
        None,
        None,
    )


def test_an_impossible_date_is_refused_with_a_message_beside_it(browser, thailand):
    response = browser.post(
        reply_url(thailand, "reply-initiative-new"), initiative_form(start="31 February 2007")
    )

    page = page_of(response)
    error = page.by_id("id_start_error")
    assert error is not None and error.content
    assert "id_start_error" in page.by_id("id_start").attrs["aria-describedby"].split()
    assert page.by_id("id_start").attrs["value"] == "31 February 2007"
    assert page.by_id("id_title").attrs["value"] == "Regional seminar on human security"
    assert not replies.draft_initiatives(thailand).exists()


def test_an_end_before_the_start_is_refused(browser, thailand):
    response = browser.post(
        reply_url(thailand, "reply-initiative-new"),
        initiative_form(start="May 2007", end="2006"),
    )

    page = page_of(response)
    assert page.by_id("id_end_error").content == "The end is before the start."


def test_a_focal_point_edits_an_initiative_of_the_reply(browser, thailand):
    browser.post(reply_url(thailand, "reply-initiative-new"), initiative_form())
    (initiative,) = replies.draft_initiatives(thailand)
    url = reply_url(thailand, "reply-initiative", initiative_id=initiative.pk)

    form = page_of(browser.get(url))
    assert form.by_id("id_title").attrs["value"] == "Regional seminar on human security"
    assert form.by_id("id_start").attrs["value"] in {"2007-05", "May 2007"}

    browser.post(url, initiative_form(title="Regional seminar (Bangkok)", start="15 May 2007"))

    initiative.refresh_from_db()
    assert initiative.title == "Regional seminar (Bangkok)"
    assert initiative.dates_display("en") == "15 May 2007"
    page = page_of(browser.get(reply_url(thailand)))
    assert page.initiative_titles() == ["Regional seminar (Bangkok)"]


def test_a_focal_point_removes_an_initiative_of_the_reply(browser, thailand):
    browser.post(reply_url(thailand, "reply-initiative-new"), initiative_form())
    (initiative,) = replies.draft_initiatives(thailand)

    response = browser.post(
        reply_url(thailand, "reply-initiative-remove", initiative_id=initiative.pk)
    )

    assert response.status_code == 302
    page = page_of(browser.get(reply_url(thailand)))
    assert page.initiative_titles() == []
    assert "No initiative in this reply yet." in page.section("initiatives-title").content
    assert not Initiative.objects.filter(pk=initiative.pk).exists()


def test_an_earlier_accepted_initiative_cannot_be_edited_or_removed_from_the_reply(
    browser, thailand
):
    earlier = accepted_initiative("THA", "Trust Fund project on community security")

    edit = browser.post(
        reply_url(thailand, "reply-initiative", initiative_id=earlier.pk),
        initiative_form(title="Changed"),
    )
    remove = browser.post(reply_url(thailand, "reply-initiative-remove", initiative_id=earlier.pk))

    assert (edit.status_code, remove.status_code) == (404, 404)
    earlier.refresh_from_db()
    assert earlier.title == "Trust Fund project on community security"


# Attachments -------------------------------------------------------------------------------


def test_a_focal_point_attaches_the_note_verbale_and_downloads_it_back(browser, thailand):
    response = browser.post(
        reply_url(thailand, "reply-attachment"),
        {
            "attachment-file": upload("note-verbale.pdf", PDF, "application/pdf"),
            "attachment-description": "Note verbale of 1 October 2007",
        },
    )

    page = page_of(browser.get(response["Location"]))
    assert "note-verbale.pdf was received." in page.messages()
    kept = Upload.objects.get(recipient=thailand)
    section = page.section("attachments-title")
    assert "note-verbale.pdf — Note verbale of 1 October 2007" in section.content
    link = reply_url(thailand, "reply-file", upload_id=kept.pk)
    assert link in {a.attrs.get("href") for a in page.within(section, "a")}
    download = browser.get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert 'filename="note-verbale.pdf"' in download["Content-Disposition"]


def test_a_focal_point_removes_an_attachment(browser, thailand):
    browser.post(
        reply_url(thailand, "reply-attachment"),
        {"attachment-file": upload("note-verbale.pdf", PDF, "application/pdf")},
    )
    kept = Upload.objects.get(recipient=thailand)

    browser.post(reply_url(thailand, "reply-attachment-remove", upload_id=kept.pk))

    page = page_of(browser.get(reply_url(thailand)))
    assert "note-verbale.pdf" not in page.section("attachments-title").content
    kept.refresh_from_db()
    assert kept.removed


def test_an_attachment_of_a_refused_type_is_reported_and_not_sent_with_the_reply(browser, thailand):
    response = browser.post(
        reply_url(thailand, "reply-attachment"),
        {"attachment-file": upload("macro.exe", b"MZ\x90\x00" + b"\x00" * 200)},
    )

    page = page_of(browser.get(response["Location"]))
    (message,) = page.messages()
    assert message.startswith("macro.exe was not used:")


# Submitting --------------------------------------------------------------------------------


def fill_in(browser, thailand) -> None:
    save(browser, thailand, receipt_email="copy@mission-thailand.example.org")
    browser.post(reply_url(thailand, "reply-initiative-new"), initiative_form())
    post_initiatives(browser, thailand, GOOD_AND_BAD_ROWS[:2])


def submit(browser, recipient, capture):
    with capture(execute=True):
        return browser.post(reply_url(recipient, "reply-status", action="submit"))


def test_submitting_sends_a_receipt_with_a_copy_of_the_reply(
    browser, thailand, mailoutbox, django_capture_on_commit_callbacks
):
    fill_in(browser, thailand)

    response = submit(browser, thailand, django_capture_on_commit_callbacks)

    assert status(thailand) == S.SUBMITTED
    page = page_of(browser.get(response["Location"]))
    assert "Your reply is submitted. A receipt is on its way." in page.messages()
    assert "Status: submitted" in page.by_id("main").content
    (receipt,) = mailoutbox
    assert sorted(receipt.to) == ["copy@mission-thailand.example.org", "thailand@example.org"]
    assert "Thailand's initiatives in the area of human security" in receipt.body
    assert "Regional seminar on human security" in receipt.body
    assert "Bangkok seminar on human security" in receipt.body
    assert "Bangkok seminar" in receipt.body
    html = receipt.alternatives[0][0]
    assert "Regional seminar on human security" in html
    assert receipt.subject == "Received: Information on human security initiatives"


def test_the_receipt_gives_the_date_of_the_reply_in_united_nations_style(
    browser, thailand, mailoutbox, django_capture_on_commit_callbacks
):
    fill_in(browser, thailand)

    submit(browser, thailand, django_capture_on_commit_callbacks)

    (receipt,) = mailoutbox
    assert "1 October 2007" in receipt.body
    assert "2007-10-01" not in receipt.body


def test_an_empty_reply_cannot_be_submitted(
    browser, thailand, mailoutbox, django_capture_on_commit_callbacks
):
    response = submit(browser, thailand, django_capture_on_commit_callbacks)

    page = page_of(browser.get(response["Location"]))
    assert page.messages() == [
        "Give the reply a title. Write or upload a reply, or add at least one initiative."
    ]
    assert status(thailand) == S.OPENED
    assert mailoutbox == []


def test_after_submitting_saving_is_refused_and_the_page_says_to_ask_the_secretariat(
    browser, thailand, django_capture_on_commit_callbacks
):
    fill_in(browser, thailand)
    submit(browser, thailand, django_capture_on_commit_callbacks)
    revision = contribution(thailand).revision

    form_post = save(browser, thailand, revision=revision, title="Changed after submitting")
    autosave = save(browser, thailand, as_json=True, revision=revision, title="Changed")

    page = page_of(browser.get(form_post["Location"]))
    assert page.messages()[-1] == (
        "This reply was submitted. Ask the secretariat to reopen it to make changes."
    )
    assert autosave.status_code == 400
    assert "Ask the secretariat to reopen it" in autosave.json()["error"]
    assert page.all("form", id="reply-form") == []
    assert contribution(thailand).title == "Thailand's initiatives in the area of human security"


def test_after_submitting_nothing_else_can_be_changed(
    browser, thailand, django_capture_on_commit_callbacks
):
    fill_in(browser, thailand)
    submit(browser, thailand, django_capture_on_commit_callbacks)
    (initiative, *_) = replies.draft_initiatives(thailand)

    browser.post(reply_url(thailand, "reply-initiative-remove", initiative_id=initiative.pk))
    browser.post(
        reply_url(thailand, "reply-narrative"),
        {"narrative-file": upload("reply.docx", word_reply(), DOCX_TYPE)},
    )

    assert Initiative.objects.filter(pk=initiative.pk).exists()
    assert "Initiatives of Thailand" not in contribution(thailand).narrative_html


def test_the_secretariat_reopens_a_submitted_reply_and_every_version_is_kept(
    personas, browser, thailand, mailoutbox, django_capture_on_commit_callbacks
):
    fill_in(browser, thailand)
    submit(browser, thailand, django_capture_on_commit_callbacks)
    secretariat = personas.client("secretariat")

    response = secretariat.post(f"/requests/{thailand.request_id}/recipients/{thailand.pk}/reopen/")

    assert response.status_code == 302
    assert status(thailand) == S.DRAFT
    save(browser, thailand, title="Thailand's initiatives (revised)")
    submit(browser, thailand, django_capture_on_commit_callbacks)
    versions = ContributionVersion.objects.filter(contribution__recipient=thailand)
    assert [v.number for v in versions] == [1, 2]
    assert [v.snapshot["title"] for v in versions] == [
        "Thailand's initiatives in the area of human security",
        "Thailand's initiatives (revised)",
    ]
    page = page_of(browser.get(reply_url(thailand)))
    listed = page.section("versions-title").content
    assert "Version 1" in listed and "Version 2" in listed
    assert len(mailoutbox) == 2
    assert "(version 2)" in mailoutbox[1].body


@pytest.mark.parametrize(
    ("action", "expected", "message"),
    [
        ("nil-return", S.NIL_RETURN, "Recorded: nothing to report."),
        ("decline", S.DECLINED, "Recorded: you decline to reply."),
    ],
)
def test_the_nil_return_and_decline_buttons_set_their_status(
    browser, thailand, action, expected, message
):
    page = page_of(browser.get(reply_url(thailand)))
    url = reply_url(thailand, "reply-status", action=action)
    assert page.all("form", action=url)

    response = browser.post(url)

    assert status(thailand) == expected
    assert message in page_of(browser.get(response["Location"])).messages()


def test_an_unknown_status_action_is_not_found(browser, thailand):
    response = browser.post(reply_url(thailand, "reply-status", action="accept"))

    assert response.status_code == 404
    assert status(thailand) == S.OPENED


# The secretariat enters a reply --------------------------------------------------------------


def test_the_secretariat_enters_a_reply_received_by_fax_and_the_channel_is_recorded(
    personas, chile, mailoutbox, django_capture_on_commit_callbacks
):
    secretariat = personas.client("secretariat")
    request_page = page_of(secretariat.get(f"/requests/{chile.request_id}/"))
    assert reply_url(chile) in {a.attrs.get("href") for a in request_page.all("a")}
    form = page_of(secretariat.get(reply_url(chile)))
    assert "fax" in [o.attrs["value"] for o in form.within(form.by_id("id_channel"), "option")]

    save(
        secretariat,
        chile,
        channel="fax",
        title="Iniciativas de Chile en materia de seguridad humana",
        language="es",
        narrative_markdown="Chile organizó un seminario en Santiago.",
    )
    submit(secretariat, chile, django_capture_on_commit_callbacks)

    saved = contribution(chile)
    assert saved.channel == Channel.FAX
    assert status(chile) == S.SUBMITTED
    assert ContributionVersion.objects.get(contribution=saved).snapshot["channel"] == "fax"
    assert ContributionVersion.objects.get(contribution=saved).actor == personas.secretariat


def test_a_focal_point_cannot_set_the_channel(browser, thailand):
    page = page_of(browser.get(reply_url(thailand)))
    assert page.by_id("id_channel") is None

    save(browser, thailand, channel="fax")

    assert contribution(thailand).channel == Channel.LINK


def test_the_secretariat_enters_the_faxed_reply_of_a_participant_without_a_focal_point(
    personas, django_capture_on_commit_callbacks
):
    """Japan has no focal point: the letter goes by other means, and the reply comes back
    by fax; the secretariat enters it from the request page."""
    secretariat = personas.client("secretariat")
    today = timezone.localdate()
    request = actions.create_request(
        title="Second round",
        letter_date=today,
        deadline=today + dt.timedelta(days=60),
        signatories=[actions.SignatoryData(participant("MEX"), "Claude Heller", "Ambassador")],
        recipients=actions.recipients_from("Japan;Thailand", today),
    )
    with django_capture_on_commit_callbacks(execute=True):
        secretariat.post(f"/requests/{request.pk}/send/")
    japan = recipient(request, "JPN")

    request_page = page_of(secretariat.get(f"/requests/{request.pk}/"))
    assert reply_url(japan) in {a.attrs.get("href") for a in request_page.all("a")}
    response = save(secretariat, japan, channel="fax", title="Japan's initiatives")

    assert response.status_code == 302
    assert contribution(japan).channel == Channel.FAX
    assert contribution(japan).title == "Japan's initiatives"


# Thailand must not reach Chile's reply ---------------------------------------------------------


@pytest.fixture
def chiles_draft(chile, personas):
    """Chile's reply in progress: its text, one initiative and one attachment."""
    replies.save_draft(
        chile,
        {
            "title": "Chile's initiatives in the area of human security",
            "narrative_markdown": "Secret",
        },
        None,
    )
    initiative = replies.save_initiative(
        chile,
        {"title": "Santiago workshop", "kind": "workshop", "start": PartialDate.parse("2007")},
    )
    attachment = replies.add_attachment(chile, upload("nota-verbal.pdf", PDF), "Nota verbal")
    return {"initiative": initiative, "upload": attachment}


RECIPIENT_URLS = [
    p.name
    for p in urlpatterns
    if isinstance(p, URLPattern) and "recipient_id" in p.pattern.converters
]


def chiles_urls(chile, chiles_draft) -> dict[str, str]:
    values = {
        "recipient_id": chile.pk,
        "pk": chile.request_id,
        "initiative_id": chiles_draft["initiative"].pk,
        "upload_id": chiles_draft["upload"].pk,
        "action": "submit",
        "fmt": "xlsx",
    }
    urls = {}
    for name in RECIPIENT_URLS:
        (pattern,) = [p for p in urlpatterns if p.name == name]
        urls[name] = reverse(name, kwargs={k: values[k] for k in pattern.pattern.converters})
    return urls


def test_the_url_names_with_a_recipient_are_all_checked():
    assert {"reply", "reply-save", "reply-file", "reply-status", "recipient-action"} <= set(
        RECIPIENT_URLS
    )
    assert len(RECIPIENT_URLS) == 13


@pytest.mark.parametrize("way", ["own link", "own account"])
def test_thailand_gets_404_on_every_url_of_chiles_reply(
    personas, thailand, chile, chiles_draft, way, mailoutbox, django_capture_on_commit_callbacks
):
    intruder = through_link(thailand) if way == "own link" else personas.client("thailand")
    before = contribution(chile)

    answers = {}
    with django_capture_on_commit_callbacks(execute=True):
        for name, url in chiles_urls(chile, chiles_draft).items():
            got = intruder.get(url)
            posted = intruder.post(url, draft(chile, revision=before.revision))
            answers[name] = (got.status_code, posted.status_code)
            assert b"Secret" not in got.content + posted.content

    refused = {name: (got in (404, 405), posted) for name, (got, posted) in answers.items()}
    if way == "own link":
        # The secretariat's page sends a visitor without an account to sign in.
        assert answers.pop("recipient-action") == (302, 302)
        refused.pop("recipient-action")
    assert refused == {name: (True, 404) for name in answers}
    after = contribution(chile)
    assert (after.title, after.revision, after.narrative_markdown) == (
        before.title,
        before.revision,
        "Secret",
    )
    assert status(chile) == S.DRAFT
    assert Initiative.objects.filter(pk=chiles_draft["initiative"].pk).exists()
    assert not Upload.objects.get(pk=chiles_draft["upload"].pk).removed
    assert mailoutbox == []


@pytest.mark.parametrize("way", ["own link", "own account"])
def test_thailand_cannot_reach_chiles_initiatives_or_files_by_guessing_ids(
    personas, thailand, chile, chiles_draft, way
):
    intruder = through_link(thailand) if way == "own link" else personas.client("thailand")
    initiative, attachment = chiles_draft["initiative"], chiles_draft["upload"]

    responses = [
        intruder.post(reply_url(thailand, "reply-initiative-remove", initiative_id=initiative.pk)),
        intruder.get(reply_url(thailand, "reply-initiative", initiative_id=initiative.pk)),
        intruder.post(
            reply_url(thailand, "reply-initiative", initiative_id=initiative.pk),
            initiative_form(title="Taken over"),
        ),
        intruder.get(reply_url(thailand, "reply-file", upload_id=attachment.pk)),
        intruder.post(reply_url(thailand, "reply-attachment-remove", upload_id=attachment.pk)),
    ]

    assert [r.status_code for r in responses] == [404] * 5
    initiative.refresh_from_db()
    assert initiative.title == "Santiago workshop"
    attachment.refresh_from_db()
    assert not attachment.removed


def test_thailands_link_opens_only_thailands_reply(thailand, chile, chiles_draft):
    browser = through_link(thailand)

    assert browser.get(reply_url(thailand)).status_code == 200
    assert browser.get(reply_url(chile)).status_code == 404


def test_the_template_for_thailand_does_not_list_chiles_initiatives(browser, thailand):
    accepted_initiative("CHL", "A project of Chile")

    response = browser.get(reply_url(thailand, "reply-template", fmt="csv"))

    assert "A project of Chile" not in response.content.decode("utf-8-sig")


def test_chiles_focal_point_with_an_account_works_on_chiles_reply(personas, chile):
    chile_client = personas.client("chile")

    response = save(chile_client, chile, title="Chile's initiatives")

    assert response.status_code == 302
    assert contribution(chile).title == "Chile's initiatives"
