"""Lockout: 10 failures lock an email from one address, 50 lock the address, many addresses alert."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.organisations.models import Role
from heard.signin.models import SignInFailure, SignInLock
from tests.factories import PASSWORD

LOCKED = "You cannot sign in for 30 minutes"
WRONG = "Enter the email address and password of an active account"


@pytest.fixture
def member(organisation, make_member):
    return make_member(organisation, Role.ADVOCATE)


def attempt(email, password, address="203.0.113.7"):
    return Client(REMOTE_ADDR=address).post(
        "/accounts/login/", {"username": email, "password": password}
    )


def fail(email, times, address="203.0.113.7"):
    for _i in range(times):
        attempt(email, "not-the-password", address)


def test_nine_failures_do_not_lock(member):
    fail(member.email, 9)
    response = attempt(member.email, PASSWORD)
    assert response.status_code == 302
    assert not SignInLock.objects.exists()


def test_the_tenth_failure_locks_and_the_right_password_is_refused(member):
    fail(member.email, 9)
    tenth = attempt(member.email, "not-the-password")
    assert LOCKED in tenth.content.decode()
    refused = attempt(member.email, PASSWORD)
    assert refused.status_code == 200
    assert LOCKED in refused.content.decode()
    assert "organisation" in refused.content.decode()  # how to get help
    assert AuditEvent.objects.filter(event_type="auth.locked_out").count() == 1
    assert AuditEvent.objects.filter(event_type="auth.login_refused_locked").exists()
    assert AuditEvent.objects.filter(event_type="auth.login_failed").count() >= 10


def test_a_lock_is_the_email_and_address_together(member):
    fail(member.email, 10)
    # The same person from another address is not locked out by someone else's guessing.
    assert attempt(member.email, PASSWORD, address="198.51.100.20").status_code == 302


def test_a_lock_says_nothing_about_whether_the_account_exists(member):
    fail("nobody@example.org", 10)
    unknown = attempt("nobody@example.org", "anything").content.decode()
    fail(member.email, 10, address="198.51.100.9")
    known = attempt(member.email, PASSWORD, address="198.51.100.9").content.decode()
    assert LOCKED in unknown and LOCKED in known
    assert WRONG not in unknown and WRONG not in known


def test_a_lock_ends_after_30_minutes(member):
    fail(member.email, 10)
    lock = SignInLock.objects.get()
    assert lock.locked_until - lock.created_at == pytest.approx(
        dt.timedelta(minutes=30), abs=dt.timedelta(seconds=5)
    )
    # Half an hour later:
    SignInLock.objects.update(locked_until=timezone.now() - dt.timedelta(seconds=1))
    SignInFailure.objects.update(attempted_at=timezone.now() - dt.timedelta(minutes=31))
    assert attempt(member.email, PASSWORD).status_code == 302


def test_fifty_failures_across_emails_lock_the_address(member, settings):
    for number in range(49):
        attempt(f"guess{number}@example.org", "password")
    assert not SignInLock.objects.filter(username="").exists()
    attempt("guess49@example.org", "password")
    assert SignInLock.objects.filter(username="", ip_address="203.0.113.7").exists()
    # Now even a real member's right password is refused from that address...
    assert LOCKED in attempt(member.email, PASSWORD).content.decode()
    # ...but not from anywhere else.
    assert attempt(member.email, PASSWORD, address="198.51.100.1").status_code == 302


def test_guessing_from_many_addresses_alerts_the_organisations_admins(
    member, organisation, make_member, django_capture_on_commit_callbacks
):
    admin = make_member(organisation, Role.ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(5):
            fail(member.email, 2, address=f"198.51.100.{number + 1}")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [admin.email]
    assert member.email in message.body
    assert "5 different internet addresses" in message.body
    # Once per half hour, not once per failure.
    with django_capture_on_commit_callbacks(execute=True):
        fail(member.email, 2, address="198.51.100.77")
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(
        event_type="auth.many_addresses_alert", organisation=organisation
    ).exists()


def test_guessing_at_an_unknown_email_from_many_addresses_alerts_nobody(
    member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(6):
            fail("nobody@example.org", 1, address=f"198.51.100.{number + 1}")
    assert mail.outbox == []


def test_a_successful_sign_in_forgets_earlier_mistakes(member):
    fail(member.email, 9)
    assert attempt(member.email, PASSWORD).status_code == 302
    fail(member.email, 9)
    assert attempt(member.email, PASSWORD).status_code == 302


def test_the_client_address_comes_from_trusted_proxies_only(member, settings):
    """Rotating X-Forwarded-For does not dodge the lock when the header is not trusted."""
    for number in range(10):
        Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}").post(
            "/accounts/login/", {"username": member.email, "password": "wrong"}
        )
    assert SignInLock.objects.filter(ip_address="203.0.113.7").exists()


def test_password_reset_is_limited_the_same_for_known_and_unknown_emails(member, settings):
    settings.HEARD_RESET_PER_EMAIL = 2
    client = Client(REMOTE_ADDR="203.0.113.50")
    for email in (member.email, "nobody@example.org"):
        for _i in range(2):
            response = client.post("/accounts/password-reset/", {"email": email})
            assert response["Location"] == "/accounts/password-reset/sent/"
        limited = client.post("/accounts/password-reset/", {"email": email})
        assert limited.status_code == 200
        assert "too many password reset emails" in limited.content.decode()
    assert len(mail.outbox) == 2  # both to the real account, none for the unknown one
    assert AuditEvent.objects.filter(event_type="auth.password_reset_limited").count() == 2


def test_password_reset_is_limited_per_address(member, settings):
    settings.HEARD_RESET_PER_ADDRESS = 3
    client = Client(REMOTE_ADDR="203.0.113.51")
    for number in range(3):
        client.post("/accounts/password-reset/", {"email": f"someone{number}@example.org"})
    limited = client.post("/accounts/password-reset/", {"email": member.email})
    assert "too many password reset emails" in limited.content.decode()
    assert mail.outbox == []
