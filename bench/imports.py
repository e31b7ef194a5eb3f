"""How long reading an uploaded initiatives template takes, by size and format.

Run with `make bench` (or `.venv/bin/python bench/imports.py`). A focal point's template
holds the participant's earlier initiatives and the new ones; the rows here are filled
like a real one (dates, city, country, lead, partners, themes), written by the template
writer the reply page offers and read back by the reader the upload uses. Each reading
is timed three times on a fresh SQLite database with the reference tables; the table
prints the median, and the time per row so that growth can be read.
"""

import os
import statistics
import tempfile
import time

WORK = tempfile.mkdtemp(prefix="humsec-bench-imports-")
os.environ["HUMSEC_DATA_DIR"] = WORK
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "humsec.settings")
os.environ["DATABASE_URL"] = ""
os.environ["LOG_LEVEL"] = "WARNING"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from humsec.outreach.imports.initiatives import read_initiatives  # noqa: E402
from humsec.outreach.imports.template import initiatives_template  # noqa: E402

SIZES = (100, 500, 1_000)  # an upload takes at most 1,000 rows
REPEATS = 3


def row(n: int) -> dict:
    return {
        "id": n,
        "title": f"Regional workshop on human security number {n}",
        "description": "Organized with the OSCE and the Human Security Network.",
        "kind": "workshop",
        "start": f"{2000 + n % 20}-{1 + n % 12:02d}",
        "end": "",
        "city": "Vienna",
        "country": "AUT",
        "lead": "AUT",
        "partners": "JPN; MEX",
        "themes": "human-security-concept; peacebuilding",
        "url": "https://www.example.org/",
        "language": "en",
    }


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("loadreference", verbosity=0)
    print(f"{'rows':>6} {'format':>6} {'file':>9} {'read (s)':>9} {'per row (ms)':>13}")
    for size in SIZES:
        rows = [row(n) for n in range(1, size + 1)]
        for fmt in ("xlsx", "csv"):
            data = initiatives_template(rows, fmt)
            times = []
            for _ in range(REPEATS):
                started = time.perf_counter()
                result = read_initiatives(data, fmt)
                times.append(time.perf_counter() - started)
            if not result.ok or len(result.rows) != size:
                raise SystemExit(f"{size} rows in {fmt}: read back wrong: {result.problems[:3]}")
            seconds = statistics.median(times)
            print(
                f"{size:>6} {fmt:>6} {len(data) // 1024:>7} KB {seconds:>9.2f} "
                f"{seconds / size * 1000:>13.2f}"
            )


if __name__ == "__main__":
    main()
