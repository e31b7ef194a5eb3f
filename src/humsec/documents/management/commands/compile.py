r"""humsec compile: the document of a request's replies, as files, for scripts.

    humsec compile --request 1 --symbol A/62/695 --date 2008-02-15 --letter-date 2008-02-13 \
        --addressee "President of the General Assembly" --session 62 \
        --agenda-item "116|Follow-up to the outcome of the Millennium Summit" \
        --signatory "Japan|Yukio Takasu|Permanent Representative of Japan to the UN" \
        --signatory "Mexico|Claude Heller|Permanent Representative of Mexico to the UN" \
        --job-number 08-24140 --out out/ --format docx,pdf,html [--issue]

With --addendum-to SYMBOL it starts the next addendum of that issued document instead.
The document is kept as a draft (or issued with --issue) and its files written to --out.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from humsec.documents import actions, build
from humsec.documents.models import Document
from humsec.documents.render import ADDRESSEES, LENGTH_LIMIT, DocumentError, render, word_count
from humsec.outreach.models import Request
from humsec.roster.lookup import ParticipantIndex, parse_signatory


def day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date such as 2008-02-15.") from None


class Command(BaseCommand):
    help = "Compile the replies to a request into a United Nations document (Word, PDF, HTML)."

    def add_arguments(self, parser):
        parser.add_argument("--request", type=int, help="the request whose replies to compile")
        parser.add_argument("--symbol", help="A/62/695 (an addendum's is found if left out)")
        parser.add_argument("--date", type=day, required=True, help="the masthead date")
        parser.add_argument("--letter-date", type=day)
        parser.add_argument("--addressee", choices=ADDRESSEES)
        parser.add_argument("--session", type=int)
        parser.add_argument(
            "--agenda-item", action="append", default=[], help='"116|Title", repeatable'
        )
        parser.add_argument(
            "--signatory", action="append", default=[], help='"Country|Name|Title", repeatable'
        )
        parser.add_argument("--original-language", default="en")
        parser.add_argument("--language", default="en", choices=["en", "fr", "es"])
        parser.add_argument(
            "--title", default="", help="left out, the title is written from the letter"
        )
        parser.add_argument("--job-number", default="")
        parser.add_argument("--job-date", type=day)
        parser.add_argument("--reference-date", type=day)
        parser.add_argument(
            "--initiatives", action="store_true", help="add the initiatives section"
        )
        parser.add_argument("--thematic-index", action="store_true")
        parser.add_argument("--addendum-to", help="start the next addendum of this issued symbol")
        parser.add_argument(
            "--issue", action="store_true", help="issue it: it can no longer change"
        )
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--format", default="docx,pdf,html")

    def handle(self, *args, **o):
        formats = [f.strip() for f in o["format"].split(",") if f.strip()]
        unknown = [f for f in formats if f not in actions.FORMATS]
        if unknown or not formats:
            raise CommandError(f"--format: give some of {', '.join(actions.FORMATS)}.")
        try:
            document = self.addendum(o) if o["addendum_to"] else self.document(o)
            if o["issue"]:
                document = actions.issue(document.pk, None, document.revision)
        except actions.DocumentActionError as error:
            raise CommandError(str(error)) from None
        plain = (
            build.from_json(document.snapshot)
            if document.is_issued
            else build.plain_document(document)
        )
        o["out"].mkdir(parents=True, exist_ok=True)
        stem = document.symbol.replace("/", "_")
        for fmt in formats:
            stored = document.files.filter(format=fmt).first()
            try:
                content = bytes(stored.content) if stored else render(plain, fmt)
            except DocumentError as error:
                raise CommandError(str(error)) from None
            path = o["out"] / f"{stem}.{fmt}"
            path.write_bytes(content)
            self.stdout.write(f"{path} ({len(content):,} bytes)")
        words = word_count(plain)
        if words > LENGTH_LIMIT:
            self.stderr.write(
                f"Warning: {document.symbol} has {words:,} words, more than the {LENGTH_LIMIT:,} "
                "allowed; move replies into an addendum (the web page suggests which)."
            )
        state = "issued" if document.is_issued else "draft"
        self.stdout.write(f"{document.symbol}: {state}, {words:,} words, document {document.pk}")

    def document(self, o) -> Document:
        for name in ("request", "symbol", "letter_date", "addressee"):
            if not o[name]:
                raise CommandError(f"--{name.replace('_', '-')} is required.")
        request = Request.objects.filter(pk=o["request"]).first()
        if request is None:
            raise CommandError(f"--request {o['request']}: there is no such request.")
        if not o["signatory"]:
            raise CommandError("--signatory is required (repeatable).")
        index = ParticipantIndex()
        signatories = []
        for text in o["signatory"]:
            try:
                signatories.append(actions.SignatoryLine(*parse_signatory(text, index)))
            except ValueError as error:
                raise CommandError(str(error)) from None
        agenda = []
        for text in o["agenda_item"]:
            number, bar, title = (p.strip() for p in text.partition("|"))
            if not bar or not number or not title:
                raise CommandError(f"--agenda-item {text!r}: write it as Number|Title.")
            agenda.append(actions.AgendaLine(number, title))
        return actions.create_document(
            request,
            None,
            symbol=o["symbol"],
            date=o["date"],
            letter_date=o["letter_date"],
            addressee=o["addressee"],
            session=o["session"],
            agenda_items=agenda,
            signatories=signatories,
            original_language=o["original_language"],
            language=o["language"],
            title=o["title"],
            job_number=o["job_number"],
            job_date=o["job_date"] or (o["date"] if o["job_number"] else None),
            reference_date=o["reference_date"],
            include_initiatives=o["initiatives"],
            include_thematic_index=o["thematic_index"],
        )

    def addendum(self, o) -> Document:
        parent = Document.objects.filter(symbol=o["addendum_to"]).first()
        if parent is None:
            raise CommandError(f"--addendum-to {o['addendum_to']}: there is no such document.")
        fields = {}
        if o["job_number"]:
            fields.update(job_number=o["job_number"], job_date=o["job_date"] or o["date"])
        if o["letter_date"]:
            fields["letter_date"] = o["letter_date"]
        return actions.start_addendum(
            parent, None, date=o["date"], symbol=o["symbol"] or "", **fields
        )
