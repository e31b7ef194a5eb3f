"""Reading what focal points upload: narrative replies and structured initiatives.

Every test file is built here, in memory: a Word reply with python-docx (its footnote
added by hand, since python-docx cannot write one), workbooks with openpyxl, CSV as text.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from django.utils import translation
from docx import Document
from openpyxl import Workbook, load_workbook
from tests.files import rezip, workbook

from humsec.dates import PartialDate
from humsec.outreach.imports.initiatives import (
    COLUMNS,
    initiatives_template,
    read_initiatives,
)
from humsec.outreach.imports.narrative import docx_to_html, markdown_to_html
from humsec.outreach.imports.template import plain
from humsec.outreach.imports.uploads import UploadRejected, check_upload, inspect_upload

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
DOCX = {"docx"}

# Helpers ---------------------------------------------------------------------------------

FOOTNOTES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">See document A/62/695, '
    "annex.</w:t></w:r></w:p></w:footnote></w:footnotes>"
)
FOOTNOTES_REL = (
    '<Relationship Id="rIdFootnotes" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" '
    'Target="footnotes.xml"/>'
)
FOOTNOTES_TYPE = (
    '<Override PartName="/word/footnotes.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
)


def word_reply(*extra_paragraphs: str) -> bytes:
    """A reply as Chile might send it: headings, paragraphs, lists, a table, a footnote."""
    document = Document()
    document.add_heading("Reply of Chile", level=1)
    document.add_heading("Past initiatives", level=2)
    paragraph = document.add_paragraph("Chile hosted a regional workshop in ")
    paragraph.add_run("Santiago").bold = True
    paragraph.add_run(" on ")
    paragraph.add_run("human security").italic = True
    paragraph.add_run(".[FN]")
    document.add_paragraph("Mine action in the Americas", style="List Bullet")
    document.add_paragraph("Protection of children", style="List Bullet")
    document.add_paragraph("First step", style="List Number")
    document.add_paragraph("Second step", style="List Number")
    table = document.add_table(rows=2, cols=2)
    for (row, col), text in {
        (0, 0): "Year",
        (0, 1): "Initiative",
        (1, 0): "2007",
        (1, 1): "Santiago workshop",
    }.items():
        table.cell(row, col).text = text
    for text in extra_paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)

    def add_footnote(name: str, content: bytes) -> bytes:
        if name == "word/document.xml":
            return content.replace(
                b".[FN]</w:t></w:r>",
                b'.</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                b'<w:footnoteReference w:id="1"/></w:r>',
            )
        if name == "word/_rels/document.xml.rels":
            end = b"</Relationships>"
            return content.replace(end, FOOTNOTES_REL.encode() + end)
        if name == "[Content_Types].xml":
            return content.replace(b"</Types>", FOOTNOTES_TYPE.encode() + b"</Types>")
        return content

    return rezip(out.getvalue(), add_footnote, {"word/footnotes.xml": FOOTNOTES_XML})


def csv_bytes(text: str) -> bytes:
    return text.strip().replace("\n", "\r\n").encode()


def problems_of(result) -> list[tuple]:
    return [(p.row, p.field) for p in result.all_problems]


HEADER = "title,kind,start,end,lead,partners,themes,country,url"

# Uploads ---------------------------------------------------------------------------------


def test_it_knows_a_word_file_from_its_content_whatever_its_name():
    assert check_upload(word_reply(), "reply.bin", DOCX, 10 * MB) == "docx"


def test_it_refuses_a_pdf_named_reply_docx_as_a_pdf():
    with pytest.raises(UploadRejected) as error:
        check_upload(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "reply.docx", DOCX, 10 * MB)
    assert str(error.value) == "This file is a PDF document; upload a Word .docx file."


def test_it_refuses_a_password_protected_office_file():
    data = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 1024
        + "EncryptedPackage".encode("utf-16-le")
        + b"\x00" * 512
    )
    with pytest.raises(UploadRejected, match="password-protected: remove the password"):
        check_upload(data, "reply.docx", DOCX, 10 * MB)


def test_it_refuses_an_old_word_file_and_says_how_to_convert_it():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le")
    with pytest.raises(UploadRejected, match=r"old-format Word document \(\.doc\)"):
        check_upload(data, "reply.doc", DOCX, 10 * MB)


def test_it_refuses_a_word_file_with_macros():
    data = rezip(word_reply(), add={"word/vbaProject.bin": b"\x00" * 100})
    with pytest.raises(UploadRejected, match="macros"):
        check_upload(data, "reply.docx", DOCX, 10 * MB)


def test_it_refuses_a_macro_enabled_content_type():
    def as_docm(name: str, content: bytes) -> bytes:
        if name == "[Content_Types].xml":
            return content.replace(
                b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                b"application/vnd.ms-word.document.macroEnabled.main+xml",
            )
        return content

    with pytest.raises(UploadRejected, match=r"macro-enabled Word document \(\.docm\)"):
        check_upload(rezip(word_reply(), as_docm), "reply.docx", DOCX, 10 * MB)


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """200 MB of zeros in a Word-looking zip: about 200 KB, never on disk."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = b"\x00" * MB
            for _ in range(200):
                member.write(chunk)
    return out.getvalue()


def test_it_refuses_a_zip_bomb_without_extracting(zip_bomb):
    assert len(zip_bomb) < MB
    with pytest.raises(UploadRejected, match="refused unopened"):
        check_upload(zip_bomb, "reply.docx", DOCX, 10 * MB)


def test_it_refuses_a_zip_bomb_even_when_read_directly(zip_bomb):
    with pytest.raises(UploadRejected):
        docx_to_html(zip_bomb)
    assert read_initiatives(zip_bomb, "xlsx").problems


def test_it_refuses_a_damaged_zip():
    with pytest.raises(UploadRejected, match="damaged"):
        check_upload(word_reply()[:3000], "reply.docx", DOCX, 10 * MB)


def test_it_refuses_a_file_over_the_limit_and_says_the_limit():
    with pytest.raises(UploadRejected, match="the limit is 5 MB"):
        check_upload(b"x" * (5 * MB + 1), "reply.md", {"md"}, 5 * MB)


def test_it_refuses_an_empty_file():
    with pytest.raises(UploadRejected, match="empty"):
        check_upload(b"", "reply.docx", DOCX, 10 * MB)


@pytest.mark.parametrize(
    ("language", "empty", "row"),
    [("fr", "Ce fichier est vide.", "Ligne 2 : "), ("es", "Este archivo está vacío.", "Fila 2")],
)
def test_a_focal_point_reads_what_is_wrong_in_the_language_of_the_page(language, empty, row):
    with translation.override(language):
        with pytest.raises(UploadRejected) as refused:
            check_upload(b"", "reply.docx", DOCX, 10 * MB)
        result = read_initiatives(csv_bytes("title,kind,start\n,fund,2007"), "csv")
        problem = str(result.all_problems[0])
    assert str(refused.value) == empty
    assert problem.startswith(row)
    assert "title" in problem and "required" not in problem


def test_it_lists_the_allowed_kinds_when_refusing():
    with pytest.raises(UploadRejected) as error:
        check_upload(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "x.png", {"xlsx", "csv"}, MB)
    assert str(error.value) == (
        "This file is a PNG image; upload an Excel .xlsx file or a .csv file."
    )


def test_it_accepts_utf8_with_a_bom_and_cp1252_csv_with_a_warning():
    assert inspect_upload("\ufeff# Réponse".encode(), "r.md", {"md"}, MB).text == "# Réponse"
    upload = inspect_upload("title\r\nSéminaire".encode("cp1252"), "x.csv", {"csv"}, MB)
    assert upload.kind == "csv"
    assert upload.text == "title\r\nSéminaire"
    assert "cp1252" in upload.warnings[0]


def test_it_refuses_markdown_that_is_not_utf8():
    with pytest.raises(UploadRejected, match="not in UTF-8"):
        check_upload("Réponse".encode("cp1252"), "reply.md", {"md"}, MB)


def test_it_recognizes_a_workbook():
    assert check_upload(workbook([["title"]]), "x.csv", {"xlsx", "csv"}, MB) == "xlsx"


# Narrative replies -----------------------------------------------------------------------


def test_a_word_reply_keeps_headings_lists_tables_and_footnotes():
    narrative = docx_to_html(word_reply())
    html = narrative.html
    assert "<h1>Reply of Chile</h1>" in html
    assert "<h2>Past initiatives</h2>" in html
    assert "<strong>Santiago</strong>" in html
    assert "<em>human security</em>" in html
    assert re.search(r"<ul><li>Mine action in the Americas</li>", html)
    assert re.search(r"<ol><li>First step</li><li>Second step</li></ol>", html)
    assert "<table>" in html and "<td><p>Santiago workshop</p></td>" in html
    # The footnote reference links to the note, and the note back to the reference.
    assert '<sup><a href="#footnote-1" id="footnote-ref-1">[1]</a></sup>' in html
    assert re.search(r'<li id="footnote-1"><p>See document A/62/695, annex\.', html)
    assert 'href="#footnote-ref-1"' in html
    assert "See document A/62/695" in narrative.text
    assert "- Mine action in the Americas" in narrative.text


def test_footnote_ids_can_be_prefixed_for_pages_with_several_replies():
    html = docx_to_html(word_reply(), id_prefix="chl-").html
    assert 'href="#chl-footnote-1"' in html and 'id="chl-footnote-1"' in html


def test_script_typed_in_a_word_reply_stays_text():
    html = docx_to_html(word_reply('<script>alert("x")</script> <b onclick="x()">b</b>')).html
    assert "<script" not in html and "<b " not in html
    assert "&lt;script&gt;" in html


def test_images_in_a_word_reply_are_dropped_with_a_warning():
    def with_image(name: str, content: bytes) -> bytes:
        if name == "word/document.xml":
            drawing = (
                b'<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/'
                b'drawingml/2006/wordprocessingDrawing"><wp:docPr id="1" name="map" '
                b'descr="Map of the region"/><a:graphic xmlns:a="http://schemas.openxmlformats'
                b'.org/drawingml/2006/main"><a:graphicData><pic:pic xmlns:pic="http://schemas.'
                b'openxmlformats.org/drawingml/2006/picture"><pic:blipFill><a:blip xmlns:r="'
                b'http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
                b'r:embed="rIdImage"/></pic:blipFill></pic:pic></a:graphicData></a:graphic>'
                b"</wp:inline></w:drawing></w:r>"
            )
            return content.replace(b"</w:p>", drawing + b"</w:p>", 1)
        if name == "word/_rels/document.xml.rels":
            rel = (
                b'<Relationship Id="rIdImage" Type="http://schemas.openxmlformats.org/'
                b'officeDocument/2006/relationships/image" Target="media/map.png"/>'
            )
            return content.replace(b"</Relationships>", rel + b"</Relationships>")
        return content

    data = rezip(word_reply(), with_image, {"word/media/map.png": b"\x89PNG\r\n\x1a\n"})
    narrative = docx_to_html(data)
    assert "<img" not in narrative.html
    assert any("1 image was left out" in w and "Map of the region" in w for w in narrative.warnings)


def test_a_word_reply_with_a_doctype_is_refused():
    def with_doctype(name: str, content: bytes) -> bytes:
        if name == "word/document.xml":
            return content.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', 1)
        return content

    with pytest.raises(UploadRejected, match="document type declaration"):
        docx_to_html(rezip(word_reply(), with_doctype))


def test_a_markdown_reply_keeps_headings_lists_and_tables():
    narrative = markdown_to_html(
        "# Reply of Thailand\n\nThailand **supports** the *Friends*.\n\n"
        "- first\n- second\n\n1. one\n2. two\n\n| year | initiative |\n|---|---|\n"
        "| 2007 | Bangkok seminar |\n"
    )
    html = narrative.html
    assert "<h1>Reply of Thailand</h1>" in html
    assert "<strong>supports</strong>" in html and "<em>Friends</em>" in html
    assert "<ul>" in html and "<ol>" in html
    assert "<th>year</th>" in html and "<td>Bangkok seminar</td>" in html
    assert 'style="' not in html
    assert narrative.warnings == []
    assert "Thailand supports the Friends." in narrative.text


def test_scripts_and_event_handlers_in_markdown_never_reach_the_html():
    narrative = markdown_to_html(
        "Hello <script>alert('x')</script>\n\n<div onclick=\"steal()\">text</div>\n\n"
        '<a href="javascript:alert(1)" onclick="x()">link</a> '
        "[bad](javascript:alert(1)) [good](https://www.un.org/humansecurity)\n\n"
        '<img src="x" onerror="alert(1)">\n'
    )
    html = narrative.html
    for bad in ("<script", "alert('x')", "steal", "onclick", "onerror", "<img", "<div"):
        assert bad not in html
    # A refused link stays visible as typed text, never as a link.
    assert 'href="javascript' not in html and "[bad](javascript:alert(1))" in html
    assert '<a href="https://www.un.org/humansecurity">good</a>' in html
    assert "text" in html
    assert any("HTML written in the text" in w for w in narrative.warnings)


def test_footnotes_in_markdown_are_said_to_be_unsupported():
    narrative = markdown_to_html("Human security[^1].\n\n[^1]: A/RES/66/290.\n")
    assert any("Footnotes" in w and "not supported" in w for w in narrative.warnings)


# Initiatives: values ---------------------------------------------------------------------


def test_dates_keep_their_precision():
    result = read_initiatives(
        csv_bytes(
            "title,kind,start,end\n"
            "A,workshop,October 2006,\n"
            "B,atelier,oct. 2006,15 mai 2007\n"
            "C,taller,2007-05-15,1er octobre 2007\n"
            'D,seminario,15 de mayo de 2007,"May 15, 2007"\n'
        ),
        "csv",
    )
    assert result.ok, result.all_problems
    values = [row.values for row in result.rows]
    assert values[0]["start"] == PartialDate(2006, 10)
    assert values[0]["start"].precision == "month"
    assert values[1]["start"] == PartialDate(2006, 10)
    assert values[1]["end"] == PartialDate(2007, 5, 15)
    assert values[2]["start"].precision == "day"
    assert values[2]["end"] == PartialDate(2007, 10, 1)
    assert [v["kind"] for v in values] == ["workshop", "workshop", "workshop", "seminar"]
    assert values[3]["start"] == values[3]["end"]


def test_a_season_gets_a_clear_message_on_its_row():
    result = read_initiatives(
        csv_bytes("title,kind,start\nGood,project,2007\nSpring,project,spring 2007\n"), "csv"
    )
    good, spring = result.rows
    assert good.ok
    assert [(p.row, p.field, p.message) for p in spring.problems] == [
        (3, "start", "start: 'spring 2007' is a season: give a month (May 2007) or a year.")
    ]
    other = read_initiatives(csv_bytes("title,kind,start\nX,project,printemps 2007"), "csv")
    assert "is a season" in other.rows[0].problems[0].message


def test_an_unreadable_date_and_an_end_before_the_start_are_problems():
    result = read_initiatives(
        csv_bytes("title,kind,start,end\nA,project,someday,\nB,project,May 2007,April 2007\n"),
        "csv",
    )
    assert problems_of(result) == [(2, "start"), (3, "end")]
    assert "'someday' is not a date we can read" in result.rows[0].problems[0].message
    assert result.rows[1].problems[0].message == "end: April 2007 is before the start, May 2007."


def test_participants_resolve_in_every_way_they_are_written():
    result = read_initiatives(
        csv_bytes(
            "title,kind,start,country,lead,partners\n"
            "A,workshop,2007,Viet Nam,Vietnam,VNM; Royaume-Uni; OSCE\n"
            "B,workshop,2007,Royaume-Uni,viet nam,japon; méxico\n"
        ),
        "csv",
    )
    assert result.ok, result.all_problems
    first, second = (row.values for row in result.rows)
    assert first["country"].code == first["lead"].code == "VNM"
    assert [p.code for p in first["partners"]] == ["VNM", "GBR", "OSCE"]
    assert second["country"].code == "GBR"
    assert [p.code for p in second["partners"]] == ["JPN", "MEX"]


def test_unknown_participants_and_themes_and_a_country_that_is_no_state_are_problems():
    result = read_initiatives(
        csv_bytes(
            HEADER + "\n"
            "Good,seminar,2007,,JPN,MEX,mine-action; Consolidación de la paz,Japan,"
            "https://www.un.org\n"
            "Bad,seminar,2007,,Atlantis,MEX; Lilliput,mine-action; astrology,OSCE,ftp://x\n"
        ),
        "csv",
    )
    good, bad = result.rows
    assert good.ok
    assert [t.code for t in good.values["themes"]] == ["mine-action", "peacebuilding"]
    assert [(p.row, p.field) for p in bad.problems] == [
        (3, "country"),
        (3, "lead"),
        (3, "partners"),
        (3, "themes"),
        (3, "url"),
    ]
    messages = [p.message for p in bad.problems]
    assert "lead: 'Atlantis' is not a participant we know." in messages
    assert "partners: 'Lilliput' is not a participant we know." in messages
    assert messages[0].startswith("country: 'OSCE' is not a State")
    assert messages[3].startswith("themes: 'astrology' is not a theme we know")
    assert [p.code for p in bad.values["partners"]] == ["MEX"]


def test_kinds_and_languages_in_three_languages():
    result = read_initiatives(
        csv_bytes(
            "titre,type,début,langue\nA,Séminaire,2007,français\nB,conférence,2007,\n"
            "C,proyecto,2007,Español\nD,programa,2007,ar\nE,Table ronde,2007,inglés\n"
            "F,dance,2007,klingon\n"
        ),
        "csv",
        default_language="fr",
    )
    values = [row.values for row in result.rows]
    assert [v["kind"] for v in values] == [
        "seminar",
        "conference",
        "project",
        "programme",
        "roundtable",
        None,
    ]
    assert [v["language"] for v in values] == ["fr", "fr", "es", "ar", "en", "fr"]
    assert problems_of(result) == [(7, "kind"), (7, "language")]


def test_blank_rows_are_skipped_and_rows_keep_their_numbers():
    result = read_initiatives(csv_bytes("title,kind,start\n,,\nA,fund,2007\n\n,,\nB,fund,"), "csv")
    assert [row.row for row in result.rows] == [3, 6]
    assert result.ok


def test_a_missing_title_or_kind_in_a_row_is_a_problem():
    result = read_initiatives(csv_bytes("title,kind,start\n,fund,2007\nB,,2008"), "csv")
    assert problems_of(result) == [(2, "title"), (3, "kind")]


def test_text_that_looks_like_a_formula_in_a_csv_is_kept_as_text():
    result = read_initiatives(
        csv_bytes('title,kind,start,description\n=HYPERLINK("x"),project,2007,-5 per cent\n'),
        "csv",
    )
    assert result.ok
    assert result.rows[0].values["title"] == '=HYPERLINK("x")'
    assert result.rows[0].values["description"] == "-5 per cent"


def test_a_french_csv_with_semicolons_in_cp1252_is_read_with_a_warning():
    data = "Titre;Type;Début;Pays\r\nSéminaire régional;séminaire;mai 2007;Royaume-Uni\r\n"
    result = read_initiatives(data.encode("cp1252"), "csv")
    assert result.ok, result.all_problems
    assert result.rows[0].values["title"] == "Séminaire régional"
    assert result.rows[0].values["country"].code == "GBR"
    assert any("cp1252" in warning for warning in result.warnings)


# Initiatives: the file -------------------------------------------------------------------


def test_a_missing_kind_column_is_a_file_problem_naming_it():
    result = read_initiatives(csv_bytes("Title,Start\nA,2007\n"), "csv")
    assert [(p.row, p.field) for p in result.problems] == [(1, "kind")]
    assert "'kind' is missing" in result.problems[0].message
    assert result.rows == []


def test_headers_match_ignoring_case_spaces_and_accents_and_extra_columns_are_warned_about():
    result = read_initiatives(
        csv_bytes("TÍTULO,Tipo,Fecha de inicio,Chef de File,Budget\nA,taller,2007,Chile,100\n"),
        "csv",
    )
    assert result.ok
    assert result.rows[0].values["lead"].code == "CHL"
    assert result.warnings == ["The column 'Budget' is not one we read; it was ignored."]


def test_a_workbook_reads_dates_formulas_and_good_rows():
    data = workbook(
        [
            ["Title", "Kind", "Start", "End", "Lead"],
            ["Vienna workshop", "workshop", dt.datetime(2007, 5, 1), None, "Spain"],
            ["Bangkok seminar", "seminar", dt.datetime(2007, 11, 20), "=C3+1", "THA"],
            ["Fund", "fund", 2005, None, "JPN"],
        ],
        formats={"C2": "mmm yyyy"},
    )
    result = read_initiatives(data, "xlsx")
    vienna, bangkok, fund = result.rows
    assert vienna.ok and fund.ok
    assert vienna.values["start"] == PartialDate(2007, 5)
    assert vienna.values["start"].precision == "month"
    assert fund.values["start"] == PartialDate(2005)
    assert [(p.row, p.field, p.message) for p in bangkok.problems] == [
        (3, "end", "end: formulas are not accepted: type the value")
    ]
    assert bangkok.values["start"] == PartialDate(2007, 11, 20)


def test_a_workbook_reads_the_sheet_named_initiatives():
    book = Workbook()
    book.active.title = "notes"
    book.active.append(["nothing here"])
    sheet = book.create_sheet("Initiatives")
    sheet.append(["title", "kind", "start"])
    sheet.append(["A", "fund", "2007"])
    out = io.BytesIO()
    book.save(out)
    result = read_initiatives(out.getvalue(), "xlsx")
    assert result.ok and result.rows[0].values["title"] == "A"


def test_a_damaged_workbook_is_a_file_problem():
    result = read_initiatives(b"PK\x03\x04 not really", "xlsx")
    assert result.problems and result.problems[0].row is None


def test_ids_and_statuses_of_a_second_round():
    result = read_initiatives(
        csv_bytes(
            "id,status,title,kind,start\n"
            "12,keep,A,fund,2005\n13,confirm,B,fund,2006\n14,retire,,,\n15,,D,fund,2007\n"
            ",,E,fund,2008\n,retire,F,fund,2008\nx12,update,G,fund,2008\n12,update,A,fund,2005\n"
        ),
        "csv",
    )
    values = [(row.values["id"], row.values["status"]) for row in result.rows]
    assert values == [
        (12, "keep"),
        (13, "keep"),
        (14, "retire"),
        (15, "update"),
        (None, "new"),
        (None, "new"),
        (None, "new"),
        (12, "update"),
    ]
    assert problems_of(result) == [(7, "status"), (8, "id"), (9, "id")]


# The template ----------------------------------------------------------------------------

EARLIER = [
    {
        "id": 41,
        "title": "Workshop on human security in Vienna",
        "description": "Organized with the OSCE; -half day.",
        "kind": "workshop",
        "start": "2007-05",
        "end": "2007-05",
        "city": "Vienna",
        "country": "AUT",
        "lead": "ESP",
        "partners": "JPN; MEX",
        "themes": "human-security-concept; peacebuilding",
        "url": "https://www.osce.org/",
        "language": "en",
    },
    {
        "id": 42,
        "title": "=Trust Fund for Human Security",
        "description": "",
        "kind": "fund",
        "start": "1999-03-15",
        "end": "",
        "city": "",
        "country": "",
        "lead": "JPN",
        "partners": "",
        "themes": "freedom-from-fear",
        "url": "",
        "language": "fr",
    },
]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_a_template_round_trips(fmt, language):
    data = initiatives_template(EARLIER, fmt, language=language)
    result = read_initiatives(data, fmt)
    assert result.ok, result.all_problems
    assert result.warnings == []
    for row, earlier in zip(result.rows, EARLIER, strict=True):
        assert row.values["status"] == "keep"
        assert {key: plain(row.values[key]) for key in earlier} == {
            key: str(value) for key, value in earlier.items()
        }


def test_the_workbook_template_has_a_bold_frozen_header_and_a_help_sheet():
    data = initiatives_template(EARLIER, "xlsx")
    book = load_workbook(io.BytesIO(data))
    sheet, help_sheet = book.worksheets
    assert sheet.title == "initiatives" and help_sheet.title == "help"
    assert [cell.value for cell in sheet[1]] == ["id", "status", *COLUMNS]
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width == 40
    assert sheet["C3"].value == "=Trust Fund for Human Security"
    assert sheet["C3"].data_type == "s"
    help_text = [row[:2] for row in help_sheet.iter_rows(values_only=True)]
    assert ("mine-action", "Mine action") in help_text
    assert ("round table", "roundtable") in help_text
    assert any("15 May 2007" in (row[0] or "") for row in help_text)


def test_an_empty_template_has_no_id_column_and_speaks_french():
    data = initiatives_template([], "xlsx", language="fr")
    book = load_workbook(io.BytesIO(data))
    assert [cell.value for cell in book.worksheets[0][1]][:4] == [
        "titre",
        "description",
        "type",
        "début",
    ]
    assert book.worksheets[1].title == "aide"
    assert initiatives_template([], "csv").decode("utf-8-sig").startswith("title,description")


def test_the_template_is_deterministic():
    assert initiatives_template(EARLIER, "xlsx") == initiatives_template(EARLIER, "xlsx")


# Size (the time is measured by bench/imports.py) -------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_thousand_rows_are_read_back_from_the_template(fmt):
    rows = [EARLIER[0] | {"id": n, "title": f"Initiative {n}"} for n in range(1, 1001)]
    result = read_initiatives(initiatives_template(rows, fmt), fmt)
    assert result.ok
    assert [row.values["title"] for row in result.rows] == [r["title"] for r in rows]
