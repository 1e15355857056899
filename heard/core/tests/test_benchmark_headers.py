"""Benchmark headers: the statements a request ran and its time in Django, only when asked."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_headers_only_when_the_benchmark_setting_is_on(settings):
    settings.HEARD_BENCHMARK_HEADERS = False
    response = Client().get("/healthz/")
    assert "X-Heard-Queries" not in response.headers
    assert "Server-Timing" not in response.headers

    settings.HEARD_BENCHMARK_HEADERS = True
    response = Client().get("/healthz/")  # a new client loads the middleware afresh
    assert int(response.headers["X-Heard-Queries"]) >= 1  # the health check asks the database
    assert response.headers["Server-Timing"].startswith("app;dur=")
