"""Emails sent after a referral is stored, by the task worker, never raising.

Email is not a safe place for special category data, so these carry the
reference, the organisation's name and a link, and nothing about the person
or their situation. A failure to send is logged; the referral is already safe.

A stored referral's emails are recorded as owed in its own transaction (``OwedEmails``),
and its organisation's one ``EmailsQueued`` row says a task is queued to send them
(:func:`owe`). The task (:func:`send_owed`) takes that row away first, then sends in
batches: a public form taking many referrals a second queues one task for many of them, and
each batch's emails share one connection to the mail server (ADR-0059).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import connections, router
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from heard.core import language, locks
from heard.core.reused_sql import reused
from heard.core.tenant_db import organisation_context
from heard.organisations.models import Membership, Role
from heard.referrals.models import EmailsQueued, OwedEmails, Referral, Source

logger = logging.getLogger(__name__)

SELF_SOURCES = {Source.PUBLIC_SELF, Source.EASY_READ}
#: Referrals one transaction of the worker sends for: few enough that their rows are held
#: briefly, enough that a busy form's referrals cost few transactions.
BATCH = 50
#: The referral's fields these emails read: nothing about the person or their situation.
REFERRAL_FIELDS = (
    "organisation__name",
    "reference",
    "source",
    "email",
    "referrer_email",
    "language_preference",
    "referrer_language",
)


def staff_link(referral: Referral, base_url: str = "") -> str:
    """Where staff open the referral: its triage page."""
    return base_url + reverse("referrals:detail", kwargs={"referral_id": referral.pk})


def acknowledgement_recipients(referral: Referral) -> list[str]:
    """The referrer; and the person, when they referred themselves and gave an email."""
    recipients = []
    if referral.referrer_email:
        recipients.append(referral.referrer_email)
    if referral.source in SELF_SOURCES and referral.email:
        recipients.append(referral.email)
    return list(dict.fromkeys(recipients))


def acknowledgement_languages(referral: Referral) -> list[str]:
    """The languages the acknowledgement is written in, Welsh first when both.

    Someone referring themselves gets it in their language preference; a referrer, in the
    language they used to refer (the page's, so a referral made in Welsh is answered in
    Welsh). See docs/welsh.md.
    """
    if referral.source in SELF_SOURCES and referral.language_preference:
        return language.languages_for(referral.language_preference)
    if language.is_page_language(referral.referrer_language):
        return [referral.referrer_language]
    return language.languages_for(referral.language_preference)


def for_emails(referrals):
    """Referrals with only what their emails read (and their organisation's name), compiled
    once per process: the worker reads them for every public referral."""
    return reused(referrals.select_related("organisation")).only(*REFERRAL_FIELDS)


def organisation_recipients(referral: Referral) -> list[str]:
    """Active admins and managers of the organisation."""
    return list(
        reused(Membership.objects.active())
        .filter(organisation_id=referral.organisation_id, role__in=[Role.ADMIN, Role.MANAGER])
        .exclude(user__email="")
        .order_by()  # not by name: distinct addresses only, without sorting them
        .values_list("user__email", flat=True)
        .distinct()
    )


def _send(
    subject,
    template: str,
    context: dict,
    recipients: list[str],
    what: str,
    languages: list[str] | None = None,
    connection=None,
) -> bool:
    """Send one email; in each of ``languages`` in turn (subject and body), when given."""
    if not recipients:
        return False
    try:
        subjects, bodies = [], []
        for code in languages or [translation.get_language() or language.ENGLISH]:
            with translation.override(code):
                subjects.append(str(subject()) if callable(subject) else str(subject))
                bodies.append(render_to_string(template, context))
        subject_line = " / ".join(dict.fromkeys(subjects))
        body = "\n---\n\n".join(bodies)
        send_mail(
            subject_line,
            body,
            settings.DEFAULT_FROM_EMAIL,
            recipients,
            fail_silently=False,
            connection=connection,
        )
    except Exception:
        # The referral is stored; a lost email must not turn into a lost referral or a 500.
        logger.exception("Could not send the %s email for referral %s", what, context["reference"])
        return False
    return True


def send_referral_notifications(
    referral: Referral, *, base_url: str = "", staff: list[str] | None = None, connection=None
) -> dict:
    """Acknowledge the referral and tell the organisation. Returns what was sent.

    ``staff``: the organisation's recipients, when already read for a batch; ``connection``:
    the mail server connection the batch shares."""
    organisation = referral.organisation
    context = {
        "reference": referral.reference,
        "organisation": organisation.name,
        "easy_read": referral.source == Source.EASY_READ,
    }
    sent = {}
    try:
        acknowledgement = acknowledgement_recipients(referral)
        sent["acknowledgement"] = _send(
            lambda: (
                gettext("We have your referral: %(reference)s") % {"reference": referral.reference}
            ),
            "referrals/email/acknowledgement.txt",
            context,
            acknowledgement,
            "acknowledgement",
            languages=acknowledgement_languages(referral),
            connection=connection,
        )
        if staff is None:
            staff = organisation_recipients(referral)
        sent["organisation"] = _send(
            f"New referral {referral.reference}",
            "referrals/email/new_referral.txt",
            {**context, "link": staff_link(referral, base_url)},
            staff,
            "organisation",
            connection=connection,
        )
    except Exception:
        logger.exception("Could not send notifications for referral %s", referral.reference)
    return sent


# --- Owed emails, sent in batches ------------------------------------------------------------

# One round trip: the shared lock, the referral's owed row, and the organisation's queued
# row unless it is there. A row added means no task was queued: the caller queues one.
_OWE_SQL = """
WITH locked AS MATERIALIZED (SELECT pg_advisory_xact_lock_shared(%s, %s)),
owed AS (
    INSERT INTO referrals_owedemails (referral_id, organisation_id)
    SELECT %s::bigint, %s::bigint FROM locked
)
INSERT INTO referrals_emailsqueued (organisation_id, base_url)
SELECT %s::bigint, %s::varchar FROM locked
ON CONFLICT (organisation_id) DO NOTHING
RETURNING true
"""


def owe(referral: Referral, base_url: str) -> bool:
    """In the referral's transaction, once it is saved: its emails are owed. Whether a task
    must be queued for its organisation (none is queued yet).

    On PostgreSQL the transaction holds a shared lock on the organisation's referral emails
    (``heard.core.locks``) until it commits. The task takes the same lock exclusively to take
    the queued row away before it reads what is owed, so it waits for this commit and then
    sees this referral; a task that took the row earlier is followed by the one this
    referral queues. Nothing owed is left without a task on its way, and no row is rewritten
    for each referral. (SQLite runs one writer at a time.)
    """
    organisation_id = referral.organisation_id
    database = router.db_for_write(OwedEmails)
    if connections[database].vendor == "postgresql":
        with connections[database].cursor() as cursor:
            cursor.execute(
                _OWE_SQL,
                [
                    *locks.key(locks.REFERRAL_EMAILS, organisation_id),
                    referral.pk,
                    organisation_id,
                    organisation_id,
                    base_url,
                ],
            )
            return cursor.fetchone() is not None
    OwedEmails.objects.create(referral=referral, organisation_id=organisation_id)
    if EmailsQueued.objects.filter(pk=organisation_id).exists():
        return False
    EmailsQueued.objects.create(organisation_id=organisation_id, base_url=base_url)
    return True


def _take_queued(organisation_id: int) -> str:
    """Take the organisation's queued row away once every referral committing now has
    committed (the exclusive lock waits for their shared ones): its base URL."""
    locks.lock_organisation(
        locks.REFERRAL_EMAILS,
        organisation_id,
        exclusive=True,
        using=router.db_for_write(EmailsQueued),
    )
    queued = EmailsQueued.objects.filter(pk=organisation_id)
    base_url = next(iter(queued.values_list("base_url", flat=True)), "")
    queued.delete()
    return base_url


def send_owed(organisation_id: int) -> int:
    """Send every owed referral's emails for the organisation, a batch to a transaction that
    deletes their owed rows when it commits: how many referrals were sent for.

    Run by the worker (``tasks.send_owed_referral_notifications``). A worker stopped part way
    leaves the rest owed; the next referral queues a task that sends them too.
    """
    with organisation_context(organisation_id):
        base_url = _take_queued(organisation_id)  # committed before any email is sent
    sent = 0
    while True:
        with organisation_context(organisation_id):
            ids = list(
                OwedEmails.objects.filter(organisation_id=organisation_id)
                .order_by("referral_id")
                .select_for_update(skip_locked=True)  # another batch's rows are its own
                .values_list("referral_id", flat=True)[:BATCH]
            )
            if not ids:
                return sent
            batch = list(
                for_emails(
                    Referral.objects.filter(organisation_id=organisation_id, pk__in=ids)
                ).order_by("pk")
            )
            if batch:  # none when erased since
                _send_batch(batch, base_url)
            OwedEmails.objects.filter(referral_id__in=ids).delete()
        sent += len(batch)


def _send_batch(batch: list[Referral], base_url: str) -> None:
    """Each referral's emails, over one connection to the mail server; one recipients read."""
    staff = organisation_recipients(batch[0])
    connection = get_connection()
    try:
        connection.open()
    except Exception:
        # Each email then tries on its own and logs what fails, as a single one would.
        logger.exception("Could not open the mail connection for %s referrals", len(batch))
    try:
        for referral in batch:
            send_referral_notifications(
                referral, base_url=base_url, staff=staff, connection=connection
            )
    finally:
        try:
            connection.close()
        except Exception:
            logger.exception("Could not close the mail connection")
