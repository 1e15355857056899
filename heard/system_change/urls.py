"""System issues register: /system-issues/... (namespace "system_change")."""

from django.urls import path

from . import views

app_name = "system_change"

urlpatterns = [
    path("", views.register, name="register"),
    path("export.csv", views.register_csv, name="register_csv"),
    path("new/", views.system_issue_create, name="create"),
    path("dashboard/", views.dashboard_view, name="dashboard"),
    path(
        "dashboard/system-issues.csv",
        views.dashboard_system_issues_csv,
        name="dashboard_system_issues_csv",
    ),
    path(
        "dashboard/challenges.csv", views.dashboard_challenges_csv, name="dashboard_challenges_csv"
    ),
    path(
        "dashboard/safeguarding.csv",
        views.dashboard_safeguarding_csv,
        name="dashboard_safeguarding_csv",
    ),
    path("tag/<int:case_id>/", views.tag_case, name="tag_case"),
    path("<int:system_issue_id>/", views.detail, name="detail"),
    path("<int:system_issue_id>/edit/", views.edit, name="edit"),
    path("<int:system_issue_id>/share/", views.share, name="share"),
    path("<int:system_issue_id>/actions/new/", views.action_create, name="action_create"),
    path("<int:system_issue_id>/actions/<int:action_id>/", views.action_edit, name="action_edit"),
    path(
        "<int:system_issue_id>/evidence/<int:evidence_id>/remove/",
        views.evidence_remove,
        name="evidence_remove",
    ),
    path("<int:system_issue_id>/evidence.csv", views.evidence_csv, name="evidence_csv"),
    path("<int:system_issue_id>/actions.csv", views.actions_csv, name="actions_csv"),
    path(
        "<int:system_issue_id>/people-by-month.csv",
        views.people_over_time_csv,
        name="people_over_time_csv",
    ),
]
