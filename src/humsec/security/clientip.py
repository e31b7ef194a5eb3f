"""The address of the browser a request comes from, for rate limits, the lockout and the
audit log.

Without a proxy it is REMOTE_ADDR. Behind nginx (BEHIND_PROXY=true) REMOTE_ADDR is
nginx itself, so every visitor would share one address and one limit: the address is then
the last one in X-Forwarded-For, the one nginx appends (`proxy_set_header
X-Forwarded-For $proxy_add_x_forwarded_for;`). Earlier entries are written by the client
and are never trusted.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    remote = _valid(request.META.get("REMOTE_ADDR") or "")
    if getattr(settings, "HUMSEC_BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return _valid(forwarded.split(",")[-1]) or remote
    return remote
