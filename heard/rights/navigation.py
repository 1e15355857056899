"""Data protection in the Admin area's navigation."""

from django.utils.translation import gettext_lazy as _

from heard.core.permissions import Perm
from heard.navigation import register

register(
    "admin",
    _("Subject access requests"),
    "rights:requests",
    permission=Perm.RIGHTS_MANAGE_REQUESTS,
    order=60,
    matches=("rights:request*",),
)
register(
    "admin",
    _("Erasure"),
    "rights:erasures",
    permission=Perm.RIGHTS_ERASE,
    order=65,
    matches=("rights:erasure*",),
)
register(
    "admin",
    _("Retention"),
    "rights:retention",
    permission=Perm.RIGHTS_MANAGE_RETENTION,
    order=67,
    matches=("rights:retention*",),
)
register(
    "admin",
    _("Data protection settings"),
    "rights:settings",
    permission=Perm.RIGHTS_MANAGE_SETTINGS,
    order=70,
    matches=("rights:settings",),
)
