"""Two-factor sign-in, enforced for every page, the API and the admin.

A signed-in user who has an authenticator app, or who must have one (the secretariat and
the co-chairs), and whose session has not given a code yet, reaches only the pages that
sign in and out, give the code or set the app up, and the language switch. Any other page
sends them to the step they owe, then back; the API answers 403 in JSON.

Place after django_otp.middleware.OTPMiddleware, which tells whether the session gave a
code. It adds no query for an anonymous visitor or a verified session.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from humsec.accounts import two_factor

# URL names that stay open while a code is owed.
OPEN_ALWAYS = {"login", "logout", "set_language", "two-factor-verify"}
OPEN_FOR_SETUP = {"two-factor-setup"}


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            step = two_factor.pending_step(user)
            if step is not None and not self._open(request, step):
                return self._owed(request, step)
        return self.get_response(request)

    @staticmethod
    def _open(request, step: str) -> bool:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        if match.url_name in OPEN_ALWAYS:
            return True  # the admin's sign-in and sign-out too (admin:login, admin:logout)
        return step == "setup" and match.url_name in OPEN_FOR_SETUP

    @staticmethod
    def _owed(request, step: str):
        try:
            api = "api" in resolve(request.path_info).namespaces
        except Resolver404:
            api = False
        if api:
            return JsonResponse(
                {
                    "detail": _(
                        "Two-factor sign-in is required: give the code from your "
                        "authenticator app on the site first."
                    )
                },
                status=403,
            )
        url = reverse("two-factor-verify" if step == "verify" else "two-factor-setup")
        return HttpResponseRedirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
