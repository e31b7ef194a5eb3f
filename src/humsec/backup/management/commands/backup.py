"""humsec backup FILE: the database and the uploaded files in one archive."""

from django.core.management.base import BaseCommand, CommandError

from humsec.backup import archive


class Command(BaseCommand):
    help = (
        "Write the database and the uploaded files (MEDIA_ROOT) to FILE, a tar.gz archive "
        "with a manifest. SQLite is copied with its online backup, PostgreSQL with pg_dump "
        "when installed; --method json makes an app-level dump that any database can take."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to write, e.g. humsec-2025-06-01.tar.gz")
        parser.add_argument(
            "--method",
            choices=["auto", *archive.METHODS],
            default="auto",
            help="how to copy the database (default: sqlite for SQLite, pg_dump for PostgreSQL)",
        )

    def handle(self, *args, **options):
        try:
            summary = archive.backup(options["file"], method=options["method"])
        except archive.BackupError as error:
            raise CommandError(str(error)) from None
        for note in summary.notes:
            self.stderr.write(self.style.WARNING(note))
        self.stdout.write(
            f"Backed up {summary.rows} rows ({summary.method}) and {summary.files} uploaded "
            f"files to {options['file']}."
        )
