"""Every change to a document: create, edit, choose its replies, issue it, and start an
addendum, a revision or a corrigendum. Each owns its transaction, refuses to touch an
issued document, refuses an edit based on an older state, and writes the audit log."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from humsec.audit.log import diff, log
from humsec.documents import build, locks
from humsec.documents.formulas import ORGAN_OF_ADDRESSEE, annex_title, letter_body
from humsec.documents.models import (
    SUFFIXES,
    AgendaItem,
    Approval,
    Document,
    DocumentSignatory,
    IncludedInitiative,
    Inclusion,
    IssuedFile,
    Kind,
    State,
)
from humsec.documents.render import LENGTH_LIMIT, DocumentError, render, word_count
from humsec.documents.render.model import _SYMBOL
from humsec.outreach.models import Contribution, Request
from humsec.roster.models import Participant

FORMATS = ("docx", "pdf", "html")
# The fields a draft's form edits, in the order the form shows them.
EDITABLE_FIELDS = [
    "symbol",
    "organ",
    "distribution",
    "date",
    "language",
    "original_language",
    "session",
    "addressee",
    "letter_date",
    "title",
    "body",
    "annex_heading",
    "annex_title",
    "annex_introduction",
    "order",
    "include_initiatives",
    "include_thematic_index",
    "reference_date",
    "job_number",
    "job_date",
    "use_emblem",
    "corrections",
]


class DocumentActionError(Exception):
    """A change that cannot be made; the message says why, for the user."""


@dataclasses.dataclass
class SignatoryLine:
    participant: Participant
    name: str
    title: str


@dataclasses.dataclass
class AgendaLine:
    number: str
    title: str


# -- Reading -----------------------------------------------------------------------------------


def accepted_contributions(request: Request):
    """The replies to a request that may go into its document: accepted ones."""
    return (
        Contribution.objects.filter(recipient__request=request, review_status="accepted")
        .select_related("recipient__participant")
        .order_by("recipient__participant__short_name")
    )


def family(document: Document):
    """The document and every addendum, revision and corrigendum of it, in symbol order."""
    root = document.root
    return Document.objects.filter(pk=root.pk) | Document.objects.filter(parent=root)


def included_revisions(document: Document) -> dict[int, int]:
    """Contribution id -> the latest revision of it that an issued member of the family
    printed."""
    rows = (
        Inclusion.objects.filter(document__in=family(document), document__state=State.ISSUED)
        .values("contribution")
        .annotate(latest=Max("revision"))
    )
    return {row["contribution"]: row["latest"] or 0 for row in rows}


def later_contributions(document: Document) -> list[Contribution]:
    """Accepted replies that the issued family does not print as they now stand: received
    after it, or changed since (a higher revision), or moved out of it for length."""
    printed = included_revisions(document)
    return [
        c
        for c in accepted_contributions(document.root.request)
        if c.pk not in printed or c.revision > printed[c.pk]
    ]


def length(document: Document) -> int:
    return word_count(build.plain_document(document, emblem=False))


# -- Creating and editing ----------------------------------------------------------------------


def _check_symbol(symbol: str, exclude: int | None = None) -> str:
    symbol = symbol.strip()
    if not _SYMBOL.fullmatch(symbol):
        raise DocumentActionError(
            _("“%(symbol)s” is not a document symbol such as A/62/695.") % {"symbol": symbol}
        )
    taken = Document.objects.filter(symbol=symbol)
    if exclude:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise DocumentActionError(_("There is already a document %(symbol)s.") % {"symbol": symbol})
    return symbol


def _editable(pk: int, revision: int | None) -> Document:
    document = Document.objects.select_for_update().get(pk=pk)
    if document.is_issued:
        raise DocumentActionError(
            _(
                "%(symbol)s was issued on %(date)s and cannot change: "
                "start an addendum, a revision or a corrigendum."
            )
            % {"symbol": document.symbol, "date": locks.issued_on(document)}
        )
    if revision is not None and revision != document.revision:
        raise DocumentActionError(
            _(
                "%(symbol)s was changed by someone else since you opened it: reload the "
                "page to see their changes."
            )
            % {"symbol": document.symbol}
        )
    return document


def _set_lines(document: Document, agenda: list[AgendaLine], signatories: list[SignatoryLine]):
    document.agenda_items.all().delete()
    AgendaItem.objects.bulk_create(
        AgendaItem(document=document, position=i, number=a.number.strip(), title=a.title.strip())
        for i, a in enumerate(agenda)
    )
    document.signatories.all().delete()
    DocumentSignatory.objects.bulk_create(
        DocumentSignatory(
            document=document, participant=s.participant, name=s.name.strip(), title=s.title
        )
        for s in signatories
    )


def _set_contributions(document: Document, contributions: list[Contribution]) -> None:
    allowed = set(accepted_contributions(document.root.request).values_list("pk", flat=True))
    refused = [c for c in contributions if c.pk not in allowed]
    if refused:
        names = ", ".join(str(c.recipient.participant) for c in refused)
        raise DocumentActionError(
            _("Only accepted replies to %(request)s can be included; not: %(names)s.")
            % {"request": document.root.request, "names": names}
        )
    document.inclusions.all().delete()
    Inclusion.objects.bulk_create(
        Inclusion(document=document, contribution=c, position=i)
        for i, c in enumerate(contributions)
    )


def _lines_snapshot(document: Document) -> dict:
    return {
        "agenda_items": [f"{a.number}|{a.title}" for a in document.agenda_items.all()],
        "signatories": [
            f"{s.participant.code}|{s.name}|{s.title}" for s in document.signatories.all()
        ],
        "contributions": [i.contribution_id for i in document.inclusions.all()],
    }


def _full_clean(document: Document) -> None:
    """The model's own checks (choices, lengths), as one message naming the fields."""
    try:
        document.full_clean(exclude=["request", "parent", "emblem", "symbol"])
    except ValidationError as error:
        raise DocumentActionError(
            " ".join(f"{field}: {' '.join(m)}" for field, m in error.message_dict.items())
        ) from None


def _fields(document: Document) -> dict:
    return {name: getattr(document, name) for name in EDITABLE_FIELDS}


@transaction.atomic
def create_document(
    request: Request,
    actor,
    *,
    symbol: str,
    date: dt.date,
    letter_date: dt.date,
    addressee: str,
    signatories: list[SignatoryLine],
    agenda_items: list[AgendaLine] = (),
    contributions: list[Contribution] | None = None,
    http_request=None,
    **fields,
) -> Document:
    """A draft document for the replies to a request. Without a list of contributions it
    takes every accepted reply; without a body it writes the standard formulas."""
    if not signatories:
        raise DocumentActionError(_("Give at least one signatory."))
    organ = fields.pop("organ", None) or ORGAN_OF_ADDRESSEE.get(addressee, "General Assembly")
    language = fields.get("language", "en")
    body = fields.pop("body", None) or letter_body(
        language,
        signatories=len(signatories),
        organ=organ,
        agenda_numbers=[a.number for a in agenda_items],
        group=settings.HUMSEC_GROUP_NAME,
    )
    document = Document(
        request=request,
        symbol=_check_symbol(symbol),
        date=date,
        letter_date=letter_date,
        addressee=addressee,
        organ=organ,
        body=body,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **fields,
    )
    document.annex_title = document.annex_title or annex_title(language)
    _full_clean(document)
    document.save()
    _set_lines(document, list(agenda_items), list(signatories))
    if contributions is None:
        contributions = list(accepted_contributions(request))
    _set_contributions(document, list(contributions))
    log("document.create", document, actor, _lines_snapshot(document), request=http_request)
    return document


@transaction.atomic
def update_document(
    pk: int,
    actor,
    revision: int | None,
    *,
    fields: dict,
    agenda_items: list[AgendaLine] | None = None,
    signatories: list[SignatoryLine] | None = None,
    http_request=None,
) -> Document:
    """Edit a draft: its fields, and when given its agenda items and signatories."""
    document = _editable(pk, revision)
    before = {**_fields(document), **_lines_snapshot(document)}
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise DocumentActionError(f"Unknown fields: {', '.join(sorted(unknown))}.")
    if "symbol" in fields:
        fields["symbol"] = _check_symbol(fields["symbol"], exclude=document.pk)
    for name, value in fields.items():
        setattr(document, name, value)
    if signatories is not None and not signatories:
        raise DocumentActionError(_("Give at least one signatory."))
    document.revision += 1
    _full_clean(document)
    document.save()
    if agenda_items is not None or signatories is not None:
        _set_lines(
            document,
            agenda_items
            if agenda_items is not None
            else [AgendaLine(a.number, a.title) for a in document.agenda_items.all()],
            signatories
            if signatories is not None
            else [
                SignatoryLine(s.participant, s.name, s.title) for s in document.signatories.all()
            ],
        )
    changes = diff(before, {**_fields(document), **_lines_snapshot(document)})
    log("document.update", document, actor, changes, request=http_request)
    return document


@transaction.atomic
def set_contributions(
    pk: int, actor, revision: int | None, contributions: list[Contribution], http_request=None
) -> Document:
    """Choose the replies in the annex (the annex orders them itself)."""
    document = _editable(pk, revision)
    before = _lines_snapshot(document)["contributions"]
    _set_contributions(document, contributions)
    document.revision += 1
    document.save(update_fields=["revision"])
    after = [c.pk for c in contributions]
    log(
        "document.contributions",
        document,
        actor,
        diff({"contributions": before}, {"contributions": after}),
        request=http_request,
    )
    return document


@transaction.atomic
def set_emblem(pk: int, actor, revision: int | None, image: bytes | None, http_request=None):
    """The emblem the secretariat supplies (PNG or JPEG); None removes it."""
    document = _editable(pk, revision)
    if image is not None and not (
        image.startswith(b"\x89PNG\r\n\x1a\n") or image[:3] == b"\xff\xd8\xff"
    ):
        raise DocumentActionError(_("The emblem must be a PNG or JPEG image."))
    document.emblem = image
    document.use_emblem = image is not None
    document.revision += 1
    document.save()
    log(
        "document.emblem",
        document,
        actor,
        {"emblem": [None, "replaced" if image else "removed"]},
        request=http_request,
    )
    return document


def move_to_addendum(
    pk: int, actor, revision: int | None, contributions: list[Contribution], http_request=None
) -> Document:
    """Take replies out of a draft that is too long; the addendum started after the
    document is issued takes them, as it takes everything the issued text does not hold."""
    document = Document.objects.get(pk=pk)
    keep = [i.contribution for i in build.inclusions(document)]
    moving = {c.pk for c in contributions}
    return set_contributions(
        pk, actor, revision, [c for c in keep if c.pk not in moving], http_request
    )


def fit_within_limit(document: Document, plain: dict | None = None) -> list[Contribution]:
    """The replies to move so that the rest fits in the 10,700 words: those received last
    first, as an addendum would have held them (a suggestion the secretariat may change).
    `plain` is the document's plain form when the caller has it already."""
    plain = plain or build.plain_document(document, emblem=False)
    plain = {**plain, "annex": dict(plain["annex"])}  # the caller's copy stays whole
    # plain_document lists the replies in the order of the inclusions: pair them up.
    pairs = list(zip(build.inclusions(document), plain["annex"]["contributions"], strict=True))
    pairs.sort(key=lambda p: (p[0].contribution.reply_date or dt.date.min, p[0].pk))
    moving: list[Contribution] = []
    while pairs and word_count(plain) > LENGTH_LIMIT:
        inclusion, _printed = pairs.pop()
        moving.append(inclusion.contribution)
        plain["annex"]["contributions"] = [printed for _i, printed in pairs]
    return moving


@transaction.atomic
def approve(pk: int, actor, revision: int | None, http_request=None) -> Approval:
    """A co-chair approves the draft as it stands; the page then shows who approved which
    state, and whether the draft changed since."""
    document = _editable(pk, revision)
    approval, created = Approval.objects.get_or_create(
        document=document, approver=actor, revision=document.revision
    )
    if created:
        log(
            "document.approve",
            document,
            actor,
            {"approved": [None, document.revision]},
            request=http_request,
        )
    return approval


# -- Issuing -----------------------------------------------------------------------------------


def render_all(plain: dict) -> dict[str, bytes]:
    return {fmt: render(plain, fmt) for fmt in FORMATS}


def issue(pk: int, actor, revision: int | None, http_request=None) -> Document:
    """Freeze a draft: its plain document, its three files and their hashes. Rendering
    happens before the transaction; the transaction then checks that nobody changed the
    draft meanwhile and stores everything at once, so an interrupted issue leaves the
    draft as it was."""
    document = Document.objects.get(pk=pk)
    if document.is_issued:
        raise DocumentActionError(_("%(symbol)s is already issued.") % {"symbol": document.symbol})
    if revision is not None and revision != document.revision:
        raise DocumentActionError(
            _("%(symbol)s was changed since your preview: look at it again before issuing.")
            % {"symbol": document.symbol}
        )
    if not document.inclusions.exists() and document.kind != Kind.CORRIGENDUM:
        raise DocumentActionError(
            _("%(symbol)s has no replies in its annex.") % {"symbol": document.symbol}
        )
    plain = build.plain_document(document)
    try:
        files = render_all(plain)
    except DocumentError as error:
        raise DocumentActionError(str(error)) from error
    with transaction.atomic():
        document = _editable(pk, document.revision)
        if document.parent and not document.parent.is_issued:
            raise DocumentActionError(
                _("Issue %(parent)s before %(symbol)s.")
                % {"parent": document.parent.symbol, "symbol": document.symbol}
            )
        for fmt, content in files.items():
            IssuedFile.objects.create(
                document=document,
                format=fmt,
                content=content,
                sha256=hashlib.sha256(content).hexdigest(),
                size=len(content),
            )
        for inclusion in document.inclusions.select_related("contribution"):
            inclusion.revision = inclusion.contribution.revision
            inclusion.save(update_fields=["revision"])
        if document.include_initiatives or document.include_thematic_index:
            participants = [
                i.contribution.recipient.participant for i in build.inclusions(document)
            ]
            IncludedInitiative.objects.bulk_create(
                IncludedInitiative(document=document, initiative=initiative)
                for initiative in build.section_initiatives(participants)
            )
        document.snapshot = build.to_json(plain)
        document.state = State.ISSUED
        document.issued_at = timezone.now()
        document.issued_by = actor if getattr(actor, "is_authenticated", False) else None
        document._issuing = True  # the one save an issued state lets through
        document.save()
        del document._issuing
        log(
            "document.issue",
            document,
            actor,
            {fmt: [None, hashlib.sha256(c).hexdigest()] for fmt, c in files.items()},
            request=http_request,
        )
    return document


def verify(document: Document) -> dict[str, bool]:
    """Render an issued document again from its snapshot: format -> same bytes as issued."""
    if not document.is_issued:
        raise DocumentActionError(_("%(symbol)s is not issued.") % {"symbol": document.symbol})
    plain = build.from_json(document.snapshot)
    return {
        f.format: hashlib.sha256(render(plain, f.format)).hexdigest() == f.sha256
        for f in document.files.all()
    }


# -- The family ----------------------------------------------------------------------------------


def _next_symbol(root: Document, kind: str) -> tuple[str, int]:
    number = Document.objects.filter(parent=root, kind=kind).count() + 1
    return f"{root.symbol}/{SUFFIXES[kind]}.{number}", number


def _member(parent: Document, kind: str, actor, *, date: dt.date, symbol: str = "", **fields):
    root = parent.root
    if not root.is_issued:
        raise DocumentActionError(_("Issue %(symbol)s first.") % {"symbol": root.symbol})
    if kind == Kind.REVISION and (open_ := root.family.filter(state=State.DRAFT)).exists():
        raise DocumentActionError(
            _("Finish or delete the draft %(symbol)s first.") % {"symbol": open_.first().symbol}
        )
    automatic, number = _next_symbol(root, kind)
    # A member takes the document's masthead, letter and emblem; it has its own date and
    # job number.
    copied = {name: getattr(root, name) for name in EDITABLE_FIELDS if name != "symbol"}
    copied.update(emblem=root.emblem, job_number="", job_date=None)
    copied.update(fields, date=date)
    try:
        with transaction.atomic():
            document = Document.objects.create(
                request=root.request,
                kind=kind,
                parent=root,
                number=number,
                symbol=_check_symbol(symbol or automatic),
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
                **copied,
            )
            _set_lines(
                document,
                [AgendaLine(a.number, a.title) for a in root.agenda_items.all()],
                [SignatoryLine(s.participant, s.name, s.title) for s in root.signatories.all()],
            )
    except IntegrityError as error:
        raise DocumentActionError(
            _("%(symbol)s already exists.") % {"symbol": symbol or automatic}
        ) from error
    return document


@transaction.atomic
def start_addendum(
    parent: Document, actor, *, date: dt.date, symbol: str = "", http_request=None, **fields
) -> Document:
    """/Add.N: only the replies received or changed after the issued family."""
    later = later_contributions(parent)
    if not later:
        raise DocumentActionError(
            _("No reply was received or changed after %(symbol)s: an addendum would be empty.")
            % {"symbol": parent.root.symbol}
        )
    root = parent.root
    fields.setdefault(
        "body",
        letter_body(
            root.language,
            signatories=root.signatories.count(),
            organ=root.organ,
            agenda_numbers=[a.number for a in root.agenda_items.all()],
            group=settings.HUMSEC_GROUP_NAME,
            addendum_to=root.symbol,
        ),
    )
    document = _member(parent, Kind.ADDENDUM, actor, date=date, symbol=symbol, **fields)
    _set_contributions(document, later)
    log("document.addendum", document, actor, _lines_snapshot(document), request=http_request)
    return document


@transaction.atomic
def start_revision(
    parent: Document, actor, *, date: dt.date, symbol: str = "", http_request=None, **fields
) -> Document:
    """/Rev.N replaces the document: every accepted reply as it now stands."""
    document = _member(parent, Kind.REVISION, actor, date=date, symbol=symbol, **fields)
    _set_contributions(document, list(accepted_contributions(document.request)))
    log("document.revision", document, actor, _lines_snapshot(document), request=http_request)
    return document


@transaction.atomic
def start_corrigendum(
    parent: Document, actor, *, date: dt.date, corrections: str, symbol: str = "", http_request=None
) -> Document:
    """/Corr.N: the corrections to the issued text, one a paragraph."""
    if not corrections.strip():
        raise DocumentActionError(_("Write the corrections, one a paragraph."))
    document = _member(
        parent, Kind.CORRIGENDUM, actor, date=date, symbol=symbol, body="", corrections=corrections
    )
    log(
        "document.corrigendum",
        document,
        actor,
        {"corrections": [None, corrections]},
        request=http_request,
    )
    return document


@transaction.atomic
def delete_draft(pk: int, actor, http_request=None) -> None:
    document = _editable(pk, None)
    if document.family.exists():
        raise DocumentActionError(
            _("%(symbol)s has an addendum, revision or corrigendum.") % {"symbol": document.symbol}
        )
    log(
        "document.delete",
        document,
        actor,
        {"symbol": [document.symbol, None]},
        request=http_request,
    )
    document.delete()
