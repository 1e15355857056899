"""Safeguarding concerns in the Casework area's navigation."""

from django.utils.translation import gettext_lazy as _

from heard.navigation import register

register(
    "casework",
    _("Safeguarding"),
    "safeguarding:list",
    permission="safeguarding.view_concerns",
    order=50,
    matches=("safeguarding:*",),
)
