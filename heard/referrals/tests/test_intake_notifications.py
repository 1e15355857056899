"""Emails after a referral: sent only once it is stored, never losing it, never carrying personal data."""

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

from heard.organisations.models import Role
from heard.referrals.models import EmailsQueued, OwedEmails, Referral, Source
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
    """The commit enqueues one task for the organisation's owed emails; running it sends
    them and clears the referral's mark, so running it again sends nothing."""
    from heard.referrals import tasks

    enqueued = []
    real = tasks.send_owed_referral_notifications

    class Spy:
        def get_backend(self):
            return real.get_backend()

        def enqueue(self, *args, **kwargs):
            enqueued.append((args, kwargs))
            return real.enqueue(*args, **kwargs)

    monkeypatch.setattr(tasks, "send_owed_referral_notifications", Spy())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        referral, _ = submit(organisation)
    assert enqueued == []
    assert OwedEmails.objects.filter(referral=referral).exists()
    callbacks[0]()
    assert enqueued == [((), {"organisation_id": organisation.pk})]
    assert len(mail.outbox) == 2
    assert "https://heard.example/referrals/" in mail.outbox[1].body  # the queued address
    assert not OwedEmails.objects.exists()
    assert real.call(organisation_id=organisation.pk) == 0
    assert len(mail.outbox) == 2
    # A task queued by an earlier version, for one referral, still runs.
    old = tasks.send_referral_notifications
    assert old.call(referral.pk, organisation_id=organisation.pk)["acknowledgement"]
    assert old.call(referral.pk + 1000, organisation_id=organisation.pk) == {}


@pytest.mark.django_db
def test_with_the_database_queue_the_task_commits_with_the_referral(
    organisation, settings, django_capture_on_commit_callbacks
):
    """The queue's row is written in the referral's transaction: both commit, or neither.
    While it waits, later referrals of the organisation queue nothing more: the one task
    sends for them all."""
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }

    class Abandon(Exception):
        pass

    with pytest.raises(Abandon), transaction.atomic():
        submit(organisation)
        assert DBTaskResult.objects.count() == 1
        raise Abandon
    assert DBTaskResult.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first, created = submit(organisation)
        second, _ = submit(organisation)
    assert created
    assert callbacks == []  # nothing left for after the commit
    row = DBTaskResult.objects.get()
    assert row.task_path.endswith("send_owed_referral_notifications")
    assert row.args_kwargs == {"args": [], "kwargs": {"organisation_id": organisation.pk}}
    assert notifications.send_owed(organisation.pk) == 2
    assert [message.subject for message in mail.outbox] == [
        f"We have your referral: {first.reference}",
        f"We have your referral: {second.reference}",
    ]
    submit(organisation)  # the task took the organisation's row: the next queues another
    assert DBTaskResult.objects.count() == 2


@pytest.mark.django_db
def test_owed_emails_go_in_batches_over_one_connection(organisation, staff, monkeypatch):
    """Each batch reads the recipients once and opens one mail connection; every owed
    referral is sent for exactly once, oldest first, and another organisation's are left."""
    monkeypatch.setattr(notifications, "BATCH", 2)
    other = OrganisationFactory(slug="elsewhere")
    referrals = [submit(organisation)[0] for _ in range(5)]
    theirs, _ = submit(other)
    assert mail.outbox == []  # the task is queued on commit, which a test does not reach
    opened = []
    real_open = LocmemBackend.open
    monkeypatch.setattr(LocmemBackend, "open", lambda self: opened.append(self) or real_open(self))
    assert notifications.send_owed(organisation.pk) == 5
    assert len(opened) == 3  # batches of 2, 2 and 1
    acknowledged = [m.subject.rsplit(" ", 1)[-1] for m in mail.outbox if "New" not in m.subject]
    assert acknowledged == [r.reference for r in referrals]
    assert OwedEmails.objects.get().referral_id == theirs.pk


@pytest.mark.django_db
def test_a_mail_server_that_is_down_loses_no_referral_and_stops_no_batch(
    organisation, staff, settings
):
    settings.EMAIL_BACKEND = "heard.referrals.tests.test_intake_notifications.FailingBackend"
    referrals = [submit(organisation)[0] for _ in range(3)]
    assert notifications.send_owed(organisation.pk) == 3
    assert all(Referral.objects.filter(pk=r.pk).exists() for r in referrals)
    assert not OwedEmails.objects.exists()


@pytest.mark.django_db
def test_the_organisation_is_told_through_its_own_managers_with_an_email(organisation, staff):
    """Another organisation's manager and a manager without an email are not written to."""
    other = OrganisationFactory(slug="elsewhere")
    MembershipFactory(organisation=other, role=Role.MANAGER, user__email="other@x.org")
    MembershipFactory(organisation=organisation, role=Role.MANAGER, user__email="")
    referral, _ = submit(organisation)
    assert sorted(notifications.organisation_recipients(referral)) == ["a@x.org", "m@x.org"]
    assert notifications.organisation_recipients(submit(other)[0]) == ["other@x.org"]


@pytest.mark.django_db(transaction=True)
def test_a_task_taking_the_queue_row_waits_for_a_referral_committing_now(organisation, settings):
    """The race the one row an organisation must not lose (PostgreSQL): a referral finds a
    task already queued, so it queues none; that task starts before the referral commits.
    Taking the row waits for the commit, so the task still sends for the referral."""
    import threading

    from django.db import connection, transaction
    from django_tasks_db.models import DBTaskResult

    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time")
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    submit(organisation)  # queues the task and leaves the organisation's row
    committing, release, results = threading.Event(), threading.Event(), {}

    def referral_committing_late():
        try:
            with transaction.atomic():
                results["referral"] = submit(organisation)[0]
                committing.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    def task():
        try:
            results["sent"] = notifications.send_owed(organisation.pk)
        finally:
            connection.close()

    late = threading.Thread(target=referral_committing_late)
    late.start()
    assert committing.wait(timeout=10)
    worker = threading.Thread(target=task)
    worker.start()
    worker.join(timeout=1)
    assert worker.is_alive()  # waiting for the referral's commit
    release.set()
    late.join(timeout=10)
    worker.join(timeout=10)
    assert results["sent"] == 2
    assert DBTaskResult.objects.count() == 1  # the late referral queued no task of its own
    assert not OwedEmails.objects.exists()
    assert not EmailsQueued.objects.exists()
