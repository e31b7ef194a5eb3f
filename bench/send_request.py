"""How long a request to every Member State takes: create it, render 193 letters in Word
and PDF, and write 193 emails to the file backend, on a fresh SQLite database.

Run with `make bench` (or `.venv/bin/python bench/send_request.py`). The goal is
under 30 s on 2 cores. Then the two letter renderers are timed apart, over the same 193
letter dicts, so the time per letter of each format can be read.
"""

import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

WORK = Path(tempfile.mkdtemp(prefix="humsec-bench-send-"))
MAILDIR = WORK / "mail"
os.environ["HUMSEC_DATA_DIR"] = str(WORK)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "humsec.settings")
os.environ["DATABASE_URL"] = ""
os.environ["EMAIL_URL"] = f"file://{MAILDIR}"
os.environ["TASKS_BACKEND"] = "immediate"
os.environ["HUMSEC_BASE_URL"] = "https://humsec.example.org"
os.environ["LOG_LEVEL"] = "WARNING"  # not a line per task

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from humsec.outreach import actions, compose, letters  # noqa: E402
from humsec.outreach.models import Recipient, RecipientStatus, SentEmail  # noqa: E402
from humsec.roster.models import FocalPoint, Participant  # noqa: E402

MEMBER_STATES = 193
GOAL_SECONDS = 30
TAKASU = "Ambassador of Japan in charge of human security"
HELLER = "Permanent Representative of Mexico to the United Nations"


def language_of(index: int) -> str:
    """Half in English, a quarter each in French and Spanish."""
    return "en" if index % 4 < 2 else ("fr" if index % 4 == 2 else "es")


def setup_database(on: dt.date) -> list[Participant]:
    call_command("migrate", verbosity=0)
    call_command("loadreference", verbosity=0)
    call_command("loaddemo", verbosity=0)
    members = list(Participant.objects.members_on(on).order_by("short_name"))
    if len(members) != MEMBER_STATES:
        sys.exit(f"Expected {MEMBER_STATES} Member States on {on}, found {len(members)}.")
    FocalPoint.objects.bulk_create(
        FocalPoint(
            participant=participant,
            name=f"Focal point of {participant.short_name}",
            email=f"focal-{participant.code.lower()}@example.org",
            language=language_of(index),
        )
        for index, participant in enumerate(members)
    )
    return members


def create_and_send(on: dt.date):
    """What the secretariat does: create the request to all Member States, send it."""
    japan, mexico = Participant.objects.get(code="JPN"), Participant.objects.get(code="MEX")
    request = actions.create_request(
        title="Compilation of information on human security initiatives",
        reference="FHS/BENCH/1",
        letter_date=on,
        deadline=on + dt.timedelta(days=60),
        signatories=[
            actions.SignatoryData(participant=japan, name="Yukio Takasu", title=TAKASU),
            actions.SignatoryData(participant=mexico, name="Claude Heller", title=HELLER),
        ],
        recipients=actions.recipients_from("members", on),
    )
    # Outside a transaction, on_commit runs at once and the immediate backend runs the
    # task inline: this returns when every letter is rendered and every email written.
    actions.send_request(request)
    return request


def time_renderers(request) -> tuple[float, float]:
    """Milliseconds per letter for each renderer, over the same 193 dicts."""
    recipients = (
        Recipient.objects.filter(request=request)
        .select_related("request", "participant")
        .prefetch_related("participant__names", "request__signatories__participant__names")
        .order_by("participant__short_name")
    )
    data = [compose.letter_data(r, f"https://humsec.example.org/r/{'x' * 43}/") for r in recipients]
    start = time.perf_counter()
    for letter in data:
        letters.render_docx(letter)
    docx = (time.perf_counter() - start) * 1000 / len(data)
    start = time.perf_counter()
    for letter in data:
        letters.render_pdf(letter)
    pdf = (time.perf_counter() - start) * 1000 / len(data)
    return docx, pdf


def main() -> None:
    on = timezone.localdate()
    try:
        setup_database(on)
        start = time.perf_counter()
        request = create_and_send(on)
        total = time.perf_counter() - start
        sent = request.recipients.filter(status=RecipientStatus.SENT).count()
        # Django's file backend names a file by the second and the connection's id(), so
        # two emails may share a file: count the messages in the files, not the files.
        files = sorted(MAILDIR.iterdir()) if MAILDIR.is_dir() else []
        messages = sum(path.read_bytes().count(b"\nMessage-ID: ") for path in files)
        docx_ms, pdf_ms = time_renderers(request)
        languages = dict.fromkeys(["en", "fr", "es"], 0)
        for language in request.recipients.values_list("language", flat=True):
            languages[language] += 1
        print(
            f"{sent} letters ({', '.join(f'{n} {code}' for code, n in languages.items())}), "
            f"SQLite, {os.cpu_count()} CPUs, database {connection.settings_dict['NAME']}"
        )
        print(
            f"{'total s':>8} | {'letters/s':>9} | {'ms per .docx':>12} | {'ms per PDF':>10} | "
            f"{'emails written':>14} | {'files':>5}"
        )
        print(
            f"{total:8.2f} | {sent / total:9.1f} | {docx_ms:12.1f} | {pdf_ms:10.1f} | "
            f"{messages:>14} | {len(files):>5}"
        )
        verdict = "met" if total < GOAL_SECONDS else "MISSED"
        print(f"Goal: under {GOAL_SECONDS} s for {MEMBER_STATES} letters: {verdict}.")
        problems = []
        if sent != MEMBER_STATES:
            problems.append(f"{sent} recipients sent, not {MEMBER_STATES}")
        if messages != MEMBER_STATES:
            problems.append(f"{messages} emails written")
        if SentEmail.objects.count() != MEMBER_STATES:
            problems.append(f"{SentEmail.objects.count()} emails recorded")
        if problems:
            sys.exit("Not as expected: " + "; ".join(problems) + ".")
    finally:
        connection.close()
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
