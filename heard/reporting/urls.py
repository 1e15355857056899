"""Reports: /reports/... (namespace "reporting")."""

from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.index, name="index"),
    path("all-services/", views.organisation_report, name="organisation"),
    path("services/<int:service_id>/", views.service_report, name="service"),
    path("equality/", views.organisation_equality, name="organisation_equality"),
    path("services/<int:service_id>/equality/", views.service_equality, name="service_equality"),
    path("dashboard/", views.organisation_dashboard, name="organisation_dashboard"),
    path("services/<int:service_id>/dashboard/", views.service_dashboard, name="service_dashboard"),
    path("counted/", views.counted_records, name="counted"),
    path("commissioners/", views.commissioners, name="commissioners"),
    path("exports/", views.export_list, name="exports"),
    path("exports/new/", views.export_create, name="export_create"),
    path("exports/<int:export_id>/", views.export_status, name="export"),
    path("exports/<int:export_id>/download/", views.export_download, name="export_download"),
]
