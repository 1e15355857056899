"""My day and the team dashboard sit under Home, beside the overview."""

from django.utils.translation import gettext_lazy as _

from heard.navigation import register

register("home", _("My day"), "casework:my_day", permission="casework.view_my_day", order=10)
register(
    "home",
    _("Team dashboard"),
    "casework:manager",
    permission="casework.view_manager_dashboard",
    order=15,
)
