"""Renderers of United Nations documents (a letter and its annex): Word, PDF and HTML.

All three are fed one plain dict, never model objects::

    document = {
        "organ": "General Assembly", "symbol": "A/62/695", "distribution": "General",
        "date": "2008-02-15", "original_language": "en", "language": "en",
        "session": 62,                        # printed "Sixty-second session"; None for none
        "agenda_items": [{"number": 116, "title": "Follow-up to the outcome of ..."}],
        "addressee": "President of the General Assembly",   # see ADDRESSEES
        "letter_date": "2008-02-13",
        "signatories": [{"name": ..., "title": ..., "country": ...}, ...],  # any order
        "senders": ["Japan", "Mexico"],       # running-text names, for the title
        "body": ["We have the honour ...", "We should be grateful ..."],
        "annex": {
            "title": "...",
            "introduction": "...",            # None: "Reports are included from ..."
            "contributions": [{"heading": "Chile", "title": "...", "date": "2007-10-01",
                               "language": "es", "html": "<p>...</p>",
                               "kind": "state" | "organization",
                               "name_in_text": "Chile"}],   # optional, for the sentence
            "initiatives_section": [{"participant": "Chile", "groups": [
                {"timeframe": "past" | "ongoing" | "planned",
                 "items": [{"title", "dates", "place", "description"}]}]}],  # optional
            "thematic_index": [{"theme": "...", "entries": [{"participant", "title"}]}],
        },
        "order": "states-then-organizations",  # or "as-given"
        "job_number": "08-24140", "job_date": "2008-03-27",  # optional
        "emblem": None,                       # the emblem's image bytes; left out by default
        "reference_date": "2008-02-15",
        "title": None, "annex_heading": None, # overrides of the generated ones
    }

``render(document, "pdf")`` gives the file's bytes; the same document always gives the
same bytes. ``normalize`` checks a document (DocumentError names the field).
"""

from __future__ import annotations

from typing import Protocol

from humsec.documents.render.docx import DocxRenderer
from humsec.documents.render.html import HtmlRenderer
from humsec.documents.render.model import (
    ADDRESSEES,
    LENGTH_LIMIT,
    DocumentError,
    introduction_sentence,
    is_too_long,
    normalize,
    session_in_words,
)
from humsec.documents.render.pdf import PdfRenderer
from humsec.documents.render.view import word_count


class Renderer(Protocol):
    extension: str
    media_type: str

    def render(self, document: dict) -> bytes: ...


RENDERERS: dict[str, Renderer] = {
    "docx": DocxRenderer(),
    "pdf": PdfRenderer(),
    "html": HtmlRenderer(),
}


def render(document: dict, fmt: str) -> bytes:
    """The document in one format ("docx", "pdf" or "html") as bytes."""
    if fmt not in RENDERERS:
        raise DocumentError(f"format: {fmt!r} is not one of {', '.join(sorted(RENDERERS))}.")
    return RENDERERS[fmt].render(document)


__all__ = [
    "ADDRESSEES",
    "LENGTH_LIMIT",
    "RENDERERS",
    "DocumentError",
    "Renderer",
    "introduction_sentence",
    "is_too_long",
    "normalize",
    "render",
    "session_in_words",
    "word_count",
]
