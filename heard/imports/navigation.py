"""Imports under Admin."""

from django.utils.translation import gettext_lazy as _

from heard.core.permissions import Perm
from heard.navigation import register

register(
    "admin",
    _("Import records"),
    "imports:list",
    permission=Perm.IMPORTS_IMPORT,
    order=50,
    matches=("imports:*",),
)
