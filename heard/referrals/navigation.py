"""Referrals to triage in the Casework area's navigation."""

from django.utils.translation import gettext_lazy as _

from heard.navigation import register

register(
    "casework",
    _("Referrals"),
    "referrals:triage",
    permission="referrals.view_referral",
    order=20,
    matches=("referrals:*",),
)
