"""The system issues register and the system-change dashboard in the Change area."""

from django.utils.translation import gettext_lazy as _

from heard.core.permissions import Perm
from heard.navigation import register

register(
    "change",
    _("System issues"),
    "system_change:register",
    permission=Perm.SYSTEM_CHANGE_VIEW_SYSTEM_ISSUES,
    order=20,
    matches=("system_change:*",),
)
register(
    "change",
    _("System-change dashboard"),
    "system_change:dashboard",
    permission=Perm.SYSTEM_CHANGE_VIEW_DASHBOARD,
    order=30,
    matches=("system_change:dashboard*", "system_change:people_over_time_csv"),
)
