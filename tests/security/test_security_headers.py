"""Every page sends the security headers: a content security policy without inline
script or style, nosniff, a same-origin referrer policy, no framing; cookies are
HttpOnly and SameSite, and in production Secure with the __Host- prefix."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/participants/",
    "/participants/JPN/",
    "/initiatives/",
    "/meetings/",
    "/meetings/2/",
    "/accounts/login/",
    "/r/no-such-token/",
    "/api/v1/participants",
    "/api/v1/docs",
    "/admin/login/",
]


def policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_public_page_sends_a_policy_without_inline_script_or_style(client, path):
    response = client.get(path)
    assert response.status_code in {200, 404}
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert "nonce-" not in header


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_public_page_sends_nosniff_referrer_policy_and_no_framing(client, path):
    response = client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_the_session_and_csrf_cookies_are_httponly_and_samesite(django_user_model):
    django_user_model.objects.create_user("dana", password="Human-security-2007!")
    client = Client()
    client.get("/accounts/login/")
    response = client.post(
        "/accounts/login/",
        {"username": "dana", "password": "Human-security-2007!"},
        REMOTE_ADDR="192.0.2.30",
    )
    assert response.status_code == 302
    for name in ("sessionid", "csrftoken"):
        cookie = client.cookies[name]
        assert cookie["httponly"], name
        assert cookie["samesite"] == "Lax", name


def test_in_production_cookies_are_secure_with_the_host_prefix_and_limits_are_on(tmp_path):
    """The settings as production makes them: only the four variables of check --deploy."""
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({name: getattr(s, name) for name in ["
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_NAME', "
        "'CSRF_COOKIE_NAME', 'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_HTTPONLY', "
        "'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'HUMSEC_RATE_LIMITS']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "humsec.settings",
            "DEBUG": "false",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "humsec.example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path}/humsec.sqlite3",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert values["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    assert values["SESSION_COOKIE_HTTPONLY"] and values["CSRF_COOKIE_HTTPONLY"]
    assert values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["HUMSEC_RATE_LIMITS"] == {"login": 10, "link": 30, "api": 300, "reset": 5}
