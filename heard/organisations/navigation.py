"""Staff in the Team area; the organisation's settings and services under Admin."""

from django.utils.translation import gettext_lazy as _

from heard.core.permissions import Perm
from heard.navigation import register

register(
    "team",
    _("Staff"),
    "organisations:staff",
    permission=Perm.ORGANISATIONS_VIEW_STAFF,
    order=10,
    matches=("organisations:staff_*",),
)
register(
    "admin",
    _("Settings"),
    "organisations:settings",
    permission=Perm.ORGANISATIONS_CHANGE_ORGANISATION,
    order=10,
)
register(
    "admin",
    _("Services"),
    "organisations:services",
    order=20,
    matches=("organisations:service_*",),
)
