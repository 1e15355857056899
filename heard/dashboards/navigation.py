"""My day and the team dashboard sit under Home, beside the overview."""

from django.utils.translation import gettext_lazy as _

from heard.core.permissions import Perm
from heard.navigation import register

register("home", _("My day"), "casework:my_day", permission=Perm.CASEWORK_VIEW_MY_DAY, order=10)
register(
    "home",
    _("Team dashboard"),
    "casework:manager",
    permission=Perm.CASEWORK_VIEW_MANAGER_DASHBOARD,
    order=15,
)
