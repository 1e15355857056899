"""Search sits with home: it is where people start looking for someone."""

from django.utils.translation import gettext_lazy as _

from heard.navigation import register

register("home", _("Search"), "search:results", permission="search.search", order=20)
