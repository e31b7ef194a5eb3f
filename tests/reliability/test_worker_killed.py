"""A worker killed in the middle of a task sends no email twice, and the next worker
finishes the task.

django-tasks-db leaves the task of a killed worker RUNNING for ever (it only takes READY
tasks); `humsec db_worker` puts such tasks back in the queue when it starts
(humsec/worker.py). Every email goes by its key (SentEmail), so the task runs again from
the start without sending anything twice. Runs on SQLite (the test database copied to a
file for the workers) and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from tests.reliability.conftest import a_request, emails_in, member_states, wait_for

from humsec import worker
from humsec.outreach import actions, tasks
from humsec.outreach.models import RecipientStatus, SentEmail

pytestmark = pytest.mark.django_db

WORKER = ("db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("demo_data")
def test_a_worker_killed_mid_task_sends_no_email_twice_and_the_next_one_finishes_the_task(
    database_queue, shared_database, processes, tmp_path
):
    request = a_request(member_states(5))
    actions.send_request(request)
    shared_database.export()
    mail = tmp_path / "mail"

    # The first worker hangs inside its second email, once the email is written, and is
    # killed there: the email went, its record does not say so yet.
    first = processes.humsec("first-worker", *WORKER, HUMSEC_TEST_MAIL_HANG_AFTER="2")
    wait_for("the second letter", (mail / "hanging").exists, timeout=60, processes=processes)
    processes.kill(first)
    (mail / "hanging").unlink()

    shared_database.load()
    (task,) = DBTaskResult.objects.all()
    assert task.status == "RUNNING"  # and would stay so with django-tasks-db alone
    assert SentEmail.objects.count() == 2
    assert SentEmail.objects.filter(sent_at=None).count() == 1  # the one being sent
    shared_database.export()

    second = processes.humsec("second-worker", *WORKER, "--batch")
    assert second.wait(timeout=120) == 0, processes.log_of(second)
    assert "Queued again 1 task(s) left by a dead worker." in processes.log_of(second)

    shared_database.load()
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert len(set(task.worker_ids)) == 2  # the killed worker, then the second
    addresses = Counter(message["To"] for message in emails_in(mail))
    assert addresses == {f"focal.{p.code.lower()}@example.org": 1 for p in member_states(5)}
    recipients = request.recipients.all()
    assert {r.status for r in recipients} == {RecipientStatus.SENT}
    assert sorted(SentEmail.objects.values_list("key", flat=True)) == sorted(
        f"letter:{r.pk}" for r in recipients
    )
    # The letter the killed worker was sending is the one whose sending is not
    # confirmed: the admin's list of sent emails shows it without a time.
    assert SentEmail.objects.filter(sent_at=None).count() == 1


# Which tasks are put back in the queue ------------------------------------------------------


def a_dead_pid() -> int:
    finished = subprocess.Popen(["true"])
    finished.wait()
    return finished.pid


def running_task(worker_id: str, claimed_at: dt.datetime | None = None) -> DBTaskResult:
    result = tasks.send_due_reminders.using(backend="default").enqueue()
    task = DBTaskResult.objects.get(pk=result.id)
    task.claim(worker_id)
    if claimed_at is not None:
        task.started_at = claimed_at
        task.save(update_fields=["started_at"])
    return task


def status_of(task: DBTaskResult) -> str:
    task.refresh_from_db()
    return task.status


def test_django_tasks_db_alone_never_takes_a_task_whose_worker_died(database_queue):
    task = running_task(f"{worker.host_name()}:{a_dead_pid()}:abcdefgh")

    assert not DBTaskResult.objects.ready().filter(pk=task.pk).exists()


def test_a_starting_worker_requeues_the_tasks_of_the_dead_workers_of_its_machine_only(
    database_queue,
):
    host = worker.host_name()
    parent = os.getppid()  # a living process, started before these tasks were claimed
    dead = running_task(f"{host}:{a_dead_pid()}:abcdefgh")
    busy = running_task(f"{host}:{parent}:abcdefgh")
    # The same number, but its process started after the claim: the number was reused.
    reused = running_task(
        f"{host}:{parent}:abcdefgh", claimed_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    )
    elsewhere = running_task(f"another-machine:{a_dead_pid()}:abcdefgh")
    named = running_task("a-worker-id-given-by-hand")

    requeued = worker.requeue_abandoned()

    assert sorted(requeued) == sorted([str(dead.pk), str(reused.pk)])
    assert [status_of(t) for t in (dead, busy, reused, elsewhere, named)] == [
        "READY",
        "RUNNING",
        "READY",
        "RUNNING",
        "RUNNING",
    ]


def test_requeue_tasks_with_a_host_requeues_every_running_task_of_that_machine(
    database_queue, capsys
):
    gone = running_task(f"another-machine:{os.getpid()}:abcdefgh")
    here = running_task(f"{worker.host_name()}:{os.getppid()}:abcdefgh")

    call_command("requeue_tasks", host="another-machine")

    assert (status_of(gone), status_of(here)) == ("READY", "RUNNING")
    assert capsys.readouterr().out.splitlines() == [
        f"Queued again: {gone.pk}",
        "1 task(s) queued again.",
    ]


def test_a_worker_id_names_its_machine_and_process_within_the_length_allowed():
    worker_id = worker.new_worker_id()

    assert len(worker_id) <= 64
    assert worker.owner_of(worker_id) == worker.Owner(worker.host_name(), os.getpid())
    assert worker.owner_of("d41d8cd98f00b204e9800998ecf8427e") is None


def test_a_process_that_has_ended_but_is_not_yet_reaped_counts_as_gone():
    zombie = subprocess.Popen(["true"])
    try:
        wait_for("the process to end", lambda: worker.process_started_at(zombie.pid) is None)
    finally:
        zombie.wait()
    assert worker.process_started_at(os.getpid()) <= timezone.now()
