"""Killing the process in the middle of issuing a document leaves either the draft as it
was or the whole issued document, never half of it.

Each test runs humsec in a child process on a SQLite file of its own, stops it with
SIGKILL at a chosen point of issuing (while rendering, or after the first file was
written inside the transaction), then reads the database file as the next process would.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SETUP = """
import datetime as dt
from django.core.management import call_command
from humsec.documents import actions
from humsec.outreach.models import Contribution, Recipient, Request
from humsec.roster.models import Participant

call_command("migrate", verbosity=0)
call_command("loadreference", verbosity=0)
request = Request.objects.create(
    title="Information", letter_date=dt.date(2007, 5, 21), deadline=dt.date(2007, 7, 31),
    letter_en="Letter.",
)
for code in ("CHL", "THA"):
    recipient = Recipient.objects.create(
        request=request, participant=Participant.objects.get(code=code), status="submitted"
    )
    Contribution.objects.create(
        recipient=recipient, title=f"Reply of {code}", reply_date=dt.date(2007, 10, 1),
        narrative_html=f"<p>The reply of {code}.</p>", review_status="accepted", revision=1,
    )
actions.create_document(
    request, None, symbol="A/62/695", date=dt.date(2008, 2, 15),
    letter_date=dt.date(2008, 2, 13), addressee="President of the General Assembly",
    signatories=[actions.SignatoryLine(Participant.objects.get(code="JPN"), "Y. Takasu", "PR")],
)
"""

# Where the child stops, waiting to be killed: while rendering, or inside the transaction
# after the first file row was written.
STOPS = {
    "rendering": """
real = actions.render_all
def render_all(plain):
    files = real(plain)
    print("STOPPED", flush=True)
    time.sleep(120)
    return files
actions.render_all = render_all
""",
    "storing": """
from humsec.documents.models import IssuedFile
real = IssuedFile.objects.create
def create(**values):
    row = real(**values)
    print("STOPPED", flush=True)
    time.sleep(120)
    return row
IssuedFile.objects.create = create
""",
    "nowhere": "",
}

ISSUE = """
import time
from humsec.documents import actions
from humsec.documents.models import Document
{stop}
actions.issue(Document.objects.get(symbol="A/62/695").pk, None, None)
print("ISSUED", flush=True)
"""


def run_child(database: Path, code: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "humsec.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "HUMSEC_DATA_DIR": str(database.parent),
        "LOG_LEVEL": "WARNING",
    }
    script = "import django\ndjango.setup()\n" + textwrap.dedent(code)
    return subprocess.Popen(
        [sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, text=True
    )


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> Path:
    """A database file with the reference data and a draft of A/62/695."""
    database = tmp_path_factory.mktemp("fault") / "prepared.sqlite3"
    child = run_child(database, SETUP)
    assert child.wait(timeout=300) == 0
    return database


def state(database: Path) -> dict:
    with sqlite3.connect(database) as db:
        return {
            "state": db.execute(
                "SELECT state FROM documents_document WHERE symbol = 'A/62/695'"
            ).fetchone()[0],
            "files": db.execute("SELECT count(*) FROM documents_issuedfile").fetchone()[0],
            "frozen inclusions": db.execute(
                "SELECT count(*) FROM documents_inclusion WHERE revision IS NOT NULL"
            ).fetchone()[0],
            "issue entries": db.execute(
                "SELECT count(*) FROM audit_auditentry WHERE code = 'document.issue'"
            ).fetchone()[0],
        }


DRAFT = {"state": "draft", "files": 0, "frozen inclusions": 0, "issue entries": 0}
ISSUED = {"state": "issued", "files": 3, "frozen inclusions": 2, "issue entries": 1}


@pytest.mark.parametrize("stop", ["rendering", "storing"])
def test_a_killed_issue_leaves_the_draft_and_a_new_issue_then_completes(prepared, tmp_path, stop):
    database = tmp_path / "humsec.sqlite3"
    shutil.copy(prepared, database)
    child = run_child(database, ISSUE.format(stop=STOPS[stop]))
    try:
        assert child.stdout.readline().strip() == "STOPPED"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)

    assert state(database) == DRAFT

    again = run_child(database, ISSUE.format(stop=STOPS["nowhere"]))
    assert again.stdout.readline().strip() == "ISSUED"
    assert again.wait(timeout=120) == 0
    assert state(database) == ISSUED
