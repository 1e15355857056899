"""Safeguarding concerns in the Casework area's navigation."""

from django.utils.translation import gettext_lazy as _

from heard.core.permissions import Perm
from heard.navigation import register

register(
    "casework",
    _("Safeguarding"),
    "safeguarding:list",
    permission=Perm.SAFEGUARDING_VIEW_CONCERNS,
    order=50,
    matches=("safeguarding:*",),
)
