"""humsec contribute: enter a reply received by email, fax or on paper."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from humsec.outreach import actions, replies
from humsec.outreach.management.commands.request import day
from humsec.outreach.models import Channel, Recipient, RecipientStatus
from humsec.roster.lookup import ParticipantIndex


class Command(BaseCommand):
    help = (
        "Enter a participant's reply from a file: .docx or .md (the reply itself), "
        ".xlsx or .csv (its initiatives). Prints what was imported and refused, row by row."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--request", type=int, required=True)
        parser.add_argument("--participant", required=True, help="a name, code or alias")
        parser.add_argument("--date", type=day, help="the date of the reply")
        parser.add_argument("--language", default=None, help="en, fr, es, ar, zh, ru ...")
        parser.add_argument("--title", default=None)
        parser.add_argument("--channel", default=Channel.EMAIL, choices=Channel.values)
        parser.add_argument("--all-or-nothing", action="store_true")
        parser.add_argument("--submit", action="store_true", help="submit the reply too")

    def handle(self, *args, **o):
        participant = ParticipantIndex().get(o["participant"])
        if participant is None:
            raise CommandError(f"{o['participant']!r} is not a participant we know.")
        recipient = (
            Recipient.objects.select_related("request", "participant")
            .filter(request_id=o["request"], participant=participant)
            .first()
        )
        if recipient is None:
            raise CommandError(f"{participant} is not a recipient of request {o['request']}.")
        path: Path = o["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        try:
            self._enter(recipient, path, data, o)
        except actions.ActionError as error:
            raise CommandError(str(error)) from None

    def _enter(self, recipient, path, data, o):
        if recipient.status == RecipientStatus.NOT_SENT:
            # A reply can arrive before the letter went by email (it was handed over).
            actions.set_status(recipient, RecipientStatus.SENT, note="delivered outside humsec")
        contribution = replies.contribution_of(recipient)
        fields = {"channel": o["channel"]}
        for name, key in (("title", "title"), ("reply_date", "date"), ("language", "language")):
            if o[key] is not None:
                fields[name] = o[key]
        suffix = path.suffix.lower()
        if suffix == ".md":
            fields["narrative_markdown"] = data.decode("utf-8", errors="replace")
        replies.save_draft(recipient, fields, contribution.revision)
        uploaded = SimpleUploadedFile(path.name, data)
        if suffix == ".docx":
            upload = replies.upload_narrative(recipient, uploaded)
            self._refused(upload)
            self.stdout.write(f"Imported the reply from {path.name}.")
        elif suffix in {".xlsx", ".csv"}:
            upload = replies.import_initiatives(recipient, uploaded, o["all_or_nothing"])
            self._refused(upload)
            self._report(upload.report)
        elif suffix == ".md":
            self.stdout.write(f"Imported the reply from {path.name}.")
        else:
            raise CommandError(f"{path.name}: give a .docx, .md, .xlsx or .csv file.")
        if o["submit"]:
            version = replies.submit_contribution(recipient)
            self.stdout.write(f"Submitted (version {version.number}).")

    def _refused(self, upload):
        if "refused" in upload.report:
            raise CommandError(f"{upload.original_name}: {upload.report['refused']}")

    def _report(self, report: dict):
        for row in report.get("imported", []):
            self.stdout.write(f"row {row['row']}: imported {row['title']!r}")
        for row in report.get("confirmed", []):
            self.stdout.write(f"row {row['row']}: confirmed initiative {row['id']}")
        for row in report.get("retired", []):
            self.stdout.write(f"row {row['row']}: retired initiative {row['id']}")
        for problem in report.get("problems", []):
            where = f"row {problem['row']}" if problem.get("row") else "file"
            self.stdout.write(f"{where}: refused: {problem['message']}")
        if report.get("all_or_nothing") and report.get("problems"):
            self.stdout.write("Nothing was imported, as --all-or-nothing asks.")
