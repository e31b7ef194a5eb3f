"""The documents the renderer tests share: a rebuild of A/62/695 (a letter from Japan and
Mexico with six replies in its annex, two of them in Spanish) and small helpers to read
PDFs back with poppler."""

from __future__ import annotations

import copy
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

CHILE = """
<h1>Iniciativas de Chile en materia de seguridad humana</h1>
<p>Chile considera que la seguridad humana complementa la seguridad del Estado y pone a
las personas en el centro de las políticas públicas.<sup><a href="#footnote-1"
id="footnote-ref-1">[1]</a></sup></p>
<h2>Iniciativas pasadas</h2>
<ul>
<li>Seminario regional sobre seguridad humana, Santiago, mayo de 2006.</li>
<li>Apoyo a la Red de Seguridad Humana durante su presidencia pro tempore.</li>
</ul>
<h2>Iniciativas en curso</h2>
<ol>
<li>Programa de desminado humanitario en la frontera norte.</li>
<li>Capacitación de fuerzas de paz en el Centro Conjunto para Operaciones de Paz.</li>
</ol>
<table>
<thead><tr><th>Año</th><th>Iniciativa</th><th>Socios</th></tr></thead>
<tbody>
<tr><td>2006</td><td>Seminario regional</td><td>FLACSO</td></tr>
<tr><td>2007</td><td>Desminado humanitario</td><td>Organización de los Estados Americanos</td></tr>
</tbody>
</table>
<ol><li id="footnote-1"><p>Véase la resolución 60/1 de la Asamblea General, párrafo 143.
<a href="#footnote-ref-1">↑</a></p></li></ol>
"""

JAPAN = """
<p>Japan has placed human security as one of the key perspectives of its foreign policy.
The Trust Fund for Human Security, established in the United Nations in 1999, has
supported more than 190 projects.</p>
<h2>Past initiatives</h2>
<p>The Commission on Human Security, co-chaired by Sadako Ogata and Amartya Sen, submitted
its final report, Human Security Now, in 2003.</p>
<h2>Planned initiatives</h2>
<p>Japan will host the Fourth Tokyo International Conference on African Development in
May 2008.</p>
"""

MEXICO = """
<p>México promueve el concepto de seguridad humana en los foros multilaterales y en su
política exterior.</p>
<p>En 2007, México y el Japón organizaron conjuntamente la segunda reunión de los Amigos
de la Seguridad Humana, celebrada en Nueva York el 20 de abril de 2007.</p>
"""

SLOVENIA = """
<p>Slovenia chaired the Human Security Network in 2006-2007, with a focus on human rights
education and children affected by armed conflict.</p>
"""

SWITZERLAND = """
<p>Switzerland's human security policy covers peacebuilding, human rights and
humanitarian policy, with a Political Affairs Division dedicated to it.</p>
"""

THAILAND = """
<p>Thailand has mainstreamed human security into its national development plans, and its
Ministry of Social Development and Human Security was established in 2002.</p>
"""


def _contribution(heading, language, html, date, title):
    return {
        "heading": heading,
        "title": title,
        "date": date,
        "language": language,
        "html": html,
        "kind": "state",
    }


A62_695 = {
    "organ": "General Assembly",
    "symbol": "A/62/695",
    "distribution": "General",
    "date": "2008-02-15",
    "original_language": "en",
    "language": "en",
    "session": 62,
    "agenda_items": [{"number": 116, "title": "Follow-up to the outcome of the Millennium Summit"}],
    "addressee": "President of the General Assembly",
    "letter_date": "2008-02-13",
    # Out of order on purpose: the letter signs in alphabetical order of countries.
    "signatories": [
        {
            "name": "Claude Heller",
            "title": "Permanent Representative of Mexico to the United Nations",
            "country": "Mexico",
        },
        {
            "name": "Yukio Takasu",
            "title": "Permanent Representative of Japan to the United Nations",
            "country": "Japan",
        },
    ],
    "senders": ["Japan", "Mexico"],
    "body": [
        "We have the honour to transmit herewith the compilation of information on "
        "initiatives and activities in the area of human security by Member States, "
        "submitted by the Friends of Human Security (see annex).",
        "We should be grateful if you would have the present letter and its annex "
        "circulated as a document of the General Assembly, under agenda item 116.",
    ],
    "annex": {
        "title": "Compilation of information on initiatives and activities in the area of "
        "human security by Member States",
        "introduction": None,  # generated
        # Out of order on purpose: the annex sorts the replies.
        "contributions": [
            _contribution(
                "Thailand", "en", THAILAND, "2007-11-05", "Thailand's human security policy"
            ),
            _contribution("Mexico", "es", MEXICO, "2007-11-20", "México y la seguridad humana"),
            _contribution(
                "Chile",
                "es",
                CHILE,
                "2007-10-01",
                "Iniciativas de Chile en el ámbito de la seguridad humana",
            ),
            _contribution(
                "Switzerland", "en", SWITZERLAND, "2007-10-30", "Human security in Swiss policy"
            ),
            _contribution("Japan", "en", JAPAN, "2007-10-15", "Japan's human security policy"),
            _contribution(
                "Slovenia", "en", SLOVENIA, "2007-10-22", "Slovenia and the Human Security Network"
            ),
        ],
    },
    "job_number": "08-24140",
    "job_date": "2008-03-27",
    "emblem": None,
    "reference_date": "2008-02-15",
}


@pytest.fixture
def a62_695() -> dict:
    return copy.deepcopy(A62_695)


@pytest.fixture(scope="session")
def a62_695_files() -> dict[str, bytes]:
    """A/62/695 rendered once in each format."""
    from humsec.documents.render import render

    return {fmt: render(copy.deepcopy(A62_695), fmt) for fmt in ("docx", "pdf", "html")}


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} (Debian's poppler-utils) is not installed")
    return path


def _pdf_pages(pdf: bytes, layout: bool = True) -> list[str]:
    tool = poppler("pdftotext")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(pdf)
        args = [tool, *(["-layout"] if layout else []), str(source), "-"]
        text = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


@pytest.fixture
def pdf_pages():
    """pdf_pages(pdf, layout=True): the text of each page, as pdftotext extracts it
    (the test is skipped when poppler-utils is missing)."""
    return _pdf_pages


@pytest.fixture
def poppler_tool():
    return poppler


# -- The same six replies as records: a request, its recipients and accepted replies -------

REPLIES = {
    "CHL": ("es", CHILE, "2007-10-01", "Iniciativas de Chile en el ámbito de la seguridad humana"),
    "JPN": ("en", JAPAN, "2007-10-15", "Japan's human security policy"),
    "MEX": ("es", MEXICO, "2007-11-20", "México y la seguridad humana"),
    "SVN": ("en", SLOVENIA, "2007-10-22", "Slovenia and the Human Security Network"),
    "CHE": ("en", SWITZERLAND, "2007-10-30", "Human security in Swiss policy"),
    "THA": ("en", THAILAND, "2007-11-05", "Thailand's human security policy"),
}


@pytest.fixture
def reply_to(db):
    """reply_to(request, "CHL", ...) -> an accepted Contribution of that participant."""
    import datetime as dt

    from humsec.outreach.models import Contribution, Recipient, RecipientStatus
    from humsec.roster.models import Participant

    def make(
        request,
        code,
        language="en",
        html="<p>Reply.</p>",
        date="2007-10-01",
        title="",
        accepted=True,
    ):
        recipient, _ = Recipient.objects.get_or_create(
            request=request,
            participant=Participant.objects.get(code=code),
            defaults={"status": RecipientStatus.SUBMITTED},
        )
        return Contribution.objects.create(
            recipient=recipient,
            title=title or f"Reply of {code}",
            reply_date=dt.date.fromisoformat(date),
            language=language,
            narrative_html=html,
            review_status="accepted" if accepted else "pending",
            revision=1,
        )

    return make


@pytest.fixture
def a62_request(db, reply_to):
    """The request whose six replies A/62/695 compiled, every reply accepted."""
    import datetime as dt

    from humsec.outreach.models import Request

    request = Request.objects.create(
        title="Information on human security initiatives",
        letter_date=dt.date(2007, 5, 21),
        deadline=dt.date(2007, 7, 31),
        letter_en="We have the honour to request information.",
    )
    for code, (language, html, date, title) in REPLIES.items():
        reply_to(request, code, language, html, date, title)
    return request


@pytest.fixture
def compile_a62(a62_request):
    """compile_a62(**changes) -> the draft of A/62/695 built from the records, as the
    command line and the web page build it."""
    import datetime as dt

    from humsec.documents import actions
    from humsec.roster.models import Participant

    def make(**changes):
        values = {
            "symbol": "A/62/695",
            "date": dt.date(2008, 2, 15),
            "letter_date": dt.date(2008, 2, 13),
            "addressee": "President of the General Assembly",
            "session": 62,
            "agenda_items": [
                actions.AgendaLine("116", "Follow-up to the outcome of the Millennium Summit")
            ],
            "signatories": [
                actions.SignatoryLine(
                    Participant.objects.get(code="MEX"),
                    "Claude Heller",
                    "Permanent Representative of Mexico to the United Nations",
                ),
                actions.SignatoryLine(
                    Participant.objects.get(code="JPN"),
                    "Yukio Takasu",
                    "Permanent Representative of Japan to the United Nations",
                ),
            ],
            "job_number": "08-24140",
            "job_date": dt.date(2008, 3, 27),
        }
        values.update(changes)
        return actions.create_document(a62_request, None, **values)

    return make
