"""The plain document: checks that name the faulty field, the order of replies and
signatures, the words of sessions and introductions, the word count, and the optional
parts of the annex (initiatives by participant, thematic index, emblem)."""

from __future__ import annotations

import io
import re
import struct
import zlib

import pytest
from docx import Document

from humsec.documents.render import (
    LENGTH_LIMIT,
    DocumentError,
    introduction_sentence,
    is_too_long,
    normalize,
    render,
    session_in_words,
    word_count,
)


@pytest.mark.parametrize(
    ("number", "language", "words"),
    [
        (62, "en", "Sixty-second session"),
        (1, "en", "First session"),
        (12, "en", "Twelfth session"),
        (40, "en", "Fortieth session"),
        (99, "en", "Ninety-ninth session"),
        (62, "fr", "Soixante-deuxième session"),
        (1, "fr", "Première session"),
        (61, "fr", "Soixante et unième session"),
        (71, "fr", "Soixante et onzième session"),
        (80, "fr", "Quatre-vingtième session"),
        (95, "fr", "Quatre-vingt-quinzième session"),
        (62, "es", "Sexagésimo segundo período de sesiones"),
        (61, "es", "Sexagésimo primer período de sesiones"),
        (13, "es", "Decimotercer período de sesiones"),
        (20, "es", "Vigésimo período de sesiones"),
    ],
)
def test_sessions_are_written_in_words(number, language, words):
    assert session_in_words(number, language) == words


@pytest.mark.parametrize("number", [0, 100, "62", True])
def test_a_session_outside_1_to_99_is_refused(number):
    with pytest.raises(DocumentError, match="session"):
        session_in_words(number)


def test_the_introduction_sentence_has_no_serial_comma():
    names = ["Chile", "Japan", "Mexico", "Slovenia", "Switzerland", "Thailand"]
    assert introduction_sentence(names) == (
        "Reports are included from Chile, Japan, Mexico, Slovenia, Switzerland and Thailand."
    )
    assert introduction_sentence(["Chile"]) == "Reports are included from Chile."
    assert introduction_sentence(["Chile", "Japan"], "es").endswith("Chile y Japan.")


def test_replies_are_ordered_states_then_organizations(a62_695):
    contributions = a62_695["annex"]["contributions"]
    contributions.append({**contributions[0], "heading": "OSCE", "kind": "organization"})
    contributions.append({**contributions[0], "heading": "Côte d'Ivoire"})
    contributions.append({**contributions[0], "heading": "the Netherlands"})
    ordered = [c["heading"] for c in normalize(a62_695)["annex"]["contributions"]]
    assert ordered == [
        "Chile",
        "Côte d'Ivoire",
        "Japan",
        "Mexico",
        "the Netherlands",
        "Slovenia",
        "Switzerland",
        "Thailand",
        "OSCE",
    ]
    a62_695["order"] = "as-given"
    given = [c["heading"] for c in normalize(a62_695)["annex"]["contributions"]]
    assert given[:2] == ["Thailand", "Mexico"] and given[-1] == "the Netherlands"


def test_signatories_sign_in_alphabetical_order_of_countries(a62_695):
    signed = [s["country"] for s in normalize(a62_695)["signatories"]]
    assert signed == ["Japan", "Mexico"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"symbol": "A 62 695"}, "symbol"),
        ({"date": "15/02/2008"}, "date"),
        ({"addressee": "Mayor of New York"}, "addressee"),
        ({"session": 120}, "session"),
        ({"job_number": "0824140"}, "job_number"),
        ({"body": []}, "body"),
        ({"signatories": [{"name": "Yukio Takasu", "country": "Japan"}]}, "signatories[0].title"),
        ({"emblem": "emblem.png"}, "emblem"),
        ({"order": "by size"}, "order"),
    ],
)
def test_a_faulty_field_is_named(a62_695, change, field):
    a62_695.update(change)
    with pytest.raises(DocumentError, match="^" + re.escape(field)):
        normalize(a62_695)


def test_a_faulty_reply_is_named_with_its_position(a62_695):
    a62_695["annex"]["contributions"][2]["language"] = "xx"
    with pytest.raises(DocumentError, match=r"^annex\.contributions\[2\]\.language: 'xx'"):
        normalize(a62_695)


def test_word_count_and_length_limit(a62_695):
    count = word_count(a62_695)
    assert 400 < count < 700
    assert not is_too_long(a62_695)
    filler = "<p>" + "word " * (LENGTH_LIMIT + 1) + "</p>"
    a62_695["annex"]["contributions"][0]["html"] = filler
    assert word_count(a62_695) > LENGTH_LIMIT and is_too_long(a62_695)


def _png(width: int = 4, height: int = 4) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\x00" + b"\x00\x5b\x9b" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_optional_parts_initiatives_index_and_emblem(a62_695, pdf_pages):
    a62_695["emblem"] = _png()
    a62_695["annex"]["initiatives_section"] = [
        {
            "participant": "Chile",
            "groups": [
                {
                    "timeframe": "past",
                    "items": [
                        {
                            "title": "Regional seminar on human security",
                            "dates": "May 2006",
                            "place": "Santiago",
                            "description": "A seminar with FLACSO.",
                        }
                    ],
                },
                {"timeframe": "planned", "items": []},
            ],
        }
    ]
    a62_695["annex"]["thematic_index"] = [
        {
            "theme": "Mine action",
            "entries": [{"participant": "Chile", "title": "Humanitarian demining"}],
        }
    ]
    word = Document(io.BytesIO(render(a62_695, "docx")))
    styles = {p.text: p.style.name for p in word.paragraphs}
    assert styles["Initiatives reported by the participants"] == "Heading 2"
    level4 = [p.text for p in word.paragraphs if p.style.name == "Heading 4"]
    assert "Past initiatives" in level4
    assert "Planned initiatives" not in level4  # an empty group is left out
    assert styles["Mine action"] == "Heading 3"
    assert "Chile: Humanitarian demining" in styles
    assert word.inline_shapes[0].height > 0  # the emblem
    html = render(a62_695, "html").decode()
    assert '<img src="data:image/png;base64,' in html and 'alt="United Nations emblem"' in html
    pdf = render(a62_695, "pdf")
    text = " ".join(" ".join(pdf_pages(pdf)).split())
    assert "Regional seminar on human security May 2006, Santiago" in text
    assert "Chile: Humanitarian demining" in text
    assert b"/Subtype/Image" in pdf


def test_a_french_document_takes_its_title_and_prints_french_labels(a62_695):
    a62_695.update(
        {
            "language": "fr",
            "title": "Lettre datée du 13 février 2008, adressée au Président de l'Assemblée "
            "générale par les Représentants permanents du Japon et du Mexique auprès de "
            "l'Organisation des Nations Unies",
        }
    )
    html = render(a62_695, "html").decode()
    assert "Soixante-deuxième session" in html
    assert "Point 116 de l&#x27;ordre du jour" in html
    assert "Annexe à la lettre datée du 13 février 2008" in html
    assert "[Original\u00a0: espagnol]" in html and "1er octobre 2007" in html
    assert "(Signé) Yukio Takasu" in html
