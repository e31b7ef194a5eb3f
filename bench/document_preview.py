"""How long the preview of a typical compilation takes, from the database to PDF and HTML.

Run with `make bench` (or `.venv/bin/python bench/document_preview.py`). A fresh SQLite
database gets a request with N/10 accepted replies (two paragraphs each) and N accepted
initiatives (ten per participant, about 90 words each); a draft document with the
initiatives section and the thematic index is then read from the database into the plain
document and rendered, as the preview page does. The typical compilation is 50 replies
and 500 initiatives; the goal is under 1 s for PDF and HTML together. Larger sizes show
how the time grows. Each row is the median of 3 runs after a first, warm-up run.
"""

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

WORK = Path(tempfile.mkdtemp(prefix="humsec-bench-preview-"))
os.environ["HUMSEC_DATA_DIR"] = str(WORK)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "humsec.settings")
os.environ["DATABASE_URL"] = ""
os.environ["LOG_LEVEL"] = "WARNING"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

# The same synthetic words as the rendering benchmark beside this file.
from documents import sentence  # noqa: E402
from humsec.documents import actions, build  # noqa: E402
from humsec.documents.render import render  # noqa: E402
from humsec.initiatives.models import Initiative, Status, Theme  # noqa: E402
from humsec.outreach.models import Contribution, Recipient, Request  # noqa: E402
from humsec.roster.models import Participant  # noqa: E402

SIZES = (500, 1000, 2000)  # ten initiatives a participant: 2,000 takes 200 of them
GOAL_SECONDS = 1.0


def make_request(initiatives: int) -> Request:
    rng = random.Random(initiatives)
    # Each size on its own: the participants are the same, their earlier initiatives go.
    Initiative.objects.all().delete()
    request = Request.objects.create(
        title=f"Bench {initiatives}",
        letter_date=dt.date(2007, 5, 21),
        deadline=dt.date(2007, 7, 31),
        letter_en="Letter.",
    )
    states = list(Participant.objects.states().order_by("code")[: initiatives // 10])
    themes = list(Theme.objects.all())
    for participant in states:
        recipient = Recipient.objects.create(
            request=request, participant=participant, status="submitted"
        )
        contribution = Contribution.objects.create(
            recipient=recipient,
            title=f"Initiatives of {participant.short_name}",
            reply_date=dt.date(2007, 10, 1),
            narrative_html="".join(f"<p>{sentence(rng, 60)}</p>" for _ in range(2)),
            review_status="accepted",
        )
        for k in range(10):
            year = 2004 + (k % 6)
            initiative = Initiative.objects.create(
                title=sentence(rng, 8)[:-1],
                description=sentence(rng, 75),
                kind="seminar",
                start_date=dt.date(year, 1 + k % 12, 1),
                end_date=dt.date(year, 1 + k % 12, 28),
                city="Geneva",
                status=Status.ACCEPTED,
                reported_by=participant,
                contribution=contribution,
            )
            initiative.themes.add(rng.choice(themes))
    return request


def preview(document) -> float:
    started = time.perf_counter()
    plain = build.plain_document(document)
    render(plain, "pdf")
    render(plain, "html")
    return time.perf_counter() - started


def main() -> None:
    sizes = [int(s) for s in sys.argv[1].split(",")] if len(sys.argv) > 1 else SIZES
    call_command("migrate", verbosity=0)
    call_command("loadreference", verbosity=0)
    japan = Participant.objects.get(code="JPN")
    print(f"{'initiatives':>11} {'replies':>7} {'pages*':>6} {'preview s':>9}  goal")
    for n in sizes:
        request = make_request(n)
        document = actions.create_document(
            request,
            None,
            symbol=f"A/62/{n}",
            date=dt.date(2008, 2, 15),
            letter_date=dt.date(2008, 2, 13),
            addressee="President of the General Assembly",
            signatories=[actions.SignatoryLine(japan, "Yukio Takasu", "Ambassador")],
            include_initiatives=True,
            include_thematic_index=True,
        )
        preview(document)  # warm-up: fonts and the Typst compiler
        seconds = statistics.median(preview(document) for _ in range(3))
        words = actions.length(document)
        goal = f"< {GOAL_SECONDS:.0f} s {'met' if seconds < GOAL_SECONDS else 'MISSED'}"
        print(
            f"{n:>11,} {request.recipients.count():>7} {words // 500:>6} {seconds:>9.2f}  "
            f"{goal if n == 500 else ''}"
        )
    print("* pages estimated at 500 words a page")


if __name__ == "__main__":
    main()
