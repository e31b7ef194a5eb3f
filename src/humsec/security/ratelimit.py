"""Rate limits on sign-in, personal links and the API, counted in Django's cache.

Each limit allows so many requests from one address in a window of
HUMSEC_RATE_WINDOW seconds (a fixed window: the count starts again at each multiple of
the window). Past the limit the answer is 429 with a Retry-After header and a plain
message. The counts live in the cache (CACHES["default"]): the database by default, so
that every process of an installation counts together.

| limit | requests | setting |
|---|---|---|
| login | POST to the sign-in form, the admin's, and the two-factor code | HUMSEC_RATE_LOGIN |
| link  | personal links, /r/<token>/; invitation and password-reset links | HUMSEC_RATE_LINKS |
| api   | everything under /api/v1/ | HUMSEC_RATE_API |
| reset | POST to the "forgot your password" form | HUMSEC_RATE_RESET |

A limit of 0 turns it off. Increments are not atomic on every cache (the database cache
reads then writes), so under heavy concurrency a few requests more than the limit may
pass; the limits are a brake on guessing and scraping, not an exact quota.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from humsec.security.clientip import client_ip

logger = logging.getLogger(__name__)

CACHE_PREFIX = "humsec:rate"


def now() -> float:
    """The clock the windows follow (tests move it)."""
    return time.time()


def rule_for(request) -> str | None:
    """Which limit applies to this request: "login", "link", "api", "reset" or None."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if match.url_name in {"login", "two-factor-verify"} and request.method == "POST":
        return "login"  # humsec's sign-in, the admin's, and the code that follows them
    if match.url_name == "password_reset" and request.method == "POST":
        return "reset"  # each one may send an email
    if match.url_name in {"reply-link", "invitation-accept", "password_reset_confirm"}:
        return "link"
    if "api" in match.namespaces:
        return "api"
    return None


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    limit: int
    retry_after: int  # seconds until the window ends


def hit(rule: str, key: str, limit: int, window: int) -> Verdict:
    """Count one request of `key` under `rule`, and say whether it is within the limit."""
    moment = now()
    slot = int(moment // window)
    retry_after = max(1, math.ceil((slot + 1) * window - moment))
    cache = caches["default"]
    name = f"{CACHE_PREFIX}:{rule}:{key}:{window}:{slot}"
    # add() starts the count only if it is not there; the timeout outlives the window.
    cache.add(name, 0, timeout=window + 5)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add() and incr()
        cache.set(name, 1, timeout=window + 5)
        count = 1
    return Verdict(count <= limit, count, limit, retry_after)


def too_many(verdict: Verdict) -> HttpResponse:
    message = _("Too many requests. Please wait %(seconds)d seconds, then try again.") % {
        "seconds": verdict.retry_after
    }
    response = HttpResponse(message + "\n", status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(verdict.retry_after)
    response["Cache-Control"] = "no-store"
    return response


class RateLimitMiddleware:
    """Answers 429 once an address passes a limit. Reads the limits from settings on each
    request, so that they can be changed in tests."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rule = rule_for(request)
        if rule is not None:
            limit = settings.HUMSEC_RATE_LIMITS.get(rule, 0)
            if limit > 0:
                try:
                    verdict = hit(
                        rule,
                        client_ip(request) or "unknown",
                        limit,
                        settings.HUMSEC_RATE_WINDOW,
                    )
                except Exception:
                    # The cache is down or its table is missing: serve rather than fail,
                    # and say so loudly. (The lockout after failed sign-ins still holds.)
                    logger.exception("rate limit %s not counted: the cache failed", rule)
                else:
                    if not verdict.allowed:
                        logger.warning(
                            "rate limit %s reached by %s (%d in %d s)",
                            rule,
                            client_ip(request),
                            verdict.count,
                            settings.HUMSEC_RATE_WINDOW,
                        )
                        return too_many(verdict)
        return self.get_response(request)
