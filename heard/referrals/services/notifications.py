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
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from heard.core import language
from heard.organisations.models import Membership, Role
from heard.referrals.models import Referral, Source

logger = logging.getLogger(__name__)

SELF_SOURCES = {Source.PUBLIC_SELF, Source.EASY_READ}


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


def organisation_recipients(referral: Referral) -> list[str]:
    """Active admins and managers of the organisation."""
    return list(
        Membership.objects.active()
        .filter(organisation_id=referral.organisation_id, role__in=[Role.ADMIN, Role.MANAGER])
        .exclude(user__email="")
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
        send_mail(subject_line, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
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
            lambda: (
                gettext("We have your referral: %(reference)s") % {"reference": referral.reference}
            ),
            "referrals/email/acknowledgement.txt",
            context,
            acknowledgement,
            "acknowledgement",
            languages=acknowledgement_languages(referral),
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
