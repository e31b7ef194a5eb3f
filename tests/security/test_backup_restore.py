"""`humsec backup` and `humsec restore`: the demo, a request with replies and uploaded
files, backed up from the test database and restored, in another process, into a fresh
database under another HUMSEC_DATA_DIR, answer the API exactly as before; the files come
back byte for byte; a database that holds data is refused unless --force.

On SQLite the backup is made both ways (the online backup API and the app-level dump);
on PostgreSQL with the app-level dump (restored into SQLite) and with pg_dump (restored
into a new PostgreSQL database).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from humsec.accounts.roles import Role
from humsec.backup import archive

# The tests themselves only read files and run other processes; the mark makes pytest-django
# create the test database before the module's fixture writes into it.
pytestmark = pytest.mark.django_db

PASSWORD = "Human-security-2007!"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
ENDPOINTS = ["participants", "initiatives", "meetings", "themes"]

# What the API answers, and what lies behind it; run in this process and, after the
# restore, in another one against the restored database.
SNAPSHOT = r"""
import json

from django.contrib.auth import get_user_model
from django.test import Client

from humsec.audit.models import AuditEntry
from humsec.outreach.models import Upload

ENDPOINTS = ["participants", "initiatives", "meetings", "themes"]


def every_page(client, name):
    items, page = [], 1
    while True:
        answer = client.get(f"/api/v1/{name}", {"page": page, "page_size": 500}).json()
        items += answer["items"]
        if len(items) >= answer["count"]:
            return {"count": answer["count"], "items": items}
        page += 1


def snapshot(username):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    reader, secretariat = Client(), Client()
    user = get_user_model().objects.get(username=username)
    secretariat.force_login(user)
    # The secretariat gives its second factor: its app (restored with the rest) verifies
    # the session, as django_otp.login() records it.
    session = secretariat.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    answers = {}
    for name in ENDPOINTS:
        answers[f"reader {name}"] = every_page(reader, name)
        answers[f"secretariat {name}"] = every_page(secretariat, name)
    for meeting in answers["reader meetings"]["items"]:
        path = f"/api/v1/meetings/{meeting['id']}"
        answers[path] = reader.get(path).json()
    return {
        "answers": answers,
        "password_works": user.check_password("Human-security-2007!"),
        "password_hash_scheme": user.password.split("$")[0],
        "audit": list(AuditEntry.objects.order_by("pk").values_list("pk", "code", "object_id")),
        "uploads": sorted(
            (upload.file.name, upload.file.storage.exists(upload.file.name))
            for upload in Upload.objects.exclude(file="")
        ),
    }
"""


def snapshot_here(username: str) -> dict:
    namespace: dict = {}
    exec(SNAPSHOT, namespace)
    return json.loads(json.dumps(namespace["snapshot"](username)))


def run(*args: str, data_dir: Path, database_url: str | None = None, stdin: str | None = None):
    """humsec (or python) in a clean environment: a fresh HUMSEC_DATA_DIR, no DATABASE_URL
    unless given, so SQLite at $HUMSEC_DATA_DIR/humsec.sqlite3."""
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "humsec.settings",
        "HUMSEC_DATA_DIR": str(data_dir),
        "ALLOWED_HOSTS": "testserver",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=300, input=stdin
    )


def humsec(*args: str, **kwargs):
    return run("-m", "humsec.cli", *args, **kwargs)


def snapshot_there(username: str, data_dir: Path, database_url: str | None = None) -> dict:
    code = SNAPSHOT + f"\nimport django\nprint(json.dumps(snapshot({username!r})))\n"
    result = run(
        "-c",
        "import django; django.setup(); exec(__import__('sys').stdin.read())",
        data_dir=data_dir,
        database_url=database_url,
        stdin=code,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# The state backed up --------------------------------------------------------------------


@dataclass
class Backed:
    before: dict  # the snapshot taken just before the backup
    archives: dict[str, Path]  # method -> archive
    media: Path
    files: dict[str, bytes]  # uploaded files, by their path under MEDIA_ROOT


def build_state(username: str) -> None:
    """A secretariat account with a password, a request to Chile and Thailand with drafts,
    initiatives and attachments, and an earlier reply of Chile's submitted for review."""
    from django.contrib.auth import get_user_model
    from tests.builders import a_request

    from humsec.audit import log as audit
    from humsec.outreach import replies

    user = get_user_model().objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=Role.SECRETARIAT.value))
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)

    request = a_request("Chile;Thailand", "Information on human security initiatives", actor=user)
    chile = request.recipients.get(participant__code="CHL")
    thailand = request.recipients.get(participant__code="THA")
    replies.save_draft(chile, {"title": "Chile's reply", "narrative_markdown": "Draft"}, None)
    replies.save_initiative(chile, {"title": "Santiago workshop", "kind": "workshop"})
    replies.add_attachment(chile, SimpleUploadedFile("nota-verbal.pdf", PDF), "Nota verbal")
    replies.add_attachment(
        thailand, SimpleUploadedFile("note-verbale.pdf", PDF + b"% Thailand\n"), "Note"
    )
    earlier = a_request("Chile", "Earlier request", actor=user).recipients.get()
    replies.save_draft(earlier, {"title": "Earlier reply", "narrative_markdown": "Text"}, None)
    replies.save_initiative(earlier, {"title": "Seminar in Santiago", "kind": "seminar"})
    replies.submit_contribution(earlier)
    audit.log(
        "reply.note",
        obj=earlier,
        actor=user,
        changes={"status": ["sent", "submitted"]},
        reason="Written for the backup test.",
    )


def methods() -> list[str]:
    return ["sqlite", "json"] if connection.vendor == "sqlite" else ["json", "pg_dump"]


USERNAME = "secretariat-backup"


@pytest.fixture(scope="module")
def backed(django_db_setup, django_db_blocker, tmp_path_factory) -> Backed:
    """The state above, committed (an SQLite backup cannot run inside a transaction) and
    backed up once per method; afterwards the database is emptied and the reference data
    and the demo loaded again, for the tests that run later."""
    work = tmp_path_factory.mktemp("backup")
    media = work / "media"
    name = str(connection.settings_dict["NAME"])
    assert "memorydb" in name or Path(name).name.startswith("test_"), f"not a test database: {name}"
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        try:
            build_state(USERNAME)
            before = snapshot_here(USERNAME)
            archives = {}
            for method in methods():
                archives[method] = work / f"humsec-{method}.tar.gz"
                call_command("backup", str(archives[method]), method=method, verbosity=0)
            files = {
                path.relative_to(media).as_posix(): path.read_bytes()
                for path in media.rglob("*")
                if path.is_file()
            }
            yield Backed(before, archives, media, files)
        finally:
            call_command("flush", interactive=False, verbosity=0)
            call_command("loadreference", verbosity=0)
            call_command("loaddemo", verbosity=0)


@dataclass
class Restored:
    method: str
    data_dir: Path
    stdout: str
    after: dict  # the snapshot taken in the restored installation


@pytest.fixture(scope="module", params=["sqlite", "json"])
def restored(request, backed, tmp_path_factory) -> Restored:
    """Each archive that restores into SQLite, restored once into a fresh data folder."""
    method = request.param
    if method not in backed.archives:
        pytest.skip(f"no {method} backup on {connection.vendor}")
    data_dir = tmp_path_factory.mktemp(f"restored-{method}")
    result = humsec("restore", str(backed.archives[method]), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return Restored(method, data_dir, result.stdout, snapshot_there(USERNAME, data_dir))


# Tests -------------------------------------------------------------------------------------


def test_the_state_backed_up_has_replies_uploads_drafts_and_an_audit_log(backed):
    assert len(backed.files) == 2
    before = backed.before
    assert before["password_hash_scheme"] == "argon2"
    assert before["audit"], "the actions wrote audit entries"
    assert all(exists for _name, exists in before["uploads"])
    reader, secretariat = (
        before["answers"][f"{who} initiatives"]["count"] for who in ("reader", "secretariat")
    )
    assert secretariat > reader, "the secretariat sees drafts the reader does not"


def test_a_restore_into_an_empty_database_gives_the_same_api_answers(backed, restored):
    assert f"({restored.method})" in restored.stdout
    after = restored.after
    assert after["answers"].keys() == backed.before["answers"].keys()
    for name, answer in backed.before["answers"].items():
        assert after["answers"][name] == answer, name


def test_a_restore_keeps_password_hashes_the_audit_log_and_the_uploads(backed, restored):
    after = restored.after
    assert after["password_works"] is True
    assert after["password_hash_scheme"] == "argon2"
    assert after["audit"] == backed.before["audit"]
    assert after["uploads"] == backed.before["uploads"]
    for name, data in backed.files.items():
        assert (restored.data_dir / "media" / name).read_bytes() == data, name


def test_restore_refuses_a_database_that_holds_data_and_changes_nothing(backed, tmp_path):
    method = "sqlite" if connection.vendor == "sqlite" else "json"
    assert humsec("restore", str(backed.archives[method]), data_dir=tmp_path).returncode == 0
    kept = next((tmp_path / "media").rglob("*.pdf"))
    kept.unlink()
    again = humsec("restore", str(backed.archives[method]), data_dir=tmp_path)
    assert again.returncode != 0
    assert "The database is not empty" in again.stderr
    assert "give --force to replace everything in it" in again.stderr
    assert not kept.exists(), "a refused restore writes no file"
    forced = humsec("restore", "--force", str(backed.archives[method]), data_dir=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert kept.exists()
    assert snapshot_there(USERNAME, tmp_path)["answers"] == backed.before["answers"]


def test_the_archive_holds_a_manifest_the_database_and_the_uploads(backed):
    for method, path in backed.archives.items():
        assert path.stat().st_mode & 0o777 == 0o600, "only the owner may read a backup"
        with tarfile.open(path) as tar:
            names = tar.getnames()
            manifest = json.load(tar.extractfile("manifest.json"))
        assert names[0] == "manifest.json"
        assert names[1] == archive.DATABASE_FILES[method]
        assert sorted(names[2:]) == sorted(f"media/{name}" for name in backed.files)
        assert manifest["format"] == "humsec-backup"
        assert manifest["database"]["method"] == method
        assert set(manifest["files"]) == set(names[1:])
        assert manifest["counts"]["outreach.upload"] == 2
        assert "audit.auditentry" in manifest["counts"]
        assert "accounts.0001_roles" in manifest["migrations"]


def rewrite(source: Path, target: Path, change) -> Path:
    """A copy of the archive with `change(name, data, manifest) -> data` applied."""
    with tarfile.open(source) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
    manifest = json.loads(members[0][1])
    with tarfile.open(target, "w:gz") as out:
        for member, data in members:
            data = change(member.name, data, manifest)
            if member.name == "manifest.json":
                data = json.dumps(manifest).encode()
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    return target


def test_a_damaged_archive_is_refused(backed, tmp_path):
    def damage(name, data, manifest):
        return data + b"tampered" if name.endswith(".pdf") else data

    damaged = rewrite(backed.archives["json"], tmp_path / "damaged.tar.gz", damage)
    result = humsec("restore", str(damaged), data_dir=tmp_path / "data")
    assert result.returncode != 0
    assert "is damaged: its checksum differs from the manifest's" in result.stderr


def test_a_backup_from_a_newer_humsec_is_refused(backed, tmp_path):
    def newer(name, data, manifest):
        manifest["migrations"].append("outreach.9999_from_the_future")
        return data

    future = rewrite(backed.archives["json"], tmp_path / "future.tar.gz", newer)
    result = humsec("restore", str(future), data_dir=tmp_path / "data")
    assert result.returncode != 0
    assert "made by a newer humsec" in result.stderr
    assert "outreach.9999_from_the_future" in result.stderr


def test_a_file_that_is_not_a_humsec_backup_is_refused(tmp_path):
    other = tmp_path / "other.tar.gz"
    with tarfile.open(other, "w:gz") as tar:
        info = tarfile.TarInfo("etc/passwd")
        tar.addfile(info, io.BytesIO(b""))
    result = humsec("restore", str(other), data_dir=tmp_path / "data")
    assert result.returncode != 0
    assert "This is not a humsec backup" in result.stderr


@pytest.mark.postgresql
def test_a_pg_dump_backup_restores_into_an_empty_postgresql_database(backed, tmp_path):
    if "pg_dump" not in backed.archives:
        pytest.skip("the pg_dump backup is made on PostgreSQL only")
    import psycopg

    config = connection.settings_dict
    name = f"{config['NAME']}_restore"[:63]

    def execute(sql: str) -> None:
        """On the server's maintenance database, outside any transaction."""
        with psycopg.connect(
            dbname="postgres",
            host=config["HOST"] or None,
            port=config["PORT"] or None,
            user=config["USER"] or None,
            password=config["PASSWORD"] or None,
            autocommit=True,
        ) as admin:
            admin.execute(sql)

    execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    execute(f'CREATE DATABASE "{name}"')
    try:
        password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
        url = (
            f"postgresql://{config['USER']}{password}@{config['HOST'] or 'localhost'}:"
            f"{config['PORT'] or 5432}/{name}"
        )
        result = humsec(
            "restore", str(backed.archives["pg_dump"]), data_dir=tmp_path, database_url=url
        )
        assert result.returncode == 0, result.stderr
        after = snapshot_there(USERNAME, tmp_path, database_url=url)
        assert after["answers"] == backed.before["answers"]
        assert after["audit"] == backed.before["audit"]
    finally:
        execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_method_follows_the_database_and_falls_back_to_the_app_level_dump(monkeypatch):
    assert archive.choose_method("auto", "sqlite") == "sqlite"
    monkeypatch.setattr(archive.shutil, "which", lambda name: f"/usr/bin/{name}")
    assert archive.choose_method("auto", "postgresql") == "pg_dump"
    monkeypatch.setattr(archive.shutil, "which", lambda name: None)
    assert archive.choose_method("auto", "postgresql") == "json"
    assert archive.choose_method("json", "sqlite") == "json"
    with pytest.raises(archive.BackupError, match="needs an SQLite database"):
        archive.choose_method("sqlite", "postgresql")
