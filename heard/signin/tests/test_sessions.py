"""Sessions: 30 minutes idle, 12 hours in all, drafts kept, every session ended when it must be."""

import datetime as dt
import json
import secrets

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from heard.audit.models import AuditEvent
from heard.organisations.models import Membership, Role
from heard.signin import services
from heard.signin.testing import authenticator_for, code_for
from tests.factories import PASSWORD, PersonFactory
from tests.test_settings import PYTHON, base_env, run


@pytest.fixture
def member(organisation, make_member):
    return make_member(organisation, Role.ADVOCATE)


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def shift(client, *, idle_minutes=0, signed_in_hours=0):
    """Pretend the last request was ``idle_minutes`` ago and sign-in ``signed_in_hours`` ago."""
    session = client.session
    now = timezone.now()
    session[services.LAST_SEEN_KEY] = (now - dt.timedelta(minutes=idle_minutes)).timestamp()
    session[services.SIGNED_IN_AT_KEY] = (
        now - dt.timedelta(hours=signed_in_hours, minutes=idle_minutes)
    ).timestamp()
    session.save()


def test_29_minutes_idle_is_still_signed_in(signed_in):
    shift(signed_in, idle_minutes=29)
    assert signed_in.get("/people/").status_code == 200


def test_31_minutes_idle_signs_out_with_a_clear_message(signed_in, member):
    shift(signed_in, idle_minutes=31)
    response = signed_in.get("/people/")
    assert response["Location"] == "/accounts/login/?next=/people/"
    page = signed_in.get(response["Location"]).content.decode()
    assert "signed out because you had not used Heard for 30 minutes" in page
    assert signed_in.get("/people/")["Location"].startswith("/accounts/login/")
    event = AuditEvent.objects.get(event_type="auth.session_expired")
    assert event.actor == member and event.details == {"reason": "idle"}


def test_twelve_hours_signed_in_ends_the_session_however_busy(signed_in):
    shift(signed_in, idle_minutes=1, signed_in_hours=12)
    response = signed_in.get("/people/")
    assert response["Location"].startswith("/accounts/login/")
    page = signed_in.get(response["Location"]).content.decode()
    assert "signed in for 12 hours" in page


def test_eleven_hours_signed_in_and_busy_carries_on(signed_in):
    shift(signed_in, idle_minutes=1, signed_in_hours=11)
    assert signed_in.get("/people/").status_code == 200


def test_the_api_answers_401_after_the_timeout(signed_in):
    shift(signed_in, idle_minutes=31)
    assert signed_in.get("/api/v1/people/").status_code == 401


def test_asking_the_time_left_is_not_activity_but_staying_signed_in_is(signed_in):
    shift(signed_in, idle_minutes=20)
    status = signed_in.get("/sign-in/session/").json()
    assert 9 * 60 <= status["seconds_left"] <= 10 * 60
    assert signed_in.get("/sign-in/session/").json()["seconds_left"] <= 10 * 60
    stay = signed_in.post("/sign-in/session/stay-signed-in/", HTTP_ACCEPT="application/json")
    assert stay.json()["seconds_left"] == 30 * 60
    assert signed_in.get("/sign-in/session/").json()["seconds_left"] >= 29 * 60


def test_stay_signed_in_without_javascript_goes_back_to_the_page(signed_in):
    response = signed_in.post("/sign-in/session/stay-signed-in/", {"next": "/people/"})
    assert response["Location"] == "/people/"


def test_pages_carry_the_timeout_warning_with_its_timings(signed_in):
    page = signed_in.get("/people/").content.decode()
    assert 'id="timeout-warning"' in page
    assert 'data-idle-seconds="1800"' in page
    assert 'data-warning-seconds="180"' in page


def test_a_form_sent_after_the_timeout_is_kept_and_offered_back(signed_in, member):
    shift(signed_in, idle_minutes=45)
    typed = {"first_name": "Grace", "last_name": "Hopper", "notes": "A long careful note"}
    response = signed_in.post("/people/new/", typed)
    assert response["Location"] == "/accounts/login/?next=/sign-in/draft/"
    # Signing in again (password, then code) leads to the kept draft.
    device = authenticator_for(member)
    signed_in.post("/accounts/login/", {"username": member.email, "password": PASSWORD})
    done = signed_in.post(
        "/sign-in/two-factor/", {"code": code_for(device), "next": "/sign-in/draft/"}
    )
    assert done["Location"] == "/sign-in/draft/"
    page = signed_in.get("/sign-in/draft/").content.decode()
    assert 'action="/people/new/"' in page
    for value in typed.values():
        assert f'value="{value}"' in page
    # Offered once.
    assert signed_in.get("/sign-in/draft/")["Location"] == "/"


def test_someone_elses_draft_is_never_shown(signed_in, organisation, make_member):
    shift(signed_in, idle_minutes=45)
    signed_in.post("/people/new/", {"first_name": "Private"})
    other = make_member(organisation, Role.ADVOCATE)
    signed_in.force_login(other)
    assert signed_in.get("/sign-in/draft/")["Location"] == "/"


def test_deactivating_a_membership_ends_every_session(admin_client, member, organisation):
    phone, desk = Client(), Client()
    phone.force_login(member)
    desk.force_login(member)
    membership = Membership.objects.get(user=member, organisation=organisation)
    admin_client.post(f"/organisation/staff/{membership.pk}/active/", {"active": "0"})
    for client in (phone, desk):
        assert client.get("/people/")["Location"].startswith("/accounts/login/")


def test_deactivating_an_account_ends_every_session(signed_in, member):
    member.is_active = False
    member.save()
    assert signed_in.get("/people/")["Location"].startswith("/accounts/login/")


def test_a_new_password_ends_other_sessions(signed_in, member):
    member.set_password("a-brand-new-long-password")
    member.save()
    assert signed_in.get("/people/")["Location"].startswith("/accounts/login/")


def test_setting_up_a_new_second_factor_ends_other_sessions(signed_in, member):
    other = Client()
    other.force_login_password_only(member)
    TOTPDevice.objects.filter(user=member).delete()
    device = services.pending_authenticator(member)
    other.post("/sign-in/two-factor/set-up/", {"code": code_for(device)})
    assert other.get("/people/").status_code == 200  # the one that set it up carries on
    assert signed_in.get("/people/")["Location"].startswith("/accounts/login/")


def test_refused_access_is_audited_without_the_objects_key(signed_in, member, other_organisation):
    stranger = PersonFactory(organisation=other_organisation)
    assert signed_in.get(f"/people/{stranger.pk}/").status_code == 404
    event = AuditEvent.objects.get(event_type="access.refused")
    assert event.actor == member
    assert event.details["status"] == 404
    assert event.details["route"] == "people/<int:person_id>/"
    assert str(stranger.pk) not in str(event.details)


def test_production_cookies_are_secure_http_only_and_same_site(tmp_path):
    env = base_env(
        DJANGO_SETTINGS_MODULE="heard.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        HEARD_VAR_DIR=str(tmp_path),
    )
    names = [
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SAMESITE",
        "SESSION_COOKIE_AGE",
        "HEARD_SESSION_IDLE_SECONDS",
        "HEARD_REFUSE_DEMO_USERS",
    ]
    script = (
        "import json, django; from django.conf import settings; django.setup();"
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = run([PYTHON, "-c", script], env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_AGE": 12 * 60 * 60,
        "HEARD_SESSION_IDLE_SECONDS": 30 * 60,
        "HEARD_REFUSE_DEMO_USERS": True,
    }


def test_pressing_stay_signed_in_too_late_keeps_no_draft(signed_in):
    shift(signed_in, idle_minutes=45)
    response = signed_in.post("/sign-in/session/stay-signed-in/", {"next": "/people/"})
    assert response["Location"] == "/accounts/login/?next=/people/"
