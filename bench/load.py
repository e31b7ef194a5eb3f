"""Replies under load: 1,000 focal points answer one request at once, through their
personal links, against gunicorn with several workers; then the database is checked
for every reply.

    .venv/bin/python bench/load.py                      # a fresh SQLite file
    .venv/bin/python bench/load.py --database postgres://postgres@127.0.0.1:5432/humsec_bench_load

The database is made afresh (PostgreSQL: dropped and created again): the reference data,
the 2007 demo, 1,000 organizations each with a focal point, and one request to all of
them, sent, with a personal link each. gunicorn serves humsec as in production (DEBUG
off, static files collected), over plain HTTP on 127.0.0.1. locust, used as a library,
runs 50 users at once; each takes the next link and does what a focal point does: opens
the link, opens the reply form (POST, with the page's CSRF token), loads the reply, saves
a draft and submits it. Printed: per step the requests, failures, median, 95th and 99th
percentile; the throughput; and the replies stored against those expected.

Run with `make bench` (locust is the bench extra). Not part of the test suite.
"""

from __future__ import annotations

# locust patches the standard library for gevent: it is imported before anything else.
import locust
from locust import HttpUser, events, task
from locust.env import Environment
from locust.exception import StopUser

# isort: split
import argparse
import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

import gevent

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
STEPS = ["open link", "open reply form", "reply page", "save draft", "submit"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REVISION = re.compile(r'name="revision" value="(\d+)"')


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="", help="DATABASE_URL; default a temp SQLite")
    parser.add_argument("--replies", type=int, default=1000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--workers", type=int, default=min(2 * (os.cpu_count() or 1) + 1, 9))
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    return parser.parse_args()


def environment(work: Path, database: str) -> dict[str, str]:
    """Production settings, over plain HTTP on 127.0.0.1, without the rate limits (every
    user comes from the same address) and with emails written to files."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "humsec.settings",
        "HUMSEC_DATA_DIR": str(work),
        "DATABASE_URL": database or f"sqlite:///{work / 'humsec.sqlite3'}",
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "HUMSEC_RATE_LOGIN": "0",
        "HUMSEC_RATE_LINKS": "0",
        "HUMSEC_RATE_API": "0",
        "EMAIL_URL": f"file://{work / 'mail'}",
        "TASKS_BACKEND": "immediate",
        "HUMSEC_BASE_URL": "http://127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }


def fresh_postgresql(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def prepare(count: int) -> tuple[list[str], int]:
    """The demo, `count` organizations with a focal point each, and a request to them all,
    sent: the tokens of their links, and the request's id."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from humsec.outreach import actions, links
    from humsec.outreach.models import Recipient, RecipientStatus
    from humsec.roster.models import FocalPoint, Kind, Participant

    for command in ("migrate", "loadreference", "loaddemo"):
        call_command(command, verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    organizations = Participant.objects.bulk_create(
        Participant(code=f"BENCH{n:04}", kind=Kind.OTHER, short_name=f"Bench organization {n}")
        for n in range(count)
    )
    FocalPoint.objects.bulk_create(
        FocalPoint(participant=p, name=f"Focal point {p.code}", email=f"{p.code}@example.org")
        for p in organizations
    )
    today = timezone.localdate()
    japan, mexico = Participant.objects.get(code="JPN"), Participant.objects.get(code="MEX")
    request = actions.create_request(
        title="Information on human security initiatives",
        letter_date=today,
        deadline=today + dt.timedelta(days=60),
        signatories=[
            actions.SignatoryData(japan, "Yukio Takasu", "Ambassador"),
            actions.SignatoryData(mexico, "Claude Heller", "Ambassador"),
        ],
        recipients=organizations,
    )
    # As if the letters had gone: each recipient sent, with one link (the letters
    # themselves are timed by bench/send_request.py).
    tokens = []
    for recipient in Recipient.objects.filter(request=request).select_related("participant"):
        actions.set_status(recipient, RecipientStatus.SENT)
        tokens.append(links.issue(recipient))
    return tokens, request.pk


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(env: dict[str, str], workers: int, port: int, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "humsec.wsgi",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--timeout=120",
        ],
        env=env,
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def wait_for(server: subprocess.Popen, port: int, log: Path) -> None:
    import requests

    for _ in range(300):
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped; see its log:\n{log.read_text()[-2000:]}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/", timeout=10).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.2)
    sys.exit("gunicorn did not answer within a minute.")


class FocalPointUser(HttpUser):
    """One focal point after another: each reply starts in a new browser (no cookies)."""

    tokens: deque[str] = deque()
    done: list[int] = []

    @task
    def reply(self) -> None:
        try:
            token = self.tokens.popleft()
        except IndexError:
            raise StopUser() from None
        self.client.cookies.clear()
        page = self.client.get(f"/r/{token}/", name="open link")
        csrf = CSRF.search(page.text)
        with self.client.post(
            f"/r/{token}/",
            {"csrfmiddlewaretoken": csrf[1] if csrf else ""},
            name="open reply form",
            allow_redirects=False,
            catch_response=True,
        ) as opened:
            if opened.status_code != 302:
                opened.failure(f"status {opened.status_code}")
                return
        reply_url = opened.headers["Location"]
        page = self.client.get(reply_url, name="reply page")
        csrf, revision = CSRF.search(page.text), REVISION.search(page.text)
        if not (csrf and revision):
            return
        draft = {
            "csrfmiddlewaretoken": csrf[1],
            "revision": revision[1],
            "title": "Initiatives in the area of human security",
            "reply_date": dt.date.today().isoformat(),
            "language": "en",
            "narrative_markdown": "## Past initiatives\n\n- A regional seminar\n- A project\n",
            "receipt_email": "",
        }
        for name, url, data in [
            ("save draft", f"{reply_url}save/", draft),
            ("submit", f"{reply_url}submit/", {"csrfmiddlewaretoken": csrf[1]}),
        ]:
            with self.client.post(
                url, data, name=name, allow_redirects=False, catch_response=True
            ) as response:
                if response.status_code != 302:
                    response.failure(f"status {response.status_code}")
                    return
        self.done.append(1)


def run_load(host: str, tokens: list[str], users: int) -> tuple[Environment, float]:
    FocalPointUser.host = host
    FocalPointUser.tokens = deque(tokens)
    FocalPointUser.done = []
    env = Environment(user_classes=[FocalPointUser], events=events)
    runner = env.create_local_runner()
    started = time.perf_counter()
    runner.start(users, spawn_rate=users)
    while FocalPointUser.tokens or runner.user_count:
        gevent.sleep(0.2)
    elapsed = time.perf_counter() - started
    runner.quit()
    return env, elapsed


def stored(request_id: int) -> dict[str, int]:
    from django.db import close_old_connections

    from humsec.outreach.models import ContributionVersion, Recipient, RecipientStatus

    close_old_connections()
    return {
        "submitted": Recipient.objects.filter(
            request_id=request_id, status=RecipientStatus.SUBMITTED
        ).count(),
        "versions": ContributionVersion.objects.filter(
            contribution__recipient__request_id=request_id, reason="submitted"
        ).count(),
    }


def report(env: Environment, elapsed: float, found: dict[str, int], expected: int, args) -> None:
    print(
        f"{expected} replies by {args.users} users, gunicorn {args.workers} workers, "
        f"{os.cpu_count()} CPUs, {os.environ['DATABASE_URL'].split(':')[0] or 'sqlite'}, "
        f"locust {locust.__version__}"
    )
    print(
        f"{'step':<16} | {'requests':>8} | {'failures':>8} | {'median ms':>9} | "
        f"{'p95 ms':>7} | {'p99 ms':>7}"
    )
    for step in STEPS:
        entry = env.stats.entries.get((step, "GET")) or env.stats.entries.get((step, "POST"))
        if entry is None:
            continue
        print(
            f"{step:<16} | {entry.num_requests:>8} | {entry.num_failures:>8} | "
            f"{entry.median_response_time:>9.0f} | "
            f"{entry.get_response_time_percentile(0.95):>7.0f} | "
            f"{entry.get_response_time_percentile(0.99):>7.0f}"
        )
    total = env.stats.total
    print(
        f"{'all':<16} | {total.num_requests:>8} | {total.num_failures:>8} | "
        f"{total.median_response_time:>9.0f} | {total.get_response_time_percentile(0.95):>7.0f}"
        f" | {total.get_response_time_percentile(0.99):>7.0f}"
    )
    print(
        f"{elapsed:.1f} s: {total.num_requests / elapsed:.0f} requests/s, "
        f"{found['submitted'] / elapsed:.1f} replies/s"
    )
    for error in list(env.stats.errors.values())[:5]:
        print(f"  {error.occurrences} x {error.method} {error.name}: {error.error}")
    print(
        f"Replies stored: {found['submitted']} of {expected} submitted, "
        f"{found['versions']} submitted versions."
    )


def main() -> None:
    args = arguments()
    work = Path(tempfile.mkdtemp(prefix="humsec-bench-load-"))
    env = environment(work, args.database)
    os.environ.update(env)
    if env["DATABASE_URL"].startswith(("postgres://", "postgresql://")):
        fresh_postgresql(env["DATABASE_URL"])
    server = None
    try:
        print(f"Preparing the database with {args.replies} links ...", flush=True)
        tokens, request_id = prepare(args.replies)
        from django.db import connections

        connections.close_all()
        port = args.port or free_port()
        server = serve(env, args.workers, port, work / "gunicorn.log")
        wait_for(server, port, work / "gunicorn.log")
        load, elapsed = run_load(f"http://127.0.0.1:{port}", tokens, args.users)
        found = stored(request_id)
        report(load, elapsed, found, args.replies, args)
        errors = re.findall(r"(?m)^.*(?:Error|Traceback).*$", (work / "gunicorn.log").read_text())
        if errors:
            print(f"gunicorn logged {len(errors)} error lines, the first: {errors[0]}")
        if found["submitted"] != args.replies or found["versions"] != args.replies:
            sys.exit("Replies were lost.")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        if os.environ.get("KEEP"):
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
