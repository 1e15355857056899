"""Background work for referrals, run by the task worker (``make run`` starts one)."""

from django_tasks import task

from heard.core.tenant_db import in_organisation
from heard.referrals.models import Referral
from heard.referrals.services import notifications


@task()
@in_organisation
def send_referral_notifications(referral_id: int, base_url: str = "") -> dict:
    """Acknowledge a stored referral and tell its organisation (enqueued on commit).

    Enqueue with ``organisation_id=``: the task runs bound to that organisation.
    """
    referral = Referral.objects.select_related("organisation").filter(pk=referral_id).first()
    if referral is None:  # withdrawn or erased before the worker reached it
        return {}
    return notifications.send_referral_notifications(referral, base_url=base_url)
