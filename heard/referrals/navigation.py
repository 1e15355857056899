"""Referrals to triage in the Casework area's navigation."""

from django.utils.translation import gettext_lazy as _

from heard.core.permissions import Perm
from heard.navigation import register

register(
    "casework",
    _("Referrals"),
    "referrals:triage",
    permission=Perm.REFERRALS_VIEW_REFERRAL,
    order=20,
    matches=("referrals:*",),
)
