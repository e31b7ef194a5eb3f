"""Tasks whose worker died: found and put back in the queue.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again.
If that worker is killed (out of memory, SIGKILL, the machine restarted) the task stays
RUNNING for ever: no worker takes it, and the rest of its work (the letters not yet sent)
is never done. Every humsec task may run again safely, because every email goes by its
key (outreach/emails.py), so humsec puts such tasks back in the queue.

To tell a dead worker from a busy one, a worker's id names its machine and its process,
"host:pid:random". When `humsec db_worker` starts, it requeues the running tasks of the
workers of its own machine whose process is gone (or is now another process with the
same number). A task of a machine that is gone for good is requeued by hand with
`humsec requeue_tasks --host NAME`.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from django.utils.crypto import get_random_string

logger = logging.getLogger("humsec.worker")

# /proc gives a process's start in clock ticks after boot, and the boot in whole seconds:
# a start time read from it may be off by up to a second.
START_TOLERANCE = dt.timedelta(seconds=2)


def host_name() -> str:
    return socket.gethostname()[:40] or "localhost"


def new_worker_id() -> str:
    """host:pid:random, at most 57 characters (django-tasks-db allows 64)."""
    return f"{host_name()}:{os.getpid()}:{get_random_string(8)}"


@dataclass(frozen=True)
class Owner:
    host: str
    pid: int


def owner_of(worker_id: str) -> Owner | None:
    """The machine and process a worker id names; None for an id of another form (one
    given with --worker-id)."""
    parts = worker_id.rsplit(":", 2)
    if len(parts) != 3 or not parts[1].isdigit() or not parts[0]:
        return None
    return Owner(parts[0], int(parts[1]))


def _boot_time() -> dt.datetime | None:
    try:
        for line in Path("/proc/stat").read_text().splitlines():
            if line.startswith("btime "):
                return dt.datetime.fromtimestamp(int(line.split()[1]), dt.UTC)
    except OSError:
        return None
    return None


def process_started_at(pid: int) -> dt.datetime | None:
    """When the process with this number started; None if there is no such process or it
    has ended and waits to be reaped (a zombie). Where /proc is missing, a living process
    counts as started at the earliest possible time."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None
    except OSError:
        stat = None
    if stat is not None:
        # The command name (field 2) may hold spaces; the fields after it are plain.
        fields = stat.rsplit(")", 1)[1].split()
        boot = _boot_time()
        if fields[0] in {"Z", "X"}:
            return None
        if boot is not None:
            return boot + dt.timedelta(seconds=int(fields[19]) / os.sysconf("SC_CLK_TCK"))
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # it exists, under another user
    return dt.datetime.min.replace(tzinfo=dt.UTC)


def worker_is_gone(owner: Owner, claimed_at: dt.datetime | None) -> bool:
    """Whether the worker that claimed a task at claimed_at, on this machine, is gone: no
    process has its number any more, or the process that has it started after the claim
    (the number was reused, as after a restart)."""
    if owner.pid == os.getpid():
        return True  # this process has just started and has claimed nothing yet
    started = process_started_at(owner.pid)
    if started is None:
        return True
    return claimed_at is not None and started > claimed_at + START_TOLERANCE


def requeue_abandoned(host: str | None = None) -> list[str]:
    """Put back in the queue the running tasks whose worker is gone. Without a host, the
    tasks of this machine's dead workers; with one, every running task of that machine,
    which the operator says is gone. Returns the ids of the tasks requeued."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    here = host is None
    host = host or host_name()
    requeued = []
    running = DBTaskResult.objects.running()
    with exclusive_transaction(running.db):
        # Skip rows another starting worker is looking at: it requeues those.
        for task in running.select_for_update(skip_locked=True):
            owner = owner_of(task.worker_ids[-1]) if task.worker_ids else None
            if owner is None or owner.host != host:
                continue
            if here and not worker_is_gone(owner, task.started_at):
                continue
            task.status = TaskResultStatus.READY
            task.save(update_fields=["status"])
            requeued.append(str(task.id))
            logger.warning(
                "Task %s (%s) was left running by worker %s, which is gone: queued again.",
                task.id,
                task.task_path,
                task.worker_ids[-1],
            )
    return requeued
