"""CSRF protection everywhere: no view is exempt except the API's, whose writes check the
token themselves; a form posted without its token is refused."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from ninja.security import SessionAuth

from humsec.api.urls import api


def views(patterns=None, namespaces=()):
    """(route, namespaces, view) for every URL pattern, resolvers included."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from views(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield str(pattern.pattern), namespaces, pattern.callback


def test_no_view_outside_the_api_is_exempt_from_csrf_checks():
    exempt = [
        route
        for route, namespaces, view in views()
        if getattr(view, "csrf_exempt", False) and "api" not in namespaces
    ]
    assert exempt == []


def test_every_api_operation_that_writes_checks_the_csrf_token():
    """django-ninja exempts its views from Django's CSRF middleware; an operation that
    writes must then use its session authentication, which checks the token itself
    (the permission matrix posts to each without one and expects 403)."""
    writes = [
        (path, method, operation)
        for path, methods in api._routers[0][1].path_operations.items()
        for operation in methods.operations
        for method in operation.methods
        if method != "GET"
    ]
    assert writes, "the API has no operation that writes"
    for path, method, operation in writes:
        auths = operation.auth_callbacks
        assert auths, f"{method} {path} has no authentication"
        assert all(isinstance(a, SessionAuth) and a.csrf for a in auths), f"{method} {path}"


def test_the_url_walk_sees_every_part_of_the_site():
    namespaces = {name for _, spaces, _ in views() for name in spaces}
    routes = [route for route, _, _ in views()]
    assert {"admin", "api"} <= namespaces
    assert "r/<str:token>/" in routes
    assert len(routes) > 50


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, data",
    [
        ("/accounts/login/", {"username": "a", "password": "b"}),
        ("/i18n/setlang/", {"language": "fr"}),
        ("/r/some-token/", {}),
        ("/admin/login/", {"username": "a", "password": "b"}),
    ],
)
def test_a_form_posted_without_its_token_is_refused(path, data):
    response = Client(enforce_csrf_checks=True).post(path, data, REMOTE_ADDR="192.0.2.40")
    assert response.status_code == 403


@pytest.mark.django_db
def test_a_form_posted_with_its_token_is_accepted():
    client = Client(enforce_csrf_checks=True)
    page = client.get("/accounts/login/")
    token = page.context["csrf_token"]
    response = client.post("/i18n/setlang/", {"language": "fr", "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302
