"""Case URLs: records inside a case, and the time report (included by heard/casework/urls)."""

from django.urls import path

from heard.casework.views import records as views

urlpatterns = [
    path("time/", views.time_report, name="time_report"),
    path("<int:case_id>/issues/new/", views.issue_create, name="issue_create"),
    path("<int:case_id>/issues/<int:issue_id>/", views.issue_edit, name="issue_edit"),
    path("<int:case_id>/issues/<int:issue_id>/outcome/", views.issue_outcome, name="issue_outcome"),
    path("<int:case_id>/activities/", views.activity_list, name="activity_list"),
    path("<int:case_id>/activities/new/", views.activity_create, name="activity_create"),
    path("<int:case_id>/activities/<int:activity_id>/", views.activity_edit, name="activity_edit"),
    path("<int:case_id>/tasks/new/", views.task_create, name="task_create"),
    path("<int:case_id>/tasks/<int:task_id>/", views.task_edit, name="task_edit"),
    path("<int:case_id>/tasks/<int:task_id>/complete/", views.task_complete, name="task_complete"),
    path("<int:case_id>/documents/new/", views.document_upload, name="document_upload"),
    path(
        "<int:case_id>/documents/<int:document_id>/download/",
        views.document_download,
        name="document_download",
    ),
    path(
        "<int:case_id>/activities/<int:activity_id>/entered-in-error/",
        views.activity_entered_in_error,
        name="activity_entered_in_error",
    ),
    path(
        "<int:case_id>/issues/<int:issue_id>/entered-in-error/",
        views.issue_entered_in_error,
        name="issue_entered_in_error",
    ),
    path(
        "<int:case_id>/tasks/<int:task_id>/entered-in-error/",
        views.task_entered_in_error,
        name="task_entered_in_error",
    ),
    path(
        "<int:case_id>/documents/<int:document_id>/entered-in-error/",
        views.document_entered_in_error,
        name="document_entered_in_error",
    ),
]
