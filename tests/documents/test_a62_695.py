"""A/62/695 rebuilt from six replies (two in Spanish) and read back from Word, PDF and HTML.

The PDF's pages are also drawn with pdftoppm into tests/artifacts/a62_695/page-N.png, kept
after the run (and ignored by git) so that a person can look at them: masthead, letter,
signatures, annex, replies, running header and page numbers.
"""

from __future__ import annotations

import io
import itertools
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from humsec.documents.render.pdf import render_pdf

ORDER = ["Chile", "Japan", "Mexico", "Slovenia", "Switzerland", "Thailand"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "a62_695"
TITLE = (
    "Letter dated 13 February 2008 from the Permanent Representatives of Japan and Mexico "
    "to the United Nations addressed to the President of the General Assembly"
)
ANNEX = "Annex to the letter dated 13 February 2008 from the Permanent Representatives of "
INTRODUCTION = "Reports are included from Chile, Japan, Mexico, Slovenia, Switzerland and Thailand."
HONOUR = "We have the honour to transmit herewith"
CIRCULATION = (
    "We should be grateful if you would have the present letter and its annex circulated as "
    "a document of the General Assembly, under agenda item 116."
)
MASTHEAD = [
    "United Nations",
    "General Assembly",
    "A/62/695",
    "Distr.: General",
    "15 February 2008",
    "Original: English",
]


def flat(text: str) -> str:
    return " ".join(text.split())


# -- Word ----------------------------------------------------------------------------------


@pytest.fixture
def word(a62_695_files):
    return Document(io.BytesIO(a62_695_files["docx"]))


def test_word_has_the_masthead_title_and_formulas(word):
    masthead = word.tables[0]
    cells = [flat(cell.text) for cell in masthead.rows[0].cells]
    assert len(cells) == 2
    for line in MASTHEAD:
        assert line in " ".join(cells)
    assert cells[0].startswith("United Nations") and "General Assembly" in cells[0]
    assert cells[1].startswith("A/62/695")
    texts = [p.text for p in word.paragraphs]
    assert "Sixty-second session" in texts and "Agenda item 116" in texts
    assert "Follow-up to the outcome of the Millennium Summit" in texts
    title = next(p for p in word.paragraphs if p.text == TITLE)
    assert title.style.name == "Heading 1"
    assert any(t.startswith(HONOUR) and t.endswith("(see annex).") for t in texts)
    assert CIRCULATION in texts


def test_word_signs_japan_before_mexico_on_the_right(word):
    signed = [p for p in word.paragraphs if p.text.startswith("(Signed)")]
    assert [p.text for p in signed] == ["(Signed) Yukio Takasu", "(Signed) Claude Heller"]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.RIGHT for p in signed)
    texts = [p.text for p in word.paragraphs]
    at = texts.index("(Signed) Yukio Takasu")
    assert texts[at + 1] == "Permanent Representative of Japan to the United Nations"


def test_word_annex_heading_introduction_and_order_of_replies(word):
    paragraphs = word.paragraphs
    annex = next(p for p in paragraphs if p.text.startswith(ANNEX))
    assert annex.style.name == "Heading 1"
    assert annex.text.endswith("addressed to the President of the General Assembly")
    assert annex._p.pPr.find(qn("w:pageBreakBefore")) is not None
    assert INTRODUCTION in [p.text for p in paragraphs]
    replies = [p.text for p in paragraphs if p.style.name == "Heading 2"]
    assert replies == ORDER
    marks = [i for i, p in enumerate(paragraphs) if p.text == "[Original: Spanish]"]
    assert [paragraphs[i - 1].text for i in marks] == ["Chile", "Mexico"]
    assert all(paragraphs[i].alignment == WD_ALIGN_PARAGRAPH.RIGHT for i in marks)
    chile = [p.text for p in paragraphs].index("Chile")
    assert paragraphs[chile + 3].text == "1 October 2007"


def test_word_paragraphs_are_not_numbered_but_lists_are(word):
    body = [p for p in word.paragraphs if p.style.name == "SingleTxt"]
    numbered = [p for p in body if p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert {p.text for p in numbered} == {
        "Seminario regional sobre seguridad humana, Santiago, mayo de 2006.",
        "Apoyo a la Red de Seguridad Humana durante su presidencia pro tempore.",
        "Programa de desminado humanitario en la frontera norte.",
        "Capacitación de fuerzas de paz en el Centro Conjunto para Operaciones de Paz.",
    }
    plain = [p for p in body if p not in numbered and p.text]
    assert plain and not any(re.match(r"\d+[.)]\s", p.text) for p in plain)
    # The reply's headings are Word headings, under the reply's own heading.
    headings = {p.text: p.style.name for p in word.paragraphs}
    assert headings["Iniciativas de Chile en materia de seguridad humana"] == "Heading 3"
    assert headings["Iniciativas pasadas"] == "Heading 4"
    assert headings["Past initiatives"] == "Heading 3"  # Japan's only level of headings


def test_word_keeps_the_table_and_the_footnote(word):
    table = word.tables[1]
    assert [c.text for c in table.rows[0].cells] == ["Año", "Iniciativa", "Socios"]
    assert table.rows[2].cells[2].text == "Organización de los Estados Americanos"
    body = word.element.body.xml
    assert 'w:footnoteReference w:id="1"' in body
    footnotes = next(
        rel.target_part for rel in word.part.rels.values() if rel.reltype.endswith("/footnotes")
    )
    assert "Véase la resolución 60/1 de la Asamblea General" in footnotes.blob.decode()
    assert "↑" not in footnotes.blob.decode()  # the way back from the note is left out


def test_word_running_headers_and_footers(word):
    section = word.sections[0]
    assert section.different_first_page_header_footer
    assert word.settings.odd_and_even_pages_header_footer
    first_footer = section.first_page_footer._element.xml
    assert "08-24140 (E) 270308" in first_footer and "*0824140*" in first_footer
    assert "A/62/695" not in section.first_page_header._element.xml
    for header in (section.header, section.even_page_header):
        assert "A/62/695" in header._element.xml
    for footer in (section.footer, section.even_page_footer):
        xml = footer._element.xml
        assert 'w:instr=" PAGE "' in xml and 'w:instr=" NUMPAGES "' in xml and ">/<" in xml
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert section.even_page_header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT


# -- PDF -----------------------------------------------------------------------------------


@pytest.fixture
def pdf(a62_695_files):
    return a62_695_files["pdf"]


def test_pdf_first_page_has_masthead_letter_signatures_and_job_number(pdf, pdf_pages):
    pages = pdf_pages(pdf)
    first = pages[0]
    lines = [line.strip() for line in first.splitlines() if line.strip()]
    assert re.fullmatch(r"United Nations\s+A/62/695", lines[0])
    assert re.fullmatch(r"General Assembly\s+Distr\.: General", lines[1])
    assert "15 February 2008" in lines[2] and "Original: English" in lines[3]
    text = flat(first)
    for expected in ("Sixty-second session", "Agenda item 116", TITLE, CIRCULATION):
        assert expected in text
    assert HONOUR in text
    assert text.index("Yukio Takasu") < text.index("Claude Heller")
    assert re.fullmatch(r"08-24140 \(E\) 270308\s+\*0824140\*", lines[-1])
    assert not re.search(r"^\s*1/\d+\s*$", first, re.M)  # no page number on page 1


def test_pdf_later_pages_have_the_symbol_and_page_numbers(pdf, pdf_pages):
    pages = pdf_pages(pdf)
    total = len(pages)
    assert total >= 3
    for number, page in enumerate(pages[1:], start=2):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[0] == "A/62/695"
        assert lines[-1] == f"{number}/{total}"
        # Even pages carry them on the left, odd pages on the right.
        raw = [line for line in page.splitlines() if line.strip()]
        assert raw[0].startswith("A/62/695") == (number % 2 == 0)
        assert "08-24140" not in page


def test_pdf_annex_order_marks_and_unnumbered_paragraphs(pdf, pdf_pages):
    pages = pdf_pages(pdf)
    annex = "\n".join(pages[1:])
    text = flat(annex)
    assert text.startswith("A/62/695 " + ANNEX)
    assert INTRODUCTION in text
    lines = [line.strip() for line in annex.splitlines()]
    positions = [lines.index(name) for name in ORDER]
    assert positions == sorted(positions)
    marks = [i for i, line in enumerate(lines) if line == "[Original: Spanish]"]
    assert len(marks) == 2
    chile, japan, mexico, slovenia = (lines.index(n) for n in ORDER[:4])
    assert chile < marks[0] < japan and mexico < marks[1] < slovenia
    assert lines[chile + 1 :].index("1 October 2007") < 4
    numbered = [line for line in lines if re.match(r"\d+\.\s", line)]
    assert numbered == [
        "1. Programa de desminado humanitario en la frontera norte.",
        "2. Capacitación de fuerzas de paz en el Centro Conjunto para Operaciones de Paz.",
    ]
    assert "Véase la resolución 60/1 de la Asamblea General, párrafo 143." in text


def test_pdf_is_tagged_pdf_a_with_bookmarks(pdf, tmp_path):
    assert b"<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>" in pdf
    assert b"/StructTreeRoot" in pdf and b"/MarkInfo<</Marked true" in pdf
    assert b"/Outlines" in pdf
    if shutil.which("pdfinfo"):
        source = tmp_path / "a.pdf"
        source.write_bytes(pdf)
        info = subprocess.run(["pdfinfo", str(source)], capture_output=True, text=True).stdout
        assert re.search(r"Tagged:\s+yes", info)
    assert b"/CreationDate(D:20080215000000Z)" in pdf  # the document's date, not today


def test_pdf_page_images_are_kept_for_a_person_to_look_at(pdf, tmp_path, pdf_pages, poppler_tool):
    tool = poppler_tool("pdftoppm")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("page-*.png"):
        old.unlink()
    source = tmp_path / "A_62_695.pdf"
    source.write_bytes(pdf)
    subprocess.run([tool, "-r", "80", "-png", str(source), str(ARTIFACTS / "page")], check=True)
    images = sorted(ARTIFACTS.glob("page-*.png"))
    assert len(images) == len(pdf_pages(pdf))
    assert all(image.stat().st_size > 5000 for image in images)


def test_a_long_document_compiled_in_parts_keeps_headers_numbers_and_bookmarks(a62_695, pdf_pages):
    whole = render_pdf(a62_695)
    parts = render_pdf(a62_695, part_chars=800)  # each reply a part, on a new page
    assert parts != whole
    pages = pdf_pages(parts)
    total = len(pages)
    assert total > len(pdf_pages(whole))
    for number, page in enumerate(pages[1:], start=2):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[0] == "A/62/695" and lines[-1] == f"{number}/{total}"
    lines = [line.strip() for line in "\n".join(pages).splitlines()]
    positions = [lines.index(name) for name in ORDER]
    assert positions == sorted(positions)
    # One outline for the whole file: every heading, each reply under the annex heading.
    assert parts.count(b"/Parent") - parts.count(b"/Type/Page/") >= 12
    assert b"/Type/StructTreeRoot" in parts and parts.count(b"/S/Document") == 1


# -- HTML ----------------------------------------------------------------------------------


@pytest.fixture
def html(a62_695_files):
    return a62_695_files["html"].decode()


def test_html_is_a_complete_page_with_the_letter(html):
    assert html.startswith('<!DOCTYPE html>\n<html lang="en" dir="ltr">')
    assert "<script" not in html.lower()
    assert not re.search(r"<[^>]+\son\w+=", html)  # no inline event handlers
    header = re.search(r'<header class="masthead">(.*?)</header>', html, re.S).group(1)
    for line in MASTHEAD:
        assert line in header
    assert f"<h1>{TITLE}</h1>" in html
    assert "Sixty-second session<br>Agenda item 116" in html
    assert CIRCULATION in html
    signatures = re.findall(r'<p class="signature">\(Signed\) ([^<]+)<br>', html)
    assert signatures == ["Yukio Takasu", "Claude Heller"]
    assert '<span>08-24140 (E) 270308</span><span class="barcode">*0824140*</span>' in html


def test_html_annex_replies_languages_and_notes(html):
    assert re.search(r'<h1 id="annex-heading">Annex to the letter dated 13 February 2008', html)
    assert f"<p>{INTRODUCTION}</p>" in html
    assert re.findall(r'<h2 id="unit-\d+">([^<]+)</h2>', html) == ORDER
    marks = re.findall(r'<h2 id="unit-\d+">([^<]+)</h2>\n<p class="original">([^<]+)</p>', html)
    assert marks == [("Chile", "[Original: Spanish]"), ("Mexico", "[Original: Spanish]")]
    assert html.count('<div class="content" lang="es" dir="ltr">') == 2
    assert '<p class="date">1 October 2007</p>' in html
    assert re.search(r"<h3>Iniciativas de Chile en materia de seguridad humana</h3>", html)
    assert '<a href="#note-1" id="note-ref-1" role="doc-noteref">1</a>' in html
    assert re.search(r'<li id="note-1">Véase la resolución 60/1.*href="#note-ref-1"', html)
    assert '<thead><tr><th scope="col">Año</th>' in html
    # Paragraphs are never numbered: the only numbers are the two list items' markers.
    assert html.count("<ol>") == 1 and html.count("<ol start=") == 1  # the list, the notes
    levels = [int(n) for n in re.findall(r"<h(\d)", html)]
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
