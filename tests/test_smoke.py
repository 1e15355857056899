"""The production path end to end: what docs/deployment.md tells an operator to do.

Uses the assets the build made (``npm run build``; it builds nothing itself), collects
them with the production static storage into a temporary directory, migrates a fresh
PostgreSQL database, makes the application's database role (``heard db-roles``), starts
gunicorn with the production settings connected as that role (so row-level security
applies) and then, as a
browser would behind the TLS proxy, signs in, opens a case page and fetches a static
file. Skipped, saying why, when no PostgreSQL answers (CI always has one).
"""

import hashlib
import hmac
import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

pytestmark = pytest.mark.smoke

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BUILT_CSS = REPO / "heard" / "static" / "dist" / "heard.css"
INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
EMAIL = "smoke.advocate@example.org"
PASSWORD = "smoke-test-password-2026"

MAKE_DATA = f"""
from heard.organisations.models import Role
from tests.factories import CaseFactory, MembershipFactory, OrganisationFactory
organisation = OrganisationFactory(name="Smoke Advocacy", slug="smoke")
member = MembershipFactory(
    organisation=organisation, role=Role.ADVOCATE,
    user__email="{EMAIL}", user__password="{PASSWORD}",
)
case = CaseFactory(organisation=organisation, allocated_to=member)
try:  # an authenticator app for the advocate, when sign-in asks for a second factor
    from heard.signin.testing import authenticator_for
except ImportError:
    key = "none"
else:
    key = authenticator_for(member.user).key
print(case.pk, case.reference, key)
"""


def postgres_server_url() -> str | None:
    """The PostgreSQL server the PostgreSQL run uses, if one answers."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    try:
        import psycopg

        psycopg.connect(_with_database(url, "postgres"), connect_timeout=3).close()
    except Exception:
        return None
    return url


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return parts._replace(path=f"/{name}").geturl().replace("postgres://", "postgresql://", 1)


def totp(hex_key: str, at: float | None = None) -> str:
    """The six-digit code an authenticator app shows now (RFC 6238, 30-second steps)."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(bytes.fromhex(hex_key), counter.to_bytes(8, "big"), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def database_url():
    server = postgres_server_url()
    if server is None:
        pytest.skip(
            "No PostgreSQL answers (set DATABASE_URL or start one on 127.0.0.1:5432): "
            "the production smoke test needs one, and CI has one."
        )
    import psycopg

    name = f"heard_smoke_{uuid.uuid4().hex[:12]}"
    admin = _with_database(server, "postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield _with_database(server, name)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def production_env(database_url, tmp_path) -> dict[str, str]:
    if not BUILT_CSS.exists():
        pytest.fail("The assets are not built: run `make assets` (npm run build) first.")
    env = {key: os.environ[key] for key in INHERITED if key in os.environ}
    env.update(
        HEARD_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="127.0.0.1",
        HEARD_VAR_DIR=str(tmp_path),
        PYTHONPATH=str(REPO),  # the data script below uses the test factories
    )
    return env


def heard(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603 - our own command
        [str(BIN / "heard"), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"heard {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


class Browser:
    """Just enough of a browser behind the TLS proxy: cookies, and HTTPS as the proxy says."""

    def __init__(self, port: int):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None, *, https=True):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": f"127.0.0.1:{self.port}", "Referer": self.origin + path}
        if https:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            assert "Secure" in header and "HttpOnly" in header, header
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response, content.decode("utf-8", "replace")


@pytest.fixture
def app_role_env(prepared, production_env, database_url):
    """The web servers connect as the application role (``heard db-roles``), so row-level
    security holds them to one organisation per request, as in docs/deployment.md."""
    import psycopg

    role = "heard_app_" + urlsplit(database_url).path.lstrip("/")
    heard("db-roles", "--app-role", role, env=production_env)
    parts = urlsplit(database_url)
    app_url = parts._replace(netloc=f"{role}@{parts.hostname}:{parts.port or 5432}").geturl()
    try:
        yield {**production_env, "DATABASE_URL": app_url}
    finally:
        with psycopg.connect(database_url, autocommit=True) as connection:
            connection.execute(f'DROP OWNED BY "{role}"')
            connection.execute(f'DROP ROLE "{role}"')


@pytest.fixture
def gunicorn(app_role_env, tmp_path):
    port = free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603 - our own server
        [
            str(BIN / "gunicorn"),
            "heard.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "60",
        ],
        cwd=tmp_path,  # not the checkout: it must run from the installed package
        env={key: value for key, value in app_role_env.items() if key != "PYTHONPATH"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response, _ = Browser(port).request("GET", "/healthz/")
                if response.status == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("gunicorn did not start:\n" + (tmp_path / "gunicorn.log").read_text())
            time.sleep(0.3)
        yield Browser(port)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.fixture
def prepared(production_env):
    """The operator's steps from docs/deployment.md, then one advocate with one case."""
    collected = heard("collectstatic", "--no-input", env=production_env)
    assert "post-processed" in collected
    heard("migrate", "--no-input", env=production_env)
    case_pk, reference, key = heard(
        "shell", "--no-imports", "-c", MAKE_DATA, env=production_env
    ).split()
    return int(case_pk), reference, key


def pass_second_factor(browser, location: str, key: str) -> None:
    """The code the advocate's authenticator app shows now, typed where sign-in asks."""
    assert key != "none", "sign-in asks for a second factor the test cannot give"
    parts = urlsplit(location)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    response, page = browser.request("GET", path)
    assert response.status == 200, page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response, page = browser.request(
        "POST", path, {"csrfmiddlewaretoken": token, "code": totp(key)}
    )
    assert response.status == 302, page
    assert "two-factor" not in response.getheader("Location")


def test_the_production_path_serves_a_signed_in_case_page_and_static_files(prepared, gunicorn):
    case_pk, reference, key = prepared
    browser = gunicorn

    # Plain HTTP is sent to HTTPS, with HSTS on the HTTPS answers.
    response, _ = browser.request("GET", "/accounts/login/", https=False)
    assert response.status == 301
    assert response.getheader("Location").startswith("https://")
    response, _ = browser.request("GET", "/healthz/")
    assert "max-age=31536000" in response.getheader("Strict-Transport-Security", "")

    response, page = browser.request("GET", "/accounts/login/")
    assert response.status == 200
    assert "'nonce-" in response.getheader("Content-Security-Policy")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response, page = browser.request(
        "POST",
        "/accounts/login/",
        {"csrfmiddlewaretoken": token, "username": EMAIL, "password": PASSWORD},
    )
    assert response.status == 302, page
    assert "sessionid" in browser.cookies
    response, page = browser.request("GET", f"/cases/{case_pk}/")
    if response.status == 302 and "two-factor" in response.getheader("Location"):
        pass_second_factor(browser, response.getheader("Location"), key)
        response, page = browser.request("GET", f"/cases/{case_pk}/")
    assert response.status == 200, (response.status, response.getheader("Location"))
    assert reference in page
    assert "no-store" in response.getheader("Cache-Control")

    # The stylesheet the page links to is the hashed, collected copy, and it is served.
    stylesheet = re.search(r'href="(/static/dist/heard\.[0-9a-f]{12}\.css)"', page).group(1)
    response, css = browser.request("GET", stylesheet)
    assert response.status == 200
    assert "immutable" in response.getheader("Cache-Control", "")
    crest = re.search(r"/static/dist/assets/images/govuk-crest\.[0-9a-f]{12}\.svg", css)
    assert crest, "the stylesheet points at the collected crest"
    response, _ = browser.request("GET", crest.group(0))
    assert response.status == 200
