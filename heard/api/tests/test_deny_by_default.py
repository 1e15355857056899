"""The API denies by default: every endpoint names who may use it."""

from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient
from rest_framework.views import APIView

from heard.api.permissions import DenyAll


def _api_views(patterns=None):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _api_views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "cls", None)
            if view is not None and issubclass(view, APIView):
                yield pattern, pattern.callback


def test_the_default_is_to_deny():
    assert APIView().get_permissions()[0].__class__ is DenyAll


def test_every_endpoint_opts_in():
    """No API view falls back to the default: each one names its permission classes."""
    found = list(_api_views())
    assert len(found) >= 4  # schema, docs, eligibility, people (list and detail), the index
    for pattern, callback in found:
        classes = callback.initkwargs.get("permission_classes") or callback.cls.permission_classes
        assert DenyAll not in classes, f"{pattern.pattern} does not opt in"


def test_an_endpoint_that_does_not_opt_in_answers_no_one(admin_user):
    class Forgotten(APIView):
        def get(self, request):
            return None

    client = APIClient()
    client.force_authenticate(admin_user)
    request = client.get("/").wsgi_request
    assert not Forgotten().get_permissions()[0].has_permission(request, Forgotten())


def test_an_address_that_names_no_endpoint_is_a_problem_404(client):
    """Not the HTML page for people: an id that cannot be one, or no endpoint at all."""
    for address in (
        "/api/v1/reports/services/-5/measures/",
        "/api/v1/no-such-thing/",
        "/api/v1/network/no-such-thing/",
    ):
        for method in (client.get, client.post, client.options):
            response = method(address)
            assert response.status_code == 404, address
            assert response["Content-Type"] == "application/problem+json", address
            assert response.json()["status"] == 404
