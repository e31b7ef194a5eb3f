from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from humsec.initiatives import reference as themes
from humsec.loading import LoadError, Problems
from humsec.roster import reference as roster


class Command(BaseCommand):
    help = (
        "Load the reference data: Member States, observer States, organizations, their "
        "names over time and aliases, and the theme vocabulary. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--roster-dir", type=Path, default=roster.REFERENCE_DIR, help="folder of roster CSVs"
        )
        parser.add_argument(
            "--themes-dir", type=Path, default=themes.REFERENCE_DIR, help="folder of themes.csv"
        )

    def handle(self, *args, roster_dir, themes_dir, **options):
        problems = Problems("reference data")
        try:
            tables = roster.read_roster(roster_dir, problems)
            theme_rows = themes.read_themes(themes_dir, problems)
            problems.raise_if_any()
        except (OSError, KeyError) as error:
            raise CommandError(f"reference data cannot be read: {error!r}") from None
        except LoadError as error:
            raise CommandError(str(error)) from None
        with transaction.atomic():
            counts = roster.write_roster(tables) | themes.write_themes(theme_rows)
        if options["verbosity"]:
            self.stdout.write(
                "Reference data loaded: " + ", ".join(f"{n} {what}" for what, n in counts.items())
            )
