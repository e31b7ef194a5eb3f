"""Refuse a NUL character (U+0000) in a request's address (404) or its query or form
fields (400), with a message that says where it is.

No address of humsec and no text a person types holds one, and PostgreSQL cannot store
one in a text column: a NUL that reached a query or a save would fail there, as a server
error, on PostgreSQL only. Django's form fields already refuse it; this covers the rest
in one place: paths (/participants/%00/), query strings (?theme=%00) and form values that
views read directly (the reason given for a decision). Django drops unprintable
characters from the names of uploaded files; their contents are for the readers to judge.
"""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

NUL = "\x00"


def where_nul(request) -> str | None:
    """Where the request holds a NUL, in words, or None."""
    if NUL in request.path:
        return _("in the address")
    for name, values in request.GET.lists():
        if NUL in name or any(NUL in value for value in values):
            return _("in the address, in “%(name)s”") % {"name": name.replace(NUL, "")}
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        for name, values in request.POST.lists():
            if NUL in name or any(NUL in value for value in values):
                return _("in the field “%(name)s”") % {"name": name.replace(NUL, "")}
    return None


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = where_nul(request)
        if where is None:
            return self.get_response(request)
        message = _(
            "This request holds a NUL character (%(where)s), which no address or text of "
            "this site has. Remove it and try again."
        ) % {"where": where}
        # No page has such an address (404); a query or a field with one is bad input (400).
        status = 404 if NUL in request.path else 400
        if request.path.startswith("/api/") or "application/json" in request.headers.get(
            "Accept", ""
        ):
            return JsonResponse({"detail": message, "error": message}, status=status)
        return HttpResponse(message + "\n", status=status, content_type="text/plain; charset=utf-8")
