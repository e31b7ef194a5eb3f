"""Hardening: the content security policy and other headers, rate limits, the lockout
page after repeated failed sign-ins, and the shared cache the limits count in.

docs/security.md says what humsec promises and which test checks each promise.
"""
