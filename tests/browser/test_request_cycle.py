"""The request cycle in a real browser: Playwright drives Debian's
Chromium against the live server.

The secretariat signs in, creates a request for those who attended the meeting of
20 April 2007 and sends it; Thailand's focal point follows the link in its email, saves a
draft (autosave and the button), uploads a reply in Word and two initiatives from the
template, submits and gets a receipt; the secretariat sees Thailand submitted and the
others outstanding, and reminds the others only.

The live server runs in threads of this process, so the emails land in the locmem outbox
and the background tasks run inline. Skipped, with the reason, without /usr/bin/chromium
or the playwright package; `playwright install` is never needed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from docx import Document
from openpyxl import load_workbook

from humsec.accounts.roles import Role
from humsec.meetings.models import Meeting
from humsec.outreach.models import Contribution, Recipient, RecipientStatus, Request
from humsec.roster.models import FocalPoint, Participant

CHROMIUM = Path(os.environ.get("HUMSEC_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if not CHROMIUM.is_file():
    pytest.skip(
        f"browser tests need Chromium at {CHROMIUM} (Debian: apt-get install chromium)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="browser tests need the playwright Python package (pip install -e '.[test]')",
)
expect = sync_api.expect

S = RecipientStatus
ATTENDEES_OF_20_APRIL_2007 = 48
PASSWORD = "Human-security-2007!"
TITLE = "Compilation of information on human security initiatives"
REPLY_TITLE = "Thailand's initiatives in the area of human security"
TAKASU = "Ambassador of Japan in charge of human security"
HELLER = "Permanent Representative of Mexico to the United Nations"
# A few focal points write in French or Spanish, so their letters are in those languages.
LANGUAGES = {"FRA": "fr", "CHE": "fr", "ESP": "es", "MEX": "es", "CHL": "es", "ARG": "es"}


def address(code: str) -> str:
    return f"focal-{code.lower()}@example.org"


# Fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def async_unsafe():
    """Playwright's sync API keeps an event loop in this thread; Django refuses database
    work where a loop runs unless told it is safe (the test waits for each page)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module")
def browser(async_unsafe, demo_restored):
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def site(settings, live_server):
    settings.HUMSEC_BASE_URL = live_server.url
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return live_server.url


@pytest.fixture
def secretariat(transactional_db):
    user = get_user_model().objects.create_user(
        username="secretariat", email="secretariat@example.org", password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=Role.SECRETARIAT.value))
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


@pytest.fixture
def focal_points(transactional_db) -> dict[str, FocalPoint]:
    """An active focal point, with an email, for each participant of 20 April 2007."""
    meeting = Meeting.objects.get(date=dt.date(2007, 4, 20))
    attendees = [a.participant for a in meeting.attendance.select_related("participant")]
    assert len(attendees) == ATTENDEES_OF_20_APRIL_2007
    return {
        p.code: FocalPoint.objects.create(
            participant=p,
            name=f"Focal point of {p.short_name}",
            email=address(p.code),
            language=LANGUAGES.get(p.code, "en"),
        )
        for p in attendees
    }


# Helpers --------------------------------------------------------------------------------


def thailand_reply_docx(path: Path) -> Path:
    document = Document()
    document.add_heading(REPLY_TITLE, level=1)
    document.add_paragraph(
        "Thailand established a Ministry of Social Development and Human Security in 2002."
    )
    document.add_heading("Current initiatives", level=2)
    document.add_paragraph("Protection of victims of trafficking", style="List Bullet")
    document.add_paragraph("Community-based health security", style="List Bullet")
    document.add_paragraph("First, consult the provinces.", style="List Number")
    document.add_paragraph("Then, report to the Cabinet.", style="List Number")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Year", "Activity"
    table.cell(1, 0).text, table.cell(1, 1).text = "2007", "Bangkok workshop on trafficking"
    document.save(path)
    return path


NEW_INITIATIVES = [
    {
        "title": "Bangkok workshop on trafficking in persons",
        "description": "A regional workshop of the Mekong countries.",
        "kind": "workshop",
        "start": "15 May 2007",
        "city": "Bangkok",
        "country": "Thailand",
        "lead": "THA",
        "partners": "JPN; UNDP",
        "themes": "trafficking-in-persons; protection-of-children",
        "url": "https://www.example.org/bangkok-2007",
        "language": "en",
    },
    {
        "title": "Community health security programme",
        "description": "Village health volunteers in the north-east.",
        "kind": "programme",
        "start": "oct. 2006",
        "end": "2009",
        "country": "THA",
        "lead": "Thailand",
        "themes": "health-security",
        "language": "en",
    },
]


def fill_template(template: Path, out: Path) -> Path:
    """Two new rows under the earlier initiatives the template comes prefilled with."""
    workbook = load_workbook(template)
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    for row in NEW_INITIATIVES:
        sheet.append([row.get(column, "") for column in header])
    workbook.save(out)
    return out


def link_in(body: str, base_url: str) -> str:
    found = re.findall(re.escape(base_url) + r"/r/[A-Za-z0-9_-]{40,}/", body)
    assert found, body
    return found[0]


def messages_of(page) -> str:
    return page.locator("ul.messages").inner_text()


# The test -------------------------------------------------------------------------------


def test_request_cycle_in_the_browser(
    browser, site, secretariat, focal_points, mailoutbox, tmp_path
):
    today = timezone.localdate()
    meeting = Meeting.objects.get(date=dt.date(2007, 4, 20))
    japan, mexico = Participant.objects.get(code="JPN"), Participant.objects.get(code="MEX")
    thailand = focal_points["THA"]
    others = {fp.email for code, fp in focal_points.items() if code != "THA"}

    office = browser.new_context(base_url=site)
    mission = browser.new_context(base_url=site, accept_downloads=True)
    for context in (office, mission):
        context.set_default_timeout(15_000)
    secretariat_page, page = office.new_page(), mission.new_page()
    try:
        # The secretariat signs in with its password, creates the request and sends it.
        s = secretariat_page
        s.goto("/accounts/login/")
        s.fill("#id_username", "secretariat")
        s.fill("#id_password", PASSWORD)
        s.get_by_role("button", name="Sign in", exact=True).click()
        # Then the code from the authenticator app (the secretariat must give one).
        expect(s.get_by_role("heading", level=1)).to_have_text(
            "Enter the code from your authenticator app"
        )
        device = TOTPDevice.objects.get(user=secretariat)
        s.fill("#id_code", f"{totp(device.bin_key):06d}")
        s.get_by_role("button", name="Verify").click()
        expect(s).to_have_url(re.compile(r"/requests/$"))

        s.goto("/requests/new/")
        s.fill("#id_title", TITLE)
        s.fill("#id_reference", "FHS/2007/1")
        s.select_option("#id_meeting", str(meeting.pk))
        s.fill("#id_letter_date", today.isoformat())
        s.fill("#id_deadline", (today + dt.timedelta(days=60)).isoformat())
        s.check("#id_recipients_0")  # everyone who attended the meeting
        for number, (country, name, title) in enumerate(
            [(japan, "Yukio Takasu", TAKASU), (mexico, "Claude Heller", HELLER)]
        ):
            s.select_option(f"#id_signatory-{number}-participant", str(country.pk))
            s.fill(f"#id_signatory-{number}-name", name)
            s.fill(f"#id_signatory-{number}-title", title)
        s.get_by_role("button", name="Create the request").click()
        expect(s.locator("h1")).to_have_text(TITLE)
        request = Request.objects.get(title=TITLE)
        assert request.meeting == meeting
        assert request.recipients.count() == ATTENDEES_OF_20_APRIL_2007
        assert request.recipients.get(participant__code="THA").language == "en"

        s.get_by_role("button", name="Send the letters").click()
        expect(s.locator("ul.messages")).to_contain_text("The letters are being sent.")
        assert request.recipients.filter(status=S.SENT).count() == ATTENDEES_OF_20_APRIL_2007
        letters = [m for m in mailoutbox if m.to == [thailand.email]]
        assert len(letters) == 1, [m.to for m in mailoutbox]
        assert len(mailoutbox) == ATTENDEES_OF_20_APRIL_2007
        assert sorted(name for name, _content, _kind in letters[0].attachments) == [
            f"letter-{request.pk}-THA-en.docx",
            f"letter-{request.pk}-THA-en.pdf",
        ]
        link = link_in(letters[0].body, site)
        recipient = Recipient.objects.get(request=request, participant__code="THA")

        # Thailand's focal point opens the link: the GET only shows, the button opens.
        page.goto(link)
        expect(page.get_by_role("button", name="Open the reply form")).to_be_visible()
        recipient.refresh_from_db()
        assert recipient.status == S.SENT
        # On a slow connection the focal point types before the page's script arrives:
        # the script is held back here until the title is typed.
        held = []
        page.route("**/humsec/reply*.js", lambda route: held.append(route))
        page.get_by_role("button", name="Open the reply form").click()
        expect(page).to_have_url(re.compile(rf"/reply/{recipient.pk}/$"))
        expect(page.locator("h1")).to_have_text("Reply of Thailand")
        status = page.locator("#save-status")
        page.fill("#id_title", REPLY_TITLE)
        for _ in range(200):
            if held:
                break
            page.wait_for_timeout(50)
        assert held, "the reply page never asked for its script"
        held[0].continue_()
        page.unroute("**/humsec/reply*.js")

        # Autosave: typing is enough, even typing done before the script ran.
        expect(status).to_contain_text("Draft saved at", timeout=10_000)
        assert Contribution.objects.get(recipient=recipient).title == REPLY_TITLE
        recipient.refresh_from_db()
        assert recipient.status == S.DRAFT

        # Markdown, saved as the focal point types and then with the button.
        status.evaluate("element => { element.textContent = ''; }")
        page.fill(
            "#id_narrative_markdown",
            "# Human security in Thailand\n\n- Social development\n- Health security\n",
        )
        expect(status).to_contain_text("Draft saved at", timeout=10_000)
        page.get_by_role("button", name="Save the draft").click()
        expect(page.locator("ul.messages")).to_contain_text("Your draft is saved.")
        expect(page.locator(".narrative")).to_contain_text("Human security in Thailand")
        expect(page.locator("#id_title")).to_have_value(REPLY_TITLE)

        # The reply in Word replaces the Markdown.
        page.set_input_files("#id_narrative-file", thailand_reply_docx(tmp_path / "reply.docx"))
        page.get_by_role("button", name="Upload the reply").click()
        expect(page.locator("ul.messages")).to_contain_text("reply.docx was received.")
        narrative = page.locator(".narrative")
        expect(narrative).to_contain_text("Current initiatives")
        expect(narrative).to_contain_text("Protection of victims of trafficking")
        expect(narrative).to_contain_text("Bangkok workshop on trafficking")
        assert narrative.locator("ul li").count() == 2
        assert narrative.locator("ol li").count() == 2
        assert narrative.locator("table").count() == 1

        # Two initiatives, from the template the page offers (it lists the earlier two).
        with page.expect_download() as download:
            page.get_by_role("link", name="template (Excel)").click()
        template = tmp_path / "template.xlsx"
        download.value.save_as(template)
        page.set_input_files(
            "#id_initiatives-file", fill_template(template, tmp_path / "initiatives-tha.xlsx")
        )
        page.get_by_role("button", name="Upload the initiatives").click()
        report = page.locator("section.report")
        expect(report).to_contain_text("2 initiatives imported.")
        expect(report).to_contain_text("2 earlier initiatives confirmed.")
        assert report.locator("table").count() == 0, report.inner_text()
        for row in NEW_INITIATIVES:
            expect(page.locator("#initiatives-title + table")).to_contain_text(row["title"])

        # Submit; the receipt reaches Thailand's address.
        before = len(mailoutbox)
        page.get_by_role("button", name="Submit the reply").click()
        expect(page.locator("ul.messages")).to_contain_text("Your reply is submitted.")
        expect(page.locator("main")).to_contain_text("Status: submitted")
        receipts = [m for m in mailoutbox[before:] if thailand.email in m.to]
        assert len(receipts) == 1
        assert receipts[0].subject == f"Received: {TITLE}"
        for text in (REPLY_TITLE, "Current initiatives", *(r["title"] for r in NEW_INITIATIVES)):
            assert text in receipts[0].body

        # The secretariat sees Thailand submitted, the 47 others outstanding.
        s.goto(f"/requests/{request.pk}/")
        row = s.locator("tbody tr", has=s.locator("th", has_text="Thailand"))
        expect(row.locator("td").first).to_have_text("submitted")
        statuses = s.locator("tbody tr td:nth-child(2)").all_inner_texts()
        assert sorted(statuses) == ["sent"] * (ATTENDEES_OF_20_APRIL_2007 - 1) + ["submitted"]
        s.goto(f"/requests/{request.pk}/?status=outstanding")
        outstanding = s.locator("tbody tr th").all_inner_texts()
        assert len(outstanding) == ATTENDEES_OF_20_APRIL_2007 - 1
        assert not any("Thailand" in name for name in outstanding)

        # A reminder goes to each of the others, none to Thailand.
        before = len(mailoutbox)
        s.get_by_role("button", name="Remind those outstanding now").click()
        expect(s.locator("ul.messages")).to_contain_text("Reminders are being sent")
        reminders = mailoutbox[before:]
        reminded = [address for m in reminders for address in m.to]
        assert sorted(reminded) == sorted(others)
        assert thailand.email not in reminded
        assert all(link_in(m.body, site) for m in reminders)
        counts = s.locator("tbody tr td:nth-child(4)").all_inner_texts()
        assert sorted(counts) == ["0"] + ["1"] * (ATTENDEES_OF_20_APRIL_2007 - 1)
        expect(row.locator("td").nth(2)).to_have_text("0")
    except Exception:
        for name, shot in (("reply", page), ("secretariat", secretariat_page)):
            if not shot.is_closed():
                shot.screenshot(path=tmp_path / f"{name}.png", full_page=True)
        raise
    finally:
        office.close()
        mission.close()
