"""Reports in the Reports area's navigation."""

from django.utils.translation import gettext_lazy as _

from heard.core.permissions import Perm
from heard.navigation import register

register(
    "reports",
    _("Contract reports"),
    "reporting:index",
    permission=Perm.REPORTING_VIEW_REPORTS,
    order=10,
    matches=(
        "reporting:index",
        "reporting:service",
        "reporting:organisation",
        "reporting:counted",
        "reporting:*dashboard",
        "reporting:*equality",
    ),
)
register(
    "reports",
    _("Commissioners' services"),
    "reporting:commissioners",
    permission=Perm.REPORTING_MANAGE_COMMISSIONERS,
    order=90,
)
register(
    "reports",
    _("Exports"),
    "reporting:exports",
    permission=Perm.REPORTING_EXPORT_REPORTS,
    order=80,
    matches=("reporting:export*",),
)
