"""Data protection: /data-protection/... (namespace "rights")."""

from django.urls import path

from . import views

app_name = "rights"

urlpatterns = [
    path("subject-access/", views.requests, name="requests"),
    path("subject-access/new/", views.request_create, name="request_create"),
    path("subject-access/<int:sar_id>/", views.request_detail, name="request_detail"),
    path("subject-access/<int:sar_id>/progress/", views.request_progress, name="request_progress"),
    path("subject-access/<int:sar_id>/identity/", views.request_identity, name="request_identity"),
    path("subject-access/<int:sar_id>/extend/", views.request_extend, name="request_extend"),
    path("subject-access/<int:sar_id>/export/", views.request_export, name="request_export"),
    path("subject-access/<int:sar_id>/review/", views.request_review, name="request_review"),
    path("subject-access/<int:sar_id>/download/", views.request_download, name="request_download"),
    path("subject-access/<int:sar_id>/answered/", views.request_complete, name="request_complete"),
    path("erasure/", views.erasures, name="erasures"),
    path("erasure/new/", views.erasure_create, name="erasure_create"),
    path("erasure/<int:erasure_id>/", views.erasure_detail, name="erasure_detail"),
    path("retention/", views.retention, name="retention"),
    path("retention/<int:review_id>/", views.retention_review, name="retention_review"),
    path("settings/", views.settings, name="settings"),
]
