"""Casework's pages in the navigation: cases, the waiting list, conflicts, time and weights."""

from django.utils.translation import gettext_lazy as _

from heard.core.permissions import Perm
from heard.navigation import register

register(
    "casework",
    _("Cases"),
    "casework:case_list",
    permission=Perm.CASEWORK_VIEW_CASES,
    order=30,
    matches=(
        "casework:case_*",
        "casework:task_*",
        "casework:activity_*",
        "casework:issue_*",
        "casework:document_*",
    ),
)
register(
    "casework",
    _("Waiting list"),
    "casework:waiting_list",
    permission=Perm.CASEWORK_VIEW_WAITING_LIST,
    order=40,
    matches=("casework:change_priority",),
)
register(
    "casework",
    _("Conflicts of interest"),
    "casework:conflicts",
    permission=Perm.CASEWORK_DECLARE_CONFLICT,
    order=60,
    matches=("casework:conflict_*",),
)
register(
    "reports",
    _("Time spent"),
    "casework:time_report",
    permission=Perm.CASEWORK_VIEW_TIME_REPORT,
    order=10,
)
register(
    "admin",
    _("Caseload weights"),
    "casework:caseload_weights",
    permission=Perm.CASEWORK_MANAGE_CASELOAD_WEIGHTS,
    order=30,
)
