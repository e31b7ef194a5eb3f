"""An issued document can be rendered again and checked against its stored hash: the same
document gives byte-identical files in every format."""

from __future__ import annotations

import copy
import hashlib
import zipfile
from io import BytesIO

import pytest

from humsec.documents.render import RENDERERS, render
from humsec.documents.render.pdf import render_pdf, split
from humsec.documents.render.view import build_view


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_rendering_twice_gives_identical_bytes(a62_695, fmt):
    first = render(a62_695, fmt)
    second = render(copy.deepcopy(a62_695), fmt)
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()
    assert RENDERERS[fmt].extension == fmt


def test_a_pdf_compiled_in_parts_is_identical_too(a62_695):
    assert render_pdf(a62_695, part_chars=800) == render_pdf(a62_695, part_chars=800)


@pytest.mark.parametrize("workers", ["1", "3", "4"])
def test_a_long_pdf_is_cut_into_the_same_parts_whatever_the_machine(a62_695, monkeypatch, workers):
    """Verifying an issued document on a server with other cores renders the same parts."""
    units = build_view(a62_695)["units"]
    monkeypatch.setenv("HUMSEC_PDF_WORKERS", "2")
    expected = split(units, part_chars=800, single=0)
    monkeypatch.setenv("HUMSEC_PDF_WORKERS", workers)
    assert split(units, part_chars=800, single=0) == expected
    assert len(expected) % 2 == 0


def test_word_zip_entries_have_fixed_times_and_the_document_date(a62_695):
    archive = zipfile.ZipFile(BytesIO(render(a62_695, "docx")))
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert archive.namelist()[0] == "[Content_Types].xml"
    core = archive.read("docProps/core.xml").decode()
    assert "2008-02-15T00:00:00Z" in core and "A/62/695" in core


def test_the_pdf_is_dated_by_the_document_not_by_the_clock(a62_695):
    pdf = render(a62_695, "pdf")
    assert b"/CreationDate(D:20080215000000Z)" in pdf
    assert b"<xmp:CreateDate>2008-02-15T00:00:00Z</xmp:CreateDate>" in pdf
