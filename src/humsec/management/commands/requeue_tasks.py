"""`humsec requeue_tasks`: put back in the queue the tasks a dead worker left running.

`humsec db_worker` does this by itself for its own machine when it starts. Run this by
hand for a machine that is gone for good (--host NAME): every task its workers were
running is queued again. The tasks may run again safely (emails go by key)."""

from django.core.management.base import BaseCommand

from humsec.worker import host_name, requeue_abandoned


class Command(BaseCommand):
    help = "Queue again the tasks left running by dead workers (of this machine, or of --host)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--host",
            help="A machine that is gone: queue again every task its workers were running. "
            f"Without it, only the dead workers of this machine ({host_name()}) count.",
        )

    def handle(self, *args, host=None, **options):
        requeued = requeue_abandoned(host)
        for task_id in requeued:
            self.stdout.write(f"Queued again: {task_id}")
        self.stdout.write(f"{len(requeued)} task(s) queued again.")
