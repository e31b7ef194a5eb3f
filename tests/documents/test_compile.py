"""Documents built from the records: A/62/695 from six accepted replies, the standard
letter, issuing (frozen files and hashes), the family (addendum, revision, corrigendum),
the length limit and the locks on what an issued document prints."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from tests.documents.conftest import A62_695

from humsec.audit.models import AuditEntry
from humsec.documents import actions, build
from humsec.documents.models import Document, IssuedDocumentError, Kind, State
from humsec.documents.render import LENGTH_LIMIT, normalize, render
from humsec.roster.models import Participant

pytestmark = pytest.mark.django_db

HONOUR = (
    "We have the honour to transmit herewith the compilation of information on initiatives "
    "and activities in the area of human security by Member States and international "
    "organizations, submitted by the Friends of Human Security (see annex)."
)
CIRCULATION = (
    "We should be grateful if you would have the present letter and its annex circulated as "
    "a document of the General Assembly, under agenda item 116."
)


def headings(document: Document) -> list[str]:
    plain = normalize(build.plain_document(document))
    return [c["heading"] for c in plain["annex"]["contributions"]]


def test_a62_695_built_from_the_records_is_the_document_the_renderer_tests_read(compile_a62):
    document = compile_a62(body="\n\n".join(A62_695["body"]), annex_title=A62_695["annex"]["title"])

    plain = build.plain_document(document)

    assert normalize(plain) == normalize(copy.deepcopy(A62_695))
    # The same bytes, so every check of tests/documents/test_a62_695.py holds for it.
    assert render(plain, "html") == render(copy.deepcopy(A62_695), "html")
    assert render(plain, "docx") == render(copy.deepcopy(A62_695), "docx")


def test_a_new_document_writes_the_honour_and_circulation_formulas(compile_a62):
    document = compile_a62()

    plain = normalize(build.plain_document(document))

    assert plain["body"] == [HONOUR, CIRCULATION]
    assert [s["country"] for s in plain["signatories"]] == ["Japan", "Mexico"]
    assert plain["annex"]["introduction"] == (
        "Reports are included from Chile, Japan, Mexico, Slovenia, Switzerland and Thailand."
    )
    assert AuditEntry.objects.filter(code="document.create", object_id=str(document.pk)).exists()


def test_a_single_signatory_writes_in_the_first_person(a62_request):
    document = actions.create_document(
        a62_request,
        None,
        symbol="S/2008/100",
        date=dt.date(2008, 2, 15),
        letter_date=dt.date(2008, 2, 13),
        addressee="President of the Security Council",
        signatories=[
            actions.SignatoryLine(Participant.objects.get(code="JPN"), "Yukio Takasu", "Ambassador")
        ],
    )

    assert document.organ == "Security Council"
    assert document.body.startswith("I have the honour")
    assert "as a document of the Security Council." in document.body


def test_names_are_those_valid_on_the_document_s_date(a62_request, reply_to):
    reply_to(a62_request, "NLD", html="<p>The Netherlands.</p>")
    document = actions.create_document(
        a62_request,
        None,
        symbol="A/62/700",
        date=dt.date(2008, 2, 15),
        letter_date=dt.date(2008, 2, 13),
        addressee="Secretary-General",
        signatories=[
            actions.SignatoryLine(Participant.objects.get(code="JPN"), "Yukio Takasu", "Ambassador")
        ],
    )

    plain = normalize(build.plain_document(document))

    assert "Netherlands" in [c["heading"] for c in plain["annex"]["contributions"]]
    assert "Switzerland, Thailand and the Netherlands." not in plain["annex"]["introduction"]
    assert "Mexico, the Netherlands, Slovenia" in plain["annex"]["introduction"]


def test_only_accepted_replies_can_be_included(a62_request, reply_to, compile_a62):
    pending = reply_to(a62_request, "NOR", accepted=False)

    with pytest.raises(actions.DocumentActionError, match="Only accepted replies"):
        compile_a62(contributions=[pending])

    assert not Document.objects.filter(symbol="A/62/695").exists()


def test_a_symbol_is_checked_and_unique(compile_a62):
    compile_a62()

    with pytest.raises(actions.DocumentActionError, match="already a document A/62/695"):
        compile_a62()
    with pytest.raises(actions.DocumentActionError, match="not a document symbol"):
        compile_a62(symbol="62/695")


# -- Issuing ---------------------------------------------------------------------------------


def test_issuing_freezes_the_files_and_their_hashes(compile_a62):
    draft = compile_a62()

    issued = actions.issue(draft.pk, None, draft.revision)

    assert issued.state == State.ISSUED
    assert sorted(f.format for f in issued.files.all()) == ["docx", "html", "pdf"]
    assert actions.verify(issued) == {"docx": True, "html": True, "pdf": True}
    assert issued.snapshot["symbol"] == "A/62/695"
    assert AuditEntry.objects.filter(code="document.issue", object_id=str(issued.pk)).exists()


def test_an_issued_document_never_changes(compile_a62):
    draft = compile_a62()
    issued = actions.issue(draft.pk, None, draft.revision)
    before = {f.format: f.sha256 for f in issued.files.all()}

    with pytest.raises(actions.DocumentActionError, match="was issued on"):
        actions.update_document(issued.pk, None, None, fields={"symbol": "A/62/696"})
    with pytest.raises(actions.DocumentActionError, match="already issued"):
        actions.issue(issued.pk, None, None)
    issued.title = "Changed behind the actions' back"
    with pytest.raises(IssuedDocumentError):
        issued.save()

    issued = Document.objects.get(pk=issued.pk)
    assert issued.title == ""
    assert {f.format: f.sha256 for f in issued.files.all()} == before


def test_issuing_a_draft_changed_since_its_preview_is_refused(compile_a62):
    draft = compile_a62()
    seen = draft.revision
    actions.update_document(draft.pk, None, seen, fields={"job_number": "08-24141"})

    with pytest.raises(actions.DocumentActionError, match="changed since your preview"):
        actions.issue(draft.pk, None, seen)

    assert Document.objects.get(pk=draft.pk).state == State.DRAFT


def test_a_later_change_to_a_reply_does_not_touch_the_issued_text(compile_a62):
    draft = compile_a62()
    issued = actions.issue(draft.pk, None, draft.revision)
    chile = issued.inclusions.get(contribution__recipient__participant__code="CHL").contribution

    chile.narrative_html = "<p>Un texto nuevo.</p>"
    chile.revision += 1
    chile.save()

    assert "Un texto nuevo" not in bytes(issued.files.get(format="html").content).decode()
    assert actions.verify(issued) == {"docx": True, "html": True, "pdf": True}


# -- The family --------------------------------------------------------------------------------


@pytest.fixture
def issued(compile_a62):
    draft = compile_a62()
    return actions.issue(draft.pk, None, draft.revision)


def test_an_addendum_holds_only_what_came_later(issued, a62_request, reply_to):
    reply_to(a62_request, "NOR", html="<p>Reply of Norway, received in March.</p>")
    chile = issued.inclusions.get(contribution__recipient__participant__code="CHL").contribution
    chile.narrative_html = "<p>Respuesta corregida de Chile.</p>"
    chile.revision += 1  # resubmitted and accepted again
    chile.save()

    addendum = actions.start_addendum(issued, None, date=dt.date(2008, 4, 1))

    assert addendum.symbol == "A/62/695/Add.1"
    assert addendum.kind == Kind.ADDENDUM and addendum.parent == issued
    assert headings(addendum) == ["Chile", "Norway"]
    html = render(build.plain_document(addendum), "html").decode()
    assert "Addendum" in html
    assert "Respuesta corregida de Chile." in html and "Reply of Norway" in html
    assert "Thailand has mainstreamed" not in html


def test_the_second_addendum_holds_only_what_came_after_the_first(issued, a62_request, reply_to):
    reply_to(a62_request, "NOR")
    first = actions.start_addendum(issued, None, date=dt.date(2008, 4, 1))
    actions.issue(first.pk, None, None)
    reply_to(a62_request, "PER")

    second = actions.start_addendum(issued, None, date=dt.date(2008, 5, 1))

    assert second.symbol == "A/62/695/Add.2"
    assert headings(second) == ["Peru"]


def test_an_addendum_with_nothing_new_is_refused(issued):
    with pytest.raises(actions.DocumentActionError, match="an addendum would be empty"):
        actions.start_addendum(issued, None, date=dt.date(2008, 4, 1))


def test_a_family_needs_its_document_issued_first(compile_a62, a62_request, reply_to):
    draft = compile_a62()
    reply_to(a62_request, "NOR")

    with pytest.raises(actions.DocumentActionError, match="Issue A/62/695 first"):
        actions.start_addendum(draft, None, date=dt.date(2008, 4, 1))


def test_a_revision_replaces_the_document_with_every_accepted_reply(issued, a62_request, reply_to):
    reply_to(a62_request, "NOR")

    revision = actions.start_revision(issued, None, date=dt.date(2008, 4, 1))

    assert revision.symbol == "A/62/695/Rev.1"
    assert len(headings(revision)) == 7


def test_a_corrigendum_lists_its_corrections_unsigned(issued):
    corrigendum = actions.start_corrigendum(
        issued,
        None,
        date=dt.date(2008, 3, 1),
        corrections="Annex, reply of Chile, second paragraph: for 2006 read 2007.",
    )

    plain = normalize(build.plain_document(corrigendum))
    html = render(build.plain_document(corrigendum), "html").decode()
    assert corrigendum.symbol == "A/62/695/Corr.1"
    assert plain["signatories"] == [] and plain["annex"] is None
    assert "Corrigendum" in html and "for 2006 read 2007" in html
    assert "(Signed)" not in html
    issued_corr = actions.issue(corrigendum.pk, None, None)
    assert actions.verify(issued_corr)["pdf"] is True


def test_the_family_is_listed_together(issued, a62_request, reply_to):
    reply_to(a62_request, "NOR")
    actions.start_addendum(issued, None, date=dt.date(2008, 4, 1))
    actions.start_corrigendum(issued, None, date=dt.date(2008, 3, 1), corrections="For x read y.")

    symbols = [d.symbol for d in actions.family(issued).order_by("symbol")]

    assert symbols == ["A/62/695", "A/62/695/Add.1", "A/62/695/Corr.1"]


# -- Length ------------------------------------------------------------------------------------


def test_a_document_past_10700_words_is_flagged_and_can_move_replies_out(
    compile_a62, a62_request, reply_to
):
    long_reply = reply_to(
        a62_request, "NOR", html="<p>" + "human security " * 5600 + "</p>", date="2008-01-20"
    )
    draft = compile_a62()
    assert actions.length(draft) > LENGTH_LIMIT

    suggested = actions.fit_within_limit(draft)
    actions.move_to_addendum(draft.pk, None, draft.revision, suggested)

    draft = Document.objects.get(pk=draft.pk)
    assert suggested == [long_reply]
    assert actions.length(draft) <= LENGTH_LIMIT
    issued = actions.issue(draft.pk, None, draft.revision)
    addendum = actions.start_addendum(issued, None, date=dt.date(2008, 4, 1))
    assert headings(addendum) == ["Norway"]


@pytest.mark.parametrize(
    ("language", "title", "session", "honour"),
    [
        (
            "fr",
            "Lettre datée du 13 février 2008, adressée au Président de l'Assemblée générale "
            "par les Représentants permanents du Japon et du Mexique auprès de "
            "l'Organisation des Nations Unies",
            "Soixante-deuxième session",
            "Nous avons l'honneur de vous faire tenir ci-joint",
        ),
        (
            "es",
            "Carta de fecha 13 de febrero de 2008 dirigida al Presidente de la Asamblea "
            "General por los Representantes Permanentes del Japón y de México ante las "
            "Naciones Unidas",
            "Sexagésimo segundo período de sesiones",
            "Tenemos el honor de transmitirle adjunta",
        ),
    ],
)
def test_french_and_spanish_documents_get_their_title_and_letter(
    compile_a62, language, title, session, honour
):
    document = compile_a62(language=language)

    html = render(build.plain_document(document), "html").decode()

    assert f"<h1>{title}</h1>" in html.replace("&#x27;", "'")
    assert session in html
    assert honour in html.replace("&#x27;", "'")
