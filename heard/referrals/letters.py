"""The acknowledgement letter for someone who asked to hear from us by post.

Written in the person's language preference: Welsh, English, or both with Welsh
first (the Welsh Language Standards), as the acknowledgement email is. A PDF so it
prints the same everywhere.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from heard.core import language
from heard.core.dates import long_date
from heard.referrals.models import Referral
from heard.referrals.services.notifications import acknowledgement_languages


def letter_languages(referral: Referral) -> list[str]:
    """The person's preference when recorded; otherwise the language they were referred in."""
    if referral.language_preference:
        return language.languages_for(referral.language_preference)
    return acknowledgement_languages(referral)


def acknowledgement_letter_html(referral: Referral, *, today=None) -> str:
    today = today or timezone.localdate()
    organisation = referral.organisation
    parts = []
    for code in letter_languages(referral):
        with translation.override(code):
            parts.append(
                {
                    "lang": code,
                    "date": long_date(today),
                    "received": long_date(referral.received_at),
                }
            )
    return render_to_string(
        "referrals/letters/acknowledgement.html",
        {
            "referral": referral,
            "name": " ".join(
                p for p in (referral.preferred_name or referral.first_name, referral.last_name) if p
            ),
            "organisation": organisation,
            "contact": {
                "phone": organisation.settings.get("contact_phone", ""),
                "email": organisation.settings.get("contact_email", ""),
            },
            "parts": parts,
        },
    )


def acknowledgement_letter_pdf(referral: Referral, *, today=None) -> bytes:
    from weasyprint import HTML

    return HTML(string=acknowledgement_letter_html(referral, today=today)).write_pdf()


def letter_filename(referral: Referral) -> str:
    return f"acknowledgement-{slugify(referral.reference)}.pdf"
