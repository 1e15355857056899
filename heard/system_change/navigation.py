"""The system issues register and the system-change dashboard in the Change area."""

from django.utils.translation import gettext_lazy as _

from heard.navigation import register

register(
    "change",
    _("System issues"),
    "system_change:register",
    permission="system_change.view_system_issues",
    order=20,
    matches=("system_change:*",),
)
register(
    "change",
    _("System-change dashboard"),
    "system_change:dashboard",
    permission="system_change.view_dashboard",
    order=30,
    matches=("system_change:dashboard*", "system_change:people_over_time_csv"),
)
