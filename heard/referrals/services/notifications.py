"""Emails sent after a referral is stored: run from ``transaction.on_commit``, never raising.

Email is not a safe place for special category data, so these carry the
reference, the organisation's name and a link, and nothing about the person
or their situation. A failure to send is logged; the referral is already safe.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from heard.organisations.models import Membership, Role
from heard.referrals.models import Referral, Source

logger = logging.getLogger(__name__)

SELF_SOURCES = {Source.PUBLIC_SELF, Source.EASY_READ}


def staff_link(referral: Referral, base_url: str = "") -> str:
    """Where staff open the referral: its triage page if there is one, else the referrals list."""
    for name, kwargs in (
        ("referrals:detail", {"referral_id": referral.pk}),
        ("referrals:triage", {}),
    ):
        try:
            return base_url + reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return base_url + "/referrals/"


def acknowledgement_recipients(referral: Referral) -> list[str]:
    """The referrer; and the person, when they referred themselves and gave an email."""
    recipients = []
    if referral.referrer_email:
        recipients.append(referral.referrer_email)
    if referral.source in SELF_SOURCES and referral.email:
        recipients.append(referral.email)
    return list(dict.fromkeys(recipients))


def organisation_recipients(referral: Referral) -> list[str]:
    """Active admins and managers of the organisation."""
    return list(
        Membership.objects.active()
        .filter(organisation_id=referral.organisation_id, role__in=[Role.ADMIN, Role.MANAGER])
        .exclude(user__email="")
        .values_list("user__email", flat=True)
        .distinct()
    )


def _send(subject: str, template: str, context: dict, recipients: list[str], what: str) -> bool:
    if not recipients:
        return False
    try:
        body = render_to_string(template, context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
    except Exception:
        # The referral is stored; a lost email must not turn into a lost referral or a 500.
        logger.exception("Could not send the %s email for referral %s", what, context["reference"])
        return False
    return True


def send_referral_notifications(referral: Referral, *, base_url: str = "") -> dict:
    """Acknowledge the referral and tell the organisation. Returns what was sent."""
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
            f"We have your referral: {referral.reference}",
            "referrals/email/acknowledgement.txt",
            context,
            acknowledgement,
            "acknowledgement",
        )
        staff = organisation_recipients(referral)
        sent["organisation"] = _send(
            f"New referral {referral.reference}",
            "referrals/email/new_referral.txt",
            {**context, "link": staff_link(referral, base_url)},
            staff,
            "organisation",
        )
    except Exception:
        logger.exception("Could not send notifications for referral %s", referral.reference)
    return sent
