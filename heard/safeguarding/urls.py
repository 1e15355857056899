"""Safeguarding URLs, mounted at /safeguarding/ (namespace "safeguarding")."""

from django.urls import path

from . import views

app_name = "safeguarding"

urlpatterns = [
    path("", views.concern_list, name="list"),
    path("export/", views.concern_export, name="export"),
    path("new/", views.concern_create, name="create"),
    path("<int:concern_id>/", views.concern_detail, name="detail"),
    path("<int:concern_id>/acknowledge/", views.concern_acknowledge, name="acknowledge"),
    path("<int:concern_id>/chase/", views.concern_chase, name="chase"),
    path("<int:concern_id>/outcome/", views.concern_outcome, name="outcome"),
    path("<int:concern_id>/sign-off/", views.concern_sign_off, name="sign_off"),
]
