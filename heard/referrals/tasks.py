"""Background work for referrals, run by the task worker (``make run`` starts one)."""

from django_tasks import task

from heard.core.tenant_db import in_organisation, in_organisation_transactions
from heard.referrals.models import Referral
from heard.referrals.services import notifications


@task()
@in_organisation_transactions
def send_owed_referral_notifications(*, organisation_id: int) -> int:
    """Send the emails every referral of the organisation still owes, in batches: how many
    referrals were sent for. Queued by a referral's commit when none is queued yet
    (``notifications.owe``)."""
    return notifications.send_owed(organisation_id)


@task()
@in_organisation
def send_referral_notifications(referral_id: int, base_url: str = "") -> dict:
    """One referral's emails: how referrals were acknowledged before they were sent in
    batches, kept so that tasks queued by an earlier version still run.

    Enqueue with ``organisation_id=``: the task runs bound to that organisation.
    """
    referral = notifications.for_emails(Referral.objects.filter(pk=referral_id)).first()
    if referral is None:  # withdrawn or erased before the worker reached it
        return {}
    return notifications.send_referral_notifications(referral, base_url=base_url)
