"""The same compilation through the command line, the web pages and the API."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document as Word

from humsec.documents import actions
from humsec.documents.models import Document, State

pytestmark = pytest.mark.django_db

SIGNATORIES = [
    "Japan|Yukio Takasu|Permanent Representative of Japan to the United Nations",
    "Mexico|Claude Heller|Permanent Representative of Mexico to the United Nations",
]


def compile_args(request, out, *extra):
    args = [
        "compile",
        "--request", str(request.pk),
        "--symbol", "A/62/695",
        "--date", "2008-02-15",
        "--letter-date", "2008-02-13",
        "--addressee", "President of the General Assembly",
        "--session", "62",
        "--agenda-item", "116|Follow-up to the outcome of the Millennium Summit",
        "--job-number", "08-24140",
        "--out", str(out),
        "--format", "docx,pdf,html",
    ]  # fmt: skip
    for signatory in SIGNATORIES:
        args += ["--signatory", signatory]
    return [*args, *extra]


def test_the_command_writes_the_three_files(a62_request, tmp_path):
    out = io.StringIO()

    call_command(*compile_args(a62_request, tmp_path), stdout=out)

    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["A_62_695.docx", "A_62_695.html", "A_62_695.pdf"]
    assert (tmp_path / "A_62_695.pdf").read_bytes().startswith(b"%PDF")
    word = Word(str(tmp_path / "A_62_695.docx"))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Sixty-second session" in text and "(Signed) Yukio Takasu" in text
    assert "A/62/695: draft" in out.getvalue()


def test_the_command_issues_and_then_adds_an_addendum(a62_request, reply_to, tmp_path):
    call_command(*compile_args(a62_request, tmp_path, "--issue"), stdout=io.StringIO())
    reply_to(a62_request, "NOR", html="<p>Reply of Norway.</p>")
    out = io.StringIO()

    call_command(
        "compile", "--addendum-to", "A/62/695", "--date", "2008-04-01", "--issue",
        "--out", str(tmp_path), "--format", "html", stdout=out,
    )  # fmt: skip

    issued = Document.objects.get(symbol="A/62/695")
    assert issued.state == State.ISSUED
    stored = bytes(issued.files.get(format="pdf").content)
    assert (tmp_path / "A_62_695.pdf").read_bytes() == stored
    addendum = (tmp_path / "A_62_695_Add.1.html").read_text()
    assert "Reply of Norway." in addendum and "Thailand has mainstreamed" not in addendum
    assert "A/62/695/Add.1: issued" in out.getvalue()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (["--signatory", "Atlantis|A. Person|Ambassador"], "'Atlantis' is not a State"),
        (["--agenda-item", "Follow-up without a number"], "write it as Number|Title"),
        (["--date", "15/02/2008"], "is not a date such as 2008-02-15"),
        (["--format", "odt"], "--format: give some of docx, pdf, html"),
        (["--symbol", "not a symbol"], "is not a document symbol"),
        (["--original-language", "xx"], "original_language: Value 'xx' is not a valid choice"),
    ],
)
def test_the_command_names_what_is_wrong(a62_request, tmp_path, change, message):
    with pytest.raises(CommandError, match=message):
        call_command(*compile_args(a62_request, tmp_path, *change), stdout=io.StringIO())

    assert not Document.objects.exists()


# -- The web pages -----------------------------------------------------------------------------


def new_document_form(request, **changes) -> dict:
    data = {
        "request": request.pk,
        "symbol": "A/62/695",
        "organ": "General Assembly",
        "distribution": "General",
        "date": "2008-02-15",
        "language": "en",
        "original_language": "en",
        "session": "62",
        "addressee": "President of the General Assembly",
        "letter_date": "2008-02-13",
        "agenda": "116|Follow-up to the outcome of the Millennium Summit",
        "order": "states-then-organizations",
        "job_number": "08-24140",
        "job_date": "2008-03-27",
        "signatory-TOTAL_FORMS": "2",
        "signatory-INITIAL_FORMS": "0",
        "signatory-MIN_NUM_FORMS": "1",
        "signatory-MAX_NUM_FORMS": "6",
    }
    for n, (code, line) in enumerate(zip(("JPN", "MEX"), SIGNATORIES, strict=True)):
        from humsec.roster.models import Participant

        _country, name, title = line.split("|")
        data[f"signatory-{n}-participant"] = Participant.objects.get(code=code).pk
        data[f"signatory-{n}-name"] = name
        data[f"signatory-{n}-title"] = title
    data.update(changes)
    return data


def test_the_secretariat_drafts_previews_and_issues_on_the_web(a62_request, personas):
    client = personas.client("secretariat")

    response = client.post(reverse("document-create"), new_document_form(a62_request))
    document = Document.objects.get(symbol="A/62/695")
    assert response["Location"] == reverse("document-detail", args=[document.pk])
    page = client.get(reverse("document-detail", args=[document.pk])).content.decode()
    assert "Preview" in page and "words" in page
    preview = client.get(reverse("document-file", args=[document.pk, "html"]))
    assert b"Reports are included from Chile, Japan, Mexico" in preview.content
    # The preview's style sheet is let through by its hash, and nothing else inline.
    assert "'sha256-" in preview["Content-Security-Policy"]

    client.post(reverse("document-issue", args=[document.pk]), {"revision": document.revision})

    document.refresh_from_db()
    assert document.state == State.ISSUED
    pdf = client.get(reverse("document-file", args=[document.pk, "pdf"]))
    assert pdf["X-Content-SHA256"] == hashlib.sha256(pdf.content).hexdigest()
    assert pdf["X-Content-SHA256"] == document.files.get(format="pdf").sha256
    public = personas.client("anonymous").get(reverse("document-detail", args=[document.pk]))
    assert (
        public.status_code == 200
        and document.files.get(format="pdf").sha256 in public.content.decode()
    )


def test_a_bad_agenda_line_is_named_and_nothing_is_lost(a62_request, personas):
    client = personas.client("secretariat")

    response = client.post(
        reverse("document-create"), new_document_form(a62_request, agenda="116 Follow-up")
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Line 1: write the item as Number|Title" in page
    assert "Yukio Takasu" in page  # what was typed is still there
    assert not Document.objects.exists()


def test_the_page_warns_past_10700_words_and_offers_the_move(
    a62_request, reply_to, compile_a62, personas
):
    reply_to(a62_request, "NOR", html="<p>" + "human security " * 5600 + "</p>")
    document = compile_a62()

    page = personas.client("secretariat").get(reverse("document-detail", args=[document.pk]))

    text = page.content.decode()
    assert "documents not from the Secretariat are limited to 10,700" in text
    assert "Move the ticked replies into an addendum" in text


# -- The API -----------------------------------------------------------------------------------


def test_the_api_compiles_issues_and_serves_the_files(a62_request, personas):
    client = personas.client("secretariat")
    body = {
        "request_id": a62_request.pk,
        "symbol": "A/62/695",
        "date": "2008-02-15",
        "letter_date": "2008-02-13",
        "addressee": "President of the General Assembly",
        "session": 62,
        "agenda_items": [
            {"number": "116", "title": "Follow-up to the outcome of the Millennium Summit"}
        ],
        "signatories": [
            {"country": "JPN", "name": "Yukio Takasu", "title": "Permanent Representative"},
            {"country": "Mexico", "name": "Claude Heller", "title": "Permanent Representative"},
        ],
        "issue": True,
    }

    response = client.post("/api/v1/documents", json.dumps(body), content_type="application/json")

    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["symbol"] == "A/62/695" and answer["state"] == "issued"
    assert [c["name"] for c in answer["contributions"]] == [
        "Chile", "Japan", "Mexico", "Slovenia", "Switzerland", "Thailand"
    ]  # fmt: skip
    pdf = next(f for f in answer["files"] if f["format"] == "pdf")
    served = personas.client("anonymous").get(pdf["url"])
    assert hashlib.sha256(served.content).hexdigest() == pdf["sha256"]
    listed = personas.client("anonymous").get("/api/v1/documents").json()
    assert [d["symbol"] for d in listed["items"]] == ["A/62/695"]


def test_the_api_names_a_bad_signatory(a62_request, personas):
    body = {
        "request_id": a62_request.pk,
        "symbol": "A/62/695",
        "date": "2008-02-15",
        "letter_date": "2008-02-13",
        "addressee": "President of the General Assembly",
        "signatories": [{"country": "Atlantis", "name": "A. Person", "title": "Ambassador"}],
    }

    response = personas.client("secretariat").post(
        "/api/v1/documents", json.dumps(body), content_type="application/json"
    )

    assert response.status_code == 400
    assert "signatories[0].country: 'Atlantis' is not a State" in response.json()["detail"]


def test_a_co_chair_approves_the_draft_as_it_stands(compile_a62, personas):
    document = compile_a62()
    co_chair = personas.client("co_chair")

    co_chair.post(reverse("document-approve", args=[document.pk]), {"revision": document.revision})
    actions.update_document(document.pk, None, None, fields={"job_number": "08-24141"})
    page = personas.client("secretariat").get(reverse("document-detail", args=[document.pk]))

    approval = document.approvals.get()
    assert approval.approver == personas.co_chair and approval.revision == document.revision
    assert "the draft has changed since" in page.content.decode()
    stale = co_chair.post(
        reverse("document-approve", args=[document.pk]), {"revision": document.revision}
    )
    assert stale.status_code == 302 and document.approvals.count() == 1


def test_the_api_lists_documents_in_the_same_number_of_queries_however_many(compile_a62, personas):
    client = personas.client("co_chair")
    compile_a62()
    with CaptureQueriesContext(connection) as one:
        assert client.get("/api/v1/documents").json()["count"] == 1
    compile_a62(symbol="A/62/696")
    compile_a62(symbol="A/62/697")
    with CaptureQueriesContext(connection) as three:
        assert client.get("/api/v1/documents").json()["count"] == 3

    assert len(three) == len(one)
    assert not any("content" in q["sql"] and "issuedfile" in q["sql"] for q in three)
