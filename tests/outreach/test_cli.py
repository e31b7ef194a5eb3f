"""The request cycle through the command line: `humsec request create|send|remind|status`
and `humsec contribute`, as a script would run them."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from docx import Document
from openpyxl import Workbook

from humsec.initiatives.models import Initiative
from humsec.outreach import replies
from humsec.outreach.models import Channel, Recipient, RecipientStatus, Request

pytestmark = pytest.mark.django_db

S = RecipientStatus
TITLE = "Information on human security initiatives"
CHILE_TITLE = "Chile's initiatives in the area of human security"
JAPAN = "Japan|Yukio Takasu|Ambassador of Japan in charge of human security"
MEXICO = "Mexico|Claude Heller|Permanent Representative of Mexico to the United Nations"
COLUMNS = [
    "title",
    "description",
    "kind",
    "start",
    "end",
    "city",
    "country",
    "lead",
    "partners",
    "themes",
    "url",
    "language",
]


# Helpers ---------------------------------------------------------------------------------


def run(*args: str) -> list[str]:
    """Run a command; its output, line by line."""
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().splitlines()


def grace_days() -> int:
    """Keep the links of the 2007 request working a year from today, so reminders go."""
    return (timezone.localdate() - dt.date(2007, 7, 31)).days + 365


def create(*extra: str, recipients: str = "meeting:2") -> list[str]:
    return run(
        "request",
        "create",
        "--title",
        TITLE,
        "--letter-date",
        "2007-05-21",
        "--deadline",
        "2007-07-31",
        "--signatory",
        JAPAN,
        "--signatory",
        MEXICO,
        "--recipients",
        recipients,
        "--grace-days",
        str(grace_days()),
        *extra,
    )


def contribute(path: Path, participant: str, request_id: int, *extra: str) -> list[str]:
    return run(
        "contribute", "--request", str(request_id), "--participant", participant, *extra, str(path)
    )


def chile_reply(folder: Path) -> Path:
    document = Document()
    document.add_heading(CHILE_TITLE, level=1)
    document.add_paragraph("Chile has promoted human security in the region.")
    document.add_heading("Past initiatives", level=2)
    document.add_paragraph("Regional workshop in Santiago, October 2006", style="List Bullet")
    document.add_paragraph("Mine action in the Americas", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Year", "Activity"
    table.cell(1, 0).text, table.cell(1, 1).text = "2006", "Workshop"
    path = folder / "chile.docx"
    document.save(path)
    return path


def thailand_initiatives(folder: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    sheet.append(
        [
            "Asian regional forum on human security",
            "A forum of the countries of the region.",
            "conference",
            "15 mai 2007",
            "",
            "Bangkok",
            "Thailand",
            "Thailand",
            "Japan;Mexico",
            "peacebuilding;trafficking in persons",
            "https://example.org/forum",
            "en",
        ]
    )
    sheet.append(
        [
            "Human security and trafficking in persons",
            "A programme against trafficking.",
            "programme",
            "October 2006",
            "2008-12-31",
            "",
            "Thailand",
            "Thailand",
            "",
            "trafficking-in-persons",
            "",
            "en",
        ]
    )
    sheet.append(
        [
            "A space tourism study",
            "",
            "publication",
            "2007-05-15",
            "",
            "",
            "",
            "Thailand",
            "",
            "space tourism",
            "",
            "en",
        ]
    )
    path = folder / "thailand.xlsx"
    book.save(path)
    return path


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def created(personas, add_focal_point) -> Request:
    """`request create` for the attendees of the second meeting. Chile and Thailand (the
    personas) and Slovenia have focal points."""
    add_focal_point("SVN")
    return Request.objects.get(pk=int(create()[-1]))


@pytest.fixture
def sent(created, mailoutbox) -> Request:
    run("request", "send", str(created.pk))
    return created


def status_of(request: Request, code: str) -> str:
    return Recipient.objects.get(request=request, participant__code=code).status


# Creating --------------------------------------------------------------------------------


def test_request_create_prints_the_new_id_alone_on_its_last_line(personas):
    lines = create()
    request = Request.objects.get(pk=int(lines[-1]))
    assert lines[-1] == str(request.pk)
    assert request.title == TITLE
    assert request.letter_date == dt.date(2007, 5, 21)
    assert request.deadline == dt.date(2007, 7, 31)
    assert request.meeting.number == 2
    assert request.recipients.count() == 48
    assert [(s.participant.code, s.name, s.title) for s in request.signatories.all()] == [
        ("JPN", "Yukio Takasu", "Ambassador of Japan in charge of human security"),
        ("MEX", "Claude Heller", "Permanent Representative of Mexico to the United Nations"),
    ]


def test_request_create_takes_a_hand_picked_list_of_names(personas):
    request = Request.objects.get(pk=int(create(recipients="Chile;thaïlande;VNM")[-1]))
    codes = set(request.recipients.values_list("participant__code", flat=True))
    assert codes == {"CHL", "THA", "VNM"}
    assert request.meeting is None


def test_request_create_takes_the_member_states(personas):
    request = Request.objects.get(pk=int(create(recipients="members")[-1]))
    assert request.recipients.count() == 192


# The cycle -------------------------------------------------------------------------------


def test_request_send_emails_the_recipients_that_have_focal_points(sent, mailoutbox):
    assert sorted(m.to[0] for m in mailoutbox) == [
        "chile@example.org",
        "focal.svn@example.org",
        "thailand@example.org",
    ]
    assert all(m.subject == TITLE for m in mailoutbox)
    assert all(len(m.attachments) == 2 for m in mailoutbox)
    assert {status_of(sent, code) for code in ("CHL", "THA", "SVN")} == {S.SENT}
    assert status_of(sent, "AUS") == S.NOT_SENT


def test_request_send_says_how_many_letters_went(created, mailoutbox):
    lines = run("request", "send", str(created.pk))
    assert lines == ["Sent 3 letters; 45 recipients have no focal point to write to."]


def test_contribute_imports_a_word_reply_with_its_date_language_and_title(sent, tmp_path):
    lines = contribute(
        chile_reply(tmp_path),
        "CHL",
        sent.pk,
        "--date",
        "2007-10-01",
        "--language",
        "es",
        "--title",
        CHILE_TITLE,
    )
    assert lines == ["Imported the reply from chile.docx."]
    contribution = replies.contribution_of(
        Recipient.objects.get(request=sent, participant__code="CHL")
    )
    assert contribution.title == CHILE_TITLE
    assert contribution.reply_date == dt.date(2007, 10, 1)
    assert contribution.language == "es"
    assert contribution.channel == Channel.EMAIL
    html = contribution.narrative_html
    assert "Regional workshop in Santiago" in html
    assert "<ul" in html and "<table" in html and "<h" in html
    assert contribution.narrative_file.original_name == "chile.docx"
    assert status_of(sent, "CHL") == S.DRAFT


def test_contribute_prints_one_line_per_row_imported_or_refused_with_the_reason(sent, tmp_path):
    lines = contribute(thailand_initiatives(tmp_path), "Thailand", sent.pk, "--date", "2007-10-15")
    assert lines[:2] == [
        "row 2: imported 'Asian regional forum on human security'",
        "row 3: imported 'Human security and trafficking in persons'",
    ]
    assert len(lines) == 3
    assert lines[2].startswith("row 4: refused: ")
    assert "'space tourism' is not a theme we know" in lines[2]
    thailand = Recipient.objects.get(request=sent, participant__code="THA")
    titles = set(
        Initiative.objects.filter(contribution__recipient=thailand).values_list("title", flat=True)
    )
    assert titles == {
        "Asian regional forum on human security",
        "Human security and trafficking in persons",
    }


def test_contribute_with_submit_submits_and_sends_the_receipt(
    sent, tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        lines = contribute(
            chile_reply(tmp_path),
            "CHL",
            sent.pk,
            "--date",
            "2007-10-01",
            "--language",
            "es",
            "--title",
            CHILE_TITLE,
            "--submit",
        )
    assert lines[-1] == "Submitted (version 1)."
    assert status_of(sent, "CHL") == S.SUBMITTED
    receipts = [m for m in mailoutbox if m.subject.startswith("Received:")]
    assert [m.to for m in receipts] == [["chile@example.org"]]
    assert CHILE_TITLE in receipts[0].body


def test_the_receipt_gives_the_date_of_the_reply_the_united_nations_way(
    sent, tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        contribute(
            chile_reply(tmp_path),
            "CHL",
            sent.pk,
            "--date",
            "2007-10-01",
            "--title",
            CHILE_TITLE,
            "--submit",
        )
    receipt = next(m for m in mailoutbox if m.subject.startswith("Received:"))
    assert "1 October 2007" in receipt.body
    assert "2007-10-01" not in receipt.body


def test_the_whole_cycle_by_command_line(sent, tmp_path, mailoutbox):
    contribute(
        chile_reply(tmp_path),
        "CHL",
        sent.pk,
        "--date",
        "2007-10-01",
        "--language",
        "es",
        "--title",
        CHILE_TITLE,
        "--submit",
    )
    contribute(thailand_initiatives(tmp_path), "Thailand", sent.pk, "--date", "2007-10-15")
    letters = len(mailoutbox)

    assert run("request", "remind", str(sent.pk)) == ["Sent 2 reminders."]
    reminded = sorted(m.to[0] for m in mailoutbox[letters:] if m.subject.startswith("Reminder:"))
    assert reminded == ["focal.svn@example.org", "thailand@example.org"]

    data = json.loads("\n".join(run("request", "status", str(sent.pk), "--json")))
    assert data["id"] == sent.pk
    assert data["title"] == TITLE
    assert len(data["recipients"]) == 48
    assert all({"participant", "status"} <= set(r) for r in data["recipients"])
    statuses = {r["participant"]: r["status"] for r in data["recipients"]}
    assert statuses["Chile"] == "submitted"
    assert statuses["Thailand"] == "draft"
    assert statuses["Slovenia"] == "sent"
    assert statuses["Australia"] == "not_sent"


def test_request_status_prints_each_recipient_with_its_status(sent):
    lines = run("request", "status", str(sent.pk))
    assert lines[0] == f"{TITLE} (deadline 2007-07-31)"
    assert len(lines) == 49
    chile = next(line for line in lines if line.startswith("Chile "))
    assert chile.split()[-1] == "sent"
    australia = next(line for line in lines if line.startswith("Australia "))
    assert australia.endswith("not sent")


def test_a_participant_resolves_by_code_name_or_name_in_another_language(sent, tmp_path):
    path = tmp_path / "reply.md"
    path.write_text("Thailand has nothing more to add.", encoding="utf-8")
    for name in ("THA", "thailand", "thaïlande", "Tailandia"):
        assert contribute(path, name, sent.pk) == ["Imported the reply from reply.md."]


# Bad input -------------------------------------------------------------------------------


def test_a_date_that_does_not_exist_is_a_clear_error(personas):
    with pytest.raises(CommandError, match="31 February 2007"):
        run(
            "request",
            "create",
            "--title",
            TITLE,
            "--letter-date",
            "31 February 2007",
            "--deadline",
            "2007-07-31",
            "--signatory",
            JAPAN,
            "--recipients",
            "Chile",
        )
    assert not Request.objects.exists()


def test_a_month_without_a_day_is_not_a_letter_date(personas):
    with pytest.raises(CommandError, match="full date"):
        run(
            "request",
            "create",
            "--title",
            TITLE,
            "--letter-date",
            "May 2007",
            "--deadline",
            "2007-07-31",
            "--signatory",
            JAPAN,
            "--recipients",
            "Chile",
        )


def test_a_reply_dated_a_day_that_does_not_exist_is_a_clear_error(sent, tmp_path):
    path = tmp_path / "reply.md"
    path.write_text("Chile's reply.", encoding="utf-8")
    with pytest.raises(CommandError, match="31 February 2007"):
        contribute(path, "CHL", sent.pk, "--date", "31 February 2007")
    assert status_of(sent, "CHL") == S.SENT


def test_an_unknown_participant_is_a_clear_error(sent, tmp_path):
    path = tmp_path / "reply.md"
    path.write_text("A reply.", encoding="utf-8")
    with pytest.raises(CommandError, match="'Atlantis' is not a participant"):
        contribute(path, "Atlantis", sent.pk)


def test_an_unknown_recipient_name_is_a_clear_error(personas):
    with pytest.raises(CommandError, match="Atlantis"):
        create(recipients="Chile;Atlantis")
    assert not Request.objects.exists()


def test_an_unknown_signatory_country_is_a_clear_error(personas):
    with pytest.raises(CommandError, match="Atlantis"):
        run(
            "request",
            "create",
            "--title",
            TITLE,
            "--letter-date",
            "2007-05-21",
            "--deadline",
            "2007-07-31",
            "--signatory",
            "Atlantis|Someone|Ambassador",
            "--recipients",
            "Chile",
        )


def test_a_participant_that_is_not_a_recipient_is_a_clear_error(sent, tmp_path):
    path = tmp_path / "reply.md"
    path.write_text("A reply.", encoding="utf-8")
    with pytest.raises(CommandError, match="not a recipient"):
        contribute(path, "Brazil", sent.pk)


def test_an_unknown_request_is_a_clear_error(personas):
    with pytest.raises(CommandError, match="no request 99999"):
        run("request", "send", "99999")
