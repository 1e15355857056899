"""The eligibility engine over HTTP answers exactly what the Python contract answers."""

import json

import pytest

from heard import eligibility

ANSWERS = {
    "nation": "england",
    "age": 40,
    "process": "needs_assessment",
    "substantial_difficulty": {"understanding": True},
    "appropriate_individual_available": False,
    "as_of": "2026-11-24",
}


@pytest.mark.django_db
def test_api_matches_the_engine(client):
    response = client.post(
        "/api/v1/eligibility/", json.dumps(ANSWERS), content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json() == eligibility.assess(ANSWERS)
    assert next(r["type"] for r in response.json()["results"]) == "care_act"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"age": true}', "age"),
        ('{"age": 45.0}', "age"),
        ("[1, 2]", ""),
        ('{"nation": "scotland"}', "nation"),
    ],
)
def test_invalid_answers_are_400_with_the_errors_shape(client, body, field):
    response = client.post("/api/v1/eligibility/", body, content_type="application/json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors and errors[0]["field"] == field and errors[0]["message"]


@pytest.mark.django_db
def test_malformed_json_is_400_with_the_errors_shape(client):
    response = client.post("/api/v1/eligibility/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == ""


@pytest.mark.django_db
@pytest.mark.parametrize("depth", [21, 5000, 30_000])
def test_deeply_nested_json_is_400_in_the_errors_shape(client, depth):
    """Thousands of nested arrays once raised RecursionError (a 500); now bad input."""
    body = "[" * depth + "]" * depth
    response = client.post("/api/v1/eligibility/", body, content_type="application/json")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == ""
    assert "nests more than 20 levels" in error["message"]


@pytest.mark.django_db
def test_brackets_inside_strings_do_not_count_as_nesting(client):
    answers = {**ANSWERS, "note": "[" * 500}
    response = client.post(
        "/api/v1/eligibility/", json.dumps(answers), content_type="application/json"
    )
    assert response.status_code in {200, 400}
    assert "nests more than" not in response.content.decode()


@pytest.mark.django_db
def test_a_body_over_the_limit_is_413_in_the_errors_shape(client, settings):
    body = json.dumps({**ANSWERS, "padding": "x" * (settings.HEARD_API_MAX_BODY_BYTES + 1)})
    response = client.post("/api/v1/eligibility/", body, content_type="application/json")
    assert response.status_code == 413
    [error] = response.json()["errors"]
    assert error["field"] == "" and "too large" in error["message"]


@pytest.mark.django_db
def test_nan_is_not_json(client):
    response = client.post("/api/v1/eligibility/", '{"age": NaN}', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "The input is not valid JSON."


@pytest.fixture
def shared_cache(settings):
    """The database cache production uses, emptied so counts start from nothing."""
    from django.core.cache import cache

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "heard_cache",
        }
    }
    cache.clear()
    yield cache
    cache.clear()


def _post(client, **headers):
    return client.post(
        "/api/v1/eligibility/", json.dumps(ANSWERS), content_type="application/json", **headers
    )


@pytest.mark.django_db
def test_rotating_x_forwarded_for_does_not_dodge_the_limit(client, shared_cache):
    """Without a trusted proxy the header is ignored: the 61st call in a minute is 429."""
    for number in range(60):
        assert _post(client, HTTP_X_FORWARDED_FOR=f"203.0.113.{number}").status_code == 200
    assert _post(client, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429


@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_client_has_its_own_limit(client, shared_cache, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.0/8"]
    for _ in range(60):
        assert _post(client, HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 200
    assert _post(client, HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 429
    assert _post(client, HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 200


@pytest.mark.django_db
def test_the_limit_is_counted_in_the_shared_database_cache(client, shared_cache):
    """Counts live in the heard_cache table, so every process and a restart see them."""
    from django.db import connection

    _post(client)
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM heard_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("throttle_eligibility" in key for key in keys)
