from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from humsec.demo.loader import DEMO_FILE, read_demo, write_demo
from humsec.loading import LoadError


class Command(BaseCommand):
    help = (
        "Load the demo: the meetings of the Friends of Human Security and the initiatives "
        "reported at them. Needs the reference data (loadreference). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path, default=DEMO_FILE, help="a demo file")

    def handle(self, *args, file, **options):
        try:
            demo = read_demo(file)
        except LoadError as error:
            raise CommandError(str(error)) from None
        counts = write_demo(demo)
        if options["verbosity"]:
            summary = ", ".join(f"{n} {what}" for what, n in counts.items())
            self.stdout.write(f"Demo loaded: {summary}")
