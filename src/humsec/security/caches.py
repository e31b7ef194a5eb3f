"""The cache from one URL, CACHE_URL, in the manner of humsec.conf's typed readers.

The rate limits count in this cache, so every process of an installation must share it:
the default is a table in the database (created by `humsec migrate`, or
`humsec createcachetable`). `locmem:` keeps counts per process and suits only
development; `redis://` and `memcached://` need their client library installed.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from humsec.conf import env_str

CACHE_TABLE = "humsec_cache"

BACKENDS = {
    "db": "django.core.cache.backends.db.DatabaseCache",
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "dummy": "django.core.cache.backends.dummy.DummyCache",
    "redis": "django.core.cache.backends.redis.RedisCache",
    "rediss": "django.core.cache.backends.redis.RedisCache",
    "memcached": "django.core.cache.backends.memcached.PyMemcacheCache",
}


def env_cache(name: str, default: str = f"db:{CACHE_TABLE}") -> dict:
    """db:TABLE (default db:humsec_cache), locmem:, dummy:, redis://host:6379/0,
    memcached://host:11211."""
    value = env_str(name, default)
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme not in BACKENDS:
        raise ImproperlyConfigured(
            f"{name}={value!r}: unknown scheme {scheme!r}; use one of {', '.join(BACKENDS)}."
        )
    config: dict = {"BACKEND": BACKENDS[scheme]}
    if scheme == "db":
        config["LOCATION"] = parts.path or CACHE_TABLE
        # Rate-limit counters are small; culling early would forget them.
        config["OPTIONS"] = {"MAX_ENTRIES": 10_000}
    elif scheme in {"redis", "rediss"}:
        config["LOCATION"] = value
    elif scheme == "memcached":
        if not parts.hostname:
            raise ImproperlyConfigured(f"{name}={value!r}: give a host, memcached://host:11211.")
        config["LOCATION"] = f"{parts.hostname}:{parts.port or 11211}"
    elif scheme == "locmem":
        config["LOCATION"] = "humsec"
    return config
