"""Security headers on every page, and no copy kept of any page with personal data."""

import re

import pytest

from heard.organisations.models import Role
from tests.factories import CaseFactory, MembershipFactory


def csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.fixture
def advocate(organisation):
    return MembershipFactory(organisation=organisation, role=Role.ADVOCATE).user


@pytest.mark.django_db
def test_the_sign_in_page_sends_every_security_header(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_scripts_run_only_from_our_origin_or_with_the_pages_nonce(client):
    response = client.get("/accounts/login/")
    policy = csp(response)
    scripts = policy["script-src"]
    assert "'self'" in scripts
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    [nonce] = [value for value in scripts if value.startswith("'nonce-")]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    # Every script tag on the page carries this request's nonce.
    body = response.content.decode()
    tags = re.findall(r"<script[^>]*>", body)
    assert tags
    assert all(f'nonce="{nonce[7:-1]}"' in tag for tag in tags)


@pytest.mark.django_db
def test_each_request_gets_a_new_nonce(client):
    first = [v for v in csp(client.get("/accounts/login/"))["script-src"] if "nonce" in v]
    second = [v for v in csp(client.get("/accounts/login/"))["script-src"] if "nonce" in v]
    assert first != second


@pytest.mark.django_db
def test_no_page_has_an_inline_script_or_style(client, advocate, organisation):
    """Inline code would be refused by the policy: there must be none to refuse."""
    case = CaseFactory(organisation=organisation)
    client.force_login(advocate)
    for url in ["/accounts/login/", "/", f"/cases/{case.pk}/", "/refer/riverside/"]:
        body = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), url
        assert "<style" not in body, url
        assert not re.search(r"\son[a-z]+=", body), url


@pytest.mark.django_db
def test_signed_in_pages_are_never_stored(client, advocate, organisation):
    case = CaseFactory(organisation=organisation)
    client.force_login(advocate)
    for url in ["/", f"/cases/{case.pk}/", "/people/"]:
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control, url
        assert "private" in cache_control, url


@pytest.mark.django_db
def test_api_responses_are_never_stored(client, advocate):
    assert (
        "no-store" in client.post("/api/v1/eligibility/", "{}", "application/json")["Cache-Control"]
    )
    client.force_login(advocate)
    assert "no-store" in client.get("/api/v1/people/")["Cache-Control"]


@pytest.mark.django_db
def test_the_api_reference_page_loads_nothing_from_a_cdn(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "cdn.jsdelivr.net" not in page
    assert "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in page
    policy = csp(response)
    assert "'unsafe-inline'" not in policy["script-src"]
    assert all("http" not in source for source in policy["script-src"])
    strict = csp(client.get("/accounts/login/"))
    assert "blob:" not in strict.get("worker-src", [])
