"""humsec restore FILE: put back what `humsec backup` wrote, into an empty database."""

from django.core.management.base import BaseCommand, CommandError

from humsec.backup import archive


class Command(BaseCommand):
    help = (
        "Restore the database and the uploaded files from an archive made by `humsec backup`. "
        "Refuses a database that holds data, unless --force, which replaces it."
    )
    requires_system_checks = []  # the database may not have its tables yet

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive made by `humsec backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the data already in the database (uploaded files of the same name "
            "are overwritten; other files are left)",
        )

    def handle(self, *args, **options):
        try:
            summary = archive.restore(options["file"], force=options["force"])
        except archive.BackupError as error:
            raise CommandError(str(error)) from None
        for note in summary.notes:
            self.stderr.write(self.style.WARNING(note))
        self.stdout.write(
            f"Restored {summary.rows} rows ({summary.method}) and {summary.files} uploaded "
            f"files from {options['file']}."
        )
