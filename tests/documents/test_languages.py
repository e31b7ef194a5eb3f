"""Text in the six official languages renders: it extracts back from the PDF (pdftotext)
and every character has a glyph in the fonts used. A character no font has is an error
that names it, never an empty box."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from docx import Document

from humsec.documents.render import DocumentError, render
from humsec.documents.render.fonts import choose_fonts, cjk_available
from humsec.documents.render.pdf import render_pdf

SAMPLES = {
    "en": "Human security puts people at the centre.",
    "fr": "La sécurité humaine place l'être humain au cœur des politiques.",
    "es": "La seguridad humana sitúa a las personas en el centro.",
    "ru": "Безопасность человека ставит людей в центр внимания.",
    "ar": "الأمن البشري يضع الإنسان في المركز",
    "zh": "人的安全把人放在中心位置。",
}
NO_CJK = "Chinese needs Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk)"
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def document(a62_695: dict, languages: list[str]) -> dict:
    a62_695["annex"]["contributions"] = [
        {
            "heading": f"Participant {language}",
            "title": SAMPLES[language],
            "date": "2007-10-01",
            "language": language,
            "html": f"<p>{SAMPLES[language]}</p>",
            "kind": "state",
        }
        for language in languages
    ]
    return a62_695


def extracted(pdf: bytes, pdf_pages) -> str:
    text = "\n".join(pdf_pages(pdf, layout=False))
    return unicodedata.normalize("NFC", _BIDI.sub("", text))


def assert_extracts(text: str, sample: str) -> None:
    if re.search("[\u4e00-\u9fff]", sample):  # Chinese: no spaces to keep
        assert re.sub(r"\s", "", sample) in re.sub(r"\s", "", text)
    else:
        assert " ".join(sample.split()) in " ".join(text.split())


LATIN_ARABIC_CYRILLIC = ["en", "fr", "es", "ru", "ar"]


def test_five_official_languages_extract_back_from_the_pdf(a62_695, pdf_pages):
    pdf = render_pdf(document(a62_695, LATIN_ARABIC_CYRILLIC))
    text = extracted(pdf, pdf_pages)
    for language in LATIN_ARABIC_CYRILLIC:
        assert_extracts(text, SAMPLES[language])
    assert text.count("[Original: ") == 4  # all but the English reply


@pytest.mark.skipif(not cjk_available(), reason=NO_CJK)
def test_chinese_extracts_back_from_the_pdf(a62_695, pdf_pages):
    pdf = render_pdf(document(a62_695, list(SAMPLES)))
    text = extracted(pdf, pdf_pages)
    for sample in SAMPLES.values():
        assert_extracts(text, sample)
    assert "[Original: Chinese]" in text


def test_every_character_has_a_glyph_in_the_fonts_chosen():
    languages = [lang for lang in SAMPLES if lang != "zh" or cjk_available()]
    characters = set("".join(SAMPLES[lang] for lang in languages))
    faces = choose_fonts(characters)
    covered = set().union(*(face.covered for face in faces))
    assert characters - {" "} <= covered
    families = [face.family for face in faces]
    assert families[0] == "Noto Serif" and len(families) == len(set(families))
    assert any("Amiri" in f or "Arabic" in f for f in families)


@pytest.mark.parametrize("where", ["html", "title", "heading"])
def test_a_character_no_font_has_is_an_error_naming_it(a62_695, where):
    contribution = a62_695["annex"]["contributions"][0]
    if where == "heading":
        contribution["heading"] = "Egypt 𓀀"
    else:
        contribution[where] = "The sign 𓀀 has no glyph in our fonts."
    with pytest.raises(DocumentError, match=r"'𓀀' \(U\+13000 EGYPTIAN HIEROGLYPH A001\)"):
        render_pdf(a62_695)


def test_word_and_html_mark_each_reply_with_its_language_and_direction(a62_695):
    doc = document(a62_695, LATIN_ARABIC_CYRILLIC)
    html = render(doc, "html").decode()
    assert '<div class="content" lang="ar" dir="rtl">' in html
    assert '<div class="content" lang="ru" dir="ltr">' in html
    word = Document(io.BytesIO(render(doc, "docx")))
    xml = word.element.body.xml
    assert '<w:lang w:bidi="ar-SA"/>' in xml and "<w:bidi/>" in xml
    assert '<w:lang w:val="ru-RU"/>' in xml and '<w:lang w:val="fr-FR"/>' in xml
    assert SAMPLES["ar"] in [p.text for p in word.paragraphs]
