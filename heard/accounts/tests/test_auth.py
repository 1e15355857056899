"""Signing in and out, resetting a password, and the sign-in wall."""

import re

import pytest
from django.core import mail

from heard.audit.models import AuditEvent
from tests.factories import PASSWORD, UserFactory

LOGIN = "/accounts/login/"
NEW_PASSWORD = "a-long-new-passphrase-42"


@pytest.fixture
def staff(db):
    return UserFactory(email="sam.jones@example.org", full_name="Sam Jones")


def reset_link(message) -> str:
    """The one set-password path in an email."""
    paths = re.findall(r"https?://[^/\s]+(/accounts/password-reset/[^\s]+/)", message.body)
    assert len(paths) == 1, message.body
    return paths[0]


def test_sign_in_with_email_in_any_case_succeeds_and_is_audited(client, staff):
    """An email typed in another case still signs in, and the sign-in is audited with the IP."""
    response = client.post(
        LOGIN,
        {"username": "Sam.JONES@Example.org", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 302
    assert response.url == "/"
    assert client.session["_auth_user_id"] == str(staff.pk)
    event = AuditEvent.objects.get(event_type="auth.logged_in")
    assert event.actor == staff
    assert event.ip_address == "203.0.113.9"


def test_wrong_password_shows_the_error_summary_and_is_audited(client, staff):
    """A wrong password re-shows the form with the GOV.UK error summary and logs a failed sign-in."""
    response = client.post(
        LOGIN, {"username": staff.email, "password": "not-the-password"}, REMOTE_ADDR="198.51.100.4"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert 'class="govuk-error-summary"' in body
    assert "There is a problem" in body
    assert "Enter the email address and password of an active account" in body
    assert "<title>Error: " in body
    event = AuditEvent.objects.get(event_type="auth.login_failed")
    assert event.actor is None
    assert event.details == {"email": staff.email}
    assert event.ip_address == "198.51.100.4"
    assert not AuditEvent.objects.filter(event_type="auth.logged_in").exists()


def test_inactive_user_cannot_sign_in(client, staff):
    """A deactivated account is refused even with the right password."""
    staff.is_active = False
    staff.save()
    response = client.post(LOGIN, {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "There is a problem" in response.content.decode()
    assert not AuditEvent.objects.filter(event_type="auth.logged_in").exists()


def test_logout_is_post_only(client, staff):
    """Signing out needs a POST (a link cannot sign someone out) and is audited."""
    client.force_login(staff)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.session["_auth_user_id"] == str(staff.pk)

    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response.url == LOGIN
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.get(event_type="auth.logged_out").actor == staff


def test_password_reset_email_link_sets_a_new_password(client, staff):
    """The reset email's link lets the user choose a new password and sign in with it."""
    response = client.post("/accounts/password-reset/", {"email": staff.email})
    assert response.status_code == 302
    assert response.url == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [staff.email]

    # Django swaps the token for a session marker and redirects to the form.
    response = client.get(reset_link(mail.outbox[0]), follow=True)
    assert response.status_code == 200
    assert "Choose a new password" in response.content.decode()
    form_url = response.redirect_chain[-1][0]

    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == "/accounts/password-reset/complete/"

    staff.refresh_from_db()
    assert staff.check_password(NEW_PASSWORD)
    assert not staff.check_password(PASSWORD)
    assert AuditEvent.objects.filter(event_type="auth.password_changed", actor=staff).count() == 1
    response = client.post(LOGIN, {"username": staff.email, "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_password_reset_for_unknown_email_sends_nothing(client, staff):
    """An address with no account gets the same page but no email, so accounts cannot be probed."""
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response.url == "/accounts/password-reset/sent/"
    assert mail.outbox == []


def test_short_password_is_rejected_beside_the_field(client, staff):
    """A new password under 12 characters is refused with the message beside the field."""
    client.post("/accounts/password-reset/", {"email": staff.email})
    form_url = client.get(reset_link(mail.outbox[0]), follow=True).redirect_chain[-1][0]

    response = client.post(form_url, {"new_password1": "Short1!x", "new_password2": "Short1!x"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    inline = re.search(
        r'<p id="id_new_password1-error"\s+class="govuk-error-message">(.*?)</p>', body, re.S
    )
    assert inline, body
    assert "This password is too short. It must contain at least 12 characters." in inline[1]
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


def test_people_page_redirects_anonymous_users_to_sign_in(client, db):
    """Someone not signed in is sent to the sign-in page, which brings them back afterwards."""
    response = client.get("/people/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/people/"
