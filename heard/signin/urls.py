from django.urls import path

from . import views

app_name = "signin"

urlpatterns = [
    path("two-factor/set-up/", views.enrol, name="enrol"),
    path("two-factor/", views.verify, name="verify"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("session/", views.session_status, name="session_status"),
    path("session/stay-signed-in/", views.keep_alive, name="keep_alive"),
    path("draft/", views.draft, name="draft"),
    path(
        "staff/<int:membership_id>/reset-second-factor/",
        views.reset_second_factor,
        name="reset_second_factor",
    ),
]
