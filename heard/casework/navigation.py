"""Casework's pages in the navigation: cases, the waiting list, conflicts, time and weights."""

from django.utils.translation import gettext_lazy as _

from heard.navigation import register

register(
    "casework",
    _("Cases"),
    "casework:case_list",
    permission="casework.view_cases",
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
    permission="casework.view_waiting_list",
    order=40,
    matches=("casework:change_priority",),
)
register(
    "casework",
    _("Conflicts of interest"),
    "casework:conflicts",
    permission="casework.declare_conflict",
    order=60,
    matches=("casework:conflict_*",),
)
register(
    "reports",
    _("Time spent"),
    "casework:time_report",
    permission="casework.view_time_report",
    order=10,
)
register(
    "admin",
    _("Caseload weights"),
    "casework:caseload_weights",
    permission="casework.manage_caseload_weights",
    order=30,
)
