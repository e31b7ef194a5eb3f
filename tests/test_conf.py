"""The typed readers of the environment, and the settings they make."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from humsec import conf


@pytest.fixture
def environ(monkeypatch):
    def set_env(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_env


def test_it_reads_booleans_in_plain_words(environ):
    environ(FLAG="Yes", OTHER="off")
    assert conf.env_bool("FLAG", False) is True
    assert conf.env_bool("OTHER", True) is False
    assert conf.env_bool("MISSING_FLAG", True) is True


def test_it_names_the_variable_and_value_of_a_bad_boolean(environ):
    environ(DEBUG="maybe")
    with pytest.raises(ImproperlyConfigured, match=r"DEBUG='maybe' is not a boolean"):
        conf.env_bool("DEBUG", False)


def test_it_rejects_a_number_that_is_not_whole_or_too_small(environ):
    environ(SIZE="ten", SMALL="-1")
    with pytest.raises(ImproperlyConfigured, match=r"SIZE='ten' is not a whole number"):
        conf.env_int("SIZE", 1)
    with pytest.raises(ImproperlyConfigured, match=r"SMALL='-1' must be at least 0"):
        conf.env_int("SMALL", 1, minimum=0)


def test_it_splits_lists_on_commas_and_ignores_blanks(environ):
    environ(HOSTS=" humsec.example.org, ,localhost ")
    assert conf.env_list("HOSTS") == ["humsec.example.org", "localhost"]


def test_it_reads_a_secret_from_a_file(environ, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("s3cret-from-file\n")
    environ(TOKEN_FILE=str(secret))
    assert conf.env_secret("TOKEN") == "s3cret-from-file"


def test_it_refuses_a_secret_given_twice_or_an_unreadable_file(environ, tmp_path):
    environ(TOKEN="a", TOKEN_FILE=str(tmp_path / "key"))
    with pytest.raises(ImproperlyConfigured, match="Set TOKEN or TOKEN_FILE, not both"):
        conf.env_secret("TOKEN")
    os.environ.pop("TOKEN")
    with pytest.raises(ImproperlyConfigured, match=r"TOKEN_FILE=.* cannot be read"):
        conf.env_secret("TOKEN")


def test_it_reads_smtp_settings_from_one_url(environ):
    environ(EMAIL_URL="smtp://mailer:p%40ss@mail.example.org:587?tls=true")
    email = conf.env_email("EMAIL_URL", "console:")
    assert email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert email["EMAIL_HOST"] == "mail.example.org"
    assert email["EMAIL_PORT"] == 587
    assert email["EMAIL_HOST_USER"] == "mailer"
    assert email["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert email["EMAIL_USE_TLS"] is True


def test_it_names_an_unknown_email_scheme(environ):
    environ(EMAIL_URL="pigeon://loft")
    with pytest.raises(ImproperlyConfigured, match="unknown scheme 'pigeon'"):
        conf.env_email("EMAIL_URL", "console:")


def test_it_names_a_database_url_it_cannot_use(environ):
    environ(DATABASE_URL="nosuchdb://x/y")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        conf.env_database("DATABASE_URL", None)


def run_humsec(*args, **env):
    """The humsec command in a clean environment holding only `env`."""
    base = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(
        [sys.executable, "-m", "humsec.cli", *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_four_production_variables(tmp_path):
    result = run_humsec(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="x" * 20 + "a-long-and-random-production-secret-key-0123456789",
        ALLOWED_HOSTS="humsec.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path}/humsec.sqlite3",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off(tmp_path):
    result = run_humsec("check", DEBUG="false", HUMSEC_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off" in result.stderr


def test_a_bad_environment_value_stops_the_command_with_its_name(tmp_path):
    result = run_humsec("check", DEBUG="perhaps", HUMSEC_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "DEBUG='perhaps' is not a boolean" in result.stderr
