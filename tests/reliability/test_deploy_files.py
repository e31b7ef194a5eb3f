"""The sample deployment files in deploy/ (systemd units, nginx, the environment file)
name commands, options and settings that exist, so that copying them gives a working
installation. (systemd-analyze verify would want the installed paths and a running
systemd; these checks need neither.)"""

from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands, load_command_class

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
SRC = Path(__file__).resolve().parents[2] / "src" / "humsec"
UNITS = sorted(DEPLOY.glob("*.service")) + sorted(DEPLOY.glob("*.timer"))
HUMSEC = "/opt/humsec/.venv/bin/humsec"
GUNICORN = "/opt/humsec/.venv/bin/gunicorn"


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read_string(path.read_text())
    return parser


def exec_lines(path: Path) -> list[str]:
    service = unit(path)["Service"]
    return [service[key] for key in ("ExecStart", "ExecStartPost") if key in service]


def humsec_calls(line: str) -> list[list[str]]:
    """The humsec commands a unit's Exec line runs, also inside `/bin/sh -c '...'`
    (systemd writes a literal % as %%)."""
    words = shlex.split(line.replace("%%", "%"))
    if words[:2] == ["/bin/sh", "-c"]:
        words = shlex.split(words[2])
    words = [w for w in words if w != "exec"]
    return [words[i + 1 :] for i, word in enumerate(words) if word == HUMSEC]


def test_the_units_name_their_parts_and_the_services_run_as_humsec_with_the_environment():
    names = {path.name for path in UNITS}
    assert {"humsec.service", "humsec-worker.service", "humsec-backup.timer"} <= names
    for path in DEPLOY.glob("*.service"):
        service = unit(path)["Service"]
        assert service["User"] == "humsec", path.name
        assert service["EnvironmentFile"] == "/etc/humsec/humsec.env", path.name
    for path in DEPLOY.glob("*.timer"):
        assert (DEPLOY / path.name.replace(".timer", ".service")).exists()
        assert "OnCalendar" in unit(path)["Timer"]


@pytest.mark.parametrize("path", sorted(DEPLOY.glob("humsec*.service")), ids=lambda p: p.name)
def test_every_humsec_command_in_a_unit_exists_and_takes_those_arguments(path, database_queue):
    calls = [call for line in exec_lines(path) for call in humsec_calls(line)]
    if path.name == "humsec.service":
        assert calls == []  # gunicorn: the next test
        return
    assert calls, f"{path.name} runs no humsec command"
    commands = get_commands()
    for name, *arguments in calls:
        assert name in commands, f"{path.name}: `humsec {name}` does not exist"
        command = load_command_class(commands[name], name)
        command.create_parser("humsec", name).parse_args(arguments)  # CommandError if wrong


def test_the_worker_restarts_always_and_requeues_what_a_dead_worker_left():
    service = unit(DEPLOY / "humsec-worker.service")["Service"]

    assert service["Restart"] == "always"
    (call,) = humsec_calls(service["ExecStart"])
    assert call[0] == "db_worker"
    assert "--no-reload" in call  # DEBUG is off in production, but say it
    assert get_commands()["db_worker"] == "humsec"  # humsec's worker, which requeues


def test_gunicorn_serves_humsec_s_wsgi_application_with_options_gunicorn_knows():
    from gunicorn.config import Config

    line = unit(DEPLOY / "humsec.service")["Service"]["ExecStart"]
    program, *arguments = shlex.split(line)
    assert program == GUNICORN
    parsed = Config().parser().parse_args(arguments)
    assert parsed.args == ["humsec.wsgi:application"]
    assert parsed.bind == ["127.0.0.1:8000"]
    import humsec.wsgi

    assert callable(humsec.wsgi.application)


def environment() -> dict[str, str]:
    pairs = (
        line.split("=", 1)
        for line in (DEPLOY / "humsec.env.example").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    )
    return dict(pairs)


def test_the_environment_file_sets_only_variables_humsec_reads_and_the_production_ones():
    sources = "\n".join(p.read_text() for p in SRC.rglob("*.py"))
    read = set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', sources))
    env = environment()

    for name in env:
        assert name in read or name.removesuffix("_FILE") in read, f"humsec never reads {name}"
    assert env["DEBUG"] == "false"
    assert env["TASKS_BACKEND"] == "database"
    assert env["BEHIND_PROXY"] == "true"
    assert env["DATABASE_URL"].startswith("postgresql://")


def test_nginx_passes_the_client_address_and_scheme_serves_static_files_and_never_uploads():
    conf = (DEPLOY / "nginx-humsec.conf").read_text()
    env = environment()

    (size,) = re.findall(r"client_max_body_size (\d+)m;", conf)
    assert int(size) == int(env["HUMSEC_MAX_UPLOAD_MB"]) + 1 == settings.HUMSEC_MAX_UPLOAD_MB + 1
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in conf
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    assert "proxy_pass http://127.0.0.1:8000;" in conf
    (static,) = re.findall(r"location /static/ \{\s*alias ([^;]+);", conf)
    assert static.rstrip("/") == env["STATIC_ROOT"]
    assert "/media" not in conf and "/var/lib/humsec/media" not in conf
    assert "listen 443 ssl;" in conf and "return 301 https://" in conf
