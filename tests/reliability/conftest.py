"""What the reliability tests share: the database seen from other processes, processes
that are always stopped, the emails they write, and focal points with a request."""

from __future__ import annotations

import email
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from email.policy import default as default_policy
from pathlib import Path

import pytest
from django.db import connection

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def on_postgresql() -> bool:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


# Threads and processes that really run at once need a database server; SQLite's
# in-memory test database is seen by this process only.
postgresql_only = [
    pytest.mark.postgresql,
    pytest.mark.skipif(
        not on_postgresql(),
        reason="needs PostgreSQL: set DATABASE_URL=postgres://... (the suite runs on SQLite)",
    ),
]


# The test database, seen from other processes --------------------------------------------


class SharedDatabase:
    """The test database as a URL other processes can open. On PostgreSQL it is the test
    database itself. On SQLite it is in memory, so it is copied to a file for the other
    processes (export) and copied back when they are done (load)."""

    def __init__(self, folder: Path):
        self.file = folder / "shared.sqlite3"

    @property
    def url(self) -> str:
        config = connection.settings_dict
        if connection.vendor == "sqlite":
            return f"sqlite:///{self.file}"
        password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
        return (
            f"postgresql://{config['USER']}{password}@{config['HOST'] or 'localhost'}:"
            f"{config['PORT'] or 5432}/{config['NAME']}"
        )

    def export(self) -> None:
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(self.file) as target:
                connection.connection.backup(target)

    def load(self) -> None:
        if connection.vendor == "sqlite":
            with sqlite3.connect(self.file) as source:
                source.backup(connection.connection)


@pytest.fixture
def demo_data(transactional_db, demo_restored, django_db_blocker):
    """For transactional tests: an earlier one emptied every table when it ended; load
    the reference data and the demo again if so."""
    from django.core.management import call_command

    from humsec.meetings.models import Meeting

    if not Meeting.objects.filter(number=2).exists():
        call_command("loadreference", verbosity=0)
        call_command("loaddemo", verbosity=0)


@pytest.fixture
def shared_database(tmp_path) -> SharedDatabase:
    return SharedDatabase(tmp_path)


# Other processes ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Processes:
    """Processes started for one test; every one is killed when the test ends, whatever
    happened."""

    env: dict[str, str]
    logs: Path
    started: list[subprocess.Popen]

    def start(self, name: str, *args: str, **env: str) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            args,
            env={**self.env, **env},
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # gunicorn's workers go with it
        )
        process.log = log
        process.name = name
        self.started.append(process)
        return process

    def humsec(self, name: str, *args: str, **env: str) -> subprocess.Popen:
        return self.start(name, sys.executable, "-m", "humsec.cli", *args, **env)

    def log_of(self, process: subprocess.Popen) -> str:
        process.log.flush()
        return (self.logs / f"{process.name}.log").read_text()

    def kill(self, process: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
        if process.poll() is None:
            os.killpg(process.pid, sig)
        process.wait(timeout=30)
        process.log.close()

    def stop_all(self) -> None:
        for process in self.started:
            try:
                self.kill(process)
            except ProcessLookupError:
                process.wait(timeout=30)


@pytest.fixture
def processes(tmp_path, shared_database):
    """Start humsec processes on the shared test database, with emails written as files
    under tmp_path/mail, and the database task queue."""
    mail = tmp_path / "mail"
    mail.mkdir()
    logs = tmp_path / "logs"
    logs.mkdir()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "PYTHONPATH": str(HERE),
        "DJANGO_SETTINGS_MODULE": "reliability_settings",
        "HUMSEC_DATA_DIR": str(tmp_path / "data"),
        "DATABASE_URL": shared_database.url,
        "EMAIL_URL": f"file://{mail}",
        "TASKS_BACKEND": "database",
        "HUMSEC_BASE_URL": "http://testserver",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    started = Processes(env, logs, [])
    yield started
    started.stop_all()


def wait_for(what: str, condition, timeout: float = 30, processes: Processes | None = None):
    """Poll until condition() is true; fail saying what was awaited (and the logs)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    logs = ""
    if processes is not None:
        logs = "\n".join(f"--- {p.name}\n{processes.log_of(p)}" for p in processes.started)
    pytest.fail(f"Waited {timeout} s for {what}.\n{logs}")


# Emails written by the file backend ----------------------------------------------------


def emails_in(folder: Path) -> list[email.message.EmailMessage]:
    """Every email the file backend wrote: one file each, ending with a line of dashes."""
    found = []
    for path in sorted(folder.glob("*.log")):
        for part in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if part.strip():
                found.append(email.message_from_bytes(part, policy=default_policy))
    return found


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


# Focal points and a request ----------------------------------------------------------------


def member_states(count: int) -> list:
    """The first Member States of today, by name."""
    from django.utils import timezone

    from humsec.roster.models import Participant

    members = list(Participant.objects.members_on(timezone.localdate()).order_by("short_name"))
    assert len(members) >= count
    return members[:count]


def a_request(participants: list, with_focal_points: bool = True):
    """A request of today to these participants, each with one focal point (focal.<code>@
    example.org), not yet sent; its links work for sixty days."""
    from tests import builders

    from humsec.roster.models import FocalPoint

    if with_focal_points:
        FocalPoint.objects.bulk_create(
            FocalPoint(
                participant=participant,
                name=f"Focal point of {participant.short_name}",
                email=f"focal.{participant.code.lower()}@example.org",
            )
            for participant in participants
        )
    return builders.a_request(participants, sent=False)


@pytest.fixture
def database_queue(settings):
    """Tasks wait in the database until a worker runs them, as in production."""
    from django_tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert type(task_backends["default"]).__name__ == "DatabaseBackend"
