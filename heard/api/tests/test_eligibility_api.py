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
