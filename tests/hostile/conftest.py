"""What the hostile-input tests share: the hypothesis profile, a watchdog around each
call, and a reply that is open for changes, reached through its personal link.

The profile is reproducible (derandomize: the same examples on every run and machine)
and keeps no example database, so a run never depends on an earlier one. Each test
draws a few dozen examples; the whole folder runs in well under a minute.
"""

from __future__ import annotations

import datetime as dt
import faulthandler
import signal
import time
from contextlib import contextmanager

import pytest
from django.test import Client
from hypothesis import HealthCheck, Phase, settings
from tests.builders import a_request

from humsec.outreach import links
from humsec.outreach.models import Recipient

# A page or an upload must answer within this; the watchdog stops a call well after it.
DEADLINE = dt.timedelta(seconds=2)
WATCHDOG_SECONDS = 10

settings.register_profile(
    "hostile",
    max_examples=40,
    deadline=DEADLINE,
    derandomize=True,
    database=None,
    print_blob=False,
    # No "explain" phase: it traces every line of a failing example, which makes a page
    # that renders in 50 ms take a minute and trips the watchdog.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    # Fixtures (the database, a browser) are set up once per test, not per example:
    # every example runs in the same transaction, which is what these tests want.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile("hostile")


class Hang(AssertionError):
    """A call took longer than the watchdog allows."""


@contextmanager
def _watch(seconds: float = WATCHDOG_SECONDS):
    """Fail a call that hangs. Python code is interrupted by a timer signal; a hang in
    compiled code (a parser, a regular expression engine) never returns to Python, so
    after a grace period faulthandler prints every thread's stack and ends the run."""
    started = time.monotonic()

    def interrupt(signum, frame):
        raise Hang(f"no answer after {time.monotonic() - started:.1f} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    faulthandler.dump_traceback_later(seconds * 3, exit=True)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def watchdog():
    """`with watchdog():` around a call; `watchdog(seconds=2)` for a tighter limit."""
    return _watch


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def thailand(personas) -> Recipient:
    """Thailand's place in a request that was sent; its link works for sixty days."""
    request = a_request("Thailand", actor=personas.secretariat)
    return request.recipients.select_related("participant", "request").get()


@pytest.fixture
def browser(thailand) -> Client:
    """A browser that opened Thailand's reply through the link in the email."""
    client = Client()
    response = client.post(f"/r/{links.issue(thailand)}/")
    assert response.status_code == 302
    return client
