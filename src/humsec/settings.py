"""humsec settings, read from the environment (docs/configuration.md lists every variable).

With nothing set, humsec runs for development on SQLite under ./var. Whenever DEBUG is
off the defaults are the secure ones, and a missing SECRET_KEY is an error.
"""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
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
from humsec.security.caches import env_cache

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
    "humsec.security",
    "humsec.backup",
    "humsec.documents",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    "axes",
    "csp",
    # Two-factor sign-in: TOTP devices and one-time backup codes (humsec/accounts/two_factor.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The content security policy (django-csp) and Permissions-Policy: humsec/security/headers.py.
    "humsec.security.headers.SecurityHeadersMiddleware",
    # In production WhiteNoise serves the collected static files; runserver does in DEBUG.
    *([] if DEBUG else ["whitenoise.middleware.WhiteNoiseMiddleware"]),
    # 429 past the limits on sign-in, personal links and the API, before sessions and views.
    "humsec.security.ratelimit.RateLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # 400 for a NUL character in the address or a form field (humsec/security/nul.py).
    "humsec.security.nul.RefuseNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which two-factor device verified this session (django-otp), then: a user who must give
    # a code has not given it reaches only the sign-in and two-factor pages.
    "django_otp.middleware.OTPMiddleware",
    "humsec.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records who made each change in the version history.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Locks sign-in after repeated failures (django-axes); last, as axes asks.
    "axes.middleware.AxesMiddleware",
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

# The rate limits count here, so every process must share it: a database table by default
# (`humsec migrate` creates it), or CACHE_URL=redis://... / memcached://... (docs/security.md).
CACHES = {"default": env_cache("CACHE_URL")}

# Passwords are stored as argon2 hashes; older hashes still verify and are upgraded to argon2
# at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# django-axes checks every sign-in (humsec's and the admin's) before Django does. Tests that
# sign in with force_login do not authenticate, so axes never sees them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# After AXES_FAILURE_LIMIT failures in a row, sign-in is locked for AXES_COOLOFF_MINUTES,
# both for that user name (from anywhere) and for that address (whatever the user name).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "humsec.security.lockout.locked_out"
AXES_CLIENT_IP_CALLABLE = "humsec.security.clientip.client_ip"
AXES_VERBOSE = False

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
# Cookies: over HTTPS only unless DEBUG (above); never readable by scripts; not sent on
# cross-site requests other than top-level navigation. Over HTTPS they carry the __Host-
# prefix, which browsers accept only from this very host, over HTTPS, for the whole site.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "__Host-sessionid" if SESSION_COOKIE_SECURE else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if CSRF_COOKIE_SECURE else "csrftoken"
HUMSEC_BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if HUMSEC_BEHIND_PROXY:
    # nginx in front terminates TLS and says so in this header; the client's address is the
    # last one in X-Forwarded-For (humsec/security/clientip.py).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# The content security policy: everything from this site only, no inline script or style.
# The admin and the API's Swagger UI work under it as they are (humsec/security/headers.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Rate limits: requests from one address per window (humsec/security/ratelimit.py); 0 is
# no limit. On whenever DEBUG is off; off in development (and so in the test suite, whose
# tests count queries), unless set.
HUMSEC_RATE_WINDOW = env_int("HUMSEC_RATE_WINDOW", 60, minimum=1)
HUMSEC_RATE_LIMITS = {
    "login": env_int("HUMSEC_RATE_LOGIN", 0 if DEBUG else 10, minimum=0),
    "link": env_int("HUMSEC_RATE_LINKS", 0 if DEBUG else 30, minimum=0),
    "api": env_int("HUMSEC_RATE_API", 0 if DEBUG else 300, minimum=0),
    "reset": env_int("HUMSEC_RATE_RESET", 0 if DEBUG else 5, minimum=0),
}

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
# Invitations: how many days the link in an invitation works.
HUMSEC_INVITATION_DAYS = env_int("HUMSEC_INVITATION_DAYS", 7, minimum=1)
# A password-reset link works this many hours (and only until the password changes).
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_HOURS", 24, minimum=1) * 3600
# Two-factor sign-in (django-otp): authenticator apps show this name beside the account.
# Wrong codes lock code entry like wrong passwords lock sign-in (AXES_FAILURE_LIMIT,
# AXES_COOLOFF_MINUTES): humsec counts them itself, so django-otp's own growing delays are
# off, and a mistyped code can be corrected at once. The admin shows no secret key.
OTP_TOTP_ISSUER = env_str("HUMSEC_GROUP_NAME", "Friends of Human Security")
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
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
