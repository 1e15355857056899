"""API tokens under Admin."""

from django.utils.translation import gettext_lazy as _

from heard.core.permissions import Perm
from heard.navigation import register

register(
    "admin",
    _("API tokens"),
    "api_tokens:list",
    permission=Perm.API_ISSUE_TOKEN,
    order=60,
    matches=("api_tokens:*",),
)
