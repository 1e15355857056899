"""Search sits with home: it is where people start looking for someone."""

from django.utils.translation import gettext_lazy as _

from heard.core.permissions import Perm
from heard.navigation import register

register("home", _("Search"), "search:results", permission=Perm.SEARCH_SEARCH, order=20)
