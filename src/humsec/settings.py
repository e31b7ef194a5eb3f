"""humsec settings, read from the environment (docs/configuration.md lists every variable).

With nothing set, humsec runs for development on SQLite under ./var. Whenever DEBUG is
off the defaults are the secure ones, and a missing SECRET_KEY is an error.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from humsec.conf import (
    env_bool,
    env_choice,
    env_database,
    env_email,
    env_int,
    env_list,
    env_path,
    env_secret,
    env_str,
)

PACKAGE_DIR = Path(__file__).resolve().parent

DEBUG = env_bool("DEBUG", default=True)

# Files humsec keeps: the SQLite database and, later, uploads and issued documents.
DATA_DIR = env_path("HUMSEC_DATA_DIR", Path("var"))

SECRET_KEY = env_secret("SECRET_KEY")
if SECRET_KEY is None:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off.")
    SECRET_KEY = "humsec-development-only-key-never-use-in-production-0123456789"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "humsec",
    "humsec.accounts",
    "humsec.audit",
    "humsec.roster",
    "humsec.meetings",
    "humsec.initiatives",
    "humsec.demo",
    "humsec.outreach",
    "humsec.api",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # In production WhiteNoise serves the collected static files; runserver does in DEBUG.
    *([] if DEBUG else ["whitenoise.middleware.WhiteNoiseMiddleware"]),
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records who made each change in the version history.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "humsec.urls"
WSGI_APPLICATION = "humsec.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "humsec.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", DATA_DIR / "humsec.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env_choice("LANGUAGE_CODE", ["en", "fr", "es"], "en")
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "America/New_York")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env_path("STATIC_ROOT", DATA_DIR / "static")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = DATA_DIR / "media"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "request-list"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL = env_email("EMAIL_URL", "console:" if DEBUG else "smtp://localhost:25")
globals().update(EMAIL)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "humsec <humsec@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Secure by default whenever DEBUG is off; each can be relaxed explicitly.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
if env_bool("BEHIND_PROXY", False):
    # nginx in front terminates TLS and says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# The address at which people reach this installation, for links in emails.
HUMSEC_BASE_URL = env_str("HUMSEC_BASE_URL", "http://127.0.0.1:8000")
# Where replies to humsec's emails go (the secretariat's mailbox); none if empty.
HUMSEC_REPLY_TO = env_str("HUMSEC_REPLY_TO", "")
# Uploads: the largest file accepted, in megabytes.
HUMSEC_MAX_UPLOAD_MB = env_int("HUMSEC_MAX_UPLOAD_MB", 20, minimum=1)

# Background work through Django's tasks interface: run at once (development, tests) or
# queued in the database and run by `humsec db_worker` (production).
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[env_choice("TASKS_BACKEND", ["immediate", "database"], "immediate")]
    }
}

# The group this installation serves.
HUMSEC_GROUP_NAME = env_str("HUMSEC_GROUP_NAME", "Friends of Human Security")
# How many rows a page of a list (and of the API) holds.
HUMSEC_PAGE_SIZE = env_int("HUMSEC_PAGE_SIZE", 50, minimum=1)
