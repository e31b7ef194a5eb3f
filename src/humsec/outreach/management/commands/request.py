"""humsec request create|send|remind|status: the request cycle, for scripts."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from humsec.dates import DateError, PartialDate
from humsec.meetings.models import Meeting
from humsec.outreach import actions, tasks
from humsec.outreach.models import Request
from humsec.roster.lookup import ParticipantIndex, parse_signatory


def day(text: str) -> dt.date:
    try:
        date = PartialDate.parse(text)
    except DateError as error:
        raise CommandError(str(error)) from None
    if date.day is None:
        raise CommandError(f"{text!r} is not a full date (give the day).")
    return date.first_day


class Command(BaseCommand):
    help = "Create, send, remind and follow requests for information."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a request; prints its id last")
        create.add_argument("--title", required=True)
        create.add_argument("--letter-date", required=True, type=day)
        create.add_argument("--deadline", required=True, type=day)
        create.add_argument(
            "--signatory",
            action="append",
            required=True,
            help='"Country|Name|Title", repeatable: "Japan|Yukio Takasu|Ambassador of Japan ..."',
        )
        create.add_argument(
            "--recipients",
            required=True,
            help='meeting:N (those who attended meeting N), members, or "Chile;Thailand"',
        )
        create.add_argument("--reference", default="")
        create.add_argument("--grace-days", type=int, default=14)
        create.add_argument("--reminders", type=int, default=2, help="at most N per recipient")
        create.add_argument("--reminder-days", type=int, default=14, help="at least D days apart")
        sub.add_parser(
            "remind-due",
            help="the scheduled reminders of every open request (run it daily from a timer)",
        )
        for name in ("send", "remind", "status"):
            action = sub.add_parser(name)
            action.add_argument("id", type=int)
            if name == "status":
                action.add_argument("--json", action="store_true")

    def handle(self, *args, action, **options):
        try:
            getattr(self, action.replace("-", "_"))(**options)
        except actions.ActionError as error:
            raise CommandError(str(error)) from None

    def create(self, **o):
        index = ParticipantIndex()
        signatories = []
        for text in o["signatory"]:
            try:
                signatories.append(actions.SignatoryData(*parse_signatory(text, index)))
            except ValueError as error:
                raise CommandError(str(error)) from None
        recipients = actions.recipients_from(o["recipients"], o["letter_date"])
        meeting = None
        if o["recipients"].startswith("meeting:"):
            meeting = Meeting.objects.get(number=o["recipients"].removeprefix("meeting:"))
        request = actions.create_request(
            title=o["title"],
            letter_date=o["letter_date"],
            deadline=o["deadline"],
            signatories=signatories,
            recipients=recipients,
            meeting=meeting,
            reference=o["reference"],
            grace_days=o["grace_days"],
            reminder_limit=o["reminders"],
            reminder_interval_days=o["reminder_days"],
        )
        self.stdout.write(f"Created request {request.pk} with {len(recipients)} recipients.")
        self.stdout.write(str(request.pk))

    def _request(self, pk: int) -> Request:
        request = Request.objects.filter(pk=pk).first()
        if request is None:
            raise CommandError(f"There is no request {pk}.")
        return request

    def send(self, id, **o):
        result = tasks.send_letters.call(self._request(id).pk)
        self.stdout.write(
            f"Sent {result['sent']} letters; {result['without_focal_point']} recipients have "
            "no focal point to write to."
        )

    def remind(self, id, **o):
        result = tasks.send_reminders.call(self._request(id).pk, False)
        self.stdout.write(f"Sent {result['reminded']} reminders.")

    def remind_due(self, **o):
        result = tasks.send_due_reminders.call()
        self.stdout.write(f"Sent {result['reminded']} scheduled reminders.")

    def status(self, id, json=False, **o):
        request = self._request(id)
        recipients = request.recipients.select_related("participant").order_by(
            "participant__short_name"
        )
        if json:
            self.stdout.write(_json(request, recipients))
            return
        self.stdout.write(f"{request.title} (deadline {request.deadline.isoformat()})")
        for r in recipients:
            self.stdout.write(f"{r.participant.short_name:50} {r.get_status_display()}")


def _json(request, recipients) -> str:
    return json.dumps(
        {
            "id": request.pk,
            "title": request.title,
            "letter_date": request.letter_date.isoformat(),
            "deadline": request.deadline.isoformat(),
            "recipients": [
                {
                    "participant": r.participant.short_name,
                    "code": r.participant.code,
                    "status": r.status,
                    "sent_at": r.sent_at.isoformat() if r.sent_at else None,
                }
                for r in recipients
            ],
        },
        ensure_ascii=False,
        indent=2,
    )
