"""Emails after a referral: sent only once it is stored, never losing it, never carrying personal data."""

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

from heard.organisations.models import Role
from heard.referrals.models import Referral, Source
from heard.referrals.services import intake, notifications
from tests.factories import MembershipFactory, OrganisationFactory

SEEN_WHEN_SENDING: list[bool] = []


class FailingBackend(BaseEmailBackend):
    """An email server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server unavailable")


class CheckingBackend(LocmemBackend):
    """Records whether the referral was already committed when each email went out."""

    def send_messages(self, email_messages):
        SEEN_WHEN_SENDING.append(Referral.objects.filter(reference__regex=r"^[A-Z]{2,6}-").exists())
        return super().send_messages(email_messages)


DATA = {
    "first_name": "Ann",
    "last_name": "Smith",
    "situation": "She has dementia and is being moved to a care home",
    "referrer_name": "Sam Social",
    "referrer_email": "sam@example.org",
}


@pytest.fixture
def staff(organisation):
    admin = MembershipFactory(organisation=organisation, role=Role.ADMIN, user__email="a@x.org")
    manager = MembershipFactory(organisation=organisation, role=Role.MANAGER, user__email="m@x.org")
    MembershipFactory(organisation=organisation, role=Role.ADVOCATE, user__email="adv@x.org")
    MembershipFactory(
        organisation=organisation, role=Role.MANAGER, user__email="gone@x.org", is_active=False
    )
    return admin, manager


def submit(organisation, **overrides):
    options = {
        "organisation": organisation,
        "idempotency_key": intake.new_token(),
        "source": Source.PUBLIC_PROFESSIONAL,
        "data": DATA,
        "base_url": "https://heard.example",
        **overrides,
    }
    return intake.referral_submit(**options)


@pytest.mark.django_db
def test_the_referral_is_stored_before_any_email_is_sent(
    organisation, staff, settings, django_capture_on_commit_callbacks
):
    """Emails wait for the commit: when they are sent, the referral row already exists."""
    settings.EMAIL_BACKEND = f"{__name__}.CheckingBackend"
    SEEN_WHEN_SENDING.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _, created = submit(organisation)
        assert created
        assert len(mail.outbox) == 0  # nothing sent inside the transaction
    assert len(callbacks) == 1
    callbacks[0]()
    assert SEEN_WHEN_SENDING == [True, True]
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_failing_email_server_does_not_lose_the_referral(
    organisation, staff, settings, django_capture_on_commit_callbacks, caplog
):
    """The email backend raises; the referral is still stored and the failure is logged."""
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        referral, created = submit(organisation)
    assert created
    assert Referral.objects.filter(pk=referral.pk).exists()
    assert "Could not send the acknowledgement email" in caplog.text
    assert "Could not send the organisation email" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_failing_email_server_does_not_break_the_public_form(client, organisation, settings):
    """Through the real pages, with real commits: the referrer still reaches the confirmation."""
    from heard.referrals.tests.test_intake_public import (
        BASE,
        fill_professional_referral,
        send,
        token_on,
    )

    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    fill_professional_referral(client)
    response = send(client, token_on(client.get(BASE + "/check-your-answers/")))
    assert response["Location"] == BASE + "/sent/"
    referral = Referral.objects.get()
    assert referral.reference in client.get(BASE + "/sent/").content.decode()


@pytest.mark.django_db
def test_organisation_is_told_with_reference_and_link_only(
    organisation, staff, django_capture_on_commit_callbacks
):
    """Active admins and managers get the reference and a link; no name, no situation."""
    with django_capture_on_commit_callbacks(execute=True):
        referral, _ = submit(organisation)
    notice = next(m for m in mail.outbox if m.subject.startswith("New referral"))
    assert sorted(notice.to) == ["a@x.org", "m@x.org"]
    assert referral.reference in notice.body
    assert f"https://heard.example/referrals/{referral.pk}/" in notice.body
    for personal in ("Ann", "Smith", "dementia", "care home", "Sam"):
        assert personal not in notice.body
        assert personal not in notice.subject


@pytest.mark.django_db
def test_referrer_gets_an_acknowledgement_with_the_reference(
    organisation, django_capture_on_commit_callbacks
):
    """The referrer's email has the reference and what happens next, nothing about the person."""
    with django_capture_on_commit_callbacks(execute=True):
        referral, _ = submit(organisation)
    (acknowledgement,) = mail.outbox
    assert acknowledgement.to == ["sam@example.org"]
    assert referral.reference in acknowledgement.subject
    assert "What happens next" in acknowledgement.body
    assert "Ann" not in acknowledgement.body and "dementia" not in acknowledgement.body


@pytest.mark.django_db
def test_self_referral_acknowledges_the_person(organisation, django_capture_on_commit_callbacks):
    """Someone referring themselves with an email address gets the acknowledgement."""
    with django_capture_on_commit_callbacks(execute=True):
        submit(
            organisation,
            source=Source.EASY_READ,
            data={"first_name": "Ann", "email": "ann@example.org"},
        )
    (acknowledgement,) = mail.outbox
    assert acknowledgement.to == ["ann@example.org"]
    assert "Thank you for asking for an advocate" in acknowledgement.body


@pytest.mark.django_db
def test_a_professional_referral_does_not_email_the_person(
    organisation, django_capture_on_commit_callbacks
):
    """Only the referrer is acknowledged when someone else referred the person."""
    with django_capture_on_commit_callbacks(execute=True):
        submit(organisation, data={**DATA, "email": "ann@example.org"})
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]


@pytest.mark.django_db
def test_a_repeat_submission_sends_no_second_email(
    organisation, staff, django_capture_on_commit_callbacks
):
    """The idempotent repeat returns the original and does not notify anyone again."""
    token = intake.new_token()
    with django_capture_on_commit_callbacks(execute=True):
        submit(organisation, idempotency_key=token)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _, created = submit(organisation, idempotency_key=token)
    assert not created
    assert callbacks == []
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_emails_are_a_background_task_enqueued_on_commit(
    organisation, staff, django_capture_on_commit_callbacks, monkeypatch
):
    """The commit enqueues ``send_referral_notifications`` for the worker, with the referral's
    id (a task's arguments are stored as JSON); running it sends the emails."""
    from heard.referrals import tasks

    enqueued = []
    real = tasks.send_referral_notifications

    class Spy:
        def get_backend(self):
            return real.get_backend()

        def enqueue(self, *args, **kwargs):
            enqueued.append((args, kwargs))
            return real.enqueue(*args, **kwargs)

    monkeypatch.setattr(tasks, "send_referral_notifications", Spy())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        referral, _ = submit(organisation)
    assert enqueued == []
    callbacks[0]()
    assert enqueued == [
        ((referral.pk, "https://heard.example"), {"organisation_id": organisation.pk})
    ]
    assert len(mail.outbox) == 2
    assert real.call(referral.pk + 1000, organisation_id=organisation.pk) == {}


@pytest.mark.django_db
def test_with_the_database_queue_the_task_commits_with_the_referral(
    organisation, settings, django_capture_on_commit_callbacks
):
    """The queue's row is written in the referral's transaction: both commit, or neither."""
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        referral, created = submit(organisation)
    assert created
    assert callbacks == []  # nothing left for after the commit
    row = DBTaskResult.objects.get()
    assert row.task_path.endswith("send_referral_notifications")
    assert row.args_kwargs["args"][0] == referral.pk

    class Abandon(Exception):
        pass

    with pytest.raises(Abandon), transaction.atomic():
        submit(organisation, idempotency_key="f" * 32)
        assert DBTaskResult.objects.count() == 2
        raise Abandon
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db
def test_the_organisation_is_told_through_its_own_managers_with_an_email(organisation, staff):
    """Another organisation's manager and a manager without an email are not written to."""
    other = OrganisationFactory(slug="elsewhere")
    MembershipFactory(organisation=other, role=Role.MANAGER, user__email="other@x.org")
    MembershipFactory(organisation=organisation, role=Role.MANAGER, user__email="")
    referral, _ = submit(organisation)
    assert sorted(notifications.organisation_recipients(referral)) == ["a@x.org", "m@x.org"]
    assert notifications.organisation_recipients(submit(other)[0]) == ["other@x.org"]
