"""The co-chairs' joint letter, in Word and PDF, as a recipient would see it."""

from __future__ import annotations

import copy
import io
import shutil
import subprocess
import zipfile

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Pt

from humsec.outreach.letters import LetterError, render_docx, render_pdf, sort_signatories

LINK = "https://humsec.example.org/r/k3J9xQ2pV7mN4bT8wZ1cR6yH0sL5dF2gA9eU3iO7qW4/"

LETTER = {
    "language": "en",
    "letter_date": "2007-05-21",
    "reference": "FHS/2007/1",
    "sender": "Permanent Missions of Japan and Mexico to the United Nations",
    "recipient": {
        "name": "Thailand",
        "mission": "Permanent Mission of Thailand to the United Nations",
        "address": "351 East 52nd Street, New York, NY 10022",
    },
    "salutation": "Excellency,",
    "subject": "Compilation of information on human security initiatives",
    "paragraphs": [
        "We have the honour to write to you in our capacity as co-chairs of the Friends of "
        "Human Security. At their second meeting, held in New York on 20 April 2007, the "
        "Friends agreed to compile information on past, present and future initiatives and "
        "activities by Member States and international organizations in the area of human "
        "security.",
        "We should be grateful if your Government would share information on its initiatives "
        "through the link below. The summary of the meeting is at "
        "https://www.un.org/humansecurity/summary.",
    ],
    "deadline": "2007-07-31",
    "link": LINK,
    "closing": "Please accept, Excellency, the assurances of our highest consideration.",
    # Given out of order on purpose: the letter signs in alphabetical order of countries.
    "signatories": [
        {
            "name": "Claude Heller",
            "title": "Permanent Representative of Mexico to the United Nations",
            "country": "Mexico",
        },
        {
            "name": "Yukio Takasu",
            "title": "Ambassador of Japan in charge of human security",
            "country": "Japan",
        },
    ],
}


def letter(**changes) -> dict:
    value = copy.deepcopy(LETTER)
    value.update(changes)
    return value


def docx_paragraphs(data: bytes) -> list[str]:
    """The text of every paragraph of the body, in reading order, links included."""
    body = Document(io.BytesIO(data)).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


def docx_text(data: bytes) -> str:
    return "\n".join(docx_paragraphs(data))


def assert_in_order(text: str, *parts: str) -> None:
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} missing after position {position} of:\n{text}"
        position = found + len(part)


def pdf_text(data: bytes, *pages: int) -> str:
    """The PDF's text as Debian's pdftotext reads it, spaces and line breaks collapsed."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (Debian's poppler-utils) is not installed")
    command = ["pdftotext", "-enc", "UTF-8"]
    if pages:
        command += ["-f", str(pages[0]), "-l", str(pages[-1])]
    result = subprocess.run([*command, "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


# -- Word ----------------------------------------------------------------------------------


def test_the_word_letter_reads_from_date_to_signatures_in_order():
    text = docx_text(render_docx(LETTER))

    assert_in_order(
        text,
        "Permanent Missions of Japan and Mexico to the United Nations",
        "21 May 2007",
        "FHS/2007/1",
        "Permanent Mission of Thailand to the United Nations",
        "351 East 52nd Street, New York, NY 10022",
        "Compilation of information on human security initiatives",
        "Excellency,",
        *LETTER["paragraphs"],
        "Replies are requested by 31 July 2007.",
        "Reply online:",
        LINK,
        "Please accept, Excellency",
        "(Signed) Yukio Takasu",
        "Ambassador of Japan in charge of human security",
        "(Signed) Claude Heller",
        "Permanent Representative of Mexico to the United Nations",
    )


def test_the_personal_link_is_a_working_hyperlink_in_word():
    document = Document(io.BytesIO(render_docx(LETTER)))

    targets = {
        rel_id: rel.target_ref
        for rel_id, rel in document.part.rels.items()
        if rel.reltype == RT.HYPERLINK
    }
    links = {
        targets[h.get(qn("r:id"))]: "".join(t.text for t in h.iter(qn("w:t")))
        for h in document.element.body.iter(qn("w:hyperlink"))
    }
    assert links[LINK] == LINK
    assert links["https://www.un.org/humansecurity/summary"] == (
        "https://www.un.org/humansecurity/summary"
    )


def test_the_word_letter_has_bold_subject_justified_body_and_right_aligned_signatures():
    document = Document(io.BytesIO(render_docx(LETTER)))
    by_text = {p.text: p for p in document.paragraphs}

    assert all(run.bold for run in by_text[LETTER["subject"]].runs)
    assert all(run.bold for run in by_text["Replies are requested by 31 July 2007."].runs)
    for text in LETTER["paragraphs"][:1]:
        assert by_text[text].alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert not list(document.element.body.iter(qn("w:numPr")))  # paragraphs not numbered
    for name in ("(Signed) Yukio Takasu", "(Signed) Claude Heller"):
        assert by_text[name].alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_the_word_letter_is_a4_with_margins_serif_12_pt_and_page_numbers_from_page_two():
    document = Document(io.BytesIO(render_docx(LETTER)))
    section = document.sections[0]

    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    for margin in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        assert round(getattr(section, margin).cm, 2) == 2.5
    assert document.styles["Normal"].font.size == Pt(12)
    fonts = document.styles.element.find(f"{qn('w:docDefaults')}//{qn('w:rFonts')}")
    assert fonts.get(qn("w:ascii")) == "Times New Roman"
    assert section.different_first_page_header_footer
    assert "PAGE" in section.footer._element.xml
    assert "PAGE" not in section.first_page_footer._element.xml


def test_the_word_letter_carries_title_author_and_language():
    properties = Document(io.BytesIO(render_docx(LETTER))).core_properties

    assert properties.title == LETTER["subject"]
    assert properties.author == LETTER["sender"]
    assert properties.language == "en-GB"
    assert properties.created.date().isoformat() == "2007-05-21"


def test_the_same_letter_gives_the_same_word_bytes():
    first = render_docx(LETTER)

    assert render_docx(copy.deepcopy(LETTER)) == first
    # Nothing in the file depends on when it was made.
    entries = zipfile.ZipFile(io.BytesIO(first)).infolist()
    assert {entry.date_time for entry in entries} == {(1980, 1, 1, 0, 0, 0)}
    assert [entry.filename for entry in entries][1:] == sorted(e.filename for e in entries[1:])


def test_a_french_letter_has_french_dates_and_deadline():
    text = docx_text(render_docx(letter(language="fr")))

    assert "21 mai 2007" in text
    assert "Les réponses sont attendues d'ici au 31 juillet 2007." in text
    assert "(Signé) Yukio Takasu" in text


def test_a_french_letter_dated_the_first_writes_1er():
    text = docx_text(render_docx(letter(language="fr", letter_date="2007-06-01")))

    assert "1er juin 2007" in text


def test_a_spanish_letter_has_spanish_dates_and_deadline():
    text = docx_text(render_docx(letter(language="es")))

    assert "21 de mayo de 2007" in text
    assert "Se ruega enviar las respuestas a más tardar el 31 de julio de 2007." in text


def test_a_letter_without_reference_or_address_leaves_them_out():
    value = letter(reference="")
    value["recipient"]["address"] = ""
    text = docx_text(render_docx(value))

    assert "Ref." not in text
    assert_in_order(text, "21 May 2007", "Permanent Mission of Thailand", "Compilation")


# -- Signatories ---------------------------------------------------------------------------


def test_signatories_sign_in_english_alphabetical_order_of_their_countries():
    people = [
        {"name": "A", "country": "the Netherlands"},
        {"name": "B", "country": "Mexico"},
        {"name": "C", "country": "Japan"},
        {"name": "D", "country": "Côte d'Ivoire"},
        {"name": "E", "country": "chile"},
    ]

    assert [p["name"] for p in sort_signatories(people)] == ["E", "D", "C", "B", "A"]


def test_signatories_given_mexico_first_sign_japan_first():
    text = docx_text(render_docx(LETTER))

    assert text.index("(Signed) Yukio Takasu") < text.index("(Signed) Claude Heller")


# -- PDF -----------------------------------------------------------------------------------


def test_the_pdf_is_a_tagged_pdf_a_2b_dated_from_the_letter():
    pdf = render_pdf(LETTER)

    assert pdf.startswith(b"%PDF")
    assert b"<pdfaid:part>2</pdfaid:part>" in pdf
    assert b"<pdfaid:conformance>B</pdfaid:conformance>" in pdf
    assert b"/StructTreeRoot" in pdf
    assert b"2007-05-21T00:00:00" in pdf


def test_the_pdf_links_to_the_personal_link():
    assert f"/URI({LINK})".encode() in render_pdf(LETTER)


def test_the_same_letter_gives_the_same_pdf_bytes():
    assert render_pdf(LETTER) == render_pdf(copy.deepcopy(LETTER))


def test_the_pdf_text_holds_names_dates_and_the_full_link():
    text = pdf_text(render_pdf(LETTER))

    assert_in_order(
        text,
        "21 May 2007",
        "Permanent Mission of Thailand to the United Nations",
        "Compilation of information on human security initiatives",
        "Replies are requested by 31 July 2007.",
        f"Reply online: {LINK}",
        "(Signed) Yukio Takasu",
        "(Signed) Claude Heller",
    )


def test_a_french_pdf_prints_every_accent():
    text = pdf_text(render_pdf(letter(language="fr", letter_date="2007-06-01")))

    assert "1er juin 2007" in text
    assert "Les réponses sont attendues d'ici au 31 juillet 2007." in text
    assert "Répondre en ligne" in text


def test_a_spanish_pdf_prints_its_dates():
    text = pdf_text(render_pdf(letter(language="es")))

    assert "21 de mayo de 2007" in text
    assert "a más tardar el 31 de julio de 2007." in text


def test_typst_special_characters_print_literally():
    special = "Fund #1: $5 * 2 @home [x] a\\b <b>bold</b> _low_ = ok"
    value = letter(paragraphs=[special], subject="Item #2 *not bold*")
    value["signatories"][0]["name"] = "Claude [H]eller"

    text = pdf_text(render_pdf(value))

    assert special in text
    assert "Item #2 *not bold*" in text
    assert "(Signed) Claude [H]eller" in text


def test_a_long_letter_numbers_its_pages_from_page_two():
    pdf = render_pdf(letter(paragraphs=[LETTER["paragraphs"][0]] * 12))

    assert not pdf_text(pdf, 1).endswith(" 1")
    assert pdf_text(pdf, 2).endswith(" 2")


@pytest.mark.parametrize("character", ["漢", "த"])
def test_a_character_the_font_lacks_raises_an_error_naming_it(character):
    value = letter(paragraphs=[f"The name {character} cannot be printed."])

    with pytest.raises(LetterError, match=character):
        render_pdf(value)


def test_a_letter_in_another_language_is_refused():
    with pytest.raises(LetterError, match="en, fr or es"):
        render_docx(letter(language="de"))


def test_a_link_that_is_not_a_web_address_is_refused():
    with pytest.raises(LetterError, match="link"):
        render_pdf(letter(link="javascript:alert(1)"))
