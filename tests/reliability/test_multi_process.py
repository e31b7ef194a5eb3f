"""Two app processes (gunicorn) and two workers (`humsec db_worker`) on one PostgreSQL
database, as when humsec grows past one machine: focal points reply through either app,
both workers take tasks from the one queue (SELECT ... FOR UPDATE SKIP LOCKED), every task
runs once, every reply is stored and every email goes once."""

from __future__ import annotations

import re
import sys
import threading
from collections import Counter

import pytest
import requests
from django_tasks_db.models import DBTaskResult
from tests.reliability.conftest import (
    a_request,
    body_of,
    emails_in,
    free_port,
    member_states,
    postgresql_only,
    wait_for,
)

from humsec import worker
from humsec.outreach import actions
from humsec.outreach.models import ContributionVersion, RecipientStatus, SentEmail

pytestmark = [
    *postgresql_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("demo_data"),
]

FOCAL_POINTS = 12
LINK = re.compile(r"http://testserver(/r/[\w-]+/)")
WORKER = ("db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1")


def csrf(page: requests.Response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]


def reply_through(app: str, link: str, name: str) -> list[int]:
    """What a focal point does in the browser: open the link, write, save, submit."""
    browser = requests.Session()
    landing = browser.get(app + link, timeout=30)
    opened = browser.post(
        app + link, {"csrfmiddlewaretoken": csrf(landing)}, allow_redirects=False, timeout=30
    )
    reply = app + opened.headers["Location"]
    page = browser.get(reply, timeout=30)
    revision = re.search(r'name="revision" value="(\d+)"', page.text)[1]
    saved = browser.post(
        reply + "save/",
        {
            "csrfmiddlewaretoken": csrf(page),
            "title": f"Initiatives of {name} in the area of human security",
            "language": "en",
            "narrative_markdown": f"- A seminar held by {name}\n",
            "revision": revision,
        },
        allow_redirects=False,
        timeout=30,
    )
    submitted = browser.post(
        reply + "submit/",
        {"csrfmiddlewaretoken": csrf(browser.get(reply, timeout=30))},
        allow_redirects=False,
        timeout=30,
    )
    return [landing.status_code, opened.status_code, saved.status_code, submitted.status_code]


def test_two_apps_and_two_workers_on_one_database_store_every_reply_and_send_every_email_once(
    database_queue, processes, tmp_path
):
    mail = tmp_path / "mail"
    request = a_request(member_states(FOCAL_POINTS))
    actions.send_request(request)  # queued: one task writes every letter

    # A slow mail server, so that one worker cannot drain the queue alone.
    workers = [
        processes.humsec(f"worker-{n}", *WORKER, HUMSEC_TEST_MAIL_DELAY="0.3") for n in (1, 2)
    ]
    apps = []
    for n in (1, 2):
        port = free_port()
        gunicorn = (sys.executable, "-m", "gunicorn", "humsec.wsgi:application")
        processes.start(f"app-{n}", *gunicorn, "--bind", f"127.0.0.1:{port}", "--workers", "2")
        apps.append(f"http://127.0.0.1:{port}")

    def answering(app):
        try:
            return requests.get(app + "/", timeout=10).status_code == 200
        except requests.RequestException:  # not listening yet, or still starting
            return False

    for app in apps:
        wait_for(f"{app} to answer", lambda app=app: answering(app), processes=processes)
    letters = wait_for(
        "the letters",
        lambda: len(found := emails_in(mail)) == FOCAL_POINTS and found,
        timeout=60,
        processes=processes,
    )
    links = {message["To"]: LINK.search(body_of(message))[1] for message in letters}

    answers: dict[str, list] = {}

    def focal_point(index: int, address: str, link: str) -> None:
        name = address.split("@")[0].removeprefix("focal.").upper()
        try:
            answers[address] = reply_through(apps[index % 2], link, name)
        except Exception as error:  # reported below, with the address
            answers[address] = [repr(error)]

    threads = [
        threading.Thread(target=focal_point, args=(i, *item))
        for i, item in enumerate(links.items())
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    problems = {a: r for a, r in answers.items() if r != [200, 302, 302, 302]}
    assert not problems and len(answers) == FOCAL_POINTS, problems

    def all_done():
        tasks = DBTaskResult.objects.all()
        return tasks.count() == 1 + FOCAL_POINTS and not tasks.exclude(status="SUCCESSFUL")

    wait_for("every receipt", all_done, timeout=60, processes=processes)

    # Every reply stored, through either app.
    recipients = request.recipients.all()
    assert Counter(r.status for r in recipients) == {RecipientStatus.SUBMITTED: FOCAL_POINTS}
    assert ContributionVersion.objects.filter(contribution__recipient__in=recipients).count() == (
        FOCAL_POINTS
    )
    # Every task run once, by one worker; both workers took tasks.
    runs = [task.worker_ids for task in DBTaskResult.objects.all()]
    assert all(len(ids) == 1 for ids in runs), runs
    assert {worker.owner_of(ids[0]).pid for ids in runs} == {w.pid for w in workers}
    # Every email once: a letter and a receipt to each focal point.
    sent = emails_in(mail)
    assert Counter(message["To"] for message in sent) == dict.fromkeys(links, 2)
    assert len({(message["To"], message["Subject"]) for message in sent}) == 2 * FOCAL_POINTS
    keys = Counter(key.split(":")[0] for key in SentEmail.objects.values_list("key", flat=True))
    assert keys == {"letter": FOCAL_POINTS, "receipt": FOCAL_POINTS}
