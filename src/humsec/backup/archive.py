"""One archive (tar.gz) holding the database, the uploaded files and a manifest.

    manifest.json        what the archive holds: format, method, migrations, row counts,
                         and the SHA-256 of every file below
    database.sqlite3     SQLite, copied with the online backup API (method "sqlite")
    database.pgdump      PostgreSQL, pg_dump's custom format (method "pg_dump")
    database.json        any database, Django's dumpdata with natural keys (method "json")
    media/...            MEDIA_ROOT: the files participants uploaded

The method by default follows the database: "sqlite" for SQLite, "pg_dump" for
PostgreSQL when pg_dump is installed (else "json"). "json" moves data between kinds of
database (SQLite to PostgreSQL and back); the others restore only into their own kind.

A restore goes only into an empty database (nothing but what `migrate` makes: content
types, permissions, the role groups), unless forced, and checks what it restored against
the manifest's counts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings

import humsec

FORMAT = "humsec-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
METHODS = ("sqlite", "pg_dump", "json")
DATABASE_FILES = {
    "sqlite": "database.sqlite3",
    "pg_dump": "database.pgdump",
    "json": "database.json",
}
# Not in an app-level dump: `migrate` makes content types and permissions again (the dump
# names them by natural key), sessions and sign-in attempts are passing state.
NOT_DUMPED = ("contenttypes", "auth.permission", "sessions", "axes")
# What an empty database may hold: what `migrate` makes, including the role groups.
MADE_BY_MIGRATE = ("auth.group",)
SQLITE_BACKUP_SECONDS = 120


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


# Which rows count ---------------------------------------------------------------------


def _excluded(model, names) -> bool:
    return model._meta.app_label in names or model._meta.label_lower in names


def data_models(ignore=()) -> list:
    """The models whose rows a backup carries, in a stable order."""
    return sorted(
        (
            model
            for model in apps.get_models()
            if model._meta.managed
            and not model._meta.proxy
            and not _excluded(model, NOT_DUMPED + tuple(ignore))
        ),
        key=lambda model: model._meta.label_lower,
    )


def _tables(using: str) -> set[str]:
    connection = connections[using]
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def live_counts(using: str = DEFAULT_DB_ALIAS, ignore=()) -> dict[str, int]:
    """Rows per model in the database, for the models whose table exists."""
    tables = _tables(using)
    return {
        model._meta.label_lower: model._base_manager.using(using).count()
        for model in data_models(ignore)
        if model._meta.db_table in tables
    }


def what_is_there(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """The data that makes a database not empty: {model: rows}, empty if there is none."""
    return {
        label: count for label, count in live_counts(using, ignore=MADE_BY_MIGRATE).items() if count
    }


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


# Backup ---------------------------------------------------------------------------------


def choose_method(method: str, vendor: str) -> str:
    if method != "auto":
        if method == "sqlite" and vendor != "sqlite":
            raise BackupError(f"--method sqlite needs an SQLite database; this one is {vendor}.")
        if method == "pg_dump" and vendor != "postgresql":
            raise BackupError(
                f"--method pg_dump needs a PostgreSQL database; this one is {vendor}."
            )
        return method
    if vendor == "sqlite":
        return "sqlite"
    if vendor == "postgresql" and shutil.which("pg_dump"):
        return "pg_dump"
    return "json"


def _sqlite_copy(using: str, target: Path) -> None:
    """The SQLite online backup: a consistent copy while the site keeps running."""
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("An SQLite backup cannot run inside a transaction.")
    connection.ensure_connection()
    deadline = time.monotonic() + SQLITE_BACKUP_SECONDS

    def progress(status, remaining, total):
        if time.monotonic() > deadline:
            raise BackupError(
                f"The database stayed locked for {SQLITE_BACKUP_SECONDS} s; try again."
            )

    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination, pages=256, progress=progress)
    finally:
        destination.close()


def _sqlite_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as copy:
        tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master")}
        return {
            model._meta.label_lower: copy.execute(
                f'SELECT COUNT(*) FROM "{model._meta.db_table}"'
            ).fetchone()[0]
            for model in data_models()
            if model._meta.db_table in tables
        }


def _pg_environment(using: str) -> dict[str, str]:
    """libpq's variables for the database, so that the password is not on a command line."""
    config = connections[using].settings_dict
    options = config.get("OPTIONS") or {}
    values = {
        "PGHOST": config.get("HOST"),
        "PGPORT": config.get("PORT"),
        "PGUSER": config.get("USER"),
        "PGPASSWORD": config.get("PASSWORD"),
        "PGDATABASE": config.get("NAME"),
        "PGSSLMODE": options.get("sslmode"),
    }
    return {**os.environ, **{name: str(value) for name, value in values.items() if value}}


def _run(command: list[str], using: str) -> None:
    result = subprocess.run(
        command, env=_pg_environment(using), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip() or result.returncode}")


def _pg_dump(using: str, target: Path) -> None:
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "-f", str(target)], using)


def _json_dump(using: str, target: Path) -> dict[str, int]:
    """Every app's rows (auth, history, audit included), with natural keys for what
    `migrate` makes again (content types, permissions) and for users; primary keys kept."""
    call_command(
        "dumpdata",
        exclude=list(NOT_DUMPED),
        natural_foreign=True,
        use_base_manager=True,
        database=using,
        output=str(target),
        verbosity=0,
    )
    counts: dict[str, int] = {}
    with open(target, encoding="utf-8") as dump:
        for row in json.load(dump):
            counts[row["model"]] = counts.get(row["model"], 0) + 1
    return counts


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _media_files(root: Path) -> list[tuple[str, Path]]:
    if not root.is_dir():
        return []
    found = []
    for folder, _dirs, names in os.walk(root):
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append((f"{MEDIA}/{path.relative_to(root).as_posix()}", path))
    return sorted(found)


@dataclass
class Summary:
    method: str
    rows: int
    files: int
    notes: list[str] = field(default_factory=list)


def backup(path: Path, method: str = "auto", using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Write the archive to `path` (through a temporary file, then renamed)."""
    path = Path(path)
    connection = connections[using]
    requested, method = method, choose_method(method, connection.vendor)
    notes: list[str] = []
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="humsec-backup-") as work:
        database = Path(work) / DATABASE_FILES[method]
        exact = True
        if method == "pg_dump":
            try:
                _pg_dump(using, database)
                counts = live_counts(using)
                exact = False  # counted beside the dump, not inside its snapshot
            except (BackupError, OSError) as error:
                if requested != "auto":
                    raise BackupError(f"pg_dump did not work: {error}") from None
                # pg_dump may be older than the server, which it refuses.
                notes.append(f"pg_dump did not work ({error}); made an app-level dump instead.")
                method = "json"
                database = Path(work) / DATABASE_FILES[method]
        if method == "sqlite":
            _sqlite_copy(using, database)
            counts = _sqlite_counts(database)
        elif method == "json":
            counts = _json_dump(using, database)
        members = [(DATABASE_FILES[method], database), *_media_files(media_root)]
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "humsec_version": humsec.__version__,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": {
                "vendor": connection.vendor,
                "method": method,
                "file": DATABASE_FILES[method],
            },
            "migrations": applied_migrations(using),
            "counts": counts,
            "counts_exact": exact,
            "files": {name: _sha256(source) for name, source in members},
            "notes": notes,
        }
        partial = path.with_name(path.name + ".partial")
        path.parent.mkdir(parents=True, exist_ok=True)
        # Backups hold password hashes and every draft: readable by the owner only.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                data = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
                tar.addfile(info, io.BytesIO(data))
                for name, source in members:
                    tar.add(source, arcname=name, recursive=False)
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return Summary(method, sum(counts.values()), len(members) - 1, notes)


# Restore --------------------------------------------------------------------------------


def read_manifest(tar: tarfile.TarFile) -> dict:
    first = tar.next()
    if first is None or first.name != MANIFEST:
        raise BackupError("This is not a humsec backup: it does not start with manifest.json.")
    manifest = json.load(tar.extractfile(first))
    if manifest.get("format") != FORMAT:
        raise BackupError("This is not a humsec backup: its manifest names another format.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"This backup is in format version {manifest.get('format_version')}; "
            f"this humsec reads version {FORMAT_VERSION}."
        )
    if manifest["database"]["method"] not in METHODS:
        raise BackupError(f"Unknown backup method {manifest['database']['method']!r}.")
    return manifest


def _check_migrations(manifest: dict, using: str) -> None:
    loader = MigrationLoader(connections[using], ignore_no_migrations=True)
    known = {f"{app}.{name}" for app, name in loader.disk_migrations}
    unknown = sorted(set(manifest["migrations"]) - known)
    if unknown:
        raise BackupError(
            "This backup was made by a newer humsec: these migrations are unknown here: "
            + ", ".join(unknown[:5])
            + (" …" if len(unknown) > 5 else "")
            + ". Install that version, then restore."
        )


def _check_kind(manifest: dict, using: str) -> None:
    """A database copy (sqlite, pg_dump) goes back only into its own kind of database."""
    method = manifest["database"]["method"]
    vendor = connections[using].vendor
    needs = {"sqlite": "sqlite", "pg_dump": "postgresql"}.get(method)
    if needs is not None and vendor != needs:
        raise BackupError(
            f"This backup holds a {manifest['database']['vendor']} database ({method}) and "
            f"this installation uses {vendor}. To move between kinds of database, make the "
            f"backup with --method json."
        )


def _media_target(root: Path, name: str) -> Path:
    relative = PurePosixPath(name).relative_to(MEDIA)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise BackupError(f"Refused a file outside the uploads folder: {name!r}.")
    target = root.joinpath(*relative.parts)
    if not target.resolve().is_relative_to(root.resolve()):
        raise BackupError(f"Refused a file outside the uploads folder: {name!r}.")
    return target


def _copy_member(tar: tarfile.TarFile, member: tarfile.TarInfo, target: Path, expected: str):
    if not member.isfile():
        raise BackupError(f"Refused {member.name!r}: not a plain file.")
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    partial = target.with_name(target.name + ".partial")
    with tar.extractfile(member) as source, open(partial, "wb") as output:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
            output.write(block)
    if digest.hexdigest() != expected:
        partial.unlink()
        raise BackupError(f"{member.name} is damaged: its checksum differs from the manifest's.")
    os.replace(partial, target)


def _restore_sqlite(source: Path, using: str) -> None:
    connection = connections[using]
    connection.close()
    copy = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    target = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        copy.backup(target)  # replaces everything in the target database
    finally:
        copy.close()
        target.close()


def _restore_pg_dump(source: Path, using: str) -> None:
    connection = connections[using]
    if not shutil.which("pg_restore"):
        raise BackupError(
            "pg_restore is not installed (Debian: apt-get install postgresql-client)."
        )
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
    if _tables(using):
        command += ["--clean", "--if-exists"]  # what migrate made; data was checked empty
    connection.close()
    _run(
        [*command, "--single-transaction", "-d", connection.settings_dict["NAME"], str(source)],
        using,
    )


def _restore_json(source: Path, using: str, force: bool) -> None:
    from django.contrib.auth.models import Group

    call_command("migrate", database=using, interactive=False, verbosity=0)
    if force:
        call_command("flush", database=using, interactive=False, verbosity=0)
    # The role groups come back from the dump with their own keys.
    Group.objects.using(using).all().delete()
    # The history comes from the dump: loading must not write history of its own (setting
    # an initiative's themes would otherwise add a "~" record).
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        call_command("loaddata", str(source), database=using, verbosity=0)


def restore(path: Path, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> Summary:
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(path, mode="r:gz") as tar, tempfile.TemporaryDirectory() as work:
        manifest = read_manifest(tar)
        _check_kind(manifest, using)
        _check_migrations(manifest, using)
        present = what_is_there(using)
        if present and not force:
            listed = ", ".join(f"{count} {label}" for label, count in list(present.items())[:4])
            raise BackupError(
                f"The database is not empty ({listed}…). Restore into an empty database, "
                f"or give --force to replace everything in it."
            )
        method, expected = manifest["database"]["method"], manifest["files"]
        database: Path | None = None
        files = 0
        for member in tar:
            if member.name == MANIFEST:
                continue
            if member.name not in expected:
                raise BackupError(f"Refused {member.name!r}: the manifest does not list it.")
            if member.name == manifest["database"]["file"]:
                database = Path(work) / member.name
                _copy_member(tar, member, database, expected[member.name])
            else:
                _copy_member(
                    tar, member, _media_target(media_root, member.name), expected[member.name]
                )
                files += 1
        if database is None:
            raise BackupError("The backup holds no database.")
        if method == "sqlite":
            _restore_sqlite(database, using)
        elif method == "pg_dump":
            _restore_pg_dump(database, using)
        else:
            _restore_json(database, using, force)
    # Bring an older backup's tables up to this version (and make the cache table).
    call_command("migrate", database=using, interactive=False, verbosity=0)
    notes = []
    counts = live_counts(using)
    differ = {
        label: (count, counts.get(label, 0))
        for label, count in manifest["counts"].items()
        if counts.get(label, 0) != count
    }
    if differ:
        listed = ", ".join(f"{label} {a} → {b}" for label, (a, b) in list(differ.items())[:5])
        if manifest.get("counts_exact", True):
            raise BackupError(f"The restored rows differ from the backup's: {listed}.")
        notes.append(f"Rows differ from those counted at backup time: {listed}.")
    return Summary(method, sum(counts.values()), files, notes)
