"""Rate limits on personal links, the API and sign-in: past the limit the answer is 429
with Retry-After and a plain message; the count starts again in the next window; each
address counts alone; the counts live in the shared (database) cache."""

from __future__ import annotations

import logging

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client

from humsec.security import ratelimit

pytestmark = pytest.mark.django_db

WINDOW = 60
START = 20_000 * WINDOW + 10.0  # ten seconds into a window
HERE = "203.0.113.5"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.HUMSEC_RATE_WINDOW = WINDOW
    settings.HUMSEC_RATE_LIMITS = {"login": 3, "link": 3, "api": 3}
    return settings.HUMSEC_RATE_LIMITS


@pytest.fixture
def clock(monkeypatch):
    """The limits' clock, which a test moves forward by hand."""

    class Clock:
        now = START

        def advance(self, seconds: float) -> None:
            self.now += seconds

    clock = Clock()
    monkeypatch.setattr(ratelimit, "now", lambda: clock.now)
    return clock


def get(path: str, address: str = HERE, **extra):
    return Client().get(path, REMOTE_ADDR=address, **extra)


def assert_limited(response, retry_after: int) -> None:
    assert response.status_code == 429
    assert response["Retry-After"] == str(retry_after)
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.text == (
        f"Too many requests. Please wait {retry_after} seconds, then try again.\n"
    )


def test_personal_links_answer_429_with_retry_after_past_the_limit(clock):
    for _ in range(3):
        assert get("/r/not-a-real-token/").status_code == 404
    assert_limited(get("/r/not-a-real-token/"), retry_after=50)
    assert_limited(get("/r/another-token/"), retry_after=50)  # by address, not by token


def test_the_personal_link_limit_counts_posts_too(clock):
    for _ in range(3):
        Client().post("/r/not-a-real-token/", REMOTE_ADDR=HERE)
    assert Client().post("/r/not-a-real-token/", REMOTE_ADDR=HERE).status_code == 429


def test_the_personal_link_limit_resets_in_the_next_window(clock):
    for _ in range(4):
        get("/r/not-a-real-token/")
    clock.advance(49)
    assert_limited(get("/r/not-a-real-token/"), retry_after=1)
    clock.advance(1)
    assert get("/r/not-a-real-token/").status_code == 404


def test_the_api_answers_429_past_the_limit_and_resets(clock):
    for path in ("/api/v1/participants", "/api/v1/initiatives", "/api/v1/meetings"):
        assert get(path).status_code == 200
    assert_limited(get("/api/v1/themes"), retry_after=50)
    clock.advance(50)
    assert get("/api/v1/participants").status_code == 200


def test_sign_in_attempts_are_limited_but_showing_the_form_is_not(clock):
    client = Client()
    for _ in range(5):
        assert client.get("/accounts/login/", REMOTE_ADDR=HERE).status_code == 200
    for number in range(3):
        response = client.post(
            "/accounts/login/", {"username": f"u{number}", "password": "x"}, REMOTE_ADDR=HERE
        )
        assert response.status_code == 200  # the form again, with its error
    response = client.post(
        "/accounts/login/", {"username": "u9", "password": "x"}, REMOTE_ADDR=HERE
    )
    assert_limited(response, retry_after=50)
    # The admin's sign-in shares the same count.
    response = client.post("/admin/login/", {"username": "u9", "password": "x"}, REMOTE_ADDR=HERE)
    assert_limited(response, retry_after=50)
    clock.advance(WINDOW)
    response = client.post(
        "/accounts/login/", {"username": "u9", "password": "x"}, REMOTE_ADDR=HERE
    )
    assert response.status_code == 200


def test_each_address_has_its_own_count(clock):
    for _ in range(4):
        get("/api/v1/themes")
    assert get("/api/v1/themes").status_code == 429
    assert get("/api/v1/themes", address="203.0.113.6").status_code == 200


def test_each_limit_has_its_own_count(clock):
    for _ in range(4):
        get("/api/v1/themes")
    assert get("/r/not-a-real-token/").status_code == 404
    assert get("/").status_code == 200  # pages have no limit


def test_behind_a_proxy_each_client_counts_by_the_address_nginx_saw(clock, settings):
    settings.HUMSEC_BEHIND_PROXY = True
    proxy = "127.0.0.1"
    for _ in range(3):
        get("/api/v1/themes", address=proxy, HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.1")
    # A client cannot escape its count by writing its own X-Forwarded-For entries.
    limited = get("/api/v1/themes", address=proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1")
    assert limited.status_code == 429
    other = get("/api/v1/themes", address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert other.status_code == 200


def test_without_a_proxy_x_forwarded_for_is_ignored(clock):
    for number in range(3):
        get("/api/v1/themes", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")
    assert get("/api/v1/themes", HTTP_X_FORWARDED_FOR="198.51.100.77").status_code == 429


def test_a_limit_of_zero_is_no_limit(clock, limits):
    limits["api"] = 0
    for _ in range(10):
        assert get("/api/v1/themes").status_code == 200


def test_the_counts_are_kept_in_the_database_cache_that_every_process_shares(clock):
    cache = caches["default"]
    assert type(cache).__name__ == "DatabaseCache"
    get("/api/v1/themes")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {cache._table}")
        keys = [row[0] for row in cursor.fetchall()]
    assert any(":rate:api:" in key and HERE in key for key in keys)


def test_a_failing_cache_lets_requests_through_and_says_so(clock, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("cache table missing")

    monkeypatch.setattr(ratelimit, "hit", broken)
    with caplog.at_level(logging.ERROR, logger="humsec.security.ratelimit"):
        for _ in range(5):
            assert get("/api/v1/themes").status_code == 200
    assert "rate limit api not counted: the cache failed" in caplog.text
