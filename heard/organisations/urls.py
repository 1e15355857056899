from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("switch/", views.switch, name="switch"),
    path("settings/", views.organisation_settings, name="settings"),
    path("staff/", views.staff_list, name="staff"),
    path("staff/invite/", views.staff_invite, name="staff_invite"),
    path("staff/<int:membership_id>/", views.staff_edit, name="staff_edit"),
    path("staff/<int:membership_id>/active/", views.staff_set_active, name="staff_set_active"),
    path("services/", views.service_list, name="services"),
    path("services/new/", views.service_create, name="service_create"),
    path("services/<int:service_id>/", views.service_edit, name="service_edit"),
]
