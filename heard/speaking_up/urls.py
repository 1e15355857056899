"""Speaking-up URLs, mounted at /speaking-up/ (namespace "speaking_up")."""

from django.urls import path

from . import views

app_name = "speaking_up"

urlpatterns = [
    path("", views.start, name="start"),
    path("new/", views.concern_raise, name="raise"),
    path("raised/", views.concern_raised, name="raised"),
    path("concerns/", views.concern_list, name="list"),
    path("concerns/export/", views.concern_export, name="export"),
    path("<uuid:speaking_up_id>/", views.concern_detail, name="detail"),
    path("<uuid:speaking_up_id>/actions/new/", views.action_create, name="action_create"),
    path("<uuid:speaking_up_id>/outcome/", views.outcome_record, name="outcome"),
]
