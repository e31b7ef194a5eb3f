"""The `humsec` command: Django's manage with humsec's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "humsec.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    # SQLite needs its folder; create it here rather than when settings are imported.
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and database["NAME"] != ":memory:":
        os.makedirs(os.path.dirname(str(database["NAME"])), exist_ok=True)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
