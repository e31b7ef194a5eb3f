"""How fast the public lists answer as initiatives grow: pages and API, on SQLite.

Run with `make bench`. Prints one row per size: the median of five requests each.
"""

import os
import statistics
import sys
import tempfile
import time

os.environ["HUMSEC_DATA_DIR"] = tempfile.mkdtemp(prefix="humsec-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "humsec.settings")
os.environ["DATABASE_URL"] = ""

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from humsec.dates import PartialDate  # noqa: E402
from humsec.initiatives.models import Initiative, Status, Theme  # noqa: E402
from humsec.roster.models import Participant  # noqa: E402

SIZES = [int(n) for n in sys.argv[1:]] or [1_000, 5_000, 20_000]
URLS = {
    "page /initiatives/?timeframe=planned": "/initiatives/?timeframe=planned&on=2007-04-20",
    "page /initiatives/?theme=…": "/initiatives/?theme=freedom-from-fear",
    "api initiatives page_size=500": "/api/v1/initiatives?page_size=500&on=2007-04-20",
    "api participants member_on": "/api/v1/participants?kind=member_state&member_on=2007-04-20",
}


def grow_to(total: int) -> None:
    states = list(Participant.objects.states())
    themes = list(Theme.objects.all())
    have = Initiative.objects.count()
    batch = []
    for n in range(have, total):
        record = Initiative(
            title=f"Initiative {n}",
            kind="workshop" if n % 3 else "programme",
            reported_by=states[n % len(states)],
            status=Status.ACCEPTED,
        )
        record.set_dates(PartialDate(2000 + n % 20, 1 + n % 12), None)
        batch.append(record)
    created = Initiative.objects.bulk_create(batch, batch_size=2000)
    through = Initiative.themes.through
    through.objects.bulk_create(
        [through(initiative_id=i.pk, theme_id=themes[i.pk % len(themes)].pk) for i in created],
        batch_size=5000,
    )


def median_ms(client: Client, url: str) -> float:
    times = []
    for _ in range(5):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("loadreference", verbosity=0)
    call_command("loaddemo", verbosity=0)
    client = Client()
    print(f"{'initiatives':>12} | " + " | ".join(f"{name:>36}" for name in URLS))
    for size in SIZES:
        grow_to(size)
        row = [f"{median_ms(client, url):33.1f} ms" for url in URLS.values()]
        print(f"{size:>12} | " + " | ".join(row))


if __name__ == "__main__":
    main()
