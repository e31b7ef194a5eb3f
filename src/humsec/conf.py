"""Typed readers for settings taken from the environment.

Each helper names the variable and the bad value when it fails, so that an operator
sees at once what to fix instead of a traceback from deep inside Django.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def env_str(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean: use one of true, false, yes, no, 1, 0."
    )


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={value!r} must be at least {minimum}.")
    return number


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated list; blanks between commas are ignored."""
    value = _raw(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, choices: list[str], default: str) -> str:
    value = _raw(name)
    if value is None:
        return default
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} is not one of: {', '.join(choices)}.")
    return value


def env_path(name: str, default: Path) -> Path:
    value = _raw(name)
    return (Path(value) if value is not None else default).expanduser().resolve()


def env_secret(name: str) -> str | None:
    """A secret given directly (NAME) or as a file holding it (NAME_FILE)."""
    value = _raw(name)
    file_name = _raw(f"{name}_FILE")
    if value is not None and file_name is not None:
        raise ImproperlyConfigured(f"Set {name} or {name}_FILE, not both.")
    if file_name is not None:
        try:
            value = Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ImproperlyConfigured(
                f"{name}_FILE={file_name!r} cannot be read: {error.strerror}."
            ) from None
        if not value:
            raise ImproperlyConfigured(f"{name}_FILE={file_name!r} is empty.")
    return value


def env_database(name: str, default_sqlite: Path) -> dict:
    """A database from a URL (postgres://..., sqlite:///...), SQLite by default."""
    import dj_database_url

    value = _raw(name)
    if value is None:
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(default_sqlite)}
    else:
        try:
            config = dj_database_url.parse(value, conn_max_age=60, conn_health_checks=True)
        except ValueError as error:
            raise ImproperlyConfigured(
                f"{name} is not a database URL we can use: {error}"
            ) from None
        if not config.get("ENGINE"):
            raise ImproperlyConfigured(f"{name}: unknown database scheme in {value!r}.")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Several gunicorn workers write to one file: a transaction takes the write lock
        # when it begins, and waits up to 20 s for it, instead of failing with "database
        # is locked" when a read turns into a write half-way.
        config.setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)
    return config


EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}


def env_email(name: str, default: str) -> dict:
    """Email settings from one URL.

    smtp://user:password@host:587?tls=true, smtps://host:465 (implicit TLS),
    console:, file:///path/to/folder, locmem:, dummy:.
    """
    value = _raw(name) or default
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme not in EMAIL_BACKENDS:
        raise ImproperlyConfigured(
            f"{name}={value!r}: unknown scheme {scheme!r}; use one of {', '.join(EMAIL_BACKENDS)}."
        )
    config: dict = {"EMAIL_BACKEND": EMAIL_BACKENDS[scheme]}
    if scheme == "file":
        if not parts.path:
            raise ImproperlyConfigured(f"{name}={value!r}: give a folder, file:///path.")
        config["EMAIL_FILE_PATH"] = unquote(parts.path)
    if scheme in {"smtp", "smtps"}:
        if not parts.hostname:
            raise ImproperlyConfigured(f"{name}={value!r}: give a host, smtp://host:25.")
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        tls = options.get("tls", "false").lower()
        if tls not in TRUE | FALSE:
            raise ImproperlyConfigured(f"{name}: tls={tls!r} is not a boolean.")
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"{name}={value!r}: the port is not a number.") from None
        config.update(
            EMAIL_HOST=parts.hostname,
            EMAIL_PORT=port or (465 if scheme == "smtps" else 25),
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_TLS=tls in TRUE,
            EMAIL_USE_SSL=scheme == "smtps",
        )
    return config
