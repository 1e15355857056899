"""Two-factor sign-in: required everywhere, enrolment, recovery codes, admin reset, the demo."""

import base64
import io
import secrets

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from heard.audit.models import AuditEvent
from heard.organisations.models import Membership, Role
from heard.signin import checks
from heard.signin.services import DEMO_TOTP_SECRET, give_demo_authenticator
from heard.signin.testing import authenticator_for, code_for
from tests.factories import PASSWORD
from tests.test_settings import PYTHON, base_env, run


@pytest.fixture
def member(organisation, make_member):
    return make_member(organisation, Role.ADVOCATE)


def password_only(client, user):
    client.force_login_password_only(user)
    return client


def sign_in_with_password(client, user):
    response = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def test_a_password_alone_reaches_only_the_two_factor_set_up(client, member):
    password_only(client, member)
    response = client.get("/people/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/two-factor/set-up/?next=/people/")


def test_with_a_second_factor_a_password_alone_is_asked_for_the_code(client, member):
    authenticator_for(member)
    password_only(client, member)
    response = client.get("/cases/")
    assert response["Location"].startswith("/sign-in/two-factor/?next=/cases/")


def test_the_api_refuses_a_session_without_the_second_factor(client, member):
    password_only(client, member)
    response = client.get("/api/v1/people/")
    assert response.status_code == 403
    assert "second factor" in response.json()["detail"]


def test_the_api_answers_a_session_with_the_second_factor(client, member):
    client.force_login(member)
    assert client.get("/api/v1/people/").status_code == 200


def test_public_pages_stay_open_between_password_and_code(client, member, organisation):
    password_only(client, member)
    assert client.get(f"/refer/{organisation.slug}/").status_code == 200
    assert client.get("/healthz/").status_code == 200


def test_there_is_no_django_admin_to_get_round_the_door(client, member):
    client.force_login(member)
    assert client.get("/admin/").status_code == 404


@pytest.fixture
def no_wait_after_a_wrong_code(settings):
    """A wrong code makes the next try wait (1 s, doubling); these tests try at once."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def test_first_sign_in_sets_up_an_authenticator_with_qr_code_and_written_key(
    client, member, no_wait_after_a_wrong_code
):
    sign_in_with_password(client, member)
    response = client.get("/sign-in/two-factor/set-up/?next=/people/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body and "QR code for your authenticator app" in body
    device = TOTPDevice.objects.get(user=member, confirmed=False)
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    assert " ".join(key[i : i + 4] for i in range(0, len(key), 4)) in body

    wrong = client.post("/sign-in/two-factor/set-up/", {"code": "000000", "next": "/people/"})
    assert wrong.status_code == 200
    assert "The code is not right" in wrong.content.decode()

    right = client.post(
        "/sign-in/two-factor/set-up/", {"code": code_for(device), "next": "/people/"}
    )
    assert right["Location"].startswith("/sign-in/two-factor/recovery-codes/")
    codes_page = client.get(right["Location"])
    codes = list(StaticToken.objects.filter(device__user=member).values_list("token", flat=True))
    assert len(codes) == 10
    assert all(code in codes_page.content.decode() for code in codes)
    assert "no-store" in codes_page["Cache-Control"]
    # Shown once only.
    assert client.get("/sign-in/two-factor/recovery-codes/?next=/people/").status_code == 302
    assert client.get("/people/").status_code == 200
    assert AuditEvent.objects.filter(event_type="auth.two_factor_enrolled", actor=member).exists()


def test_sign_in_with_password_then_code(client, member, no_wait_after_a_wrong_code):
    device = authenticator_for(member)
    response = sign_in_with_password(client, member)
    assert client.get(response["Location"])["Location"].startswith("/sign-in/two-factor/")
    wrong = client.post("/sign-in/two-factor/", {"code": "123456"})
    assert "The code is not right" in wrong.content.decode()
    ok = client.post("/sign-in/two-factor/", {"code": code_for(device), "next": "/people/"})
    assert ok["Location"] == "/people/"
    assert client.get("/people/").status_code == 200
    assert AuditEvent.objects.filter(event_type="auth.two_factor_failed", actor=member).exists()
    assert AuditEvent.objects.filter(event_type="auth.two_factor_verified", actor=member).exists()


def test_a_wrong_code_makes_the_next_try_wait(client, member):
    device = authenticator_for(member)
    sign_in_with_password(client, member)
    assert client.post("/sign-in/two-factor/", {"code": "000000"}).status_code == 200
    assert client.post("/sign-in/two-factor/", {"code": code_for(device)}).status_code == 200


def test_a_code_cannot_be_used_twice(client, member):
    device = authenticator_for(member)
    code = code_for(device)
    sign_in_with_password(client, member)
    assert client.post("/sign-in/two-factor/", {"code": code}).status_code == 302
    other = Client()
    sign_in_with_password(other, member)
    again = other.post("/sign-in/two-factor/", {"code": code})
    assert again.status_code == 200


def test_a_recovery_code_signs_in_once(client, member):
    from heard.signin.services import issue_recovery_codes

    authenticator_for(member)
    codes = issue_recovery_codes(member)
    sign_in_with_password(client, member)
    response = client.post("/sign-in/two-factor/", {"code": codes[0], "next": "/people/"})
    assert response["Location"] == "/people/"
    assert StaticToken.objects.filter(device__user=member).count() == 9
    other = Client()
    sign_in_with_password(other, member)
    assert other.post("/sign-in/two-factor/", {"code": codes[0]}).status_code == 200
    assert AuditEvent.objects.filter(event_type="auth.recovery_code_used").count() == 1


def test_an_admin_resets_a_members_second_factor_and_they_set_up_again(
    admin_client, member, organisation
):
    member_client = Client()
    member_client.force_login(member)
    assert member_client.get("/people/").status_code == 200
    membership = Membership.objects.get(user=member, organisation=organisation)
    url = f"/sign-in/staff/{membership.pk}/reset-second-factor/"

    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url)["Location"] == "/organisation/staff/"

    assert not TOTPDevice.objects.filter(user=member).exists()
    # Signed out everywhere...
    assert member_client.get("/people/")["Location"].startswith("/accounts/login/")
    # ...and the next sign-in goes to set-up.
    fresh = Client()
    sign_in_with_password(fresh, member)
    assert fresh.get("/people/")["Location"].startswith("/sign-in/two-factor/set-up/")
    event = AuditEvent.objects.get(event_type="auth.two_factor_reset")
    assert event.organisation == organisation
    assert event.actor == admin_client.user


def test_only_admins_reset_a_second_factor_and_only_in_their_organisation(
    client_as, member, organisation, other_organisation, make_member
):
    membership = Membership.objects.get(user=member, organisation=organisation)
    url = f"/sign-in/staff/{membership.pk}/reset-second-factor/"
    assert client_as(Role.ADVOCATE, organisation).post(url).status_code == 403
    assert Client().post(url).status_code == 302  # to sign in
    outsider = Client()
    outsider.force_login(make_member(other_organisation, Role.ADMIN))
    assert outsider.post(url).status_code == 404
    assert TOTPDevice.objects.filter(user=member).count() == 0  # never had one
    assert not AuditEvent.objects.filter(event_type="auth.two_factor_reset").exists()


def test_seed_gives_every_demo_login_the_shared_secret_and_prints_it(db):
    out = io.StringIO()
    call_command("seed", people=2, cases=0, stdout=out)
    lines = out.getvalue().splitlines()
    assert f"Demo two-factor secret: {DEMO_TOTP_SECRET}" in lines
    demo_key = base64.b32decode(DEMO_TOTP_SECRET).hex()
    from django.contrib.auth import get_user_model

    for user in get_user_model().objects.filter(email__endswith=".example"):
        assert TOTPDevice.objects.filter(user=user, key=demo_key, confirmed=True).exists(), user


def test_production_refuses_to_start_with_demo_users(settings, user):
    settings.HEARD_REFUSE_DEMO_USERS = True
    assert not [e for e in run_checks() if e.id == "heard.E001"]
    checks.refuse_demo_users()  # no demo users: starts

    give_demo_authenticator(user)
    assert [e.id for e in run_checks() if e.id == "heard.E001"] == ["heard.E001"]
    with pytest.raises(ImproperlyConfigured, match="Demo users are present"):
        checks.refuse_demo_users()


def test_development_allows_demo_users(settings, user):
    settings.HEARD_REFUSE_DEMO_USERS = False
    give_demo_authenticator(user)
    assert not [e for e in run_checks() if e.id == "heard.E001"]
    checks.refuse_demo_users()


def test_the_production_server_will_not_start_with_demo_users(tmp_path):
    """For real: production settings, a migrated database, one demo login, then the WSGI app."""
    env = base_env(
        DJANGO_SETTINGS_MODULE="heard.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="heard.example.org",
        HEARD_VAR_DIR=str(tmp_path),
    )
    assert run([PYTHON, "-m", "django", "migrate", "-v", "0"], env=env).returncode == 0
    starts = run([PYTHON, "-c", "import heard.wsgi"], env=env)
    assert starts.returncode == 0, starts.stderr
    add_demo_user = (
        "import django; django.setup();"
        "from heard.accounts.models import User;"
        "from heard.signin.services import give_demo_authenticator;"
        "give_demo_authenticator(User.objects.create_user('demo@heard.example', 'x'))"
    )
    assert run([PYTHON, "-c", add_demo_user], env=env).returncode == 0
    refused = run([PYTHON, "-c", "import heard.wsgi"], env=env)
    assert refused.returncode != 0
    assert "Demo users are present" in refused.stderr
    check = run([PYTHON, "-m", "django", "check"], env=env)
    assert check.returncode != 0
    assert "heard.E001" in check.stderr


def test_the_members_page_links_to_the_reset(admin_client, member, organisation):
    membership = Membership.objects.get(user=member, organisation=organisation)
    page = admin_client.get(f"/organisation/staff/{membership.pk}/").content.decode()
    assert f"/sign-in/staff/{membership.pk}/reset-second-factor/" in page
