"""The content security policy (django-csp), and a Permissions-Policy header.

The policy (CONTENT_SECURITY_POLICY in settings) is one and the same for every page:
scripts, styles, images, fonts and connections from this site only; no inline script, no
inline style, no eval, no plugins, no framing, forms posting only to this site.

The Django admin (5.2) and the API's Swagger UI (django-ninja 1.7, /api/v1/docs) work under
it as they are: their scripts are files from this site, and the data they need comes in
data- attributes or a JSON block (<script type="application/json">, which is data and never
runs). Neither needs a nonce nor a looser policy; tests/security/test_csp_in_the_browser.py
checks in Chromium that no page of either reports a violation. (The admin writes one
inline <style> on the change list of a model without actions; no humsec model is such, and
the browser test would catch one.)
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware

# Browser features no humsec page uses.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp's middleware, adding a Permissions-Policy header."""

    def process_response(self, request, response):
        response = super().process_response(request, response)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
