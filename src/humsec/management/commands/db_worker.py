"""`humsec db_worker`: django-tasks-db's worker, with a worker id that names its machine
and process, and which first requeues the tasks of this machine's dead workers (see
humsec/worker.py)."""

from django_tasks_db.management.commands import db_worker

from humsec.worker import new_worker_id, requeue_abandoned


class Command(db_worker.Command):
    help = (
        "Run the background worker. On start, the tasks that a dead worker of this machine "
        "left running are queued again."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=new_worker_id())

    def handle(self, *args, **options):
        requeued = requeue_abandoned()
        if requeued and options["verbosity"]:
            self.stderr.write(f"Queued again {len(requeued)} task(s) left by a dead worker.")
        super().handle(*args, **options)
