"""What the hostile-input tests found, each pinned by a plain test: every one of these
was a server error, a request held for half a minute, or a refusal that did not say why.
"""

from __future__ import annotations

import io
import struct
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from humsec.outreach import replies
from humsec.outreach.imports.initiatives import MAX_ROWS, read_initiatives
from humsec.outreach.imports.narrative import MAX_XML_DEPTH, docx_to_html
from humsec.outreach.imports.uploads import UploadRejected, check_upload, inspect_upload
from humsec.roster.models import Participant

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEADER = "title,kind,start\r\n"


def word_file() -> bytes:
    document = Document()
    document.add_paragraph("Thailand hosted a regional seminar in Bangkok.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def with_document_xml(xml: str) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(word_file())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = xml.encode() if info.filename == "word/document.xml" else source.read(info)
            target.writestr(info.filename, content)
    return out.getvalue()


def nested_tables(depth: int) -> bytes:
    return with_document_xml(
        f'<w:document xmlns:w="{W}"><w:body>'
        + "<w:tbl><w:tr><w:tc>" * depth
        + "<w:p/>"
        + "</w:tc></w:tr></w:tbl>" * depth
        + "</w:body></w:document>"
    )


def patched(data: bytes, flag_bits: int = 0, method: int | None = None) -> bytes:
    """Every local and central header with flag bits set or another compression method."""
    data = bytearray(data)
    for signature, flags_at, method_at in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        start = data.find(signature)
        while start != -1:
            (flags,) = struct.unpack_from("<H", data, start + flags_at)
            struct.pack_into("<H", data, start + flags_at, flags | flag_bits)
            if method is not None:
                struct.pack_into("<H", data, start + method_at, method)
            start = data.find(signature, start + 4)
    return bytes(data)


# Word and zip files ------------------------------------------------------------------------


def test_a_word_reply_nested_deeper_than_the_limit_is_refused_saying_so():
    # 3,000 tables within tables: mammoth, which reads recursively, ran out of stack.
    with pytest.raises(UploadRejected, match=f"nests more than {MAX_XML_DEPTH} levels deep"):
        docx_to_html(nested_tables(1000))


def test_a_word_reply_with_tables_nested_twenty_deep_is_still_read():
    assert docx_to_html(nested_tables(20)).html.count("<table>") == 20


def test_a_zip_whose_parts_are_encrypted_is_refused_as_password_protected():
    # Python's zipfile raised RuntimeError ("password required") when reading a part.
    with pytest.raises(UploadRejected, match="protected by a password"):
        check_upload(patched(word_file(), flag_bits=0x1), "reply.docx", {"docx"}, 20 * MB)


@pytest.mark.parametrize("method", [9, 99])  # Deflate64, and a method no one knows
def test_a_zip_compressed_in_a_way_office_never_uses_is_refused_saying_so(method):
    # zipfile raised NotImplementedError.
    with pytest.raises(UploadRejected, match="compressed in a way Office files never are"):
        check_upload(patched(word_file(), method=method), "reply.docx", {"docx"}, 20 * MB)


def test_a_word_file_whose_list_of_parts_cannot_be_unpacked_is_refused_as_damaged():
    # A few bytes overwritten in the compressed [Content_Types].xml: zlib.error.
    data = bytearray(word_file())
    assert data[30:49] == b"[Content_Types].xml"
    data[49:53] = b"\xff\xff\xff\xff"
    with pytest.raises(UploadRejected, match="damaged"):
        check_upload(bytes(data), "reply.docx", {"docx"}, 20 * MB)


# CSV files --------------------------------------------------------------------------------


def test_a_csv_cell_longer_than_the_csv_reader_takes_is_a_problem_not_an_error():
    # csv.Error ("field larger than field limit") escaped the reader.
    data = (HEADER + '"' + "x" * 200_000 + '",seminar,2007\r\n').encode()
    result = read_initiatives(data, "csv")
    assert not result.rows
    assert "Row 2 holds a cell of more than 131,072 characters" in result.problems[0].message


def test_a_csv_with_a_nul_character_after_its_first_8_kb_is_refused_saying_where():
    # The NUL reached an initiative's title, which PostgreSQL cannot store.
    data = (HEADER + "Seminar,seminar,2007\r\n" * 500 + "Thai\x00land,seminar,2007\r\n").encode()
    with pytest.raises(UploadRejected, match=r"holds a NUL character \(character 11\d\d\d\)"):
        inspect_upload(data, "initiatives.csv", {"csv", "xlsx"}, 20 * MB)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_a_csv_in_utf16_as_excel_saves_unicode_text_is_read(encoding):
    # It was refused as "a file of an unknown kind".
    data = "title\tkind\tstart\r\nSéminaire de Bangkok\tseminar\tMay 2007\r\n".encode(encoding)
    kind = check_upload(data, "initiatives.txt", {"csv", "xlsx"}, 20 * MB)
    result = read_initiatives(data, kind)
    assert kind == "csv" and result.ok
    assert result.rows[0].values["title"] == "Séminaire de Bangkok"


def test_a_file_of_more_than_a_thousand_initiatives_is_refused_whole_and_quickly():
    # 50,000 rows were imported one by one inside the request: minutes.
    data = (HEADER + "Seminar,seminar,2007\r\n" * 50_000).encode()
    started = time.perf_counter()
    result = read_initiatives(data, "csv")
    assert time.perf_counter() - started < 2
    assert not result.rows
    assert result.problems[0].message.startswith(f"This file holds more than {MAX_ROWS:,}")


def test_a_file_of_exactly_a_thousand_initiatives_is_read():
    data = (HEADER + "Seminar,seminar,2007\r\n" * MAX_ROWS).encode()
    assert len(read_initiatives(data, "csv").rows) == MAX_ROWS


# Pages ----------------------------------------------------------------------------------


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize(
    ("url_name", "prefix"),
    [
        ("reply-narrative", "narrative"),
        ("reply-initiatives-upload", "initiatives"),
        ("reply-attachment", "attachment"),
    ],
)
def test_an_empty_file_is_said_to_be_empty(browser, thailand, url_name, prefix):
    # The page said "Choose a Word file to upload." to someone who had chosen one.
    url = reverse(url_name, kwargs={"recipient_id": thailand.pk})
    upload = SimpleUploadedFile("reply.docx", b"")
    response = browser.post(url, {f"{prefix}-file": upload}, follow=True)
    assert messages_of(response) == ["reply.docx was not used: The submitted file is empty."]


def test_a_damaged_version_number_in_the_reply_editor_is_explained_on_the_page(browser, thailand):
    # The hidden field's error was shown nowhere: "not saved", without a reason.
    url = reverse("reply-save", args=[thailand.pk])
    response = browser.post(url, {"title": "Reply", "narrative_markdown": "Kept", "revision": "x"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "came back without its version number" in page
    assert "Kept" in page


REQUEST = {
    "title": "Information on human security initiatives",
    "letter_date": "2027-05-21",
    "deadline": "2027-07-31",
    "grace_days": "14",
    "recipients": "list",
    "letter_en": "Dear {recipient}, {link}",
    "reminder_limit": "2",
    "reminder_interval_days": "14",
    "signatory-TOTAL_FORMS": "1",
    "signatory-INITIAL_FORMS": "0",
    "signatory-0-name": "Yukio Takasu",
    "signatory-0-title": "Ambassador",
}


def test_a_number_too_large_for_any_key_among_the_chosen_recipients_is_an_unknown_choice(
    personas,
):
    # SQLite: OverflowError; PostgreSQL: "bigint out of range".
    japan = Participant.objects.get(code="JPN").pk
    data = {**REQUEST, "chosen": ["99999999999999999999"], "signatory-0-participant": japan}
    response = personas.client("secretariat").post(reverse("request-create"), data)
    assert response.status_code == 200
    assert "99999999999999999999 is not one of the available choices" in response.text


def test_a_request_form_claiming_a_million_signatories_is_answered_at_once(personas):
    # Django built and rendered a thousand signatory forms: 27 s and 9 MB.
    data = {**REQUEST, "chosen": ["1"], "signatory-TOTAL_FORMS": "1000000"}
    started = time.perf_counter()
    response = personas.client("secretariat").post(reverse("request-create"), data)
    assert time.perf_counter() - started < 2
    assert "Please submit at most 6 forms." in response.text


def test_a_huge_number_among_an_initiative_s_partners_is_an_unknown_choice(browser, thailand):
    url = reverse("reply-initiative-new", args=[thailand.pk])
    data = {"title": "Seminar", "kind": "seminar", "language": "en", "partners": ["9" * 30]}
    response = browser.post(url, data)
    assert response.status_code == 200
    assert f"{'9' * 30} is not one of the available choices" in response.text


# NUL characters (PostgreSQL cannot store them) -----------------------------------------------


@pytest.mark.parametrize(
    ("url", "status", "where"),
    [
        ("/participants/%00/", 404, "in the address"),
        ("/api/v1/participants/JP%00N", 404, "in the address"),
        ("/initiatives/?theme=%00", 400, "in the address, in “theme”"),
        ("/api/v1/initiatives?participant=TH%00A", 400, "in the address, in “participant”"),
    ],
)
def test_a_nul_in_an_address_is_refused_saying_where(personas, url, status, where):
    response = personas.client("anonymous").get(url)
    assert response.status_code == status
    said = response.json()["detail"] if url.startswith("/api/") else response.text
    assert f"This request holds a NUL character ({where})" in said


def test_a_nul_in_the_reason_for_a_decision_is_refused_with_400_saying_which_field(
    personas, thailand
):
    replies.save_draft(thailand, {"title": "Reply", "narrative_markdown": "Text"}, None)
    replies.submit_contribution(thailand)
    url = f"/review/replies/{thailand.contribution.pk}/accept/"
    response = personas.client("secretariat").post(url, {"reason": "Fine\x00"})
    assert response.status_code == 400
    assert "(in the field “reason”)" in response.content.decode()
    thailand.contribution.refresh_from_db()
    assert thailand.contribution.review_status == "pending"
