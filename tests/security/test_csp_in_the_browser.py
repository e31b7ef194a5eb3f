"""The content security policy, as Chromium applies it: humsec's pages (the reply page's
autosave included), every page of the Django admin and the API's Swagger UI work under
the one strict policy, and the browser reports no violation anywhere.

Playwright drives Debian's Chromium against the live server. Skipped, with the reason,
without /usr/bin/chromium or the playwright package.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from humsec.meetings.models import Meeting
from humsec.outreach import actions, links
from humsec.outreach.models import RecipientStatus
from humsec.roster.models import FocalPoint, Participant

CHROMIUM = Path(os.environ.get("HUMSEC_CHROMIUM", "/usr/bin/chromium"))
if not CHROMIUM.is_file():
    pytest.skip(
        f"browser tests need Chromium at {CHROMIUM} (Debian: apt-get install chromium)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="browser tests need the playwright Python package (pip install -e '.[test]')",
)

PASSWORD = "Human-security-2007!"
# Every violation the page reports, kept on the window for the test to read.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(
    event.violatedDirective + " blocked " + (event.blockedURI || "inline") + " "
    + (event.sample || "") + " at " + event.sourceFile + ":" + event.lineNumber
  );
});
"""


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
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.HUMSEC_BASE_URL = live_server.url
    context = browser.new_context(base_url=live_server.url)
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.seen = []  # (url, violations) for every page visited

    def visit(path: str):
        response = page.goto(path, wait_until="load")
        record()
        return response

    def record():
        page.seen.append((page.url, page.evaluate("window.__violations")))

    page.visit = visit
    page.record = record
    yield page
    context.close()


def violations(page) -> list[str]:
    return [f"{url}: {v}" for url, found in page.seen for v in found]


def sign_in_to_the_admin(page) -> None:
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", PASSWORD)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    page.visit("/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    # A superuser counts as the secretariat: the code from its app comes next.
    page.wait_for_url("**/accounts/two-factor/verify/**")
    page.record()
    page.fill("#id_code", f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url("**/admin/")


def admin_pages() -> list[str]:
    """Every registered model's list and add page, and the change page of its first row."""
    paths = ["/admin/"]
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        paths.append(reverse(f"{name}_changelist"))
        with contextlib.suppress(NoReverseMatch):  # models the admin never adds
            paths.append(reverse(f"{name}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            paths.append(reverse(f"{name}_change", args=[first.pk]))
    return paths


def test_every_admin_page_works_under_the_policy(page):
    sign_in_to_the_admin(page)
    paths = admin_pages()
    assert len(paths) > 20
    for path in paths:
        response = page.visit(path)
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        assert "unsafe-inline" not in response.headers["content-security-policy"]
    # The admin's own scripts ran: the date widgets' shortcuts are drawn by JavaScript.
    page.visit(reverse("admin:meetings_meeting_add"))
    assert page.locator(".datetimeshortcuts").count() > 0
    assert violations(page) == []


def test_the_swagger_ui_works_under_the_policy(page):
    page.visit("/api/v1/docs")
    page.wait_for_selector(".opblock")
    assert page.locator(".opblock").count() >= 7
    page.locator(".opblock-summary").first.click()
    page.get_by_text("Try it out").first.click()
    page.locator(".execute").first.click()
    page.wait_for_selector(".live-responses-table")
    page.record()
    assert violations(page) == []


@pytest.fixture
def demo(transactional_db):
    """The demo, loaded again if an earlier test of this module emptied the database."""
    if not Meeting.objects.filter(number=2).exists():
        call_command("loadreference", verbosity=0)
        call_command("loaddemo", verbosity=0)


def test_humsec_pages_and_the_reply_autosave_work_under_the_policy(demo, page):
    for path in ("/", "/participants/", "/participants/JPN/", "/initiatives/", "/meetings/2/"):
        page.visit(path)
    # Setting up two-factor sign-in: the QR code is a data: image, which the policy allows.
    get_user_model().objects.create_user("reviewer", password=PASSWORD)
    page.visit("/accounts/login/")
    page.fill("#id_username", "reviewer")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state()
    page.visit("/accounts/two-factor/setup/")
    assert page.evaluate("document.querySelector('main img').naturalWidth") > 0
    page.visit("/accounts/password_reset/")
    today = timezone.localdate()
    FocalPoint.objects.create(
        participant=Participant.objects.get(code="THA"), name="Focal", email="fp@example.org"
    )
    request = actions.create_request(
        title="Information on human security initiatives",
        letter_date=today,
        deadline=today + dt.timedelta(days=60),
        signatories=[
            actions.SignatoryData(Participant.objects.get(code="JPN"), "Yukio Takasu", "Amb.")
        ],
        recipients=actions.recipients_from("Thailand", today),
    )
    recipient = request.recipients.get()
    actions.set_status(recipient, RecipientStatus.SENT)
    page.visit(f"/r/{links.issue(recipient)}/")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"**/reply/{recipient.pk}/")
    page.record()
    # reply.js saves as the focal point types: it runs, and its fetch is allowed.
    page.fill("#id_title", "Thailand's initiatives in the area of human security")
    sync_api.expect(page.locator("#save-status")).not_to_be_empty(timeout=15_000)
    page.record()
    assert violations(page) == []


def test_the_check_sees_a_violation_when_there_is_one(page):
    page.visit("/")
    page.evaluate(
        """() => {
          const s = document.createElement("script");
          s.textContent = "window.__ran = true";
          document.body.appendChild(s);
          document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>');
        }"""
    )
    page.wait_for_timeout(200)
    page.record()
    assert page.evaluate("window.__ran") is None
    found = violations(page)
    assert any("script-src" in v for v in found), found
    assert any("style-src" in v for v in found), found
