"""CACHE_URL chooses the cache the rate limits count in: the database by default, so that
every process counts together; a bad value names the variable."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from humsec.security.caches import env_cache


def test_the_default_cache_is_a_table_in_the_database():
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert settings.CACHES["default"]["LOCATION"] == "humsec_cache"


@pytest.mark.parametrize(
    "url, backend, location",
    [
        ("db:", "django.core.cache.backends.db.DatabaseCache", "humsec_cache"),
        ("db:limits", "django.core.cache.backends.db.DatabaseCache", "limits"),
        ("redis://cache:6379/1", "django.core.cache.backends.redis.RedisCache", None),
        ("memcached://cache", "django.core.cache.backends.memcached.PyMemcacheCache", None),
        ("locmem:", "django.core.cache.backends.locmem.LocMemCache", "humsec"),
    ],
)
def test_cache_url_names_the_backend(monkeypatch, url, backend, location):
    monkeypatch.setenv("CACHE_URL", url)
    config = env_cache("CACHE_URL")
    assert config["BACKEND"] == backend
    expected = {
        "redis://cache:6379/1": "redis://cache:6379/1",
        "memcached://cache": "cache:11211",
    }.get(url, location)
    assert config["LOCATION"] == expected


def test_a_bad_cache_url_names_the_variable_and_the_value(monkeypatch):
    monkeypatch.setenv("CACHE_URL", "pigeon://loft")
    with pytest.raises(ImproperlyConfigured, match=r"CACHE_URL='pigeon://loft': unknown scheme"):
        env_cache("CACHE_URL")


def test_humsec_migrate_makes_the_cache_table(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "humsec.cli", "migrate", "--noinput"],
        env={"PATH": os.environ["PATH"], "HUMSEC_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "humsec.sqlite3") as database:
        tables = {row[0] for row in database.execute("SELECT name FROM sqlite_master")}
    assert "humsec_cache" in tables
