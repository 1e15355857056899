"""Case pages: /cases/... Each area keeps its own URL module."""

from django.urls import path

from . import urls_cases, urls_dashboards, urls_records, views

app_name = "casework"

urlpatterns = [
    path("waiting/", views.waiting_list, name="waiting_list"),
    path("<int:case_id>/priority/", views.change_priority, name="change_priority"),
    *urls_cases.urlpatterns,
    *urls_records.urlpatterns,
    *urls_dashboards.urlpatterns,
]
